package results

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// readAll reads every record of r, failing the test on an error.
func readAll(t testing.TB, r *CSVReader) [][]*string {
	t.Helper()
	var recs [][]*string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return recs
		}
		if err != nil {
			t.Fatalf("Read after %d records: %v", len(recs), err)
		}
		recs = append(recs, rec)
	}
}

func equalRecords(a, b [][]*string) bool {
	return slices.EqualFunc(a, b, func(x, y []*string) bool {
		return slices.EqualFunc(x, y, func(p, q *string) bool {
			return (p == nil) == (q == nil) && (p == nil || *p == *q)
		})
	})
}

// format renders records with NULL shown as <nil>, for failure messages.
func format(recs [][]*string) string {
	var b strings.Builder
	for _, rec := range recs {
		b.WriteByte('[')
		for i, f := range rec {
			if i > 0 {
				b.WriteString(", ")
			}
			if f == nil {
				b.WriteString("<nil>")
			} else {
				fmt.Fprintf(&b, "%q", *f)
			}
		}
		b.WriteString("] ")
	}
	return b.String()
}

func TestCSVReaderReadsRecords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want [][]*string
	}{
		{"empty input has no records", "", nil},
		{"header only", "\"i\"\n", [][]*string{{str("i")}}},
		{
			"FACTS example",
			"\"i\",\"s\",\"q\",\"n\",\"empty\",\"a\",\"vb\"\n\"1\",\"it's\",\"a\"\"b\",,\"\",\"[1, 2]\",\"01 02\"\n",
			[][]*string{
				{str("i"), str("s"), str("q"), str("n"), str("empty"), str("a"), str("vb")},
				{str("1"), str("it's"), str(`a"b`), nil, str(""), str("[1, 2]"), str("01 02")},
			},
		},
		{"empty line is one NULL", "\n\n", [][]*string{{nil}, {nil}}},
		{"lone comma is two NULLs", ",\n", [][]*string{{nil, nil}}},
		{"empty string then NULL", "\"\",\n", [][]*string{{str(""), nil}}},
		{"NULL then empty string", ",\"\"\n", [][]*string{{nil, str("")}}},
		{"doubled quotes", "\"\"\"\",\"a\"\"\"\"b\",\"\"\"x\"\"\"\n", [][]*string{{str(`"`), str(`a""b`), str(`"x"`)}}},
		{"embedded newline comma tab", "\"a\nb\",\"c,d\",\"e\tf\",\"\r\n\"\n", [][]*string{{str("a\nb"), str("c,d"), str("e\tf"), str("\r\n")}}},
		{"embedded newline at field edges", "\"\n\",\"\n\n\"\n", [][]*string{{str("\n"), str("\n\n")}}},
		{"last line without newline", "\"a\"\n\"b\"", [][]*string{{str("a")}, {str("b")}}},
		{"last line ends in a comma", "\"a\",", [][]*string{{str("a"), nil}}},
		{"CRLF line ends", "\"a\",\"b\"\r\n,\r\n\r\n", [][]*string{{str("a"), str("b")}, {nil, nil}, {nil}}},
		{"UTF-8", "\"列名\"\n\"日本語\"\n", [][]*string{{str("列名")}, {str("日本語")}}},
		{"ragged records", "\"a\"\n\"b\",\"c\"\n", [][]*string{{str("a")}, {str("b"), str("c")}}},
		{
			// Bytes written by DuckDB (via duckdb-go v2.10506.0) for COPY (VALUES (1, NULL, '', 'a"b',
			// 'x,y' || chr(10) || 'z', 'it''s', [1,2]::INT[], '\x01\x02'::BLOB, chr(9) || chr(13) || chr(10)),
			// (2, 'q', NULL, '""', '', NULL, NULL, NULL, '列名')) TO ... (FORMAT csv, HEADER false,
			// FORCE_QUOTE *, NULL '').
			"DuckDB COPY output",
			"\"1\",,\"\",\"a\"\"b\",\"x,y\nz\",\"it's\",\"[1, 2]\",\"\\x01\\x02\",\"\t\r\n\"\n\"2\",\"q\",,\"\"\"\"\"\",\"\",,,,\"列名\"\n",
			[][]*string{
				{str("1"), nil, str(""), str(`a"b`), str("x,y\nz"), str("it's"), str("[1, 2]"), str(`\x01\x02`), str("\t\r\n")},
				{str("2"), str("q"), nil, str(`""`), str(""), nil, nil, nil, str("列名")},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			readers := map[string]io.Reader{
				"whole":    strings.NewReader(tt.in),
				"one byte": iotest.OneByteReader(strings.NewReader(tt.in)),
				"data+EOF": iotest.DataErrReader(strings.NewReader(tt.in)),
			}
			for rname, r := range readers {
				cr := NewCSVReader(r)
				got := readAll(t, cr)
				if !equalRecords(got, tt.want) {
					t.Errorf("%s: got %s, want %s", rname, format(got), format(tt.want))
				}
				if cr.Offset() != int64(len(tt.in)) {
					t.Errorf("%s: Offset at EOF = %d, want %d", rname, cr.Offset(), len(tt.in))
				}
				if _, err := cr.Read(); err != io.EOF {
					t.Errorf("%s: Read after EOF: %v, want io.EOF", rname, err)
				}
			}
		})
	}
}

func TestCSVReaderRejectsMalformedInput(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		good       int    // records read before the error
		offset     int64  // SyntaxError.Offset
		msgContain string // part of the message
	}{
		{"unterminated quote", `"abc`, 0, 4, "unterminated quoted field starting at byte 0"},
		{"unterminated quote on line 2", "\"a\"\n\"b\n\n", 1, 8, "starting at byte 4"},
		{"garbage after closing quote", `"a"x,"b"` + "\n", 0, 3, `unexpected 'x' after the closing quote of the field at byte 0`},
		{"space after closing quote", "\"a\",\"b\" \n", 0, 7, "after the closing quote"},
		{"unquoted data", "abc\n", 0, 0, "unquoted field data 'a'"},
		{"unquoted data after comma", "\"a\",b\n", 0, 4, "unquoted field data 'b'"},
		{"space before opening quote", "\"a\", \"b\"\n", 0, 4, "unquoted field data ' '"},
		{"bare CR", "\"a\"\r\"b\"\n", 0, 3, "carriage return"},
		{"CR at end of input", "\"a\"\n\r", 1, 4, "carriage return"},
		{"garbage on line 3", "\"a\"\n\"b\"\n\"c\"d\n", 2, 11, "after the closing quote of the field at byte 8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cr := NewCSVReader(iotest.OneByteReader(strings.NewReader(tt.in)))
			var err error
			n := 0
			for ; ; n++ {
				if _, err = cr.Read(); err != nil {
					break
				}
			}
			if n != tt.good {
				t.Errorf("read %d records before the error, want %d", n, tt.good)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("got %v (%T), want *SyntaxError", err, err)
			}
			if se.Offset != tt.offset || !strings.Contains(se.Msg, tt.msgContain) {
				t.Errorf("got offset %d %q, want offset %d and a message containing %q", se.Offset, se.Msg, tt.offset, tt.msgContain)
			}
			if want := fmt.Sprintf("results: CSV syntax error at byte %d: ", tt.offset); !strings.HasPrefix(err.Error(), want) {
				t.Errorf("Error() = %q, want prefix %q", err.Error(), want)
			}
			if _, again := cr.Read(); again != err {
				t.Errorf("second Read: %v, want the same error", again)
			}
			var good int64
			if tt.good > 0 {
				good = int64(len(strings.Join(strings.SplitAfter(tt.in, "\n")[:tt.good], "")))
			}
			if cr.Offset() != good {
				t.Errorf("Offset after error = %d, want %d (end of the last good record)", cr.Offset(), good)
			}
		})
	}
}

func TestCSVReaderWrapsReadErrors(t *testing.T) {
	boom := errors.New("connection reset")
	r := io.MultiReader(strings.NewReader("\"a\"\n\"b"), iotest.ErrReader(boom))
	cr := NewCSVReader(r)
	if rec, err := cr.Read(); err != nil || *rec[0] != "a" {
		t.Fatalf("first Read: %v %v", rec, err)
	}
	_, err := cr.Read()
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want an error wrapping %v", err, boom)
	}
	if !strings.Contains(err.Error(), "byte 6") {
		t.Errorf("error %q does not name the offset 6", err)
	}
	if cr.Offset() != 4 {
		t.Errorf("Offset = %d, want 4", cr.Offset())
	}
}

type emptyReader struct{}

func (emptyReader) Read([]byte) (int, error) { return 0, nil }

func TestCSVReaderGivesUpOnAReaderThatReturnsNothing(t *testing.T) {
	_, err := NewCSVReader(emptyReader{}).Read()
	if !errors.Is(err, io.ErrNoProgress) {
		t.Fatalf("got %v, want io.ErrNoProgress", err)
	}
}

func TestCSVReaderResumesAtOffset(t *testing.T) {
	var in []byte
	in = AppendHeader(in, []string{"id", "text"})
	for i := range 10 {
		in = AppendRow(in, []*string{str(fmt.Sprint(i)), str(fmt.Sprintf("line %d\n\"quoted\", %d", i, i))})
	}
	all := readAll(t, NewCSVReader(bytes.NewReader(in)))

	first := NewCSVReader(bytes.NewReader(in))
	var got [][]*string
	for range 3 {
		rec, err := first.Read()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, rec)
	}
	off := first.Offset()
	if want := int64(len(AppendRow(AppendRow(AppendHeader(nil, []string{"id", "text"}),
		[]*string{str("0"), str("line 0\n\"quoted\", 0")}),
		[]*string{str("1"), str("line 1\n\"quoted\", 1")}))); off != want {
		t.Fatalf("Offset after 3 records = %d, want %d", off, want)
	}
	second := NewCSVReader(bytes.NewReader(in[off:]))
	got = append(got, readAll(t, second)...)
	if !equalRecords(got, all) {
		t.Errorf("resumed read differs:\n got %s\nwant %s", format(got), format(all))
	}
	if off+second.Offset() != int64(len(in)) {
		t.Errorf("offsets add up to %d, want %d", off+second.Offset(), len(in))
	}
}

func TestCSVReaderReadsFieldsLargerThanItsBuffer(t *testing.T) {
	big := strings.Repeat("x\"y,\n", readBufSize/2) // 2.5 buffers unquoted, more quoted
	rows := [][]*string{{str(big), nil, str(big + "!")}, {str("tail")}}
	var in []byte
	for _, r := range rows {
		in = AppendRow(in, r)
	}
	for name, r := range map[string]io.Reader{
		"whole": bytes.NewReader(in),
		"half":  iotest.HalfReader(bytes.NewReader(in)),
	} {
		cr := NewCSVReader(r)
		if got := readAll(t, cr); !equalRecords(got, rows) {
			t.Errorf("%s: large fields did not round-trip", name)
		}
		if cr.Offset() != int64(len(in)) {
			t.Errorf("%s: Offset = %d, want %d", name, cr.Offset(), len(in))
		}
	}
}

func TestCSVReaderValuesAreSafeToKeep(t *testing.T) {
	var in []byte
	var want [][]*string
	for i := range 3 * arenaSlots {
		row := []*string{str(fmt.Sprint("v", i)), nil}
		want = append(want, row)
		in = AppendRow(in, row)
	}
	got := readAll(t, NewCSVReader(bytes.NewReader(in)))
	for _, rec := range got {
		_ = append(rec, str("appended")) // must not clobber the next record
	}
	if !equalRecords(got, want) {
		t.Error("records read earlier changed while reading later ones")
	}
}

func FuzzCSVRoundTrip(f *testing.F) {
	f.Add([]byte("a\x1fb\x1e\x1dc"), uint8(1))
	f.Add([]byte("\x1d\x1e\x1d\x1fx"), uint8(0))
	f.Add([]byte("\"\x1f\n\x1f,\x1f\r\n\x1f\x1e\x1e\t"), uint8(2))
	f.Add([]byte("列名\x1f\"\"\x1e\x1d\x1f\x1d\x1e"), uint8(3))
	f.Add([]byte(""), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, resumeAfter uint8) {
		recs := decodeRecords(data)
		var in []byte
		for _, rec := range recs {
			in = AppendRow(in, rec)
		}
		got := readAll(t, NewCSVReader(bytes.NewReader(in)))
		if !equalRecords(got, recs) {
			t.Fatalf("round trip of %q:\n got %s\nwant %s", in, format(got), format(recs))
		}

		k := int(resumeAfter) % (len(recs) + 1)
		cr := NewCSVReader(bytes.NewReader(in))
		for range k {
			if _, err := cr.Read(); err != nil {
				t.Fatal(err)
			}
		}
		tail := readAll(t, NewCSVReader(bytes.NewReader(in[cr.Offset():])))
		if !equalRecords(tail, recs[k:]) {
			t.Fatalf("resume after %d records at offset %d:\n got %s\nwant %s", k, cr.Offset(), format(tail), format(recs[k:]))
		}
	})
}

// decodeRecords turns fuzz bytes into records: 0x1e separates records, 0x1f
// fields, and a field that is exactly 0x1d is NULL. Every record has at least
// one field, since a record with none cannot be told from a single NULL.
func decodeRecords(data []byte) [][]*string {
	if len(data) == 0 {
		return nil
	}
	var recs [][]*string
	for _, line := range bytes.Split(data, []byte{0x1e}) {
		var rec []*string
		for _, f := range bytes.Split(line, []byte{0x1f}) {
			if string(f) == "\x1d" {
				rec = append(rec, nil)
			} else {
				rec = append(rec, str(string(f)))
			}
		}
		recs = append(recs, rec)
	}
	return recs
}

func FuzzCSVReader(f *testing.F) {
	f.Add([]byte("\"i\",\"s\"\n\"1\",\n"))
	f.Add([]byte("\"a\"\"b\",,\"\"\r\n"))
	f.Add([]byte("\"unterminated"))
	f.Add([]byte("\"a\"x\n"))
	f.Add([]byte("a,b\n\r"))
	f.Add([]byte(",\n\n,"))
	f.Fuzz(func(t *testing.T, in []byte) {
		cr := NewCSVReader(iotest.HalfReader(bytes.NewReader(in)))
		var recs [][]*string
		prev := int64(0)
		for {
			rec, err := cr.Read()
			if err != nil {
				var se *SyntaxError
				if err != io.EOF && !errors.As(err, &se) {
					t.Fatalf("unexpected error type %T: %v", err, err)
				}
				if se != nil && (se.Offset < prev || se.Offset > int64(len(in))) {
					t.Fatalf("error offset %d outside [%d, %d]", se.Offset, prev, len(in))
				}
				if err == io.EOF && cr.Offset() != int64(len(in)) {
					t.Fatalf("EOF with Offset %d, input has %d bytes", cr.Offset(), len(in))
				}
				break
			}
			// Each record consumes at least one byte, so reading ends.
			if cr.Offset() <= prev || cr.Offset() > int64(len(in)) {
				t.Fatalf("Offset went from %d to %d (input %d bytes)", prev, cr.Offset(), len(in))
			}
			prev = cr.Offset()
			recs = append(recs, rec)
		}
		// Whatever was read is in canonical form once written back.
		var out []byte
		for _, rec := range recs {
			out = AppendRow(out, rec)
		}
		if again := readAll(t, NewCSVReader(bytes.NewReader(out))); !equalRecords(again, recs) {
			t.Fatalf("rewritten records differ: %s vs %s", format(again), format(recs))
		}
	})
}

func benchHeader(cols int) []string {
	h := make([]string, cols)
	for i := range h {
		h[i] = fmt.Sprint("col", i)
	}
	return h
}

// benchRows returns rows of typical Athena values: numbers, short strings,
// timestamps, an occasional quote and NULL.
func benchRows(rows, cols int) [][]*string {
	out := make([][]*string, rows)
	for i := range out {
		row := make([]*string, cols)
		for j := range row {
			switch j % 5 {
			case 0:
				row[j] = str(fmt.Sprint(i * 1000003))
			case 1:
				row[j] = str(fmt.Sprintf("customer %d", i))
			case 2:
				row[j] = str("2026-09-17 12:34:56.789")
			case 3:
				if i%7 == 0 {
					row[j] = nil
				} else {
					row[j] = str(`say "hi"`)
				}
			case 4:
				row[j] = str("0.30000000000000004")
			}
		}
		out[i] = row
	}
	return out
}

func BenchmarkCSVReader(b *testing.B) {
	in := AppendHeader(nil, benchHeader(10))
	for _, row := range benchRows(1000, 10) {
		in = AppendRow(in, row)
	}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		cr := NewCSVReader(bytes.NewReader(in))
		n := 0
		for {
			_, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 1001 {
			b.Fatalf("read %d records", n)
		}
	}
}
