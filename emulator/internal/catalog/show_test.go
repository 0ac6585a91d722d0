package catalog

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func tablesNamed(names ...string) []Table {
	out := make([]Table, len(names))
	for i, n := range names {
		out[i] = Table{Name: n, TableType: ExternalTable}
	}
	return out
}

func TestShowTablesRows(t *testing.T) {
	tables := tablesNamed("prefix_b", "other", "prefix_a", "x")
	tables = append(tables, Table{Name: "prefix_v", TableType: VirtualView})
	tests := []struct {
		name, pattern string
		want          []string
	}{
		{"no pattern lists all, views included, sorted", "", []string{"other", "prefix_a", "prefix_b", "prefix_v", "x"}},
		{"star", "*", []string{"other", "prefix_a", "prefix_b", "prefix_v", "x"}},
		{"prefix star (measured)", "prefix*", []string{"prefix_a", "prefix_b", "prefix_v"}},
		{"prefix dot star (measured)", "prefix.*", []string{"prefix_a", "prefix_b", "prefix_v"}},
		{"case-insensitive", "PREFIX_A", []string{"prefix_a"}},
		{"alternatives", "x|other", []string{"other", "x"}},
		{"whole name", "prefix", []string{}},
		{"leading star", "*_a", []string{"prefix_a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ShowTablesRows(tables, tt.pattern)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ShowTablesRows(%q) = %q, %v; want %q", tt.pattern, got, err, tt.want)
			}
		})
	}
	views, err := ShowViewsRows(tables, "prefix*")
	if want := []string{"prefix_v"}; err != nil || !reflect.DeepEqual(views, want) {
		t.Errorf("ShowViewsRows = %q, %v; want %q", views, err, want)
	}
	if _, err := ShowTablesRows(tables, "(a"); err == nil {
		t.Error("ShowTablesRows accepted an invalid pattern")
	}
}

func TestShowDatabasesRows(t *testing.T) {
	dbs := []Database{{Name: "default"}, {Name: "abcdef"}, {Name: "ab"}, {Name: "sales"}}
	tests := []struct {
		name, pattern string
		want          []string
	}{
		{"no pattern", "", []string{"ab", "abcdef", "default", "sales"}},
		{"star alone lists all (measured)", "*", []string{"ab", "abcdef", "default", "sales"}},
		{"abc star is a regex (measured: lists nothing of abcdef)", "abc*", []string{"ab"}},
		{"percent is literal (measured)", "abc%", []string{}},
		{"regex over the whole name", "abc.*", []string{"abcdef"}},
		{"case-sensitive", "DEFAULT", []string{}},
		{"alternatives", "sales|default", []string{"default", "sales"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ShowDatabasesRows(dbs, tt.pattern)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ShowDatabasesRows(%q) = %q, %v; want %q", tt.pattern, got, err, tt.want)
			}
		})
	}
	_, err := ShowDatabasesRows(dbs, "*abc")
	const desc = "Dangling meta character '*' near index 0\n*abc\n^"
	wantQueryError(t, err,
		"FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. java.util.regex.PatternSyntaxException: "+desc,
		2, 1006, desc)
	var qe *athena.QueryError
	if _, err := ShowDatabasesRows(dbs, "a|+b"); !errors.As(err, &qe) || !strings.Contains(qe.Message, "Dangling meta character '+' near index 2") {
		t.Errorf("ShowDatabasesRows(a|+b) error %v", err)
	}
}

func TestShowCreateTableRows(t *testing.T) {
	tests := []struct{ name, sql string }{
		{"delimited", "CREATE EXTERNAL TABLE db.t (w timestamp, x int COMMENT 'it\\'s', y string, z boolean) PARTITIONED BY (`timestamp` string) " +
			`ROW FORMAT DELIMITED FIELDS TERMINATED BY '\t' LINES TERMINATED BY '\n' LOCATION 's3://b/db/t' TBLPROPERTIES ('skip.header.line.count'='1', 'transient_lastDdlTime'='1789635224')`},
		{"opencsv", `CREATE EXTERNAL TABLE t (a string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES ('separatorChar'=',', 'quoteChar'='"', 'escapeChar'='\\') LOCATION 's3://b/t/'`},
		{"parquet clustered", "CREATE EXTERNAL TABLE t (a array<struct<x:int>>, m map<string,decimal(10,2)>) COMMENT 'tbl' CLUSTERED BY (a, m) INTO 4 BUCKETS STORED AS PARQUET LOCATION 's3://b/t/'"},
		{"all delimiters", `CREATE EXTERNAL TABLE t (a string) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\001' ESCAPED BY '\\' COLLECTION ITEMS TERMINATED BY '\u0002' MAP KEYS TERMINATED BY ':' NULL DEFINED AS 'NULL' LOCATION 's3://b/t/'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := mustParseTable(t, tt.sql)
			got := strings.Join(ShowCreateTableRows(tb), "\n")
			golden := filepath.Join("testdata", "showcreate", strings.ReplaceAll(tt.name, " ", "_")+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("ShowCreateTableRows\n got:\n%s\nwant:\n%s", got, want)
			}
			again := mustParseTable(t, got)
			if !reflect.DeepEqual(again, tb) {
				t.Errorf("the printed DDL parses to\n %+v\nwant\n %+v", again, tb)
			}
		})
	}
}

func TestShowCreateTableLayout(t *testing.T) {
	// The layout measured by a client test against Athena (noctua), with
	// the database and table names in separate backticks.
	tb := mustParseTable(t, "CREATE EXTERNAL TABLE `default`.test_df (w timestamp, x int, y string, z boolean) PARTITIONED BY (`timestamp` string) "+
		`ROW FORMAT DELIMITED FIELDS TERMINATED BY '\t' LINES TERMINATED BY '\n' LOCATION 's3://test/default/test_df' TBLPROPERTIES ('skip.header.line.count'='1')`)
	want := "CREATE EXTERNAL TABLE `default`.`test_df`(\n  `w` timestamp, \n  `x` int, \n  `y` string, \n  `z` boolean)\n" +
		"PARTITIONED BY ( \n  `timestamp` string)\nROW FORMAT DELIMITED \n  FIELDS TERMINATED BY '\\t' \n  LINES TERMINATED BY '\\n' \n" +
		"STORED AS INPUTFORMAT \n  'org.apache.hadoop.mapred.TextInputFormat' \nOUTPUTFORMAT \n" +
		"  'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\nLOCATION\n  's3://test/default/test_df'\n" +
		"TBLPROPERTIES (\n  'skip.header.line.count'='1')"
	if got := strings.Join(ShowCreateTableRows(tb), "\n"); got != want {
		t.Errorf("ShowCreateTableRows\n got:\n%s\nwant:\n%s", got, want)
	}
}

func TestShowCreateViewRows(t *testing.T) {
	v := Table{Database: "db", Name: "v", TableType: VirtualView, ViewSQL: "SELECT 1 n\nFROM t"}
	want := []string{"CREATE VIEW db.v AS", "SELECT 1 n", "FROM t"}
	if got := ShowCreateViewRows(v); !reflect.DeepEqual(got, want) {
		t.Errorf("ShowCreateViewRows = %q, want %q", got, want)
	}
}

func TestShowTblPropertiesRows(t *testing.T) {
	// The measured case: a value with a TAB and a newline comes out raw and
	// the newline starts a new row.
	tb := Table{Parameters: map[string]string{"note": "xa\tb\ncy", "transient_lastDdlTime": "1789635224", "EXTERNAL": "TRUE"}}
	want := []string{"EXTERNAL\tTRUE", "transient_lastDdlTime\t1789635224", "note\txa\tb", "cy"}
	if got := ShowTblPropertiesRows(tb); !reflect.DeepEqual(got, want) {
		t.Errorf("ShowTblPropertiesRows = %q, want %q", got, want)
	}
	if got := ShowTblPropertyRows(tb, "EXTERNAL"); !reflect.DeepEqual(got, []string{"TRUE"}) {
		t.Errorf("ShowTblPropertyRows(EXTERNAL) = %q", got)
	}
}

func TestUtilityColumns(t *testing.T) {
	str := func(n string) athena.Column { return athena.Column{Name: n, Type: "string"} }
	vc := func(n string) athena.Column { return athena.Column{Name: n, Type: "varchar"} }
	tests := map[string][]athena.Column{
		"SHOW_TABLES":           {str("tab_name")},
		"SHOW_DATABASES":        {str("database_name")},
		"SHOW_VIEWS":            {vc("views")},
		"SHOW_PARTITIONS":       {str("partition")},
		"SHOW_TABLE_PROPERTIES": {str("prpt_name"), str("prpt_value")},
		"SHOW_COLUMNS":          {str("field")},
		"DESCRIBE_TABLE":        {str("col_name"), str("data_type"), str("comment")},
		"DESC_VIEW":             {vc("column"), vc("type")},
		"SHOW_CREATE_TABLE":     {str("createtab_stmt")},
		"SHOW_CREATE_VIEW":      {vc("create view")},
		"SELECT":                nil,
	}
	for kind, want := range tests {
		if got := UtilityColumns(kind); !reflect.DeepEqual(got, want) {
			t.Errorf("UtilityColumns(%s) = %+v, want %+v", kind, got, want)
		}
	}
}
