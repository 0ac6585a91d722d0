package catalog

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// DescribeRows returns the rows of DESCRIBE on t as GetQueryResults returns
// them, one string per row (FACTS §4.4).
//
// For a table, each row is name, type and comment, each right-padded with
// spaces to 20 characters (never cut), joined by TAB; a comment ends at its
// first TAB. Partition columns follow the other columns, and a partitioned
// table then gets the "# Partition Information" block and its partition
// columns a second time. For a view, each row is "name<TAB>type" in Trino
// spelling, unpadded.
func DescribeRows(t Table) []string {
	if t.IsView() {
		return viewColumnRows(t)
	}
	rows := make([]string, 0, len(t.Columns)+2*len(t.PartitionKeys)+4)
	for _, c := range t.AllColumns() {
		rows = append(rows, hiveRow(c.Name, c.Type, c.Comment))
	}
	if len(t.PartitionKeys) > 0 {
		rows = append(rows,
			"\t \t ",
			"# Partition Information\t \t ",
			"# "+hiveRow("col_name", "data_type", "comment"),
			"\t \t ")
		for _, c := range t.PartitionKeys {
			rows = append(rows, hiveRow(c.Name, c.Type, c.Comment))
		}
	}
	return splitRows(rows)
}

// DescribeDetailRows returns the rows of DESCRIBE [EXTENDED|FORMATTED] t,
// detail being Describe.Detail ("" for the plain form, which is
// DescribeRows). Views get the plain rows whatever the detail (unverified).
//
// No Athena capture exists for the detailed forms (FACTS §4.4 covers the
// plain one only), so both follow Hive 2's MetaDataFormatUtils and
// TextMetaDataFormatter text layout (unverified on Athena). Each Hive output
// line becomes one row of three TAB-joined fields, a missing field becoming
// a single space, as the measured "# Partition Information\t \t " and
// "\t \t " rows of the plain form show.
func DescribeDetailRows(t Table, detail string) []string {
	if t.IsView() {
		return DescribeRows(t)
	}
	switch strings.ToUpper(detail) {
	case "FORMATTED":
		return describeFormattedRows(t)
	case "EXTENDED":
		// Hive: the plain rows, an empty line, then the Thrift dump of the
		// table (unverified on Athena).
		rows := DescribeRows(t)
		rows = append(rows,
			threeFields(""),
			threeFields("Detailed Table Information\t"+hiveEscapeJava(thriftTableString(t))))
		return rows
	}
	return DescribeRows(t)
}

// describeFormattedRows lays out DESCRIBE FORMATTED the way Hive 2 does
// (unverified on Athena): unlike the plain form, the column list leaves out
// the partition columns, which appear only in the partition block.
func describeFormattedRows(t Table) []string {
	blank := threeFields("")
	header := "# " + hiveRow("col_name", "data_type", "comment")
	rows := []string{header, blank}
	for _, c := range t.Columns {
		rows = append(rows, hiveRow(c.Name, c.Type, c.Comment))
	}
	if len(t.PartitionKeys) > 0 {
		rows = append(rows, blank, threeFields("# Partition Information"), header, blank)
		for _, c := range t.PartitionKeys {
			rows = append(rows, hiveRow(c.Name, c.Type, c.Comment))
		}
	}
	field := func(name, value string) {
		rows = append(rows, threeFields(hiveRow(name, value)))
	}
	params := func(title string, m map[string]string) {
		if len(m) == 0 {
			return
		}
		rows = append(rows, threeFields(title))
		for _, k := range slices.Sorted(maps.Keys(m)) {
			// Hive indents each parameter with a TAB.
			rows = append(rows, threeFields("\t"+hiveRow(k, hiveEscapeJava(m[k]))))
		}
	}
	rows = append(rows, blank, threeFields("# Detailed Table Information"))
	field("Database:", t.Database)
	field("Owner:", hiveOwner)
	field("CreateTime:", hiveDate(t.CreateTime))
	field("LastAccessTime:", "UNKNOWN")
	field("Retention:", "0")
	field("Location:", t.Location)
	field("Table Type:", t.TableType)
	params("Table Parameters:", t.Parameters)
	rows = append(rows, blank, threeFields("# Storage Information"))
	field("SerDe Library:", javaString(t.SerDeLibrary))
	field("InputFormat:", javaString(t.InputFormat))
	field("OutputFormat:", javaString(t.OutputFormat))
	field("Compressed:", "No")
	field("Num Buckets:", strconv.Itoa(numBuckets(t)))
	field("Bucket Columns:", "["+strings.Join(t.BucketColumns, ", ")+"]")
	field("Sort Columns:", "[]")
	params("Storage Desc Params:", t.SerDeParameters)
	return splitRows(rows)
}

// hiveOwner is the owner Athena DDL gives its tables (unverified; Table
// records none).
const hiveOwner = "hadoop"

// threeFields makes one Hive output line a row of the three result columns
// (col_name, data_type, comment): fields past the third are dropped and
// missing ones become a single space, like the measured plain-form rows.
func threeFields(line string) string {
	f := strings.SplitN(line, "\t", 4)
	if len(f) > 3 {
		f = f[:3]
	}
	for len(f) < 3 {
		f = append(f, " ")
	}
	return strings.Join(f, "\t")
}

// hiveDate formats an epoch time as Hive's formatDate does (Java
// Date.toString, taken here in UTC), "UNKNOWN" for the zero time.
func hiveDate(t time.Time) string {
	if t.IsZero() || t.Unix() == 0 {
		return "UNKNOWN"
	}
	return t.UTC().Format("Mon Jan 02 15:04:05 MST 2006")
}

// javaString spells an unset string as Java's String.format prints null.
func javaString(s string) string {
	if s == "" {
		return "null"
	}
	return s
}

// numBuckets is the Thrift numBuckets: -1 when the table is not bucketed.
func numBuckets(t Table) int {
	if t.NumBuckets == 0 {
		return -1
	}
	return t.NumBuckets
}

// hiveEscapeJava escapes a value as Hive's HiveStringUtils.escapeJava does
// (commons-lang escapeJava without escaping non-ASCII): quotes, backslashes
// and control characters, so a value never spans rows.
func hiveEscapeJava(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 {
				b.WriteString(`\u00`)
				b.WriteString(strings.ToUpper(strconv.FormatInt(int64(r)+0x100, 16)[1:]))
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// thriftTableString renders t as the Thrift Table.toString Hive prints for
// DESCRIBE EXTENDED (approximate and unverified: fields Table does not
// record get Hive's defaults; map entries are sorted by key).
func thriftTableString(t Table) string {
	fields := func(cs []Column) string {
		parts := make([]string, len(cs))
		for i, c := range cs {
			comment := "null"
			if c.Comment != "" {
				comment = c.Comment
			}
			parts[i] = "FieldSchema(name:" + c.Name + ", type:" + c.Type + ", comment:" + comment + ")"
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	dict := func(m map[string]string) string {
		parts := make([]string, 0, len(m))
		for _, k := range slices.Sorted(maps.Keys(m)) {
			parts = append(parts, k+"="+m[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	var b strings.Builder
	b.WriteString("Table(tableName:" + t.Name + ", dbName:" + t.Database + ", owner:" + hiveOwner)
	b.WriteString(", createTime:" + strconv.FormatInt(max(t.CreateTime.Unix(), 0), 10))
	b.WriteString(", lastAccessTime:0, retention:0")
	b.WriteString(", sd:StorageDescriptor(cols:" + fields(t.Columns))
	b.WriteString(", location:" + javaString(t.Location))
	b.WriteString(", inputFormat:" + javaString(t.InputFormat))
	b.WriteString(", outputFormat:" + javaString(t.OutputFormat))
	b.WriteString(", compressed:false, numBuckets:" + strconv.Itoa(numBuckets(t)))
	b.WriteString(", serdeInfo:SerDeInfo(name:null, serializationLib:" + javaString(t.SerDeLibrary))
	b.WriteString(", parameters:" + dict(t.SerDeParameters) + ")")
	b.WriteString(", bucketCols:[" + strings.Join(t.BucketColumns, ", ") + "], sortCols:[], parameters:{}")
	b.WriteString(", skewedInfo:SkewedInfo(skewedColNames:[], skewedColValues:[], skewedColValueLocationMaps:{})")
	b.WriteString(", storedAsSubDirectories:false)")
	b.WriteString(", partitionKeys:" + fields(t.PartitionKeys))
	b.WriteString(", parameters:" + dict(t.Parameters))
	b.WriteString(", viewOriginalText:null, viewExpandedText:null, tableType:" + t.TableType + ")")
	return b.String()
}

// DescribeColumnRows returns the rows of DESCRIBE t column: the one row that
// DescribeRows gives for that column. A column that t does not have fails
// like Hive (text unverified on Athena).
func DescribeColumnRows(t Table, column string) ([]string, error) {
	for _, c := range t.AllColumns() {
		if strings.EqualFold(c.Name, column) {
			if t.IsView() {
				return splitRows([]string{c.Name + "\t" + c.Type}), nil
			}
			return splitRows([]string{hiveRow(c.Name, c.Type, c.Comment)}), nil
		}
	}
	return nil, &athena.QueryError{
		Message:  "FAILED: SemanticException [Error 10002]: Invalid column reference " + column,
		Category: 2, Type: 1006,
	}
}

// ShowColumnsRows returns the rows of SHOW COLUMNS on t: for a table, each
// column name (partition columns included) padded to 20 characters; for a
// view, the same rows as DescribeRows (FACTS §4.4).
func ShowColumnsRows(t Table) []string {
	if t.IsView() {
		return viewColumnRows(t)
	}
	rows := make([]string, 0, len(t.Columns)+len(t.PartitionKeys))
	for _, c := range t.AllColumns() {
		rows = append(rows, hiveRow(c.Name))
	}
	return splitRows(rows)
}

func viewColumnRows(t Table) []string {
	rows := make([]string, 0, len(t.Columns))
	for _, c := range t.Columns {
		rows = append(rows, c.Name+"\t"+c.Type)
	}
	return splitRows(rows)
}

// hiveWidth is the column width of Hive's DESCRIBE and SHOW COLUMNS output.
const hiveWidth = 20

// hiveRow pads each field with spaces to hiveWidth characters, joins the
// fields with TAB and keeps only as many TAB-separated pieces as there are
// fields, which is how a TAB inside the last field cuts the row.
func hiveRow(fields ...string) string {
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteByte('\t')
		}
		b.WriteString(f)
		for n := utf8.RuneCountInString(f); n < hiveWidth; n++ {
			b.WriteByte(' ')
		}
	}
	row := b.String()
	tabs := 0
	for i := 0; i < len(row); i++ {
		if row[i] == '\t' {
			if tabs++; tabs == len(fields) {
				return row[:i]
			}
		}
	}
	return row
}

// splitRows splits rows that contain newlines: GetQueryResults returns the
// .txt body split at every newline (FACTS §2.4).
func splitRows(rows []string) []string {
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, strings.Split(r, "\n")...)
	}
	return out
}
