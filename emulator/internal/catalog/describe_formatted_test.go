package catalog

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// The expected rows follow Hive 2's MetaDataFormatUtils layout; none of
// them is captured from Athena (unverified).

const (
	lazySimple = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"
	textInput  = "org.apache.hadoop.mapred.TextInputFormat"
	textOutput = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
)

func p20(s string) string { return s + strings.Repeat(" ", max(0, 20-len([]rune(s)))) }

func simpleDescribeTable() Table {
	return Table{
		Database:        "db",
		Name:            "t",
		Columns:         []Column{{Name: "n", Type: "int", Comment: "the n"}, {Name: "s", Type: "string"}},
		Location:        "s3://b/t/",
		InputFormat:     textInput,
		OutputFormat:    textOutput,
		SerDeLibrary:    lazySimple,
		SerDeParameters: map[string]string{"serialization.format": "1"},
		TableType:       ExternalTable,
		CreateTime:      time.Date(2024, 3, 5, 7, 8, 9, 0, time.UTC),
	}
}

func TestDescribeFormattedSimpleTable(t *testing.T) {
	got := DescribeDetailRows(simpleDescribeTable(), "FORMATTED")
	want := []string{
		"# col_name            \tdata_type           \tcomment             ",
		"\t \t ",
		p20("n") + "\t" + p20("int") + "\t" + p20("the n"),
		p20("s") + "\t" + p20("string") + "\t" + p20(""),
		"\t \t ",
		"# Detailed Table Information\t \t ",
		"Database:           \tdb                  \t ",
		"Owner:              \thadoop              \t ",
		"CreateTime:         \tTue Mar 05 07:08:09 UTC 2024\t ",
		"LastAccessTime:     \tUNKNOWN             \t ",
		"Retention:          \t0                   \t ",
		"Location:           \ts3://b/t/           \t ",
		"Table Type:         \tEXTERNAL_TABLE      \t ",
		"\t \t ",
		"# Storage Information\t \t ",
		"SerDe Library:      \t" + lazySimple + "\t ",
		"InputFormat:        \t" + textInput + "\t ",
		"OutputFormat:       \t" + textOutput + "\t ",
		"Compressed:         \tNo                  \t ",
		"Num Buckets:        \t-1                  \t ",
		"Bucket Columns:     \t[]                  \t ",
		"Sort Columns:       \t[]                  \t ",
		"Storage Desc Params:\t \t ",
		"\tserialization.format\t1                   ",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n%q\nwant:\n%q", got, want)
	}
}

func TestDescribeFormattedPartitionedTableWithProperties(t *testing.T) {
	tb := simpleDescribeTable()
	tb.Columns = tb.Columns[:1]
	tb.PartitionKeys = []Column{{Name: "dt", Type: "string"}, {Name: "h", Type: "int"}}
	tb.BucketColumns, tb.NumBuckets = []string{"n"}, 4
	tb.Parameters = map[string]string{
		"EXTERNAL":              "TRUE",
		"transient_lastDdlTime": "1709622489",
		"classification":        "csv",
		"note":                  "a\tb\nc",
	}
	got := DescribeDetailRows(tb, "formatted")
	want := []string{
		"# col_name            \tdata_type           \tcomment             ",
		"\t \t ",
		p20("n") + "\t" + p20("int") + "\t" + p20("the n"),
		"\t \t ",
		"# Partition Information\t \t ",
		"# col_name            \tdata_type           \tcomment             ",
		"\t \t ",
		p20("dt") + "\t" + p20("string") + "\t" + p20(""),
		p20("h") + "\t" + p20("int") + "\t" + p20(""),
		"\t \t ",
		"# Detailed Table Information\t \t ",
		"Database:           \tdb                  \t ",
		"Owner:              \thadoop              \t ",
		"CreateTime:         \tTue Mar 05 07:08:09 UTC 2024\t ",
		"LastAccessTime:     \tUNKNOWN             \t ",
		"Retention:          \t0                   \t ",
		"Location:           \ts3://b/t/           \t ",
		"Table Type:         \tEXTERNAL_TABLE      \t ",
		"Table Parameters:\t \t ",
		"\tEXTERNAL            \tTRUE                ",
		"\tclassification      \tcsv                 ",
		"\tnote                \t" + p20(`a\tb\nc`),
		"\ttransient_lastDdlTime\t1709622489          ",
		"\t \t ",
		"# Storage Information\t \t ",
		"SerDe Library:      \t" + lazySimple + "\t ",
		"InputFormat:        \t" + textInput + "\t ",
		"OutputFormat:       \t" + textOutput + "\t ",
		"Compressed:         \tNo                  \t ",
		"Num Buckets:        \t4                   \t ",
		"Bucket Columns:     \t[n]                 \t ",
		"Sort Columns:       \t[]                  \t ",
		"Storage Desc Params:\t \t ",
		"\tserialization.format\t1                   ",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n%q\nwant:\n%q", got, want)
	}
}

func TestDescribeExtendedAddsTableDump(t *testing.T) {
	tb := simpleDescribeTable()
	tb.PartitionKeys = []Column{{Name: "dt", Type: "string"}}
	tb.Parameters = map[string]string{"EXTERNAL": "TRUE"}
	got := DescribeDetailRows(tb, "EXTENDED")
	plain := DescribeRows(tb)
	if !reflect.DeepEqual(got[:len(plain)], plain) {
		t.Fatalf("EXTENDED does not start with the plain rows:\n%q", got)
	}
	rest := got[len(plain):]
	want := []string{
		"\t \t ",
		"Detailed Table Information\tTable(tableName:t, dbName:db, owner:hadoop, createTime:1709622489, " +
			"lastAccessTime:0, retention:0, sd:StorageDescriptor(cols:[FieldSchema(name:n, type:int, comment:the n), " +
			"FieldSchema(name:s, type:string, comment:null)], location:s3://b/t/, inputFormat:" + textInput +
			", outputFormat:" + textOutput + ", compressed:false, numBuckets:-1, serdeInfo:SerDeInfo(name:null, " +
			"serializationLib:" + lazySimple + ", parameters:{serialization.format=1}), bucketCols:[], sortCols:[], " +
			"parameters:{}, skewedInfo:SkewedInfo(skewedColNames:[], skewedColValues:[], skewedColValueLocationMaps:{}), " +
			"storedAsSubDirectories:false), partitionKeys:[FieldSchema(name:dt, type:string, comment:null)], " +
			"parameters:{EXTERNAL=TRUE}, viewOriginalText:null, viewExpandedText:null, tableType:EXTERNAL_TABLE)\t ",
	}
	if !reflect.DeepEqual(rest, want) {
		t.Errorf("rows after the plain ones:\n%q\nwant:\n%q", rest, want)
	}
}

func TestDescribeDetailRowsPlainAndView(t *testing.T) {
	tb := simpleDescribeTable()
	if got, want := DescribeDetailRows(tb, ""), DescribeRows(tb); !reflect.DeepEqual(got, want) {
		t.Errorf("plain: %q, want %q", got, want)
	}
	v := Table{Name: "v", TableType: VirtualView, Columns: []Column{{Name: "n", Type: "integer"}}}
	if got := DescribeDetailRows(v, "FORMATTED"); !reflect.DeepEqual(got, []string{"n\tinteger"}) {
		t.Errorf("view: %q", got)
	}
}
