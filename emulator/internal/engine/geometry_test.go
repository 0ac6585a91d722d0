package engine

import (
	"encoding/hex"
	"strings"
	"testing"
)

func TestWKTRoundTrip(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"point", "point(1 2)", "POINT (1 2)"},
		{"empty point", "POINT EMPTY", "POINT EMPTY"},
		{"clockwise polygon is reversed and closed", "POLYGON ((1 1, 1 4, 4 4, 4 1))", "POLYGON ((1 1, 4 1, 4 4, 1 4, 1 1))"},
		{"hole is clockwise", "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 2 1, 2 2, 1 2, 1 1))",
			"POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 1 2, 2 2, 2 1, 1 1))"},
		{"multipoint without inner parentheses", "MULTIPOINT (1 2, 3 4)", "MULTIPOINT ((1 2), (3 4))"},
		{"collection", "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING EMPTY)", "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING EMPTY)"},
		{"fractions", "LINESTRING (0.1 -2.5, 1e3 0)", "LINESTRING (0.1 -2.5, 1000 0)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := parseWKT(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := g.wkt(); got != tt.want {
				t.Errorf("wkt = %q, want %q", got, tt.want)
			}
			r := &wkbReader{b: appendWKB(nil, g)}
			back, err := r.geometry()
			if err != nil {
				t.Fatal(err)
			}
			if err := back.normalize(); err != nil {
				t.Fatal(err)
			}
			if got := back.wkt(); got != tt.want {
				t.Errorf("through WKB = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseWKTRejects(t *testing.T) {
	for _, in := range []string{"", "POINT", "POINT (1)", "POINT Z (1 2 3)", "POINT (1 2, 3 4)", "CIRCLE (1 2)",
		"POLYGON ((1 1, 2 2)", "LINESTRING (1 2) x"} {
		if g, err := parseWKT(in); err == nil {
			t.Errorf("parseWKT(%q) = %s, want an error", in, g.wkt())
		}
	}
}

// FuzzParseWKT checks that geometry text never panics and that what
// parses writes text that parses to the same text.
func FuzzParseWKT(f *testing.F) {
	for _, s := range []string{"POINT (1 2)", "MULTIPOLYGON (((1 1, 1 3, 3 3, 3 1)), ((2 4, 2 6, 6 6, 6 4)))",
		"GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))", "MULTIPOINT ((1 2), (3 4))", "POLYGON EMPTY"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := parseWKT(s)
		if err != nil {
			return
		}
		text := g.wkt()
		again, err := parseWKT(text)
		if err != nil {
			t.Fatalf("%q wrote %q, which does not parse: %v", s, text, err)
		}
		if again.wkt() != text {
			t.Fatalf("%q wrote %q, then %q", s, text, again.wkt())
		}
		distance(g, again)
		g.centroid()
		boundary(g)
		g.simple()
		convexHull(g)
	})
}

// FuzzWKB checks that well-known binary never panics.
func FuzzWKB(f *testing.F) {
	g, _ := parseWKT("MULTIPOLYGON (((1 1, 1 3, 3 3, 3 1)), ((2 4, 2 6, 6 6, 6 4)))")
	f.Add(appendWKB(nil, g))
	f.Add([]byte{0, 0, 0, 0, 1, 64, 0, 0, 0, 0, 0, 0, 0, 64, 16, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		r := &wkbReader{b: b}
		if g, err := r.geometry(); err == nil {
			_ = g.normalize()
			_ = g.wkt()
		}
	})
}

func TestQuadKey(t *testing.T) {
	tests := []struct {
		name          string
		key           string
		x, y, zoom    int64
		wantErrSubstr string
	}{
		{"level 3", "213", 3, 5, 3, ""},
		{"level 15", "123030123010121", 21845, 13506, 15, ""},
		{"empty", "", 0, 0, 0, "must not be empty"},
		{"bad digit", "12345", 0, 0, 0, "Invalid QuadKey digit sequence"},
		{"too long", "101010101010101010101010101010100101010101001010", 0, 0, 0, "23 characters or less"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, y, zoom, err := parseQuadKey(tt.key)
			if tt.wantErrSubstr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErrSubstr) {
					t.Fatalf("parseQuadKey(%q) error %v, want %q", tt.key, err, tt.wantErrSubstr)
				}
				return
			}
			if err != nil || x != tt.x || y != tt.y || zoom != tt.zoom {
				t.Fatalf("parseQuadKey(%q) = %d, %d, %d, %v", tt.key, x, y, zoom, err)
			}
			if got := quadKey(x, y, zoom); got != tt.key {
				t.Errorf("quadKey(%d, %d, %d) = %q", x, y, zoom, got)
			}
		})
	}
}

// FuzzHadoopShape checks that Hadoop shapes never panic.
func FuzzHadoopShape(f *testing.F) {
	for _, h := range []string{
		"000000000101000000000000000000F03F0000000000000040",
		"000000000408000000000000000000F03F00000000000000400000000000000840000000000000104002000000000000000000F03F000000000000004000000000000008400000000000001040",
		"000000000503000000000000000000F03F000000000000F03F0000000000001440000000000000104002000000040000000000000002000000000000000000F03F000000000000F03F0000000000001440000000000000F03F0000000000000040000000000000104000000000000010400000000000001040",
	} {
		b, _ := hex.DecodeString(h)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if g, err := fromHadoopShape(b); err == nil {
			_ = g.wkt()
		}
	})
}
