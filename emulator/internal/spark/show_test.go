package spark

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func str(s string) *string { return &s }

func table(cols string, rows ...[]*string) *Table {
	t := &Table{}
	for _, c := range strings.Split(cols, ",") {
		name, typ, _ := strings.Cut(c, ":")
		t.Columns = append(t.Columns, Column{Name: name, Type: typ})
	}
	t.Rows = rows
	return t
}

func TestShow(t *testing.T) {
	long := "abcdefghijklmnopqrstuvwxyz"
	tests := []struct {
		name     string
		t        *Table
		n        int
		truncate int
		vertical bool
		want     string
	}{
		{"narrow columns are 3 wide", table("n:integer", []*string{str("1")}), 20, 20, false,
			"+---+\n" +
				"|  n|\n" +
				"+---+\n" +
				"|  1|\n" +
				"+---+\n"},
		{"null and right alignment", table("name:varchar,v:double", []*string{str("x"), nil}, []*string{str("longer"), str("1.5")}), 20, 20, false,
			"+------+----+\n" +
				"|  name|   v|\n" +
				"+------+----+\n" +
				"|     x|null|\n" +
				"|longer| 1.5|\n" +
				"+------+----+\n"},
		{"cut at 20 with an ellipsis", table("s:varchar", []*string{str(long)}), 20, 20, false,
			"+--------------------+\n" +
				"|                   s|\n" +
				"+--------------------+\n" +
				"|abcdefghijklmnopq...|\n" +
				"+--------------------+\n"},
		{"truncate below 4 cuts without an ellipsis", table("s:varchar", []*string{str("abcdef")}), 20, 2, false,
			"+---+\n" +
				"|  s|\n" +
				"+---+\n" +
				"| ab|\n" +
				"+---+\n"},
		{"truncate 0 keeps values and aligns left", table("s:varchar,n:integer", []*string{str(long), str("7")}), 20, 0, false,
			"+--------------------------+---+\n" +
				"|s                         |n  |\n" +
				"+--------------------------+---+\n" +
				"|abcdefghijklmnopqrstuvwxyz|7  |\n" +
				"+--------------------------+---+\n"},
		{"header longer than the cut is kept", table("a_very_long_column_name_indeed:integer", []*string{str("1")}), 20, 20, false,
			"+------------------------------+\n" +
				"|a_very_long_column_name_indeed|\n" +
				"+------------------------------+\n" +
				"|                             1|\n" +
				"+------------------------------+\n"},
		{"more rows than shown", table("n:integer", []*string{str("1")}, []*string{str("2")}, []*string{str("3")}), 2, 20, false,
			"+---+\n" +
				"|  n|\n" +
				"+---+\n" +
				"|  1|\n" +
				"|  2|\n" +
				"+---+\n" +
				"only showing top 2 rows\n"},
		{"one row shown", table("n:integer", []*string{str("1")}, []*string{str("2")}), 1, 20, false,
			"+---+\n" +
				"|  n|\n" +
				"+---+\n" +
				"|  1|\n" +
				"+---+\n" +
				"only showing top 1 row\n"},
		{"no rows", table("n:integer"), 20, 20, false,
			"+---+\n" +
				"|  n|\n" +
				"+---+\n" +
				"+---+\n"},
		{"no columns", &Table{}, 20, 20, false,
			"++\n" +
				"||\n" +
				"++\n" +
				"++\n"},
		{"control characters are escaped", table("s:varchar", []*string{str("a\nb\tc")}), 20, 20, false,
			"+-------+\n" +
				"|      s|\n" +
				"+-------+\n" +
				"|a\\nb\\tc|\n" +
				"+-------+\n"},
		{"wide characters count two", table("s:varchar", []*string{str("列名")}, []*string{str("ab")}), 20, 20, false,
			"+----+\n" +
				"|   s|\n" +
				"+----+\n" +
				"|列名|\n" +
				"|  ab|\n" +
				"+----+\n"},
		{"binary and timestamps as Spark prints them", table("b:varbinary,ts:timestamp,ms:timestamp",
			[]*string{str("01 0a ff"), str("2026-09-17 12:34:56.000"), str("2026-09-17 12:34:56.120")}), 20, 20, false,
			"+----------+-------------------+--------------------+\n" +
				"|         b|                 ts|                  ms|\n" +
				"+----------+-------------------+--------------------+\n" +
				"|[01 0A FF]|2026-09-17 12:34:56|2026-09-17 12:34:...|\n" +
				"+----------+-------------------+--------------------+\n"},
		{"vertical", table("n:integer,word:varchar", []*string{str("1"), str("one")}, []*string{str("22"), nil}), 20, 20, true,
			"-RECORD 0----\n" +
				" n    | 1    \n" +
				" word | one  \n" +
				"-RECORD 1----\n" +
				" n    | 22   \n" +
				" word | null \n"},
		{"vertical without rows", table("n:integer"), 20, 20, true, "(0 rows)\n"},
		{"negative n shows nothing", table("n:integer", []*string{str("1")}), -1, 20, false,
			"+---+\n" +
				"|  n|\n" +
				"+---+\n" +
				"+---+\n" +
				"only showing top 0 rows\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Show(tt.t, tt.n, tt.truncate, tt.vertical); got != tt.want {
				t.Errorf("Show =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// FuzzShow checks that Show never panics on tables a Python block sends
// back, and that the grid's lines all have one width.
func FuzzShow(f *testing.F) {
	f.Add("n:integer,s:varchar", "1\x00a\x01\x002\x00列名\tb", 20, 20, false)
	f.Add("b:varbinary", "01 02", 1, 3, true)
	f.Add("", "", 0, 0, false)
	f.Fuzz(func(t *testing.T, cols, cells string, n, truncate int, vertical bool) {
		tab := &Table{}
		if cols != "" {
			for _, c := range strings.Split(cols, ",") {
				name, typ, _ := strings.Cut(c, ":")
				tab.Columns = append(tab.Columns, Column{Name: name, Type: typ})
			}
		}
		for _, line := range strings.Split(cells, "\x01") {
			var row []*string
			for _, v := range strings.Split(line, "\x00") {
				if v == "NULL" {
					row = append(row, nil)
					continue
				}
				row = append(row, str(v))
			}
			tab.Rows = append(tab.Rows, row)
		}
		n %= 1000
		out := Show(tab, n, truncate%100, vertical)
		if vertical || !utf8.ValidString(cols+cells) || strings.ContainsAny(cols+cells, "\x00\r\v\f\b\a\u2028") {
			return
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		width := halfWidth(lines[0])
		for _, l := range lines {
			if strings.HasPrefix(l, "only showing") {
				continue
			}
			if halfWidth(l) != width {
				t.Fatalf("line %q is %d wide, want %d:\n%s", l, halfWidth(l), width, out)
			}
		}
	})
}

func TestCellMagic(t *testing.T) {
	tests := []struct {
		name, code, magic, body string
		ok                      bool
	}{
		{"sql", "%%sql\nSELECT 1", "sql", "SELECT 1", true},
		{"blank lines first", "\n  \n%%sql\nSELECT 1\n", "sql", "SELECT 1\n", true},
		{"options after the name", "%%sql -o df\nSELECT 1", "sql", "SELECT 1", true},
		{"magic alone", "%%sql", "sql", "", true},
		{"other magic", "%%configure\n{}", "configure", "{}", true},
		{"python", "print(1)\n%%sql", "", "", false},
		{"line magic", "%sql SELECT 1", "", "", false},
		{"empty", "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			magic, body, ok := cellMagic(tt.code)
			if magic != tt.magic || body != tt.body || ok != tt.ok {
				t.Errorf("cellMagic(%q) = %q, %q, %v; want %q, %q, %v", tt.code, magic, body, ok, tt.magic, tt.body, tt.ok)
			}
		})
	}
}

func FuzzCellMagic(f *testing.F) {
	f.Add("%%sql\nSELECT 1")
	f.Add("\n\n%%configure -f\n{}")
	f.Add("print(1)")
	f.Fuzz(func(t *testing.T, code string) {
		magic, body, ok := cellMagic(code)
		if !ok {
			if magic != "" || body != "" {
				t.Fatalf("not a magic, but got %q, %q", magic, body)
			}
			return
		}
		if !strings.Contains(code, "%%"+magic) || !strings.HasSuffix(code, body) {
			t.Fatalf("cellMagic(%q) = %q, %q", code, magic, body)
		}
	})
}
