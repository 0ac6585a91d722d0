package engine

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/athenaq/athenaq/emulator/internal/hivetype"
)

// columns parses "name type, name type" into ColumnSpecs.
func columns(t *testing.T, spec string) []ColumnSpec {
	t.Helper()
	var cols []ColumnSpec
	depth, start := 0, 0
	add := func(s string) {
		s = strings.TrimSpace(s)
		name, typ, _ := strings.Cut(s, " ")
		ht, err := hivetype.Parse(typ)
		if err != nil {
			t.Fatal(err)
		}
		cols = append(cols, ColumnSpec{Name: name, Type: ht})
	}
	for i, c := range spec {
		switch c {
		case '<', '(':
			depth++
		case '>', ')':
			depth--
		case ',':
			if depth == 0 {
				add(spec[start:i])
				start = i + 1
			}
		}
	}
	add(spec[start:])
	return cols
}

func writeFile(t *testing.T, name, content string, gz bool) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	data := []byte(content)
	if gz {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write(data)
		w.Close()
		data = b.Bytes()
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkTable defines ts and compares SELECT * output with want (lines
// without the trailing newline).
func checkTable(t *testing.T, e *Engine, ts TableSource, query string, want []string) {
	t.Helper()
	ctx := context.Background()
	must(t, e.CreateSchema(ctx, ts.Schema))
	if err := e.DefineTable(ctx, ts); err != nil {
		t.Fatal(err)
	}
	if query == "" {
		query = "SELECT * FROM " + ts.Name
	}
	_, out := mustQuery(t, e, ts.Schema, query)
	got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if out == "" {
		got = nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

const delimitedData = "id,name,score,tags,attrs,pt,d,ts,ok,amt,vc\n" +
	"1,alice,1.5,a|b,k1:1|k2:2,3|q,2026-09-17,2026-09-17 12:34:56.789,true,12.345,abcdef\n" +
	"2,,x,,,,bad,bad,yes,abc,\n" +
	`\N,\N,\N,\N,\N,\N,\N,\N,\N,\N,\N` + "\n" +
	"4,dave\n" +
	"5,eve,2,x,k:1|k:2|:3,1,2026-01-01,2026-01-01 00:00:00,FALSE,1,abc,extra,fields\n" +
	"1.5,x\n"

var delimitedWant = []string{
	`"1","alice","1.5","[a, b]","{k1=1, k2=2}","{x=3, y=q}","2026-09-17","2026-09-17 12:34:56.789","true","12.35","abc"`,
	`"2","",,,,,,,,,""`,
	`,,,,,,,,,,`,
	`"4","dave",,,,,,,,,`,
	`"5","eve","2.0","[x]","{=3, k=1}","{x=1, y=null}","2026-01-01","2026-01-01 00:00:00.000","false","1.00","abc"`,
	`,"x",,,,,,,,,`,
}

func TestDefineTableDelimited(t *testing.T) {
	for _, gz := range []bool{false, true} {
		name := "plain"
		if gz {
			name = "gzip"
		}
		t.Run(name, func(t *testing.T) {
			e := openTest(t)
			file := "t.csv"
			if gz {
				file += ".gz"
			}
			checkTable(t, e, TableSource{
				Schema: "db", Name: "t", Format: FormatDelimited,
				Columns:    columns(t, "id int, name string, score double, tags array<string>, attrs map<string,int>, pt struct<x:int,y:string>, d date, ts timestamp, ok boolean, amt decimal(10,2), vc varchar(3)"),
				Files:      []string{writeFile(t, file, delimitedData, gz)},
				FieldDelim: ",", CollectionDelim: "|", MapKeyDelim: ":",
				SkipHeaderLines: 1,
			}, "", delimitedWant)
		})
	}
}

func TestDefineTableDelimitedNestedDefaults(t *testing.T) {
	e := openTest(t)
	data := "1\x032\x023\t1\x03x\x022\x03y\t10\x03a\x04b\x021\x03c\n" +
		"\t\t\n"
	checkTable(t, e, TableSource{
		Schema: "db", Name: "n", Format: FormatDelimited,
		Columns:    columns(t, "arr2 array<array<int>>, ars array<struct<a:int,b:string>>, mia map<int,array<string>>"),
		Files:      []string{writeFile(t, "n.tsv", data, false)},
		FieldDelim: "\t",
	}, "", []string{
		`"[[1, 2], [3]]","[{a=1, b=x}, {a=2, b=y}]","{1=[c], 10=[a, b]}"`,
		`,,`,
	})
	cols, types, err := e.Describe(context.Background(), "db", "SELECT * FROM n")
	must(t, err)
	if want := []string{"array(array(integer))", "array(row(a integer, b varchar))", "map(integer, array(varchar))"}; !reflect.DeepEqual(types, want) || cols[0].Type != "array" {
		t.Errorf("types = %q", types)
	}
}

func TestDefineTableDelimitedEscapes(t *testing.T) {
	e := openTest(t)
	data := `a\,b,c\\d,\N,x\|y|z` + "\n"
	checkTable(t, e, TableSource{
		Schema: "db", Name: "esc", Format: FormatDelimited,
		Columns:    columns(t, "s1 string, s2 string, s3 string, arr array<string>"),
		Files:      []string{writeFile(t, "e.csv", data, false)},
		FieldDelim: ",", CollectionDelim: "|", EscapeChar: `\`,
	}, "", []string{`"a,b","c\d",,"[x|y, z]"`})
}

func TestDefineTableDelimitedSkipsHeaderOfEveryFile(t *testing.T) {
	e := openTest(t)
	checkTable(t, e, TableSource{
		Schema: "db", Name: "two", Format: FormatDelimited,
		Columns: columns(t, "a int, b string"),
		Files: []string{
			writeFile(t, "1.txt", "a\x01b\n1\x01x\n", false),
			writeFile(t, "2.txt", "a\x01b\n2\x01y\n", false),
			writeFile(t, "3.txt", "", false),
		},
		SkipHeaderLines: 1,
	}, "SELECT * FROM two ORDER BY a", []string{`"1","x"`, `"2","y"`})
}

func TestDefineTableOpenCSV(t *testing.T) {
	e := openTest(t)
	data := "id,name,note\n" +
		`1,"Smith, J","say \"hi\""` + "\n" +
		"2,,\n" +
		`"x","",z,extra` + "\n" +
		"3\n"
	checkTable(t, e, TableSource{
		Schema: "db", Name: "o", Format: FormatOpenCSV,
		Columns:         columns(t, "id int, name string, note string"),
		Files:           []string{writeFile(t, "o.csv", data, false)},
		SkipHeaderLines: 1,
	}, "", []string{
		`"1","Smith, J","say ""hi"""`,
		`"2","",""`,
		`,"","z"`,
		`"3",,`,
	})
}

func TestDefineTableOpenCSVSeparator(t *testing.T) {
	e := openTest(t)
	checkTable(t, e, TableSource{
		Schema: "db", Name: "o2", Format: FormatOpenCSV,
		Columns:   columns(t, "a string, b double"),
		Files:     []string{writeFile(t, "o.tsv.gz", "'x\ty'\t1.5\n", true)},
		Separator: "\t", Quote: "'",
	}, "", []string{`"x` + "\t" + `y","1.5"`})
}

const jsonData = `{"ID":1,"Name":"a","tags":["x","y"],"m":{"k":1,"j":null},"s":{"X":1,"y":"q","z":[1,2]},"d":"2026-09-17","ts":"2026-09-17 12:34:56.789","ok":true,"obj":{"a":1}}
{"id":"2","name":5,"tags":"notarray","m":[1],"s":{"x":"bad"}}
{}
`

func TestDefineTableJSON(t *testing.T) {
	for _, gz := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "gzip"}[gz], func(t *testing.T) {
			e := openTest(t)
			file := "j.json"
			if gz {
				file += ".gz"
			}
			checkTable(t, e, TableSource{
				Schema: "db", Name: "j", Format: FormatJSON,
				Columns: columns(t, "id int, name string, tags array<string>, m map<string,int>, s struct<x:int,y:string,z:array<int>>, d date, ts timestamp, ok boolean, obj string"),
				Files:   []string{writeFile(t, file, jsonData, gz)},
			}, "", []string{
				`"1","a","[x, y]","{j=null, k=1}","{x=1, y=q, z=[1, 2]}","2026-09-17","2026-09-17 12:34:56.789","true","{""a"":1}"`,
				`"2","5",,,"{x=null, y=null, z=null}",,,,`,
				`,,,,,,,,`,
			})
		})
	}
}

func TestDefineTableParquet(t *testing.T) {
	e := openTest(t)
	ctx := context.Background()
	dir := t.TempDir()
	p1, p2 := filepath.Join(dir, "1.parquet"), filepath.Join(dir, "2.parquet")
	// Write the files with DuckDB itself.
	for _, q := range []string{
		"COPY (SELECT 1 AS ID, 'x' AS Name, [1, 2] AS arr, {'a': 1} AS st) TO " + sqlString(p1) + " (FORMAT parquet)",
		"COPY (SELECT CAST(2 AS BIGINT) AS id, 3 AS extra) TO " + sqlString(p2) + " (FORMAT parquet)",
	} {
		if _, err := e.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	checkTable(t, e, TableSource{
		Schema: "db", Name: "p", Format: FormatParquet,
		Columns: columns(t, "id bigint, name string, arr array<int>, st struct<a:int>, missing int"),
		Files:   []string{p1, p2},
	}, "SELECT * FROM p ORDER BY id", []string{
		`"1","x","[1, 2]","{a=1}",`,
		`"2",,,,`,
	})
	cols, _, err := e.Describe(ctx, "db", "SELECT * FROM p")
	must(t, err)
	if cols[0].Type != "bigint" || cols[4].Type != "integer" {
		t.Errorf("columns = %+v", cols)
	}
}

func TestDefineTableWithoutFilesIsEmpty(t *testing.T) {
	for _, f := range []Format{FormatDelimited, FormatOpenCSV, FormatJSON, FormatParquet} {
		e := openTest(t)
		checkTable(t, e, TableSource{
			Schema: "db", Name: "empty", Format: f,
			Columns: columns(t, "a int, b string"),
			Files:   []string{writeFile(t, "zero", "", false)},
		}, "", nil)
		cols, types, err := e.Describe(context.Background(), "db", "SELECT * FROM empty")
		must(t, err)
		if len(cols) != 2 || !reflect.DeepEqual(types, []string{"integer", "varchar"}) {
			t.Errorf("format %d: %+v %q", f, cols, types)
		}
	}
}

func TestDefineTableConcurrently(t *testing.T) {
	e := openTest(t)
	ctx := context.Background()
	must(t, e.CreateSchema(ctx, "db"))
	file := writeFile(t, "c.txt", "1\x01a\n", false)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			errs <- e.DefineTable(ctx, TableSource{
				Schema: "db", Name: "c", Format: FormatDelimited,
				Columns: columns(t, "a int, b string"), Files: []string{file},
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	_, out := mustQuery(t, e, "db", "SELECT * FROM c")
	if out != "\"1\",\"a\"\n" {
		t.Errorf("got %q", out)
	}
}

func TestDefineTableRejectsBadSources(t *testing.T) {
	e := openTest(t)
	ctx := context.Background()
	must(t, e.CreateSchema(ctx, "db"))
	for name, ts := range map[string]TableSource{
		"no name":      {Schema: "db", Format: FormatDelimited, Columns: columns(t, "a int")},
		"no columns":   {Schema: "db", Name: "x", Format: FormatDelimited},
		"missing file": {Schema: "db", Name: "x", Format: FormatDelimited, Columns: columns(t, "a int"), Files: []string{"/nonexistent/file"}},
		"csv complex":  {Schema: "db", Name: "x", Format: FormatOpenCSV, Columns: columns(t, "a array<int>"), Files: []string{writeFile(t, "f", "1\n", false)}},
		"bad format":   {Schema: "db", Name: "x", Format: Format(99), Columns: columns(t, "a int"), Files: []string{writeFile(t, "f", "1\n", false)}},
	} {
		if err := e.DefineTable(ctx, ts); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestDefineTablePartitions(t *testing.T) {
	e := openTest(t)
	ts := TableSource{
		Schema: "db", Name: "p", Format: FormatOpenCSV,
		Columns:       columns(t, "a string"),
		PartitionKeys: columns(t, "d date, h int, s string"),
		Partitions: []PartitionFiles{
			{Values: []string{"2026-01-02", "7", "x"}, Files: []string{writeFile(t, "one.csv", "q\nr\n", false)}},
			{Values: []string{"bad", "nope", "y"}, Files: []string{writeFile(t, "two.csv", "s\n", false)}},
			{Values: []string{"2026-01-03", "1", "z"}, Files: []string{writeFile(t, "empty.csv", "", false)}},
		},
	}
	checkTable(t, e, ts, "SELECT * FROM p ORDER BY a", []string{
		`"q","2026-01-02","7","x"`, `"r","2026-01-02","7","x"`, `"s",,,"y"`,
	})
	_, types, err := e.Describe(context.Background(), "db", "SELECT * FROM p")
	must(t, err)
	if !reflect.DeepEqual(types, []string{"varchar", "date", "integer", "varchar"}) {
		t.Errorf("types %q", types)
	}
	ts.Partitions = nil
	checkTable(t, e, ts, "", nil)
}

func TestDefineTableDelimitedEmptyNullFormat(t *testing.T) {
	e := openTest(t)
	data := "1,,x,\n,b,,\\N\n"
	checkTable(t, e, TableSource{
		Schema: "db", Name: "nf", Format: FormatDelimited,
		Columns:    columns(t, "id int, s string, t string, u string"),
		Files:      []string{writeFile(t, "nf.csv", data, false)},
		FieldDelim: ",", NullFormat: "", NullFormatSet: true,
	}, "SELECT * FROM nf ORDER BY id NULLS LAST", []string{
		`"1",,"x",`,
		`,"b",,"\N"`,
	})
}
