package results

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestWriteTextJoinsFieldsWithTabAndRowsWithNewline(t *testing.T) {
	tests := []struct {
		name string
		rows [][]string
		want string
	}{
		{"no rows is 0 bytes", nil, ""},
		{"one empty row is 0 bytes", [][]string{{""}}, ""},
		{"SHOW TABLES", [][]string{{"t1"}, {"t2"}}, "t1\nt2"},
		{
			// FACTS §4.3: values are not escaped, so note's value adds a row.
			"SHOW TBLPROPERTIES",
			[][]string{{"EXTERNAL", "TRUE"}, {"transient_lastDdlTime", "1789000000"}, {"note", "xa\tb\ncy"}},
			"EXTERNAL\tTRUE\ntransient_lastDdlTime\t1789000000\nnote\txa\tb\ncy",
		},
		{"content ending in a newline", [][]string{{"a\n"}}, "a\n"},
		{"Iceberg DROP TABLE body", [][]string{{""}, {""}}, "\n"},
		{"Iceberg DESCRIBE keeps empty fields", [][]string{{"# Table schema:", "", ""}, {"", "", ""}}, "# Table schema:\t\t\n\t\t"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteText(&buf, tt.rows); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tt.want {
				t.Errorf("got %q, want %q", buf.String(), tt.want)
			}
		})
	}
}

func TestWriteTextWritesLargeBodies(t *testing.T) {
	var rows [][]string
	var want []string
	for i := range 20000 {
		f := strings.Repeat("x", i%13)
		rows = append(rows, []string{f, "y"})
		want = append(want, f+"\ty")
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, rows); err != nil {
		t.Fatal(err)
	}
	if buf.String() != strings.Join(want, "\n") {
		t.Error("large body differs")
	}
	if err := WriteText(shortWriter{}, rows); err == nil {
		t.Error("short write: got nil error")
	}
}

func TestTextRowsSplitsABodyIntoResultRows(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"0-byte body has no rows", "", nil},
		{"a lone newline is two empty rows", "\n", []string{"", ""}},
		{"no final newline", "t1\nt2", []string{"t1", "t2"}},
		{"tabs stay in the datum", "EXTERNAL\tTRUE\nnote\txa\tb\ncy", []string{"EXTERNAL\tTRUE", "note\txa\tb", "cy"}},
		{"EXPLAIN trailing empty rows", "Query Plan\nFragment 0\n\n\n", []string{"Query Plan", "Fragment 0", "", "", ""}},
		{"view DDL", "CREATE VIEW db.v AS\nSELECT 1 n", []string{"CREATE VIEW db.v AS", "SELECT 1 n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TextRows([]byte(tt.body)); !slices.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPadHivePadsFieldsToTwentyCharacters(t *testing.T) {
	sp := func(n int) string { return strings.Repeat(" ", n) }
	tests := []struct {
		name   string
		fields []string
		want   string
	}{
		{"DESCRIBE row without comment", []string{"n", "int", ""}, "n" + sp(19) + "\tint" + sp(17) + "\t" + sp(20)},
		{"DESCRIBE row with comment", []string{"id", "bigint", "the key"}, "id" + sp(18) + "\tbigint" + sp(14) + "\tthe key" + sp(13)},
		{"width counts characters not bytes", []string{"列名"}, "列名" + sp(18)},
		{"exactly 20 characters", []string{strings.Repeat("a", 20)}, strings.Repeat("a", 20)},
		{"longer fields are not cut", []string{"array<struct<a:int,b:string>>", "x"}, "array<struct<a:int,b:string>>\tx" + sp(19)},
		{"comment is cut at its first TAB", []string{"c", "string", "a\tb"}, "c" + sp(19) + "\tstring" + sp(14) + "\ta"},
		{"SHOW COLUMNS", []string{"p"}, "p" + sp(19)},
		{"no fields", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PadHive(tt.fields...); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// FACTS §4.4: (n int) PARTITIONED BY (p string) describes as 7 rows, 291 bytes.
func TestPadHiveLaysOutAPartitionedDescribe(t *testing.T) {
	rows := [][]string{
		{PadHive("n", "int", "")},
		{PadHive("p", "string", "")},
		{"\t \t "},
		{"# Partition Information\t \t "},
		{"# " + PadHive("col_name", "data_type", "comment")}, // "# " is outside the padding
		{"\t \t "},
		{PadHive("p", "string", "")},
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, rows); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != 291 {
		t.Errorf("body is %d bytes, want 291", buf.Len())
	}
	if want := "# col_name            \tdata_type           \tcomment             "; rows[4][0] != want {
		t.Errorf("header row %q, want %q", rows[4][0], want)
	}
}
