package protocol

import (
	"bytes"
	"encoding/json"
	"testing"
)

func reflectEncoding(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func TestGetQueryResultsEncodingMatches(t *testing.T) {
	s := func(v string) *string { return &v }
	cases := []*GetQueryResultsOutput{
		{},
		{UpdateCount: Ptr(int64(0))},
		{ResultSet: &ResultSet{}},
		{ResultSet: &ResultSet{Rows: []Row{}}},
		{NextToken: "tok", UpdateCount: Ptr(int64(7)), ResultSet: &ResultSet{
			ResultSetMetadata: &ResultSetMetadata{ColumnInfo: []ColumnInfo{{Name: "a", Label: "a", Type: "varchar", CatalogName: "hive", Nullable: "UNKNOWN", CaseSensitive: true, Precision: 2147483647}}},
			Rows: []Row{{Data: []Datum{{VarCharValue: s("a")}}}, {Data: []Datum{{}, {VarCharValue: s("")}}}, {},
				{Data: []Datum{{VarCharValue: s("q\"b\\c\n\t\r\b\f\x01<>&\u2028\u2029é\xff")}}}},
		}},
	}
	for i, c := range cases {
		got, err := c.appendJSON(nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := reflectEncoding(t, c); !bytes.Equal(got, want) {
			t.Errorf("case %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", "q\"b\\", "\x00\x1f\x7f", "\u2028\u2029", "é\xff\xfe", "<a&b>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := appendString(nil, s)
		if want := reflectEncoding(t, s); !bytes.Equal(got, want) {
			t.Fatalf("appendString(%q) = %s, encoding/json gives %s", s, got, want)
		}
	})
}
