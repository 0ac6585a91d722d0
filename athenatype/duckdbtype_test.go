package athenatype

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// The type names below are DuckDB 1.5.6's typeof output for the SQL in the
// case names (and their aliases, which DuckDB accepts in CAST).
func TestParseDuckDBType(t *testing.T) {
	integer := &Type{Name: "INTEGER", DuckDB: true}
	varchar := &Type{Name: "VARCHAR", DuckDB: true}
	tests := []struct {
		name string
		in   string
		want *Type
		out  string // String(); "" means in
	}{
		{"integer", "INTEGER", integer, ""},
		{"alias int4 lower case", "int4", integer, "INTEGER"},
		{"alias signed", "Signed", integer, "INTEGER"},
		{"alias int8 is bigint", "INT8", &Type{Name: "BIGINT", DuckDB: true}, "BIGINT"},
		{"alias int16 is smallint", "INT16", &Type{Name: "SMALLINT", DuckDB: true}, "SMALLINT"},
		{"alias int128", "INT128", &Type{Name: "HUGEINT", DuckDB: true}, "HUGEINT"},
		{"alias uint64", "UINT64", &Type{Name: "UBIGINT", DuckDB: true}, "UBIGINT"},
		{"uhugeint", "UHUGEINT", &Type{Name: "UHUGEINT", DuckDB: true}, ""},
		{"varint is bignum", "VARINT", &Type{Name: "BIGNUM", DuckDB: true}, "BIGNUM"},
		{"real is float", "REAL", &Type{Name: "FLOAT", DuckDB: true}, "FLOAT"},
		{"float8 is double", "FLOAT8", &Type{Name: "DOUBLE", DuckDB: true}, "DOUBLE"},
		{"double precision", "DOUBLE PRECISION", &Type{Name: "DOUBLE", DuckDB: true}, "DOUBLE"},
		{"string", "STRING", varchar, "VARCHAR"},
		{"text", "text", varchar, "VARCHAR"},
		{"char folds to varchar", "CHAR(3)", varchar, "VARCHAR"},
		{"varchar length ignored", "VARCHAR(10)", varchar, "VARCHAR"},
		{"character varying", "CHARACTER VARYING", varchar, "VARCHAR"},
		{"bool", "BOOL", &Type{Name: "BOOLEAN", DuckDB: true}, "BOOLEAN"},
		{"bytea", "BYTEA", &Type{Name: "BLOB", DuckDB: true}, "BLOB"},
		{"bitstring", "BITSTRING", &Type{Name: "BIT", DuckDB: true}, "BIT"},
		{"decimal", "DECIMAL(38,10)", &Type{Name: "DECIMAL", DuckDB: true, Precision: 38, Scale: 10}, ""},
		{"decimal default", "DECIMAL", &Type{Name: "DECIMAL", DuckDB: true, Precision: 18, Scale: 3}, "DECIMAL(18,3)"},
		{"numeric precision only", "NUMERIC(5)", &Type{Name: "DECIMAL", DuckDB: true, Precision: 5}, "DECIMAL(5,0)"},
		{"time with time zone", "TIME WITH TIME ZONE", &Type{Name: "TIME WITH TIME ZONE", DuckDB: true}, ""},
		{"timetz", "TIMETZ", &Type{Name: "TIME WITH TIME ZONE", DuckDB: true}, "TIME WITH TIME ZONE"},
		{"timestamptz", "timestamptz", &Type{Name: "TIMESTAMP WITH TIME ZONE", DuckDB: true}, "TIMESTAMP WITH TIME ZONE"},
		{"timestamp with time zone", "TIMESTAMP WITH TIME ZONE", &Type{Name: "TIMESTAMP WITH TIME ZONE", DuckDB: true}, ""},
		{"timestamp without time zone", "TIMESTAMP WITHOUT TIME ZONE", &Type{Name: "TIMESTAMP", DuckDB: true}, "TIMESTAMP"},
		{"timestamp_ns", "TIMESTAMP_NS", &Type{Name: "TIMESTAMP_NS", DuckDB: true}, ""},
		{"timestamp(3) is _ms", "TIMESTAMP(3)", &Type{Name: "TIMESTAMP_MS", DuckDB: true}, "TIMESTAMP_MS"},
		{"datetime", "DATETIME", &Type{Name: "TIMESTAMP", DuckDB: true}, "TIMESTAMP"},
		{"interval", "INTERVAL", &Type{Name: "INTERVAL", DuckDB: true}, ""},
		{"json", "JSON", &Type{Name: "JSON", DuckDB: true}, ""},
		{"geometry", "GEOMETRY", &Type{Name: "GEOMETRY", DuckDB: true}, ""},
		{"variant", "VARIANT", &Type{Name: "VARIANT", DuckDB: true}, ""},
		{"uuid", "UUID", &Type{Name: "UUID", DuckDB: true}, ""},
		{"list", "VARCHAR[]", &Type{Name: "LIST", DuckDB: true, Elem: varchar}, ""},
		{"array", "INTEGER[3]", &Type{Name: "ARRAY", DuckDB: true, Elem: integer, Length: 3}, ""},
		{"list of arrays", "INTEGER[2][]", &Type{Name: "LIST", DuckDB: true,
			Elem: &Type{Name: "ARRAY", DuckDB: true, Elem: integer, Length: 2}}, ""},
		{"struct", `STRUCT(a INTEGER, "b c" VARCHAR[])`, &Type{Name: "STRUCT", DuckDB: true, Fields: []Field{
			{"a", integer}, {"b c", &Type{Name: "LIST", DuckDB: true, Elem: varchar}}}}, ""},
		{"struct quoted names", `STRUCT("it's" INTEGER, "x""y" INTEGER, "NULL" INTEGER)`, &Type{Name: "STRUCT", DuckDB: true,
			Fields: []Field{{"it's", integer}, {`x"y`, integer}, {"NULL", integer}}}, ""},
		{"struct keeps name case", "struct(Id int)", &Type{Name: "STRUCT", DuckDB: true, Fields: []Field{{"Id", integer}}}, "STRUCT(Id INTEGER)"},
		{"struct of null", `STRUCT(a "NULL")`, &Type{Name: "STRUCT", DuckDB: true,
			Fields: []Field{{"a", &Type{Name: "NULL", DuckDB: true}}}}, ""},
		{"null list", `"NULL"[]`, &Type{Name: "LIST", DuckDB: true, Elem: &Type{Name: "NULL", DuckDB: true}}, ""},
		{"map", "MAP(VARCHAR, INTEGER[])", &Type{Name: "MAP", DuckDB: true, Key: varchar,
			Value: &Type{Name: "LIST", DuckDB: true, Elem: integer}}, ""},
		{"union", "UNION(a INTEGER, b VARCHAR)", &Type{Name: "UNION", DuckDB: true, Fields: []Field{{"a", integer}, {"b", varchar}}}, ""},
		{"enum", "ENUM('x', 'it''s')", &Type{Name: "ENUM", DuckDB: true, Enum: []string{"x", "it's"}}, ""},
		{"enum list", "ENUM('a,b', 'x')[]", &Type{Name: "LIST", DuckDB: true,
			Elem: &Type{Name: "ENUM", DuckDB: true, Enum: []string{"a,b", "x"}}}, ""},
		{"nested", "STRUCT(a STRUCT(b VARCHAR)[])", &Type{Name: "STRUCT", DuckDB: true, Fields: []Field{{"a",
			&Type{Name: "LIST", DuckDB: true, Elem: &Type{Name: "STRUCT", DuckDB: true, Fields: []Field{{"b", varchar}}}}}}}, ""},
		{"unknown type kept", "foo", &Type{Name: "FOO", DuckDB: true}, "FOO"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseDuckDBType(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("ParseDuckDBType(%q) = %#v, want %#v", tc.in, got, tc.want)
			}
			out := tc.out
			if out == "" {
				out = tc.in
			}
			if s := got.String(); s != out {
				t.Fatalf("String() = %q, want %q", s, out)
			}
			back, err := ParseDuckDBType(got.String())
			if err != nil || !reflect.DeepEqual(back, got) {
				t.Fatalf("String() %q parses back as %#v, %v", got.String(), back, err)
			}
		})
	}
}

func TestParseDuckDBTypeErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", `offset 0: expected a type name, found end of type`},
		{"unclosed struct", "STRUCT(a INTEGER", `offset 16: expected ")", found end of type`},
		{"struct without name", "STRUCT(INTEGER)", `offset 14: expected a type name, found ")"`},
		{"map one type", "MAP(VARCHAR)", `offset 11: expected ",", found ")"`},
		{"decimal too wide", "DECIMAL(39,2)", `offset 8: decimal precision must be between 1 and 38, found "39"`},
		{"scale above precision", "DECIMAL(4,5)", `offset 10: decimal scale must be between 0 and 4, found "5"`},
		{"array length zero", "INTEGER[0]", `offset 8: array length must be between 1 and 100000, found "0"`},
		{"unclosed array", "INTEGER[3", `offset 9: expected "]", found end of type`},
		{"enum unquoted", "ENUM(x)", `offset 5: expected a quoted enum value, found "x"`},
		{"enum unterminated", "ENUM('x)", `offset 5: expected a quoted enum value, found "'x)"`},
		{"parameters on integer", "INTEGER(3)", `offset 7: type INTEGER takes no parameters, found "("`},
		{"time with zone misspelt", "TIME WITH ZONE", `offset 10: expected "TIME", found "ZONE"`},
		{"trailing text", "INTEGER x", `offset 8: expected end of type, found "x"`},
		{"bad byte", "INTEGER;", `offset 7: expected end of type, found ";"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseDuckDBType(tc.in)
			if err == nil {
				t.Fatalf("ParseDuckDBType(%q) succeeded", tc.in)
			}
			if !strings.HasSuffix(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "athenatype: DuckDB type ") {
				t.Fatalf("error %q, want it to end in %q", err, tc.want)
			}
		})
	}
}

func TestParseDuckDBTypeDepthLimit(t *testing.T) {
	deep := strings.Repeat("STRUCT(a ", 100) + "INTEGER" + strings.Repeat(")", 100)
	if _, err := ParseDuckDBType(deep); err == nil || !strings.Contains(err.Error(), "nested deeper than 64") {
		t.Fatalf("deep struct: %v", err)
	}
	lists := "INTEGER" + strings.Repeat("[]", 100)
	if _, err := ParseDuckDBType(lists); err == nil || !strings.Contains(err.Error(), "nested deeper than 64") {
		t.Fatalf("deep list: %v", err)
	}
}

func FuzzParseDuckDBType(f *testing.F) {
	for _, s := range []string{
		"INTEGER", "DECIMAL(38,10)", "VARCHAR[]", "INTEGER[3]", `STRUCT(a INTEGER, "b c" VARCHAR[])`,
		"MAP(VARCHAR, INTEGER[])", "UNION(a INTEGER, b VARCHAR)", "ENUM('x', 'it''s')",
		"TIMESTAMP WITH TIME ZONE", `"NULL"[][]`, "TIMESTAMP(3)", "DOUBLE PRECISION", "STRUCT(a STRUCT(b TIME WITH TIME ZONE)[2])",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		typ, err := ParseDuckDBType(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "athenatype: DuckDB type ") || !utf8.ValidString(err.Error()) && utf8.ValidString(s) {
				t.Fatalf("bad error: %q", err)
			}
			return
		}
		out := typ.String()
		back, err := ParseDuckDBType(out)
		if err != nil {
			t.Fatalf("%q: String() %q does not parse: %v", s, out, err)
		}
		if !reflect.DeepEqual(back, typ) {
			t.Fatalf("%q: String() %q parses back as %#v, want %#v", s, out, back, typ)
		}
		if _, err := NewDuckDBDecoder(s); err != nil {
			t.Fatalf("NewDuckDBDecoder(%q): %v", s, err)
		}
	})
}
