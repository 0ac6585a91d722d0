package athenatype

import (
	"encoding/hex"
	"strings"
	"testing"
)

// The want values are hex(ST_AsWKB(<wkt>::GEOMETRY)) as DuckDB 1.5.6 prints
// them; the texts are what it prints for CAST(<geometry> AS VARCHAR).
func TestGeometryDecodesToDuckDBWKB(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"point", "POINT (1 2)", "0101000000000000000000F03F0000000000000040"},
		{"point z", "POINT Z (1 2 3)", "01E9030000000000000000F03F00000000000000400000000000000840"},
		{"point m", "POINT M (1 2 3)", "01D1070000000000000000F03F00000000000000400000000000000840"},
		{"point zm", "POINT ZM (1 2 3 4)", "01B90B0000000000000000F03F000000000000004000000000000008400000000000001040"},
		{"point empty", "POINT EMPTY", "0101000000000000000000F87F000000000000F87F"},
		{"exponents", "POINT (1e+20 -1e-06)", "0101000000408CB5781DAF15448DEDB5A0F7C6B0BE"},
		{"linestring", "LINESTRING (0 0, 1 1.5)", "01020000000200000000000000000000000000000000000000000000000000F03F000000000000F83F"},
		{"linestring z", "LINESTRING Z (0 0 1, 1 1 2)", "01EA0300000200000000000000000000000000000000000000000000000000F03F000000000000F03F000000000000F03F0000000000000040"},
		{"linestring empty", "LINESTRING EMPTY", "010200000000000000"},
		{"polygon", "POLYGON ((0 0, 1 0, 1 1, 0 0))", "0103000000010000000400000000000000000000000000000000000000000000000000F03F0000000000000000000000000000F03F000000000000F03F00000000000000000000000000000000"},
		{"polygon empty", "POLYGON EMPTY", "010300000000000000"},
		{"multipoint", "MULTIPOINT (1 2, 3 4)", "0104000000020000000101000000000000000000F03F0000000000000040010100000000000000000008400000000000001040"},
		{"multipoint parenthesized", "MULTIPOINT ((1 2), (3 4))", "0104000000020000000101000000000000000000F03F0000000000000040010100000000000000000008400000000000001040"},
		{"multipoint empty member", "MULTIPOINT (EMPTY, 1 2)", "0104000000020000000101000000000000000000F87F000000000000F87F0101000000000000000000F03F0000000000000040"},
		{"multilinestring", "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))", "01050000000200000001020000000200000000000000000000000000000000000000000000000000F03F000000000000F03F0102000000020000000000000000000040000000000000004000000000000008400000000000000840"},
		{"multipolygon", "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))", "0106000000010000000103000000010000000400000000000000000000000000000000000000000000000000F03F0000000000000000000000000000F03F000000000000F03F00000000000000000000000000000000"},
		{"collection", "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))", "0107000000020000000101000000000000000000F03F000000000000004001020000000200000000000000000000000000000000000000000000000000F03F000000000000F03F"},
		{"collection empty", "GEOMETRYCOLLECTION EMPTY", "010700000000000000"},
	}
	dec, err := NewDuckDBDecoder("GEOMETRY")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := dec.Decode(tt.text)
			if err != nil {
				t.Fatalf("Decode(%q): %v", tt.text, err)
			}
			b, ok := v.([]byte)
			if !ok {
				t.Fatalf("Decode(%q) = %T, want []byte", tt.text, v)
			}
			if got := strings.ToUpper(hex.EncodeToString(b)); got != tt.want {
				t.Errorf("Decode(%q) = %s, want %s", tt.text, got, tt.want)
			}
			vb, err := dec.DecodeBytes([]byte(tt.text))
			if err != nil || strings.ToUpper(hex.EncodeToString(vb.([]byte))) != tt.want {
				t.Errorf("DecodeBytes(%q) = %x, %v", tt.text, vb, err)
			}
		})
	}
}

func TestGeometryInList(t *testing.T) {
	dec, err := NewDuckDBDecoder("GEOMETRY[]")
	if err != nil {
		t.Fatal(err)
	}
	v, err := dec.Decode("['POINT (1 2)', NULL]")
	if err != nil {
		t.Fatal(err)
	}
	list := v.([]any)
	if len(list) != 2 || list[1] != nil || hex.EncodeToString(list[0].([]byte)) != "0101000000000000000000f03f0000000000000040" {
		t.Errorf("got %#v", list)
	}
}

func TestGeometryErrors(t *testing.T) {
	dec, err := NewDuckDBDecoder("GEOMETRY")
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"", "CIRCLE (1 2)", "POINT", "POINT (1)", "POINT (1 2", "POINT (1 2) x", "POINT (a b)",
		"LINESTRING (0 0 1 1)", "POLYGON (0 0, 1 1)", "MULTIPOLYGON ((0 0))",
		strings.Repeat("GEOMETRYCOLLECTION (", 40) + "POINT (1 2)" + strings.Repeat(")", 40),
	} {
		if v, err := dec.Decode(text); err == nil {
			t.Errorf("Decode(%q) = %x, want an error", text, v)
		} else if !strings.Contains(err.Error(), "GEOMETRY") {
			t.Errorf("Decode(%q): error %q does not name the type", text, err)
		}
	}
}

func FuzzGeometry(f *testing.F) {
	for _, s := range []string{"POINT (1 2)", "MULTIPOINT (EMPTY, 1 2)", "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))",
		"MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), EMPTY)", "POINT ZM (1 2 3 4)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := decodeGeometry(s)
		if err != nil {
			return
		}
		b := v.([]byte)
		if len(b) < 5 || b[0] != 1 {
			t.Fatalf("decodeGeometry(%q) = %x: not little-endian WKB", s, b)
		}
	})
}
