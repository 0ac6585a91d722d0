package athenatype

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseSignatureSpellings(t *testing.T) {
	tests := []struct {
		in   string
		want string // String() of the result
	}{
		{"integer", "integer"},
		{"INT", "integer"},
		{"string", "varchar"},
		{"float", "real"},
		{"binary", "varbinary"},
		{"double precision", "double"},
		{"varchar", "varchar"},
		{"varchar(10)", "varchar(10)"},
		{"char(3)", "char(3)"},
		{"decimal", "decimal"},
		{"decimal(10,2)", "decimal(10,2)"},
		{"decimal( 10 , 2 )", "decimal(10,2)"},
		{"decimal(38)", "decimal(38,0)"},
		{"timestamp", "timestamp"},
		{"timestamp(3)", "timestamp"},
		{"timestamp(6)", "timestamp(6)"},
		{"timestamp(0) without time zone", "timestamp(0)"},
		{"timestamp with time zone", "timestamp with time zone"},
		{"timestamp(3) with time zone", "timestamp with time zone"},
		{"TIMESTAMP(9) WITH TIME ZONE", "timestamp(9) with time zone"},
		{"time", "time"},
		{"time(6) with time zone", "time(6) with time zone"},
		{"interval day to second", "interval day to second"},
		{"interval year to month", "interval year to month"},
		{"array", "array"},
		{"map", "map"},
		{"row", "row"},
		{"array(integer)", "array(integer)"},
		{"array(array(varchar))", "array(array(varchar))"},
		{"map(varchar, bigint)", "map(varchar, bigint)"},
		{"map(varchar,array(map(integer,double)))", "map(varchar, array(map(integer, double)))"},
		{"array(row(a integer, b varchar))", "array(row(a integer, b varchar))"},
		{"row(integer, varchar)", "row(integer, varchar)"},
		{`row("a b" integer, "x""y" varchar)`, `row("a b" integer, "x""y" varchar)`},
		{"row(timestamp integer)", `row("timestamp" integer)`},
		{"row(timestamp timestamp with time zone)", `row("timestamp" timestamp with time zone)`},
		{"row(timestamp with time zone)", "row(timestamp with time zone)"},
		{"row(integer integer, map map(integer, integer))", `row(integer integer, "map" map(integer, integer))`},
		{"row(Name varchar)", "row(Name varchar)"},
		{"array<struct<a:int>>", "array(row(a integer))"},
		{"array<struct<a:int,b:string>>", "array(row(a integer, b varchar))"},
		{"map<string,array<bigint>>", "map(varchar, array(bigint))"},
		{"struct<`a b`:int,`timestamp`:timestamp>", `row("a b" integer, "timestamp" timestamp)`},
		{"hyperloglog", "hyperloglog"},
		{"array(geometry)", "array(geometry)"},
		{"  array ( integer )  ", "array(integer)"},
	}
	for _, tt := range tests {
		got, err := ParseSignature(tt.in)
		if err != nil {
			t.Errorf("ParseSignature(%q): %v", tt.in, err)
			continue
		}
		if s := got.String(); s != tt.want {
			t.Errorf("ParseSignature(%q).String() = %q, want %q", tt.in, s, tt.want)
		}
		back, err := ParseSignature(got.String())
		if err != nil || !reflect.DeepEqual(back, got) {
			t.Errorf("ParseSignature(%q) does not parse back: %+v, %v", got, back, err)
		}
	}
}

func TestParseSignatureFields(t *testing.T) {
	got, err := ParseSignature("array(row(a integer, b decimal(10,2), c map(varchar, timestamp(6))))")
	if err != nil {
		t.Fatal(err)
	}
	want := &Type{Name: "array", Elem: &Type{Name: "row", Fields: []Field{
		{Name: "a", Type: &Type{Name: "integer"}},
		{Name: "b", Type: &Type{Name: "decimal", Precision: 10, Scale: 2}},
		{Name: "c", Type: &Type{Name: "map", Key: &Type{Name: "varchar"}, Value: &Type{Name: "timestamp", Precision: 6}}},
	}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %s, want %s", got, want)
	}
	got, _ = ParseSignature("row(integer, varchar(3))")
	want = &Type{Name: "row", Fields: []Field{{Type: &Type{Name: "integer"}}, {Type: &Type{Name: "varchar", Length: 3}}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
}

func TestParseSignatureErrorsNamePositionAndExpectation(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", `offset 0: expected a type name, found end of signature`},
		{"array(", `offset 6: expected a type name, found end of signature`},
		{"array(integer", `offset 13: expected ")", found end of signature`},
		{"array(integer>", `offset 13: expected ")", found ">"`},
		{"map(varchar)", `offset 11: expected ",", found ")"`},
		{"decimal(39,2)", `offset 8: decimal precision must be between 1 and 38, found "39"`},
		{"decimal(10,11)", `offset 11: decimal scale must be between 0 and 10, found "11"`},
		{"varchar(0)", `offset 8: varchar length must be between 1 and 2147483647, found "0"`},
		{"timestamp(13)", `offset 10: timestamp precision must be between 0 and 12, found "13"`},
		{"timestamp with zone", `offset 15: expected "time", found "zone"`},
		{"interval day", `offset 12: expected "to", found end of signature`},
		{"interval hour", `offset 9: expected "day to second" or "year to month", found "hour"`},
		{"qdigest(bigint)", `offset 7: type qdigest takes no parameters, found "("`},
		{"row()", `offset 4: expected a field name or type, found ")"`},
		{"row(a integer b)", `offset 14: expected ")", found "b"`},
		{"integer integer", `offset 8: expected end of signature, found "integer"`},
		{`row("a integer)`, `offset 4: expected a field name or type, found "\"a integer)"`},
		{"array(int)$", `offset 10: expected end of signature, found "$"`},
	}
	for _, tt := range tests {
		_, err := ParseSignature(tt.in)
		if err == nil || !strings.HasSuffix(err.Error(), tt.want) {
			t.Errorf("ParseSignature(%q) error = %v, want suffix %q", tt.in, err, tt.want)
		}
	}
}

func TestParseSignatureLimitsNesting(t *testing.T) {
	deep := strings.Repeat("array(", maxDepth+1) + "integer" + strings.Repeat(")", maxDepth+1)
	if _, err := ParseSignature(deep); err == nil || !strings.Contains(err.Error(), "nested deeper") {
		t.Errorf("deep signature: %v", err)
	}
	ok := strings.Repeat("array(", maxDepth-1) + "integer" + strings.Repeat(")", maxDepth-1)
	if _, err := ParseSignature(ok); err != nil {
		t.Errorf("signature at the limit: %v", err)
	}
}

func FuzzParseSignature(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		typ, err := ParseSignature(s)
		if err != nil {
			return
		}
		text := typ.String()
		back, err := ParseSignature(text)
		if err != nil {
			t.Fatalf("String() %q of %q does not parse: %v", text, s, err)
		}
		if !reflect.DeepEqual(back, typ) {
			t.Fatalf("%q -> %q -> %s: types differ", s, text, back)
		}
		if _, err := NewDecoder("", typ); err != nil {
			t.Fatalf("NewDecoder(%s): %v", typ, err)
		}
	})
}
