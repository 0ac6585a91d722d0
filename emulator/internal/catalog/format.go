package catalog

import (
	"maps"
	"strconv"
	"strings"
)

// Class names that Hive and Glue record for the storage formats Athena reads.
const (
	LazySimpleSerDe   = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"
	OpenCSVSerDe      = "org.apache.hadoop.hive.serde2.OpenCSVSerde"
	OpenXJSONSerDe    = "org.openx.data.jsonserde.JsonSerDe"
	HCatalogJSONSerDe = "org.apache.hive.hcatalog.data.JsonSerDe"
	HiveJSONSerDe     = "org.apache.hadoop.hive.serde2.JsonSerDe"
	ParquetSerDe      = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
	ORCSerDe          = "org.apache.hadoop.hive.ql.io.orc.OrcSerde"
	AvroSerDe         = "org.apache.hadoop.hive.serde2.avro.AvroSerDe"
	RegexSerDe        = "org.apache.hadoop.hive.serde2.RegexSerDe"
	IonSerDe          = "com.amazon.ionhiveserde.IonHiveSerDe"
	ColumnarSerDe     = "org.apache.hadoop.hive.serde2.columnar.LazyBinaryColumnarSerDe"

	TextInputFormat      = "org.apache.hadoop.mapred.TextInputFormat"
	TextOutputFormat     = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
	ParquetInputFormat   = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
	ParquetOutputFormat  = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"
	ORCInputFormat       = "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat"
	ORCOutputFormat      = "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat"
	AvroInputFormat      = "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat"
	AvroOutputFormat     = "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat"
	SequenceInputFormat  = "org.apache.hadoop.mapred.SequenceFileInputFormat"
	SequenceOutputFormat = "org.apache.hadoop.hive.ql.io.HiveSequenceFileOutputFormat"
	RCFileInputFormat    = "org.apache.hadoop.hive.ql.io.RCFileInputFormat"
	RCFileOutputFormat   = "org.apache.hadoop.hive.ql.io.RCFileOutputFormat"
	IonInputFormat       = "com.amazon.ionhiveserde.formats.IonInputFormat"
	IonOutputFormat      = "com.amazon.ionhiveserde.formats.IonOutputFormat"
)

// SerDe parameter keys that ROW FORMAT DELIMITED sets.
const (
	FieldDelim      = "field.delim"
	CollectionDelim = "collection.delim" // Hive 2 spelled it "colelction.delim"; Athena documents this spelling
	MapKeyDelim     = "mapkey.delim"
	LineDelim       = "line.delim"
	EscapeDelim     = "escape.delim"
	NullFormat      = "serialization.null.format"
	SerialFormat    = "serialization.format"
)

// Format names the reader the engine needs for t's files and the options that
// reader takes, with Hive's defaults filled in:
//
//   - "delimited" (LazySimpleSerDe): field.delim, collection.delim,
//     mapkey.delim, line.delim, serialization.null.format and, when set,
//     escape.delim, each as the single character Hive uses
//   - "opencsv": separatorChar, quoteChar, escapeChar
//   - "json", "parquet", "orc", "avro", "regex", "ion", "rcfile",
//     "sequencefile": the SerDe parameters as stored
//   - "view" for a view, "other" for an unknown SerDe, with the SerDe
//     parameters as stored plus "serde" naming the class
//
// Views and tables without a SerDe give "view" and "other" with no options.
func (t Table) Format() (kind string, opts map[string]string) {
	if t.IsView() {
		return "view", map[string]string{}
	}
	opts = maps.Clone(t.SerDeParameters)
	if opts == nil {
		opts = map[string]string{}
	}
	switch t.SerDeLibrary {
	case LazySimpleSerDe:
		switch t.InputFormat {
		case SequenceInputFormat:
			kind = "sequencefile"
		default:
			kind = "delimited"
		}
		p := t.SerDeParameters
		// LazySimpleSerDe falls back from field.delim to serialization.format
		// and reads a delimiter that parses as a Java byte as that byte value,
		// which is why serialization.format '1' means \001.
		opts[FieldDelim] = hiveDelim(firstNonEmpty(p[FieldDelim], p[SerialFormat]), "\x01")
		opts[CollectionDelim] = hiveDelim(firstNonEmpty(p[CollectionDelim], p["colelction.delim"]), "\x02")
		opts[MapKeyDelim] = hiveDelim(p[MapKeyDelim], "\x03")
		opts[LineDelim] = hiveDelim(p[LineDelim], "\n")
		if e := p[EscapeDelim]; e != "" {
			opts[EscapeDelim] = hiveDelim(e, "\\")
		}
		// Hive merges the table properties under the SerDe's, so
		// TBLPROPERTIES ('serialization.null.format' = '') applies too.
		if _, ok := p[NullFormat]; !ok {
			opts[NullFormat] = `\N`
			if v, ok := t.Parameters[NullFormat]; ok {
				opts[NullFormat] = v
			}
		}
	case OpenCSVSerDe:
		kind = "opencsv"
		setDefault(opts, "separatorChar", ",")
		setDefault(opts, "quoteChar", `"`)
		setDefault(opts, "escapeChar", `\`)
	case OpenXJSONSerDe, HCatalogJSONSerDe, HiveJSONSerDe:
		kind = "json"
	case ParquetSerDe:
		kind = "parquet"
	case ORCSerDe:
		kind = "orc"
	case AvroSerDe:
		kind = "avro"
	case RegexSerDe:
		kind = "regex"
	case IonSerDe:
		kind = "ion"
	case ColumnarSerDe, "org.apache.hadoop.hive.serde2.columnar.ColumnarSerDe":
		kind = "rcfile"
	default:
		kind = "other"
		opts["serde"] = t.SerDeLibrary
	}
	return kind, opts
}

// storedAs holds what STORED AS <name> sets: the input and output formats and
// the SerDe used when no ROW FORMAT names one.
type storedAs struct {
	input, output, serde string
}

// storedAsFormats maps STORED AS names to Hive's classes. JSONFILE is Hive
// 3's name; Athena documents the HCatalog JSON SerDe for JSON data, so that
// is the SerDe chosen here (unverified).
var storedAsFormats = map[string]storedAs{
	"TEXTFILE":     {TextInputFormat, TextOutputFormat, LazySimpleSerDe},
	"SEQUENCEFILE": {SequenceInputFormat, SequenceOutputFormat, LazySimpleSerDe},
	"RCFILE":       {RCFileInputFormat, RCFileOutputFormat, ColumnarSerDe},
	"ORC":          {ORCInputFormat, ORCOutputFormat, ORCSerDe},
	"PARQUET":      {ParquetInputFormat, ParquetOutputFormat, ParquetSerDe},
	"AVRO":         {AvroInputFormat, AvroOutputFormat, AvroSerDe},
	"JSONFILE":     {TextInputFormat, TextOutputFormat, HCatalogJSONSerDe},
	"ION":          {IonInputFormat, IonOutputFormat, IonSerDe},
}

// delimitedKeys are the SerDe parameters that ROW FORMAT DELIMITED can
// express, in the order SHOW CREATE TABLE prints them.
var delimitedKeys = []struct{ key, clause string }{
	{FieldDelim, "FIELDS TERMINATED BY"},
	{EscapeDelim, "ESCAPED BY"},
	{CollectionDelim, "COLLECTION ITEMS TERMINATED BY"},
	{MapKeyDelim, "MAP KEYS TERMINATED BY"},
	{LineDelim, "LINES TERMINATED BY"},
	{NullFormat, "NULL DEFINED AS"},
}

// hiveDelim resolves a LazySimpleSerDe delimiter the way Hive does: a value
// that parses as a Java byte (-128..127) is that byte, anything else is its
// first character, and an empty value takes the default.
func hiveDelim(v, def string) string {
	if v == "" {
		return def
	}
	if n, err := strconv.ParseInt(v, 10, 8); err == nil {
		return string(rune(byte(n)))
	}
	for _, r := range v {
		return string(r)
	}
	return def
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func setDefault(m map[string]string, k, v string) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

// isS3Location reports whether loc is an s3:// URI with a bucket name.
func isS3Location(loc string) bool {
	rest, ok := strings.CutPrefix(loc, "s3://")
	if !ok {
		return false
	}
	bucket, _, _ := strings.Cut(rest, "/")
	return bucket != "" && !strings.ContainsAny(bucket, " \t\r\n")
}
