package catalog

import (
	"reflect"
	"strings"
	"testing"
)

func mustParseTable(t *testing.T, sql string) Table {
	t.Helper()
	st, err := Parse(sql)
	if err != nil {
		t.Fatalf("Parse(%q): %v", sql, err)
	}
	return st.(*CreateTable).Table
}

func TestDescribeRows(t *testing.T) {
	pad := func(s string) string { return s + strings.Repeat(" ", 20-len([]rune(s))) }
	blank := strings.Repeat(" ", 20)
	tests := []struct {
		name  string
		sql   string
		want  []string
		bytes int // length of the rows joined with "\n", 0 to skip
	}{
		{"partitioned table (FACTS §4.4: 7 rows, 291 bytes)", "CREATE EXTERNAL TABLE t (n int) PARTITIONED BY (p string) LOCATION 's3://b/'",
			[]string{
				pad("n") + "\t" + pad("int") + "\t" + blank,
				pad("p") + "\t" + pad("string") + "\t" + blank,
				"\t \t ",
				"# Partition Information\t \t ",
				"# col_name            \tdata_type           \tcomment             ",
				"\t \t ",
				pad("p") + "\t" + pad("string") + "\t" + blank,
			}, 291},
		{"width counts characters", "CREATE EXTERNAL TABLE t (`列名` int) LOCATION 's3://b/'",
			[]string{"列名" + strings.Repeat(" ", 18) + "\t" + pad("int") + "\t" + blank}, 0},
		{"comment cut at tab, no comment is 20 spaces (measured)", `CREATE EXTERNAL TABLE t (n int COMMENT 'a\tb', m int) LOCATION 's3://b/'`,
			[]string{pad("n") + "\t" + pad("int") + "\ta", pad("m") + "\t" + pad("int") + "\t" + blank}, 0},
		{"long fields are not cut", "CREATE EXTERNAL TABLE t (a_very_long_column_name array<struct<a:int,b:string>> COMMENT 'exactly twenty chars') LOCATION 's3://b/'",
			[]string{"a_very_long_column_name\tarray<struct<a:int,b:string>>\texactly twenty chars"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DescribeRows(mustParseTable(t, tt.sql))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("DescribeRows\n got %q\nwant %q", got, tt.want)
			}
			if n := len(strings.Join(got, "\n")); tt.bytes != 0 && n != tt.bytes {
				t.Errorf("joined rows are %d bytes, want %d", n, tt.bytes)
			}
		})
	}
}

func TestDescribeViewRows(t *testing.T) {
	v := Table{Name: "v", TableType: VirtualView, Columns: []Column{col("n", "integer"), col("s", "varchar(1)")}}
	want := []string{"n\tinteger", "s\tvarchar(1)"}
	if got := DescribeRows(v); !reflect.DeepEqual(got, want) {
		t.Errorf("DescribeRows(view) = %q, want %q", got, want)
	}
	if got := ShowColumnsRows(v); !reflect.DeepEqual(got, want) {
		t.Errorf("ShowColumnsRows(view) = %q, want %q", got, want)
	}
}

func TestDescribeColumnRows(t *testing.T) {
	tb := mustParseTable(t, "CREATE EXTERNAL TABLE t (n int COMMENT 'c') PARTITIONED BY (p string) LOCATION 's3://b/'")
	got, err := DescribeColumnRows(tb, "P")
	if want := []string{"p                   \tstring              \t                    "}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("DescribeColumnRows(p) = %q, %v; want %q", got, err, want)
	}
	if _, err := DescribeColumnRows(tb, "x"); err == nil {
		t.Error("DescribeColumnRows accepted a missing column")
	}
}

func TestShowColumnsRows(t *testing.T) {
	tb := mustParseTable(t, "CREATE EXTERNAL TABLE t (n int, `列名` string) PARTITIONED BY (p string) LOCATION 's3://b/'")
	want := []string{"n" + strings.Repeat(" ", 19), "列名" + strings.Repeat(" ", 18), "p" + strings.Repeat(" ", 19)}
	if got := ShowColumnsRows(tb); !reflect.DeepEqual(got, want) {
		t.Errorf("ShowColumnsRows = %q, want %q", got, want)
	}
}
