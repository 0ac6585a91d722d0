package engine

import (
	"slices"
	"testing"
	"unicode/utf8"
)

func TestOpenCSVFields(t *testing.T) {
	tests := []struct {
		name string
		line string
		want []string
	}{
		{"plain", "a,b,c", []string{"a", "b", "c"}},
		{"empty fields", ",,", []string{"", "", ""}},
		{"empty line", "", []string{""}},
		{"quoted separator", `1,"Smith, J",x`, []string{"1", "Smith, J", "x"}},
		{"doubled quotes", `"say ""hi"""`, []string{`say "hi"`}},
		{"doubled quotes mid line", `1,"say ""hi""",x`, []string{"1", `say "hi"`, "x"}},
		{"escaped quotes", `1,"say \"hi\"",x`, []string{"1", `say "hi"`, "x"}},
		{"escaped escape", `"a\\b"`, []string{`a\b`}},
		{"escape before other characters is dropped", `a\bc`, []string{"abc"}},
		{"empty quoted field", `"",x`, []string{"", "x"}},
		{"quote inside unquoted text is kept", `a,bc"d"ef,g`, []string{"a", `bc"d"ef`, "g"}},
		{"unterminated quote runs to the end", `a,"b,c`, []string{"a", "b,c"}},
		{"multibyte", `"é,ü",ß`, []string{"é,ü", "ß"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := openCSVFields(tt.line, ',', '"', '\\'); !slices.Equal(got, tt.want) {
				t.Errorf("openCSVFields(%q) = %q, want %q", tt.line, got, tt.want)
			}
		})
	}
}

func TestOpenCSVFieldsOtherCharacters(t *testing.T) {
	got := openCSVFields("'x\ty'\t1.5\t|'|", '\t', '\'', '|')
	if want := []string{"x\ty", "1.5", "'"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// FuzzOpenCSVFields checks that any line splits without panicking into at
// least one field, and that text without quote, escape or separator comes
// back whole.
func FuzzOpenCSVFields(f *testing.F) {
	for _, s := range []string{"", "a,b", `"say ""hi"""`, `"a\"b",c`, `a,bc"d"ef,g`, `"unterminated`, "\xff,\"\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		fields := openCSVFields(line, ',', '"', '\\')
		if len(fields) == 0 {
			t.Fatalf("no fields for %q", line)
		}
		plain := true
		for _, r := range line {
			if r == ',' || r == '"' || r == '\\' {
				plain = false
			}
		}
		if plain && utf8.ValidString(line) && (len(fields) != 1 || fields[0] != line) {
			t.Errorf("openCSVFields(%q) = %q", line, fields)
		}
	})
}

func TestDefineTableOpenCSVDoubledQuotes(t *testing.T) {
	e := openTest(t)
	data := `1,"say ""hi""","a \"b\""` + "\n" +
		"\n" +
		`2,"",` + "\n"
	checkTable(t, e, TableSource{
		Schema: "db", Name: "dq", Format: FormatOpenCSV,
		Columns: columns(t, "id int, s string, e string"),
		Files:   []string{writeFile(t, "dq.csv", data, false)},
	}, "SELECT * FROM dq ORDER BY id NULLS LAST", []string{
		`"1","say ""hi""","a ""b"""`,
		`"2","",""`,
		`,,`,
	})
}
