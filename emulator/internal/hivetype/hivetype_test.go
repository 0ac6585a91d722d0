package hivetype

import (
	"strings"
	"testing"
)

func TestParseSpellings(t *testing.T) {
	cases := []struct {
		in, hive, duck, trino string
	}{
		{"int", "int", "INTEGER", "integer"},
		{"INTEGER", "int", "INTEGER", "integer"},
		{"string", "string", "VARCHAR", "varchar"},
		{"varchar(10)", "varchar(10)", "VARCHAR", "varchar(10)"},
		{"char(36)", "char(36)", "VARCHAR", "char(36)"},
		{"decimal(10,2)", "decimal(10,2)", "DECIMAL(10,2)", "decimal(10,2)"},
		{"decimal", "decimal(10,0)", "DECIMAL(10,0)", "decimal(10,0)"},
		{"double precision", "double", "DOUBLE", "double"},
		{"real", "float", "FLOAT", "real"},
		{"binary", "binary", "BLOB", "varbinary"},
		{"array<string>", "array<string>", "VARCHAR[]", "array(varchar)"},
		{"array(integer)", "array<int>", "INTEGER[]", "array(integer)"},
		{"map<string,int>", "map<string,int>", "MAP(VARCHAR, INTEGER)", "map(varchar, integer)"},
		{"map(varchar, bigint)", "map<string,bigint>", "MAP(VARCHAR, BIGINT)", "map(varchar, bigint)"},
		{"struct<aa:int,b:string>", "struct<aa:int,b:string>", `STRUCT("aa" INTEGER, "b" VARCHAR)`, "row(aa integer, b varchar)"},
		{"row(a integer, b varchar)", "struct<a:int,b:string>", `STRUCT("a" INTEGER, "b" VARCHAR)`, "row(a integer, b varchar)"},
		{"array<struct<a:int,b:string>>", "array<struct<a:int,b:string>>", `STRUCT("a" INTEGER, "b" VARCHAR)[]`, "array(row(a integer, b varchar))"},
		{" map < string , array<int> > ", "map<string,array<int>>", "MAP(VARCHAR, INTEGER[])", "map(varchar, array(integer))"},
	}
	for _, c := range cases {
		ty, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if got := ty.Hive(); got != c.hive {
			t.Errorf("Parse(%q).Hive() = %q, want %q", c.in, got, c.hive)
		}
		if got := ty.DuckDB(); got != c.duck {
			t.Errorf("Parse(%q).DuckDB() = %q, want %q", c.in, got, c.duck)
		}
		if got := ty.Trino(); got != c.trino {
			t.Errorf("Parse(%q).Trino() = %q, want %q", c.in, got, c.trino)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := map[string]string{
		"":              "want a type name",
		"integr":        `unknown type "integr"`,
		"array<int":     "want '>'",
		"map<string>":   "want ','",
		"struct<a int>": "want ':'",
		"decimal(40,2)": "precision <= 38",
		"varchar(0)":    "length of at least 1",
		"int extra":     "unexpected",
		"array":         "want '<' or '('",
		strings.Repeat("array<", 100) + "int" + strings.Repeat(">", 100): "nested more than",
	}
	for in, want := range cases {
		_, err := Parse(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) error = %v, want it to contain %q", in, err, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"int", "array<struct<a:int,b:string>>", "map(varchar, bigint)", "decimal(10,2)", "row(a integer)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ty, err := Parse(s)
		if err != nil {
			return
		}
		// Every spelling we produce parses back to the same type.
		for _, spelled := range []string{ty.Hive(), ty.Trino()} {
			again, err := Parse(spelled)
			if err != nil {
				t.Fatalf("Parse(%q) of our own spelling of %q: %v", spelled, s, err)
			}
			if again.DuckDB() != ty.DuckDB() {
				t.Fatalf("round trip of %q through %q changed the type: %s vs %s", s, spelled, again.DuckDB(), ty.DuckDB())
			}
		}
	})
}
