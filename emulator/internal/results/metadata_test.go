package results

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

const (
	engineID = "20260917_085344_00007_k6s5b"          // 27 characters
	execID   = "2f1c6a8e-5b8d-4f36-9c7e-0d2b1a3e4f50" // 36 characters
)

func i64(n int64) *int64 { return &n }

// unhex decodes hex written with spaces, and "quoted" runs as raw text.
func unhex(t *testing.T, s string) []byte {
	t.Helper()
	var out []byte
	for i, part := range strings.Split(s, `"`) {
		if i%2 == 1 {
			out = append(out, part...)
			continue
		}
		b, err := hex.DecodeString(strings.ReplaceAll(part, " ", ""))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b...)
	}
	return out
}

var rowsColumn = athena.NewColumn("rows", "bigint", 0, 0)

func TestMetadataMarshalsTheFACTSUpdateExample(t *testing.T) {
	m := Metadata{QueryID: engineID, UpdateType: str("UPDATE"), UpdateCount: i64(1), Columns: []athena.Column{rowsColumn}}
	want := unhex(t, `0a 1b "`+engineID+`" 12 06 "UPDATE" 18 01 22 22 0a 04 "hive" 22 04 "rows" 2a 04 "rows" 32 06 "bigint" 38 13 40 00 48 03 50 00`)
	got := m.Marshal()
	if len(want) != 75 {
		t.Fatalf("test bug: expected bytes are %d long", len(want))
	}
	if !bytes.Equal(got, want) {
		t.Errorf("got  % x\nwant % x", got, want)
	}
	back, err := ParseMetadata(got)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, m) {
		t.Errorf("ParseMetadata: got %+v, want %+v", back, m)
	}
}

// TestMetadataSizesMatchFACTS reproduces the companion sizes of FACTS §4.5.
// Literal-only SELECTs carry the 36-character QueryExecutionId with update
// type "" and count 0; engine-planned statements the 27-character engine id.
// (A 27-character id for SELECT 1 AS n would give 64 bytes, not 73.)
func TestMetadataSizesMatchFACTS(t *testing.T) {
	str := func(name string) athena.Column { return athena.NewColumn(name, "string", 0, 0) }
	integer := func(name string) athena.Column { return athena.NewColumn(name, "integer", 0, 0) }
	tests := []struct {
		name string
		m    Metadata
		size int
	}{
		{"SELECT 1", Metadata{execID, str0(), i64(0), []athena.Column{integer("_col0")}}, 81},
		{"SELECT 1 AS n", Metadata{execID, str0(), i64(0), []athena.Column{integer("n")}}, 73},
		{"(SELECT 1)", Metadata{engineID, nil, nil, []athena.Column{integer("_col0")}}, 68},
		{"SELECT 1 AS i WHERE false", Metadata{engineID, nil, nil, []athena.Column{integer("i")}}, 60},
		{"CTAS", Metadata{engineID, strp("CREATE TABLE"), i64(3), []athena.Column{rowsColumn}}, 81},
		{"INSERT", Metadata{engineID, strp("INSERT"), i64(2), []athena.Column{rowsColumn}}, 75},
		{"DELETE of 0 rows", Metadata{engineID, strp("DELETE"), i64(0), []athena.Column{rowsColumn}}, 75},
		{"MERGE", Metadata{engineID, strp("MERGE"), i64(5), []athena.Column{rowsColumn}}, 74},
		{"Iceberg DROP TABLE", Metadata{engineID, strp("DROP TABLE"), nil, nil}, 41},
		{"Hive DESCRIBE", Metadata{execID, nil, nil, []athena.Column{str("col_name"), str("data_type"), str("comment")}}, 152},
		{"Hive SHOW CREATE TABLE", Metadata{execID, nil, nil, []athena.Column{str("createtab_stmt")}}, 88},
		{"Hive ADD COLUMNS", Metadata{QueryID: execID}, 38},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.m.Marshal()
			if len(b) != tt.size {
				t.Errorf("%d bytes, want %d: % x", len(b), tt.size, b)
			}
			back, err := ParseMetadata(b)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(back.Marshal(), b) {
				t.Errorf("Marshal(ParseMetadata(b)) != b")
			}
		})
	}
	drop := Metadata{engineID, strp("DROP TABLE"), nil, nil}.Marshal()
	if want := unhex(t, `0a 1b "`+engineID+`" 12 0a "DROP TABLE"`); !bytes.Equal(drop, want) {
		t.Errorf("DROP TABLE: got % x, want % x", drop, want)
	}
	literal := Metadata{execID, str0(), i64(0), nil}.Marshal()
	if want := unhex(t, `0a 24 "`+execID+`" 12 00 18 00`); !bytes.Equal(literal, want) {
		t.Errorf("literal-only SELECT head: got % x, want % x", literal, want)
	}
}

func strp(s string) *string { return &s }
func str0() *string         { return strp("") }

func TestMetadataWritesColumnFieldsByType(t *testing.T) {
	// Expected column fields after 1, 4, 5, 6 (always present).
	tests := []struct {
		typ  string
		want string
	}{
		{"tinyint", "38 03 40 00 48 03 50 00"},
		{"integer", "38 0a 40 00 48 03 50 00"},
		{"bigint", "38 13 40 00 48 03 50 00"},
		{"float", "38 11 40 00 48 03 50 00"},
		{"double", "38 11 40 00 48 03 50 00"},
		{"decimal", "38 26 40 0a 48 03 50 00"}, // decimal(38,10)
		{"varchar", "38 ff ff ff ff 07 40 00 48 03 50 01"},
		{"char", "38 24 40 00 48 03 50 01"}, // char(36)
		{"varbinary", "38 80 80 80 80 04 40 00 48 03 50 00"},
		{"timestamp", "38 03 40 00 48 03 50 00"},
		{"timestamp with time zone", "38 03 40 00 48 03 50 00"},
		{"time", "38 03 40 00 48 03 50 00"},
		{"time with time zone", "38 03 40 00 48 03 50 00"},
		{"boolean", "48 03 50 00"},
		{"interval day to second", "48 03 50 00"},
		{"interval year to month", "48 03 50 00"},
		{"date", "40 00 48 03 50 00"},
		{"array", "48 03"},
		{"map", "48 03"},
		{"row", "48 03"},
		{"json", "48 03"},
		{"uuid", "48 03"},
		{"ipaddress", "48 03"},
		{"string", "48 03"},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			length, scale := 0, 0
			switch tt.typ {
			case "decimal":
				length, scale = 38, 10
			case "char":
				length = 36
			}
			c := athena.NewColumn("c", tt.typ, length, scale)
			head := `0a 04 "hive" 22 01 "c" 2a 01 "c" 32 ` + hex.EncodeToString([]byte{byte(len(tt.typ))}) + ` "` + tt.typ + `" `
			col := unhex(t, head+tt.want)
			want := append(unhex(t, `0a 01 "q" 22`), byte(len(col)))
			want = append(want, col...)
			got := Metadata{QueryID: "q", Columns: []athena.Column{c}}.Marshal()
			if !bytes.Equal(got, want) {
				t.Errorf("got  % x\nwant % x", got, want)
			}
			back, err := ParseMetadata(got)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(back.Marshal(), got) {
				t.Error("does not survive ParseMetadata and Marshal")
			}
		})
	}
}

func TestParseMetadataSkipsUnknownFields(t *testing.T) {
	b := unhex(t, `0a 01 "q" 2a 02 "xx" 31 0102030405060708 3d 01020304 40 7f 22 0e 0a 04 "hive" 1a 01 "t" 2a 01 "L" 32 00`)
	m, err := ParseMetadata(b)
	if err != nil {
		t.Fatal(err)
	}
	if m.QueryID != "q" || len(m.Columns) != 1 || m.Columns[0].Name != "L" {
		t.Errorf("got %+v", m)
	}
}

func TestParseMetadataRejectsMalformedInput(t *testing.T) {
	tests := []struct {
		name, hex, want string
	}{
		{"truncated string", `0a 05 "ab"`, "field 1 at byte 0: truncated"},
		{"bad key", `ff`, "bad field key at byte 0"},
		{"field 0", `00 00`, "field number 0"},
		{"wrong wire type", `08 01`, "field 1 has wire type 0"},
		{"group", `0b`, "unsupported wire type 3"},
		{"bad column", `0a 01 "q" 22 03 32 05 "a"`, "column 1: field 6 at byte 5: truncated"},
		{"column varint", `22 01 38`, "column 1: bad varint at byte 3"},
		{"column wire type", `22 02 38 00 22 02 4a 00`, "column 2: field 9 has wire type 2"},
		{"column name as varint", `22 02 20 00`, "column 1: field 4 has wire type 0"},
		{"update count as string", `1a 00`, "field 3 has wire type 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMetadata(unhex(t, tt.hex))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "results: parse metadata: ") {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestParseMetadataSurvivesEveryTruncation(t *testing.T) {
	b := Metadata{engineID, strp("UPDATE"), i64(300), []athena.Column{rowsColumn, athena.NewColumn("s", "varchar", 0, 0)}}.Marshal()
	for i := range b {
		ParseMetadata(b[:i]) // must not panic
	}
}

func TestMetadataKeepsDuckDBColumnFields(t *testing.T) {
	cols := []athena.Column{
		{Name: "d", Type: "DECIMAL(10,2)", Precision: 10, Scale: 2},
		{Name: "v", Type: "VARCHAR", CaseSensitive: true},
		{Name: "e", Type: "ENUM('a', 'b')", CaseSensitive: true},
		{Name: "s", Type: "STRUCT(a INTEGER)"},
		{Name: "i", Type: "HUGEINT"},
	}
	back, err := ParseMetadata(Metadata{QueryID: "q", Columns: cols}.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Columns) != len(cols) {
		t.Fatalf("columns %+v", back.Columns)
	}
	for i, c := range back.Columns {
		if c != cols[i] {
			t.Errorf("column %d: %+v, want %+v", i, c, cols[i])
		}
	}
}
