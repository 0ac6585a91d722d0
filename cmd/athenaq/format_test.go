package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/olekukonko/tablewriter/pkg/twwidth"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/records"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/ with the current output")

// formatCases are the queries whose output in every format is kept in
// testdata/format/NAME.FORMAT.golden.
var formatCases = []struct{ name, sql string }{
	{"one", "SELECT 42 AS answer"},
	{"types", `SELECT * FROM (
		SELECT 1 AS n, true AS bool, CAST(-128 AS TINYINT) AS tiny, CAST(32767 AS SMALLINT) AS small,
			2147483647 AS int, CAST(-9223372036854775808 AS BIGINT) AS big, CAST(0.5 AS REAL) AS real,
			0.1 + 0.2 AS double, DECIMAL '12.50' AS dec, 'text' AS varchar, X'00ff' AS varbinary,
			DATE '2026-09-17' AS date, TIME '12:34:56.789' AS time, TIMESTAMP '2026-09-17 12:34:56.789' AS ts,
			TIMESTAMP '2026-09-17 12:34:56.789 UTC' AS tstz, INTERVAL '2' DAY AS days,
			JSON '{"a":1}' AS json, CAST('12151fd2-7586-11e9-8f9e-2a86e4085a59' AS UUID) AS uuid,
			ARRAY[1, 2] AS arr, MAP(ARRAY['k'], ARRAY[1]) AS map, CAST(ROW(1, 'x') AS ROW(x INTEGER, y VARCHAR)) AS row
		UNION ALL
		SELECT 2, CAST(NULL AS BOOLEAN), CAST(NULL AS TINYINT), CAST(NULL AS SMALLINT),
			CAST(NULL AS INTEGER), CAST(NULL AS BIGINT), CAST(NULL AS REAL),
			CAST(NULL AS DOUBLE), CAST(NULL AS DECIMAL(4,2)), CAST(NULL AS VARCHAR), CAST(NULL AS VARBINARY),
			CAST(NULL AS DATE), CAST(NULL AS TIME), CAST(NULL AS TIMESTAMP),
			CAST(NULL AS TIMESTAMP WITH TIME ZONE), CAST(NULL AS INTERVAL DAY TO SECOND),
			CAST(NULL AS JSON), CAST(NULL AS UUID),
			CAST(NULL AS ARRAY(INTEGER)), CAST(NULL AS MAP(VARCHAR, INTEGER)), CAST(NULL AS ROW(x INTEGER, y VARCHAR))
	) ORDER BY n`},
	{"floats", `SELECT n, d, CAST(d AS REAL) AS r FROM (VALUES
		(1, nan()), (2, infinity()), (3, -infinity()), (4, CAST(-0.0 AS DOUBLE)), (5, 1.0E-7),
		(6, 12345.678), (7, 1.0E20), (8, 2.0), (9, CAST(NULL AS DOUBLE))) AS t(n, d) ORDER BY n`},
	{"strings", `SELECT n, s AS "value, ""quoted""" FROM (VALUES
		(1, CAST(NULL AS VARCHAR)), (2, ''), (3, 'plain'), (4, 'a,b'), (5, 'say "hi"'),
		(6, 'two' || chr(10) || 'lines'), (7, 'tab' || chr(9) || 'here'), (8, 'cr' || chr(13) || chr(10) || 'lf'),
		(9, '  padded  '), (10, '漢字 émoji 😀'), (11, chr(27) || '[31mred'), (12, 'back\slash'),
		(13, 'NULL'), (14, '''single'''), (15, '<b>&amp;</b>'), (16, 'line' || chr(8232) || 'sep')) AS t(n, s) ORDER BY n`},
	{"empty", "SELECT 1 AS a, 'x' AS b WHERE false"},
	{"show", "SHOW DATABASES"}, // before ddl adds databases
	{"ddl", "CREATE DATABASE format_ddl"},
}

var textFormats = []outputFormat{formatTable, formatCSV, formatTSV, formatJSON, formatJSONL}

// TestFormatGolden writes the result of each formatCases query in every
// format, through every result transport, and compares the bytes with the
// golden files. Parquet and Arrow output is read back with arrow-go and
// compared as a dump of its schema and values.
func TestFormatGolden(t *testing.T) {
	c := openClient(t)
	modes := []athenaq.ResultMode{athenaq.ResultAPI, athenaq.ResultCSV, athenaq.ResultUnload}
	// UNLOAD cannot store a time column, nor (in the emulator) parse the
	// quoted column name of strings.
	unloadable := map[string]bool{"one": true, "floats": true, "empty": true, "ddl": true, "show": true}
	ddlRuns := 0
	for _, tc := range formatCases {
		for _, mode := range modes {
			for _, f := range append(textFormats, formatParquet, formatArrow) {
				t.Run(fmt.Sprintf("%s/%s/%s", tc.name, mode, f), func(t *testing.T) {
					if mode == athenaq.ResultUnload && !unloadable[tc.name] {
						t.Skip("not an UNLOAD query")
					}
					sql := tc.sql
					if tc.name == "ddl" {
						ddlRuns++
						sql = fmt.Sprintf("%s_%d", sql, ddlRuns)
					}
					rows, err := c.Query(context.Background(), sql, athenaq.StartOptions{ResultMode: mode})
					if err != nil {
						t.Fatal(err)
					}
					var out bytes.Buffer
					n, err := writeResult(context.Background(), &out, f, rows)
					if err != nil {
						t.Fatalf("writeResult: %v", err)
					}
					got := out.Bytes()
					if tc.name == "ddl" && f == formatParquet {
						if n != 0 || out.Len() != 0 {
							t.Errorf("a DDL result wrote %d rows and %d bytes of Parquet, want nothing", n, out.Len())
						}
						return
					}
					if isBinary(f) {
						var rows int64
						got, rows = readBack(t, f, got)
						if rows != n {
							t.Errorf("writeResult says %d rows, the file holds %d", n, rows)
						}
					}
					path := filepath.Join("testdata", "format", tc.name+"."+string(f)+".golden")
					if mode == athenaq.ResultUnload {
						// UNLOAD's text of floats and its Parquet schema differ
						// (see Rows.RawValues and package records); the
						// differences are kept in files of their own.
						golden(t, path, filepath.Join("testdata", "format", tc.name+".unload."+string(f)+".golden"), got, *updateGolden)
						return
					}
					// The API transport writes the goldens that the CSV
					// transport must match.
					golden(t, path, "", got, *updateGolden && mode == athenaq.ResultAPI)
				})
			}
		}
	}
}

// golden compares got with the golden file path, or with the file alt
// when there is one. With update set it rewrites path, or alt when got
// differs from path's bytes.
func golden(t *testing.T, path, alt string, got []byte, update bool) {
	t.Helper()
	if update {
		switch {
		case alt == "":
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
		case isGolden(t, path, got):
			os.Remove(alt)
		default:
			if err := os.WriteFile(alt, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	if alt != "" {
		if _, err := os.Stat(alt); err == nil {
			path = alt
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s:\n%s\nwant:\n%s", path, got, want)
	}
}

// isGolden reports whether the file path holds got.
func isGolden(t *testing.T, path string, got []byte) bool {
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(got, want)
}

// readBack reads a Parquet file or an Arrow IPC file and returns a dump
// of its schema and values, and its number of rows.
func readBack(t *testing.T, f outputFormat, b []byte) ([]byte, int64) {
	t.Helper()
	if len(b) == 0 {
		t.Fatalf("%s: empty output", f)
	}
	var rd array.RecordReader
	switch f {
	case formatParquet:
		pf, err := file.NewParquetReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer pf.Close()
		fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 1 << 16}, memory.DefaultAllocator)
		if err != nil {
			t.Fatal(err)
		}
		prd, err := fr.GetRecordReader(context.Background(), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		rd = prd
	case formatArrow:
		fr, err := ipc.NewFileReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer fr.Close()
		recs := make([]arrow.RecordBatch, fr.NumRecords())
		for i := range recs {
			if recs[i], err = fr.RecordBatch(i); err != nil {
				t.Fatal(err)
			}
		}
		ard, err := array.NewRecordReader(fr.Schema(), recs)
		if err != nil {
			t.Fatal(err)
		}
		rd = ard
	}
	defer rd.Release()
	return dumpRecords(t, rd)
}

// dumpRecords writes a reader's schema (each field's name, Arrow type and
// Athena type) and then each row, one value per line.
func dumpRecords(t *testing.T, rd array.RecordReader) ([]byte, int64) {
	var out bytes.Buffer
	schema := rd.Schema()
	for _, fld := range schema.Fields() {
		athenaType, _ := fld.Metadata.GetValue(records.AthenaTypeKey)
		fmt.Fprintf(&out, "field %q: %s (athena %s)\n", fld.Name, fld.Type, athenaType)
	}
	var n int64
	for rd.Next() {
		rec := rd.RecordBatch()
		for i := range int(rec.NumRows()) {
			n++
			fmt.Fprintf(&out, "row %d\n", n)
			for j, col := range rec.Columns() {
				v := "NULL"
				switch a := col.(type) {
				case *array.Decimal128:
					// ValueStr drops a decimal's trailing zeros.
					v = a.Value(i).ToString(a.DataType().(*arrow.Decimal128Type).Scale)
				case *array.Binary:
					v = fmt.Sprintf("%x", a.Value(i)) // ValueStr is base64
				default:
					v = fmt.Sprintf("%q", col.ValueStr(i))
				}
				if col.IsNull(i) {
					v = "NULL"
				}
				fmt.Fprintf(&out, "  %s = %s\n", schema.Field(j).Name, v)
			}
		}
	}
	if err := rd.Err(); err != nil && !errors.Is(err, io.EOF) {
		t.Fatalf("read back: %v", err)
	}
	fmt.Fprintf(&out, "(%d rows)\n", n)
	return out.Bytes(), n
}

func TestParseFormat(t *testing.T) {
	for _, name := range formatNames {
		f, err := parseFormat(name)
		if err != nil || string(f) != name {
			t.Errorf("parseFormat(%q) = %q, %v", name, f, err)
		}
	}
	for name, want := range map[string]string{
		"unknown":     `--format "xml": want one of table, csv, tsv, json, jsonl, parquet, arrow`,
		"empty":       `--format "": want one of table, csv, tsv, json, jsonl, parquet, arrow`,
		"upper case":  `--format "CSV": want one of table, csv, tsv, json, jsonl, parquet, arrow`,
		"with spaces": `--format " csv": want one of table, csv, tsv, json, jsonl, parquet, arrow`,
	} {
		in := map[string]string{"unknown": "xml", "empty": "", "upper case": "CSV", "with spaces": " csv"}[name]
		t.Run(name, func(t *testing.T) {
			f, err := parseFormat(in)
			if err == nil || err.Error() != want {
				t.Errorf("parseFormat(%q) = %q, %v; want the error %q", in, f, err, want)
			}
		})
	}
}

func TestFormatHelpDescribesEveryFormat(t *testing.T) {
	for _, name := range formatNames {
		if !strings.Contains(formatHelp, "\n  "+name+" ") {
			t.Errorf("formatHelp has no entry for %s", name)
		}
	}
}

func TestFormatIsBinary(t *testing.T) {
	for _, name := range formatNames {
		f := outputFormat(name)
		if want := f == formatParquet || f == formatArrow; isBinary(f) != want {
			t.Errorf("isBinary(%s) = %v", f, !want)
		}
	}
}

// openClient opens a client on a new emulator.
func openClient(t testing.TB) *athenaq.Client {
	c, _ := emulatorClient(t)
	return c
}

// cancelingWriter cancels a context at its first write.
type cancelingWriter struct {
	cancel context.CancelFunc
	bytes  int
}

func (w *cancelingWriter) Write(p []byte) (int, error) {
	w.cancel()
	w.bytes += len(p)
	return len(p), nil
}

func TestWriteResultStopsWhenContextEnds(t *testing.T) {
	c := openClient(t)
	const total = 200000
	sql := fmt.Sprintf("SELECT x, 'row ' || CAST(x AS VARCHAR) AS s FROM UNNEST(sequence(1, %d)) AS t(x)", total)
	for _, f := range append(textFormats, formatParquet, formatArrow) {
		t.Run(string(f)+"/cancelled before", func(t *testing.T) {
			rows, err := c.Query(context.Background(), sql)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var out bytes.Buffer
			n, err := writeResult(ctx, &out, f, rows)
			if !errors.Is(err, context.Canceled) || n != 0 || out.Len() != 0 {
				t.Errorf("writeResult = %d, %v and %d bytes; want 0, context.Canceled and nothing", n, err, out.Len())
			}
			if rows.Next() {
				t.Error("the rows are still open")
			}
		})
		t.Run(string(f)+"/cancelled while writing", func(t *testing.T) {
			// The rows have a context of their own, so that writeResult's
			// own check is what stops it.
			rows, err := c.Query(context.Background(), sql)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			w := &cancelingWriter{cancel: cancel}
			start := time.Now()
			n, err := writeResult(ctx, w, f, rows)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled", err)
			}
			if n >= total {
				t.Errorf("wrote all %d rows after the context ended", n)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("writeResult took %v to stop", d)
			}
			if rows.Next() {
				t.Error("the rows are still open")
			}
		})
	}
}

// TestFormatTableCutsLaterWiderValues checks that the columns of a table
// are as wide as the widest of the first 1000 rows, and that a later, wider
// value is cut to that width with an ellipsis.
func TestFormatTableCutsLaterWiderValues(t *testing.T) {
	c := openClient(t)
	rows, err := c.Query(context.Background(), `SELECT x, CASE WHEN x > 1000 THEN 'a much wider value ' || CAST(x AS VARCHAR)
		WHEN x = 500 THEN 'widest' ELSE 'v' END AS s FROM UNNEST(sequence(1, 1003)) AS t(x) ORDER BY x`)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	n, err := writeResult(context.Background(), &out, formatTable, rows)
	if err != nil || n != 1003 {
		t.Fatalf("writeResult = %d, %v", n, err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 2+1003+1 {
		t.Fatalf("%d lines, want a header, a rule, 1003 rows and a count", len(lines))
	}
	want := []string{
		"    x | s      ",
		"------+--------",
		"    1 | v      ",
	}
	for i, w := range want {
		if lines[i] != w {
			t.Errorf("line %d = %q, want %q", i, lines[i], w)
		}
	}
	if got, want := lines[len(lines)-2], " 1003 | a mu…  "; got != want {
		t.Errorf("last row %q, want %q", got, want)
	}
	if got := lines[len(lines)-1]; got != "(1003 rows)" {
		t.Errorf("count line %q", got)
	}
	for i, line := range lines[:len(lines)-1] {
		if w := twwidth.Width(line); w != len(want[0]) {
			t.Errorf("line %d %q is %d wide, want %d", i, line, w, len(want[0]))
		}
	}
}

func TestFormatJSONValue(t *testing.T) {
	str := func(s string) *string { return &s }
	cases := []struct {
		name string
		typ  string
		in   *string
		want string
	}{
		{"null", "integer", nil, `null`},
		{"boolean", "boolean", str("true"), `true`},
		{"odd boolean", "boolean", str("TRUE"), `"TRUE"`},
		{"bigint", "bigint", str("-9223372036854775808"), `-9223372036854775808`},
		{"double exponent", "double", str("1.0E-7"), `1.0E-7`},
		{"negative zero", "double", str("-0.0"), `-0.0`},
		{"NaN", "double", str("NaN"), `"NaN"`},
		{"Infinity", "float", str("Infinity"), `"Infinity"`},
		{"-Infinity", "real", str("-Infinity"), `"-Infinity"`},
		{"leading zero", "integer", str("007"), `"007"`},
		{"bare point", "double", str("1."), `"1."`},
		{"decimal stays exact text", "decimal", str("12.50"), `"12.50"`},
		{"quote and backslash", "varchar", str(`a"b\c`), `"a\"b\\c"`},
		{"controls", "varchar", str("\n\r\t\x00\x1f"), `"\n\r\t\u0000\u001f"`},
		{"html left alone", "varchar", str("<&>"), `"<&>"`},
		{"line separators", "varchar", str("a\u2028b\u2029"), `"a\u2028b\u2029"`},
		{"invalid UTF-8", "varchar", str("a\xffb"), `"a\ufffdb"`},
		{"unicode", "varchar", str("漢字😀"), `"漢字😀"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := string(appendJSONValue(nil, jsonKindOf(tc.typ), []*string{tc.in}, 0))
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
			if !json.Valid([]byte(got)) {
				t.Errorf("%s is not valid JSON", got)
			}
		})
	}
}

func TestFormatTableCell(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "abc", "abc"},
		{"newline kept", "a\nb", "a\nb"},
		{"tab", "a\tb", `a\tb`},
		{"carriage return", "a\r\nb", "a\\r\nb"},
		{"escape", "\x1b[31mred", `\x1b[31mred`},
		{"delete", "\x7f", `\x7f`},
		{"C1 control", "a\u0085b", `a\u0085b`},
		{"line separator", "a\u2028b", `a\u2028b`},
		{"right-to-left override", "\u202eabc", `\u202eabc`},
		{"invalid UTF-8", "a\xffb", `a\xffb`},
		{"wide", "漢字", "漢字"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tableCell(tc.in); got != tc.want {
				t.Errorf("tableCell(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// FuzzFormatValue checks that any text Athena could send becomes valid
// JSON of every kind, that a string comes back as it was, and that a table
// cell holds no character that would upset a terminal.
func FuzzFormatValue(f *testing.F) {
	for _, s := range []string{"", "1", "-0.5E+10", "NaN", "true", "a\"b", "\x00\xff", "漢\u2028", "\x1b[0m", "1e", "-", "0.", ".5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range []jsonKind{jsonString, jsonBool, jsonNumber} {
			out := appendJSONValue(nil, k, []*string{&s}, 0)
			if !json.Valid(out) {
				t.Fatalf("kind %d: %q became invalid JSON %s", k, s, out)
			}
			var back any
			dec := json.NewDecoder(bytes.NewReader(out))
			dec.UseNumber() // 1E700 is a JSON number, not a float64
			if err := dec.Decode(&back); err != nil {
				t.Fatal(err)
			}
			if str, ok := back.(string); ok && utf8.ValidString(s) && str != s {
				t.Fatalf("kind %d: %q came back as %q", k, s, str)
			}
		}
		if _, err := parseFormat(s); err == nil && !strings.Contains(strings.Join(formatNames, ","), s) {
			t.Fatalf("parseFormat accepted %q", s)
		}
		cell := tableCell(s)
		if !utf8.ValidString(cell) {
			t.Fatalf("tableCell(%q) = %q, not UTF-8", s, cell)
		}
		harmful := func(r rune) bool { return r != '\n' && escapedRune(r) }
		if i := strings.IndexFunc(cell, harmful); i >= 0 {
			t.Fatalf("tableCell(%q) = %q holds %q", s, cell, cell[i:])
		}
		if utf8.ValidString(s) && !strings.ContainsFunc(s, harmful) && cell != s {
			t.Fatalf("tableCell(%q) = %q changed a harmless text", s, cell)
		}
	})
}

// BenchmarkWriteCSV writes a result of 100,000 rows of three columns as
// CSV. The "rows" case reads the same result without writing it, so the
// difference is the cost of the CSV writing.
func BenchmarkWriteCSV(b *testing.B) {
	c := openClient(b)
	const n = 100000
	sql := fmt.Sprintf("SELECT x, 'row ' || CAST(x AS VARCHAR) AS s, x * 0.5 AS d FROM UNNEST(sequence(1, %d)) AS t(x)", n)
	for _, mode := range []athenaq.ResultMode{athenaq.ResultAPI, athenaq.ResultCSV} {
		for _, write := range []bool{false, true} {
			name := string(mode) + "/rows"
			if write {
				name = string(mode) + "/csv"
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					rows, err := c.Query(context.Background(), sql, athenaq.StartOptions{ResultMode: mode})
					if err != nil {
						b.Fatal(err)
					}
					var got int64
					if write {
						got, err = writeResult(context.Background(), io.Discard, formatCSV, rows)
					} else {
						got, err = eachRow(context.Background(), rows, func([]*string) error { return nil })
						rows.Close()
					}
					if err != nil || got != n {
						b.Fatalf("%d rows, %v", got, err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
			})
		}
	}
}

// BenchmarkWriteFormats writes a result of 100,000 rows of three columns
// in each text format, read through the CSV transport (the fastest), and
// reports the cost per row on top of reading it ("rows").
func BenchmarkWriteFormats(b *testing.B) {
	c := openClient(b)
	const n = 100000
	sql := fmt.Sprintf("SELECT x, 'row ' || CAST(x AS VARCHAR) AS s, x * 0.5 AS d FROM UNNEST(sequence(1, %d)) AS t(x)", n)
	for _, f := range append([]outputFormat{"rows"}, append(textFormats, formatParquet, formatArrow)...) {
		b.Run(string(f), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rows, err := c.Query(context.Background(), sql, athenaq.StartOptions{ResultMode: athenaq.ResultCSV})
				if err != nil {
					b.Fatal(err)
				}
				var got int64
				if f == "rows" {
					got, err = eachRow(context.Background(), rows, func([]*string) error { return nil })
					rows.Close()
				} else {
					got, err = writeResult(context.Background(), io.Discard, f, rows)
				}
				if err != nil || got != n {
					b.Fatalf("%d rows, %v", got, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
		})
	}
}
