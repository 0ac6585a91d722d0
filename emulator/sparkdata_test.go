package emulator

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestInferCSVColumns(t *testing.T) {
	tests := []struct {
		name          string
		files         []string
		sep           string
		header, infer bool
		want          string
	}{
		{"header and types", []string{"a,b,c,d,e\n1,x,1.5,true,3000000000\n2,,2,false,4\n"}, ",", true, true,
			"[{a integer} {b varchar} {c double} {d boolean} {e bigint}]"},
		{"no inference: strings", []string{"a,b\n1,2\n"}, ",", true, false, "[{a varchar} {b varchar}]"},
		{"no header: _c names", []string{"1;x\n2;y\n"}, ";", false, true, "[{_c0 integer} {_c1 varchar}]"},
		{"mixed kinds widen to string", []string{"a\n1\ntrue\n"}, ",", true, true, "[{a varchar}]"},
		{"int then double", []string{"a\n1\n", "a\n2.5\n"}, ",", true, true, "[{a double}]"},
		{"only empty values", []string{"a,b\n,1\n"}, ",", true, true, "[{a varchar} {b integer}]"},
		{"duplicate and empty header names", []string{"x,X,\n1,2,3\n"}, ",", true, true,
			"[{x0 integer} {X1 integer} {_c2 integer}]"},
		{"quoted fields", []string{"a,b\n\"1,5\",\"q\"\"\"\n"}, ",", true, true, "[{a varchar} {b varchar}]"},
		{"empty file", []string{""}, ",", true, true, "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := writeFiles(t, tt.files)
			cols, err := inferCSV(files, tt.sep, tt.header, tt.infer)
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(cols); got != tt.want {
				t.Errorf("inferCSV = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestInferJSONColumns(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"sorted keys and types", `{"z": 1, "a": "x", "m": true}` + "\n" + `{"z": 2.5, "n": null}` + "\n",
			"[{a varchar} {m boolean} {n varchar} {z double}]"},
		{"nested values are text", `{"o": {"k": 1}, "l": [1]}`, "[{l varchar} {o varchar}]"},
		{"bad lines are skipped", "not json\n{\"a\": 1}\n", "[{a bigint}]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cols, err := inferJSON(writeFiles(t, []string{tt.data}))
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(cols); got != tt.want {
				t.Errorf("inferJSON = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestParseSchemaDDL(t *testing.T) {
	tests := []struct {
		name, ddl, want string
		fails           bool
	}{
		{name: "spark names", ddl: "a INT, b long, `c` string", want: "[{a int} {b bigint} {c string}]"},
		{name: "nested commas", ddl: "d decimal(10,2), m map<string,int>", want: "[{d decimal(10,2)} {m map<string,int>}]"},
		{name: "no type", ddl: "a", fails: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cols, err := parseSchemaDDL(tt.ddl)
			if tt.fails {
				if err == nil {
					t.Errorf("parseSchemaDDL(%q) = %v, want an error", tt.ddl, cols)
				}
				return
			}
			if got := fmt.Sprint(cols); err != nil || got != tt.want {
				t.Errorf("parseSchemaDDL(%q) = %s, %v; want %s", tt.ddl, got, err, tt.want)
			}
		})
	}
}

func FuzzParseSchemaDDL(f *testing.F) {
	for _, s := range []string{"a int, b string", "m map<string,array<int>>", "`x` decimal(1,0)", ",,", "a (", ">>a b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ddl string) {
		cols, err := parseSchemaDDL(ddl)
		if err != nil {
			return
		}
		for _, c := range cols {
			if c.Name == "" || c.Type == "" {
				t.Errorf("parseSchemaDDL(%q) gave an empty column %+v", ddl, c)
			}
		}
	})
}

func FuzzInferCSV(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "\"x\ny\",1\n", "a\n\"unterminated\n", ",,,\n1\n1,2,3,4,5\n", ""} {
		f.Add(s, true, true)
	}
	f.Fuzz(func(t *testing.T, data string, header, infer bool) {
		file := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(file, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		cols, err := inferCSV([]string{file}, ",", header, infer)
		if err != nil {
			return
		}
		for _, c := range cols {
			if c.Name == "" {
				t.Errorf("inferCSV(%q) gave a column without a name", data)
			}
		}
	})
}

func writeFiles(t *testing.T, bodies []string) []string {
	t.Helper()
	dir := t.TempDir()
	var files []string
	for i, b := range bodies {
		f := filepath.Join(dir, fmt.Sprintf("f%d", i))
		if err := os.WriteFile(f, []byte(b), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}
