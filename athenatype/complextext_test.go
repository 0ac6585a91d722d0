package athenatype

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func decodeWith(t testing.TB, col, hint, text string) (any, error) {
	t.Helper()
	var h *Type
	if hint != "" {
		var err error
		if h, err = ParseSignature(hint); err != nil {
			t.Fatal(err)
		}
	}
	d, err := NewDecoder(col, h)
	if err != nil {
		t.Fatal(err)
	}
	return d.Decode(text)
}

func TestDecodeCompositesWithoutHint(t *testing.T) {
	tests := []struct {
		name, col, text string
		want            any
	}{
		{"ints", "array", "[1, 2, 3]", []any{"1", "2", "3"}},
		{"null element", "array", "[a, null]", []any{"a", nil}},
		{"empty", "array", "[]", []any{}},
		{"nested", "array", "[[1], [2, 3]]", []any{[]any{"1"}, []any{"2", "3"}}},
		{"three levels", "array", "[[[1, 2]], [], null]", []any{[]any{[]any{"1", "2"}}, []any{}, nil}},
		{"ambiguous comma (ARRAY['a, b'])", "array", "[a, b]", []any{"a", "b"}},
		{"bracket in last element", "array", "[x]]", []any{"x]"}},
		{"unbalanced element is a string", "array", "[[x, y]", []any{"[x", "y"}},
		{"varbinary elements", "array", "[[B@2545d692, [B@2635f945]", []any{"[B@2545d692", "[B@2635f945"}},
		{"rows in array", "array", "[{a=1, b=x}, {a=2, b=null}]", []any{
			Row{{"a", "1"}, {"b", "x"}}, Row{{"a", "2"}, {"b", nil}}}},
		{"unnamed rows in array", "array", "[{1, x}, {2, y}]", []any{Row{{"", "1"}, {"", "x"}}, Row{{"", "2"}, {"", "y"}}}},
		{"empty brace is a map", "array", "[{}]", []any{Map{}}},
		{"map", "map", "{k=1, k2=2}", Map{{"k", "1"}, {"k2", "2"}}},
		{"numeric keys", "map", "{9=a, 10=b}", Map{{"9", "a"}, {"10", "b"}}},
		{"comma in value", "map", "{a=x, y, b=z}", Map{{"a", "x, y"}, {"b", "z"}}},
		{"nested values", "map", "{k=[1, 2], k2=null, k3={x=1}}", Map{{"k", []any{"1", "2"}}, {"k2", nil}, {"k3", Row{{"x", "1"}}}}},
		{"empty map", "map", "{}", Map{}},
		{"equals in value", "map", "{a=b=c}", Map{{"a", "b=c"}}},
		{"named row", "row", "{id=1, name=x}", Row{{"id", "1"}, {"name", "x"}}},
		{"unnamed row", "row", "{1, x}", Row{{"", "1"}, {"", "x"}}},
		{"older engine names", "row", "{field0=1, field1=2.0}", Row{{"field0", "1"}, {"field1", "2.0"}}},
		{"nested rows", "row", "{a={b={c=1, d=[x, y]}}, e=2}", Row{{"a", Row{{"b", Row{{"c", "1"}, {"d", []any{"x", "y"}}}}}}, {"e", "2"}}},
		{"comma in row field", "row", "{a=x, y, b=z}", Row{{"a", "x, y"}, {"b", "z"}}},
	}
	for _, tt := range tests {
		got, err := decodeWith(t, tt.col, "", tt.text)
		if err != nil {
			t.Errorf("%s: Decode(%q): %v", tt.name, tt.text, err)
			continue
		}
		if !sameValue(got, tt.want) {
			t.Errorf("%s: Decode(%q) = %#v, want %#v", tt.name, tt.text, got, tt.want)
		}
	}
}

func TestDecodeCompositesWithHint(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.DateTime, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name, col, hint, text string
		want                  any
	}{
		{"ints", "array", "array(integer)", "[1, 2, 300]", []any{int32(1), int32(2), int32(300)}},
		{"int null", "array", "array(bigint)", "[1, null]", []any{int64(1), nil}},
		{"nested", "array", "array(array(integer))", "[[1], [2, 3], null, []]",
			[]any{[]any{int32(1)}, []any{int32(2), int32(3)}, nil, []any{}}},
		{"strings", "array", "array(varchar)", "[a, b]", []any{"a", "b"}},
		{"closing bracket in last string", "array", "array(varchar)", "[a], b]", []any{"a]", "b"}},
		{"varchar null is nil", "array", "array(varchar)", "[null, nul]", []any{nil, "nul"}},
		{"rows", "array", "array(row(a integer, b varchar))", "[{a=1, b=x, y}, {a=2, b=null}]",
			[]any{Row{{"a", int32(1)}, {"b", "x, y"}}, Row{{"a", int32(2)}, {"b", nil}}}},
		{"brackets in row strings", "array", "array(row(a integer, b varchar))", "[{a=1, b=x[}, {a=2, b=]}]",
			[]any{Row{{"a", int32(1)}, {"b", "x["}}, Row{{"a", int32(2)}, {"b", "]"}}}},
		{"hint names any case", "row", "row(ID integer, Name varchar)", "{id=1, name=x}", Row{{"ID", int32(1)}, {"Name", "x"}}},
		{"positional text, named hint", "row", "row(a integer, b varchar)", "{1, x}", Row{{"a", int32(1)}, {"b", "x"}}},
		{"unnamed", "row", "row(integer, double)", "{1, 2.0}", Row{{"", int32(1)}, {"", 2.0}}},
		{"older engine names", "row", "row(integer, double)", "{field0=1, field1=2.0}", Row{{"", int32(1)}, {"", 2.0}}},
		{"varbinary in row", "row", "row(a varbinary, b integer)", "{a=[B@1f2e3d, b=1}", Row{{"a", "[B@1f2e3d"}, {"b", int32(1)}}},
		{"map", "map", "map(varchar, bigint)", "{a=1, b=2}", Map{{"a", int64(1)}, {"b", int64(2)}}},
		{"map int keys", "map", "map(integer, array(varchar))", "{1=[a, b], 2=[], 3=null}",
			Map{{int32(1), []any{"a", "b"}}, {int32(2), []any{}}, {int32(3), nil}}},
		{"map comma in value", "map", "map(varchar, varchar)", "{a=x, y, b=z}", Map{{"a", "x, y"}, {"b", "z"}}},
		{"map of rows", "map", "map(varchar, row(x integer, y varchar))", "{p={x=1, y=a}, q={x=2, y=b}}",
			Map{{"p", Row{{"x", int32(1)}, {"y", "a"}}}, {"q", Row{{"x", int32(2)}, {"y", "b"}}}}},
		{"json", "array", "array(json)", `[{"a":[1, 2]}, "x, y", 3]`,
			[]any{json.RawMessage(`{"a":[1, 2]}`), json.RawMessage(`"x, y"`), json.RawMessage(`3`)}},
		{"timestamps", "array", "array(timestamp)", "[2026-01-02 03:04:05.678, null]", []any{utc("2026-01-02 03:04:05.678"), nil}},
		{"zoned timestamps", "array", "array(timestamp with time zone)", "[2026-01-02 03:04:05.000 UTC]", []any{utc("2026-01-02 03:04:05")}},
		{"decimals", "array", "array(decimal(10,2))", "[1.50, -0.05]", []any{mustDecimal(t, "1.50"), mustDecimal(t, "-0.05")}},
		{"three levels", "array", "array(map(varchar, array(row(n integer))))", "[{k=[{n=1}, {n=2}]}, {}]",
			[]any{Map{{"k", []any{Row{{"n", int32(1)}}, Row{{"n", int32(2)}}}}}, Map{}}},
		{"partial hint", "array", "array(map)", "[{k=1, k2=[a]}]", []any{Map{{"k", "1"}, {"k2", []any{"a"}}}}},
		{"row of arrays", "row", "row(a array(integer), b array(varchar))", "{a=[1, 2], b=[x, y]}",
			Row{{"a", []any{int32(1), int32(2)}}, {"b", []any{"x", "y"}}}},
	}
	for _, tt := range tests {
		got, err := decodeWith(t, tt.col, tt.hint, tt.text)
		if err != nil {
			t.Errorf("%s: Decode(%q): %v", tt.name, tt.text, err)
			continue
		}
		if !sameValue(got, tt.want) {
			t.Errorf("%s: Decode(%q) = %#v, want %#v", tt.name, tt.text, got, tt.want)
		}
	}
}

func TestDecodeCompositeErrors(t *testing.T) {
	tests := []struct {
		col, hint, text, want string
	}{
		{"array", "array(integer)", "[1, x]", `athenatype: cannot decode "[1, x]" as array(integer): offset 4: "x" is not a valid integer: invalid syntax`},
		{"array", "", "1, 2", `athenatype: cannot decode "1, 2" as array: want [...]`},
		{"map", "", "[1]", `athenatype: cannot decode "[1]" as map: want {...}`},
		{"map", "", "{abc}", `athenatype: cannot decode "{abc}" as map: offset 1: want key=value`},
		{"row", "row(a integer, b integer)", "{a=1}", `athenatype: cannot decode "{a=1}" as row(a integer, b integer): offset 4: row has fewer than 2 fields`},
		{"row", "row(a integer, b integer)", "{a=1, c=2}", `athenatype: cannot decode "{a=1, c=2}" as row(a integer, b integer): offset 3: "1, c=2" is not a valid integer: invalid syntax`},
		{"array", "array(array(integer))", "[1]", `athenatype: cannot decode "[1]" as array(array(integer)): offset 1: want '['`},
		{"array", "array(array(integer))", "[[1]x]", `athenatype: cannot decode "[[1]x]" as array(array(integer)): offset 4: unexpected text after array(integer) value`},
		{"array", "array(array(integer))", "[[1, 2]", `athenatype: cannot decode "[[1, 2]" as array(array(integer)): offset 5: missing ']'`},
	}
	for _, tt := range tests {
		_, err := decodeWith(t, tt.col, tt.hint, tt.text)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s %q: error =\n\t%v\nwant\n\t%s", tt.hint, tt.text, err, tt.want)
		}
	}
}

func TestDecodeCompositeHostileText(t *testing.T) {
	big := 1 << 16
	texts := []string{
		"[" + strings.Repeat("[", big) + "]",
		"[" + strings.Repeat("[, ", big) + "]",
		"[" + strings.Repeat("{", big) + strings.Repeat("}", big) + "]",
		"{" + strings.Repeat("a=", big) + "}",
		"{" + strings.Repeat("a, ", big) + "}",
		"[" + strings.Repeat("[[B@1, ", big) + "]",
	}
	hints := []string{"", "array(varchar)", "array(array(varchar))", "array(row(a varchar, b varchar))", "array(map(varchar, varchar))", "array(json)"}
	for _, text := range texts {
		for _, col := range []string{"array", "map", "row"} {
			for _, hint := range hints {
				if hint != "" && col != "array" {
					continue
				}
				// It must return, without panicking; its cost is measured by
				// BenchmarkDecodeHostileText, not timed here.
				_, _ = decodeWith(t, col, hint, text)
			}
		}
	}
}

// render prints a value decoded without a hint back in Athena's text form.
func render(b *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		b.WriteString(x)
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			render(b, e)
		}
		b.WriteByte(']')
	case Map:
		b.WriteByte('{')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			render(b, e.Key)
			b.WriteByte('=')
			render(b, e.Value)
		}
		b.WriteByte('}')
	case Row:
		b.WriteByte('{')
		for i, f := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			if f.Name != "" {
				b.WriteString(f.Name)
				b.WriteByte('=')
			}
			render(b, f.Value)
		}
		b.WriteByte('}')
	default:
		b.WriteString("<unexpected type>")
	}
}

func TestDecodeWithoutHintLosesNothing(t *testing.T) {
	for _, text := range []string{
		"[1, 2]", "[a, , b]", "[, ]", "[{=}]", "[{a=1, =2}]", "[[B@1f, [x], {y=[z]}]", "{a=[1], x}", "[{[1]=x}]",
	} {
		col := "array"
		if text[0] == '{' {
			col = "row"
		}
		v, err := decodeWith(t, col, "", text)
		if err != nil {
			t.Errorf("Decode(%q): %v", text, err)
			continue
		}
		var b strings.Builder
		render(&b, v)
		if b.String() != text {
			t.Errorf("Decode(%q) renders back as %q", text, b.String())
		}
	}
}

var complexHints = []string{
	"", "array(integer)", "array(varchar)", "array(array(varchar))", "array(row(a integer, b varchar))",
	"array(map(varchar, array(integer)))", "array(json)", "array(row(varchar, double))", "array(map)",
	"map(varchar, varchar)", "map(integer, row(x varchar))", "map(varchar, array(row(a varbinary)))",
	"row(a varchar, b array(varchar), c map(varchar, integer))", "row(integer, varchar)", "row(a row(b row(c varchar)))",
}

func FuzzDecodeComplex(f *testing.F) {
	f.Fuzz(func(t *testing.T, text string, hintIndex uint8) {
		hint := complexHints[int(hintIndex)%len(complexHints)]
		for _, col := range []string{"array", "map", "row"} {
			if hint != "" && !strings.HasPrefix(hint, col) {
				continue
			}
			v, err := decodeWith(t, col, hint, text)
			if hint != "" || err != nil {
				if err != nil && !strings.HasPrefix(err.Error(), "athenatype: cannot decode ") {
					t.Fatalf("%s %s: error without context: %v", col, hint, err)
				}
				if err != nil && !utf8.ValidString(err.Error()) {
					t.Fatalf("error is not valid UTF-8: %q", err)
				}
				continue
			}
			// Without a hint, decoding keeps every byte.
			var b strings.Builder
			render(&b, v)
			if b.String() != text {
				t.Fatalf("%s: Decode(%q) renders back as %q", col, text, b.String())
			}
		}
		// Without a hint, arrays and rows whose brackets frame the text
		// always decode.
		if len(text) >= 2 && text[0] == '[' && text[len(text)-1] == ']' {
			if _, err := decodeWith(t, "array", "", text); err != nil {
				t.Fatalf("array %q: %v", text, err)
			}
		}
		if len(text) >= 2 && text[0] == '{' && text[len(text)-1] == '}' {
			if _, err := decodeWith(t, "row", "", text); err != nil {
				t.Fatalf("row %q: %v", text, err)
			}
		}
	})
}

// BenchmarkDecodeHostileText measures the worst input of
// TestDecodeCompositeHostileText: 64 Ki nested brackets under a hint. The
// parser's work budget keeps it linear in the input.
func BenchmarkDecodeHostileText(b *testing.B) {
	text := "[" + strings.Repeat("[[B@1, ", 1<<16) + "]"
	hint, err := ParseSignature("array(array(varchar))")
	if err != nil {
		b.Fatal(err)
	}
	dec, err := NewDecoder("array", hint)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = dec.Decode(text)
	}
}
