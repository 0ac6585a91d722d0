package csvresult

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

// factsExample is the CSV of FACTS §4.2: i=1, s=it's, q=a"b, n=NULL,
// empty is the empty string, a=ARRAY[1,2], vb=X'0102'.
const factsExample = "\"i\",\"s\",\"q\",\"n\",\"empty\",\"a\",\"vb\"\n" +
	"\"1\",\"it's\",\"a\"\"b\",,\"\",\"[1, 2]\",\"01 02\"\n"

// readerKinds are the ways the tests feed input: through the default
// buffer, through tiny buffers that fields and quotes straddle, and through
// readers that return little at a time.
var readerKinds = []struct {
	name string
	new  func(string) *Reader
}{
	{"default", func(s string) *Reader { return NewReader(strings.NewReader(s)) }},
	{"buf1", func(s string) *Reader { return newReaderSize(strings.NewReader(s), 1) }},
	{"buf2", func(s string) *Reader { return newReaderSize(strings.NewReader(s), 2) }},
	{"buf3", func(s string) *Reader { return newReaderSize(strings.NewReader(s), 3) }},
	{"buf7", func(s string) *Reader { return newReaderSize(strings.NewReader(s), 7) }},
	{"buf64", func(s string) *Reader { return newReaderSize(strings.NewReader(s), 64) }},
	{"onebyte", func(s string) *Reader { return newReaderSize(iotest.OneByteReader(strings.NewReader(s)), 16) }},
	{"half", func(s string) *Reader { return newReaderSize(iotest.HalfReader(strings.NewReader(s)), 5) }},
	{"dataerr", func(s string) *Reader { return newReaderSize(iotest.DataErrReader(strings.NewReader(s)), 4) }},
}

// render shows a record as its fields, quoted, with NULL for nil.
func render(fields [][]byte) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		if f == nil {
			parts[i] = "NULL"
		} else {
			parts[i] = strconv.Quote(string(f))
		}
	}
	return strings.Join(parts, " ")
}

// readAll reads the header and every record, rendered, until the first
// error, which it returns unless it is io.EOF.
func readAll(r *Reader) (header []string, records []string, err error) {
	header, err = r.Header()
	if err != nil {
		return nil, nil, err
	}
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return header, records, nil
		}
		if err != nil {
			return header, records, err
		}
		records = append(records, render(rec))
	}
}

func TestReaderRecords(t *testing.T) {
	long := strings.Repeat("x\"y,\n\r\tz ", 300) // 2,700 bytes, over every test buffer
	tests := []struct {
		name    string
		in      string
		header  []string
		records []string
	}{
		{"FACTS example", factsExample,
			[]string{"i", "s", "q", "n", "empty", "a", "vb"},
			[]string{`"1" "it's" "a\"b" NULL "" "[1, 2]" "01 02"`}},
		{"SELECT 1", "\"_col0\"\n\"1\"\n", []string{"_col0"}, []string{`"1"`}},
		{"header only", "\"i\"\n", []string{"i"}, nil},
		{"header only, three columns", "\"a\",\"b\",\"c\"\n", []string{"a", "b", "c"}, nil},
		{"NULL and empty in every position", "\"a\",\"b\",\"c\"\n,\"\",\n\"\",,\"\"\n,,\n\"\",\"\",\"\"\n",
			[]string{"a", "b", "c"},
			[]string{`NULL "" NULL`, `"" NULL ""`, `NULL NULL NULL`, `"" "" ""`}},
		{"one column: NULL is an empty line", "\"x\"\n\n\"1\"\n\n\"\"\n",
			[]string{"x"}, []string{`NULL`, `"1"`, `NULL`, `""`}},
		{"doubled quotes", "\"q\"\n\"\"\"\"\n\"\"\"\"\"\"\n\"a\"\"\"\n\"\"\"a\"\n\"a\"\"b\"\"c\"\n",
			[]string{"q"}, []string{`"\""`, `"\"\""`, `"a\""`, `"\"a"`, `"a\"b\"c"`}},
		{"newlines, CRLF, tabs and commas kept raw", "\"a\",\"b\"\n\"1\n2\",\"x\r\ny\"\n\"\t\",\",,\"\n\"\n\",\"\r\"\n",
			[]string{"a", "b"}, []string{`"1\n2" "x\r\ny"`, `"\t" ",,"`, `"\n" "\r"`}},
		{"quoted separators in the header", "\"a,b\",\"c\"\"d\",\"e\nf\"\n\"1\",\"2\",\"3\"\n",
			[]string{"a,b", "c\"d", "e\nf"}, []string{`"1" "2" "3"`}},
		{"unicode", "\"名前\",\"é\"\n\"日本語\",\"🎉 ok\"\n\"\u00a0\",\"\u2028\"\n",
			[]string{"名前", "é"}, []string{`"日本語" "🎉 ok"`, `"\u00a0" "\u2028"`}},
		{"invalid UTF-8 inside quotes is kept", "\"b\"\n\"\xff\xfe\"\n", []string{"b"}, []string{`"\xff\xfe"`}},
		{"long fields", "\"l\",\"n\"\n\"" + strings.ReplaceAll(long, `"`, `""`) + "\",\n,\"" + strings.Repeat("ab", 2000) + "\"\n",
			[]string{"l", "n"}, []string{strconv.Quote(long) + " NULL", "NULL " + strconv.Quote(strings.Repeat("ab", 2000))}},
		{"a field that is only doubled quotes", "\"q\"\n\"" + strings.Repeat(`""`, 100) + "\"\n",
			[]string{"q"}, []string{strconv.Quote(strings.Repeat(`"`, 100))}},
	}
	for _, tt := range tests {
		for _, k := range readerKinds {
			t.Run(tt.name+"/"+k.name, func(t *testing.T) {
				r := k.new(tt.in)
				header, records, err := readAll(r)
				if err != nil {
					t.Fatalf("error after %d records: %v", len(records), err)
				}
				if fmt.Sprintf("%q", header) != fmt.Sprintf("%q", tt.header) {
					t.Errorf("header = %q, want %q", header, tt.header)
				}
				if strings.Join(records, "\n") != strings.Join(tt.records, "\n") {
					t.Errorf("records:\n%s\nwant:\n%s", strings.Join(records, "\n"), strings.Join(tt.records, "\n"))
				}
				if r.Offset() != int64(len(tt.in)) {
					t.Errorf("Offset() = %d at the end, want %d", r.Offset(), len(tt.in))
				}
				if _, err := r.Next(); err != io.EOF {
					t.Errorf("Next after the end = %v, want io.EOF", err)
				}
			})
		}
	}
}

func TestReaderSyntaxErrors(t *testing.T) {
	var many strings.Builder
	many.WriteString("\"n\",\"s\"\n")
	for i := range 100 {
		fmt.Fprintf(&many, "\"%d\",\"line\nbreak\"\n", i)
	}
	manyOK := many.Len()
	many.WriteString("\"100\",oops\n")

	tests := []struct {
		name    string
		in      string
		records int // records read before the error
		offset  int64
		line    int
		msg     string
	}{
		{"empty input", "", 0, 0, 1, "empty input: want the header line"},
		{"NULL label", "\"a\",,\"b\"\n", 0, 4, 1, "NULL column label: want a quoted label"},
		{"empty header line", "\n", 0, 0, 1, "NULL column label: want a quoted label"},
		{"unquoted label", "a\n", 0, 0, 1, `unexpected 'a': want '"' to open a field, ',' after a NULL or '\n'`},
		{"unquoted value", "\"a\"\n1\n", 0, 4, 2, `unexpected '1': want '"' to open a field, ',' after a NULL or '\n'`},
		{"quote inside an unquoted field", "\"a\",\"b\"\n,a\"b\n", 0, 9, 2, `unexpected 'a': want '"' to open a field, ',' after a NULL or '\n'`},
		{"space before a quote", "\"a\"\n \"1\"\n", 0, 4, 2, `unexpected ' ': want '"' to open a field, ',' after a NULL or '\n'`},
		{"end inside quotes", "\"a\"\n\"abc", 0, 8, 2, "unexpected end of input in the quoted field opened at offset 4"},
		{"end inside quotes after newlines", "\"a\"\n\"x\ny\n", 0, 9, 4, "unexpected end of input in the quoted field opened at offset 4"},
		{"end inside the header's quotes", "\"a", 0, 2, 1, "unexpected end of input in the quoted field opened at offset 0"},
		{"end after a doubled quote", "\"a\"\n\"x\"\"", 0, 8, 2, "unexpected end of input in the quoted field opened at offset 4"},
		{"no final newline", "\"a\"\n\"1\"\n\"2\"", 1, 11, 3, `unexpected end of input: want '\n' at the end of the record`},
		{"no final newline after NULL", "\"a\",\"b\"\n\"1\",", 0, 12, 2, `unexpected end of input: want '\n' at the end of the record`},
		{"no final newline in the header", "\"a\"", 0, 3, 1, `unexpected end of input: want '\n' at the end of the record`},
		{"too many fields", "\"a\"\n\"1\",\"2\"\n", 0, 7, 2, "more fields than the header's 1"},
		{"too many NULLs", "\"a\",\"b\"\n,,\n", 0, 9, 2, "more fields than the header's 2"},
		{"too few fields", "\"a\",\"b\"\n\"1\"\n", 0, 11, 2, "record has 1 field, want 2 as the header"},
		{"empty line in a two-column result", "\"a\",\"b\"\n\"1\",\"2\"\n\n", 1, 16, 3, "record has 1 field, want 2 as the header"},
		{"garbage after a closing quote", "\"a\"\n\"1\"x\n", 0, 7, 2, `unexpected 'x' after a closing quote: want ',' or '\n'`},
		{"CRLF line end", "\"a\"\r\n\"1\"\r\n", 0, 3, 1, `unexpected '\r' after a closing quote: want ',' or '\n'`},
		{"invalid UTF-8 after a quote", "\"a\"\xff\n", 0, 3, 1, `unexpected byte 0xff after a closing quote: want ',' or '\n'`},
		{"unicode after a quote", "\"a\"é\n", 0, 3, 1, `unexpected byte 0xc3 after a closing quote: want ',' or '\n'`},
		{"lines counted across buffer moves", many.String(), 100, int64(manyOK + 6), 202,
			`unexpected 'o': want '"' to open a field, ',' after a NULL or '\n'`},
	}
	for _, tt := range tests {
		for _, k := range readerKinds {
			t.Run(tt.name+"/"+k.name, func(t *testing.T) {
				r := k.new(tt.in)
				_, records, err := readAll(r)
				var se *SyntaxError
				if !errors.As(err, &se) {
					t.Fatalf("error = %v, want a *SyntaxError", err)
				}
				if se.Offset != tt.offset || se.Line != tt.line || se.Msg != tt.msg {
					t.Errorf("error = {Offset: %d, Line: %d, Msg: %q},\nwant  {Offset: %d, Line: %d, Msg: %q}",
						se.Offset, se.Line, se.Msg, tt.offset, tt.line, tt.msg)
				}
				if len(records) != tt.records {
					t.Errorf("%d records before the error, want %d", len(records), tt.records)
				}
				want := fmt.Sprintf("csvresult: offset %d, line %d: %s", tt.offset, tt.line, tt.msg)
				if err.Error() != want {
					t.Errorf("Error() = %q, want %q", err.Error(), want)
				}
				// The error sticks, and Offset stays at the failed record.
				off := r.Offset()
				if _, err2 := r.Next(); err2 != err {
					t.Errorf("Next after the error = %v, want the same error", err2)
				}
				if h, err2 := r.Header(); h == nil && err2 != err {
					t.Errorf("Header after a header error = %v, want the same error", err2)
				}
				if r.Offset() != off || off > se.Offset {
					t.Errorf("Offset() = %d then %d, want it to stay at most %d", off, r.Offset(), se.Offset)
				}
			})
		}
	}
}

func TestReaderOffsetCountsConsumedBytes(t *testing.T) {
	lines := []string{"\"a\",\"b\"\n", "\"1\",\n", ",\"x\ny\"\n", "\"\"\"\",\"\"\n"}
	for _, k := range readerKinds {
		t.Run(k.name, func(t *testing.T) {
			r := k.new(strings.Join(lines, ""))
			if r.Offset() != 0 {
				t.Errorf("Offset() = %d before reading", r.Offset())
			}
			if _, err := r.Header(); err != nil {
				t.Fatal(err)
			}
			want := len(lines[0])
			if r.Offset() != int64(want) {
				t.Errorf("Offset() after Header = %d, want %d", r.Offset(), want)
			}
			for _, l := range lines[1:] {
				if _, err := r.Next(); err != nil {
					t.Fatal(err)
				}
				want += len(l)
				if r.Offset() != int64(want) {
					t.Errorf("Offset() after %q = %d, want %d", l, r.Offset(), want)
				}
			}
		})
	}
}

func TestReaderReturnsReadErrors(t *testing.T) {
	errBroken := errors.New("connection reset")
	in := io.MultiReader(strings.NewReader("\"a\"\n\"1\"\n\"2"), iotest.ErrReader(errBroken))
	r := newReaderSize(in, 4)
	_, records, err := readAll(r)
	if !errors.Is(err, errBroken) {
		t.Fatalf("error = %v, want %v", err, errBroken)
	}
	if strings.Join(records, ",") != `"1"` {
		t.Errorf("records before the error = %q", records)
	}
	if _, err := r.Next(); !errors.Is(err, errBroken) {
		t.Errorf("Next after the error = %v", err)
	}
}

type zeroReader struct{}

func (zeroReader) Read([]byte) (int, error) { return 0, nil }

func TestReaderGivesUpOnAReaderThatReturnsNothing(t *testing.T) {
	_, err := NewReader(zeroReader{}).Header()
	if err != io.ErrNoProgress {
		t.Errorf("error = %v, want io.ErrNoProgress", err)
	}
}

func TestReaderNextReadsTheHeaderFirst(t *testing.T) {
	r := NewReader(strings.NewReader(factsExample))
	rec, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if got := render(rec); got != `"1" "it's" "a\"b" NULL "" "[1, 2]" "01 02"` {
		t.Errorf("first record = %s", got)
	}
	h, err := r.Header()
	if err != nil || strings.Join(h, ",") != "i,s,q,n,empty,a,vb" {
		t.Errorf("Header() = %q, %v", h, err)
	}
}

func TestReaderFieldsAreClipped(t *testing.T) {
	r := NewReader(strings.NewReader("\"a\",\"b\",\"c\"\n\"x\",\"y\"\"\",\"z\"\n"))
	rec, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	_ = append(rec[0], "!!!"...)
	_ = append(rec[1], "!!!"...)
	if got := render(rec); got != `"x" "y\"" "z"` {
		t.Errorf("after appending to fields: %s", got)
	}
}

func TestReaderDoesNotAllocatePerRecord(t *testing.T) {
	var b strings.Builder
	b.WriteString("\"i\",\"s\",\"n\",\"q\"\n")
	for i := range 20000 {
		fmt.Fprintf(&b, "\"%d\",\"some text, %d\",,\"say \"\"hi\"\"\"\n", i, i)
	}
	r := newReaderSize(strings.NewReader(b.String()), 4096)
	if _, err := r.Next(); err != nil { // the header, the buffers, the field slice
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(10000, func() {
		if _, err := r.Next(); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per record, want 0", allocs)
	}
}

// encode writes a header and records as Athena does (FACTS §4.2).
func encode(header []string, records [][][]byte) []byte {
	var b bytes.Buffer
	line := func(fields [][]byte) {
		for i, f := range fields {
			if i > 0 {
				b.WriteByte(',')
			}
			if f == nil {
				continue
			}
			b.WriteByte('"')
			b.Write(bytes.ReplaceAll(f, []byte(`"`), []byte(`""`)))
			b.WriteByte('"')
		}
		b.WriteByte('\n')
	}
	h := make([][]byte, len(header))
	for i, s := range header {
		h[i] = []byte(s)
	}
	line(h)
	for _, rec := range records {
		line(rec)
	}
	return b.Bytes()
}

// collect reads everything, copying each record.
func collect(r *Reader) (header []string, records [][][]byte, err error) {
	header, err = r.Header()
	if err != nil {
		return nil, nil, err
	}
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return header, records, nil
		}
		if err != nil {
			return header, records, err
		}
		cp := make([][]byte, len(rec))
		for i, f := range rec {
			if f != nil {
				cp[i] = append([]byte{}, f...)
			}
		}
		records = append(records, cp)
	}
}

func FuzzReader(f *testing.F) {
	f.Add([]byte(factsExample))
	f.Add([]byte("\"x\"\n\n\"1\"\n\n\"\"\n"))
	f.Add([]byte("\"a\",\"b\"\n\"1\n2\",\"x\r\ny\"\n\"\t\",\",,\"\n"))
	f.Add([]byte("\"q\"\n\"\"\"\"\n\"a\"\"b\"\"c\"\n"))
	f.Add([]byte("\"a\",\"b\"\n,\"\",\n"))
	f.Add([]byte("\"a\"\n\"abc"))
	f.Add([]byte("\"a\"\n\"1\"x\n"))
	f.Add([]byte("\"a\"\r\n\"1\"\r\n"))
	f.Add([]byte("\"a\",,\"b\"\n"))
	f.Add([]byte("\x00\x01\x00a\"b\x00\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkReader(t, data)
		checkRoundTrip(t, data)
	})
}

// checkReader holds a Reader to its promises on any bytes: the same outcome
// through every buffer, no panic, errors that are *SyntaxErrors within the
// input, and records that are what the bytes consumed encode.
func checkReader(t *testing.T, data []byte) {
	header, records, err := collect(NewReader(bytes.NewReader(data)))
	r := newReaderSize(iotest.OneByteReader(bytes.NewReader(data)), 3)
	header2, records2, err2 := collect(r)
	if fmt.Sprint(err) != fmt.Sprint(err2) || fmt.Sprintf("%q", header) != fmt.Sprintf("%q", header2) ||
		!bytes.Equal(encode(header, records), encode(header2, records2)) {
		t.Fatalf("default buffer: %q %q %v\ntiny buffer: %q %q %v", header, records, err, header2, records2, err2)
	}
	if err != nil {
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("error %v (%T) is not a *SyntaxError", err, err)
		}
		if se.Offset < 0 || se.Offset > int64(len(data)) {
			t.Fatalf("error offset %d outside the input of %d bytes", se.Offset, len(data))
		}
		if want := bytes.Count(data[:se.Offset], []byte{'\n'}) + 1; se.Line != want {
			t.Fatalf("error line %d, want %d: %v", se.Line, want, err)
		}
	}
	// The format has one spelling per table, so what was read encodes
	// back to the bytes consumed.
	if header != nil {
		if got, want := encode(header, records), data[:r.Offset()]; !bytes.Equal(got, want) {
			t.Fatalf("records re-encode as %q, consumed %q", got, want)
		}
	}
}

// checkRoundTrip makes a table from the bytes (fields split at 0x00, a
// field starting with 0x01 is NULL, the first byte picks the width),
// encodes it as Athena does and reads it back.
func checkRoundTrip(t *testing.T, data []byte) {
	if len(data) == 0 {
		return
	}
	width := 1 + int(data[0])%4
	var fields [][]byte
	for _, p := range bytes.Split(data[1:], []byte{0}) {
		if len(p) > 0 && p[0] == 1 {
			p = nil
		}
		fields = append(fields, p)
	}
	for len(fields)%width != 0 {
		fields = append(fields, nil)
	}
	var rows [][][]byte
	for i := 0; i < len(fields); i += width {
		rows = append(rows, fields[i:i+width])
	}
	labels := make([]string, width)
	for i := range labels {
		labels[i] = fmt.Sprintf("c%d\",\n", i)
	}
	enc := encode(labels, rows)
	gotHeader, gotRows, err := collect(newReaderSize(iotest.HalfReader(bytes.NewReader(enc)), 5))
	if err != nil {
		t.Fatalf("reading %q: %v", enc, err)
	}
	if fmt.Sprintf("%q", gotHeader) != fmt.Sprintf("%q", labels) || len(gotRows) != len(rows) {
		t.Fatalf("round trip of %q: header %q, %d rows", enc, gotHeader, len(gotRows))
	}
	for i := range rows {
		for j := range rows[i] {
			want, got := rows[i][j], gotRows[i][j]
			if (want == nil) != (got == nil) || !bytes.Equal(want, got) {
				t.Fatalf("row %d field %d: got %q (NULL %v), want %q (NULL %v)", i, j, got, got == nil, want, want == nil)
			}
		}
	}
}
