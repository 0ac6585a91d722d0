package results

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// str returns a pointer to s, for building rows with non-NULL fields.
func str(s string) *string { return &s }

func TestCSVWriterWritesAthenaBytes(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		rows   [][]*string
		want   string
	}{
		{
			// FACTS §4.2: i=1, s='it''s', q='a"b', n=NULL, empty='', a=ARRAY[1,2], vb=X'0102'.
			name:   "FACTS example row",
			header: []string{"i", "s", "q", "n", "empty", "a", "vb"},
			rows:   [][]*string{{str("1"), str("it's"), str(`a"b`), nil, str(""), str("[1, 2]"), str("01 02")}},
			want:   "\"i\",\"s\",\"q\",\"n\",\"empty\",\"a\",\"vb\"\n\"1\",\"it's\",\"a\"\"b\",,\"\",\"[1, 2]\",\"01 02\"\n",
		},
		{
			name:   "zero rows is the header alone",
			header: []string{"i"},
			want:   "\"i\"\n",
		},
		{
			name:   "SELECT 1 is 12 bytes",
			header: []string{"_col0"},
			rows:   [][]*string{{str("1")}},
			want:   "\"_col0\"\n\"1\"\n",
		},
		{
			name:   "SELECT 1 AS n is 8 bytes",
			header: []string{"n"},
			rows:   [][]*string{{str("1")}},
			want:   "\"n\"\n\"1\"\n",
		},
		{
			name:   "NULL is unquoted and empty string is quoted",
			header: []string{"a", "b", "c"},
			rows:   [][]*string{{nil, str(""), nil}, {str(""), nil, str("")}},
			want:   "\"a\",\"b\",\"c\"\n,\"\",\n\"\",,\"\"\n",
		},
		{
			name:   "single NULL column is an empty line",
			header: []string{"n"},
			rows:   [][]*string{{nil}, {nil}},
			want:   "\"n\"\n\n\n",
		},
		{
			name:   "quotes are doubled",
			header: []string{`say "hi"`},
			rows:   [][]*string{{str(`"`)}, {str(`""`)}, {str(`a"b"c`)}},
			want:   "\"say \"\"hi\"\"\"\n\"\"\"\"\n\"\"\"\"\"\"\n\"a\"\"b\"\"c\"\n",
		},
		{
			name:   "newline tab comma and CR stay raw",
			header: []string{"x", "y"},
			rows:   [][]*string{{str("a\nb"), str("c\td,e\r\n")}},
			want:   "\"x\",\"y\"\n\"a\nb\",\"c\td,e\r\n\"\n",
		},
		{
			name:   "UTF-8 is written as is",
			header: []string{"列名"},
			rows:   [][]*string{{str("日本語 ✓")}},
			want:   "\"列名\"\n\"日本語 ✓\"\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewCSVWriter(&buf)
			if err := w.WriteHeader(tt.header); err != nil {
				t.Fatal(err)
			}
			for _, row := range tt.rows {
				if err := w.WriteRow(row); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}

			appended := AppendHeader(nil, tt.header)
			for _, row := range tt.rows {
				appended = AppendRow(appended, row)
			}
			if string(appended) != tt.want {
				t.Errorf("AppendHeader/AppendRow: got %q, want %q", appended, tt.want)
			}
		})
	}
}

func TestAppendHeaderAppendsToDst(t *testing.T) {
	got := AppendHeader([]byte("x"), []string{"a", "b"})
	if want := "x\"a\",\"b\"\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCSVWriterWritesOutputLargerThanItsBuffer(t *testing.T) {
	var buf bytes.Buffer
	w := NewCSVWriter(&buf)
	big := strings.Repeat(`ab"c`, 40000) // 160 KB, 200 KB quoted
	var want []byte
	for i := range 5 {
		row := []*string{str(big), nil, str(strings.Repeat("x", i))}
		if err := w.WriteRow(row); err != nil {
			t.Fatal(err)
		}
		want = AppendRow(want, row)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("output differs from AppendRow: %d bytes, want %d", buf.Len(), len(want))
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	w.n++
	return 0, errors.New("disk full")
}

func TestCSVWriterKeepsTheFirstWriteError(t *testing.T) {
	fw := &failWriter{}
	w := NewCSVWriter(fw)
	if err := w.WriteHeader([]string{"a"}); err != nil {
		t.Fatalf("WriteHeader before any flush: %v", err)
	}
	if err := w.Flush(); err == nil {
		t.Fatal("Flush: got nil error")
	}
	if err := w.WriteRow([]*string{str(strings.Repeat("x", writeBufSize))}); err == nil || err.Error() != "disk full" {
		t.Fatalf("WriteRow after failure: got %v, want disk full", err)
	}
	if err := w.Flush(); err == nil {
		t.Fatal("second Flush: got nil error")
	}
	if fw.n != 1 {
		t.Errorf("underlying writer called %d times, want 1", fw.n)
	}
}

type shortWriter struct{}

func (shortWriter) Write(p []byte) (int, error) { return len(p) / 2, nil }

func TestCSVWriterReportsShortWrites(t *testing.T) {
	w := NewCSVWriter(shortWriter{})
	w.WriteHeader([]string{"a"})
	if err := w.Flush(); err == nil {
		t.Fatal("Flush: got nil error, want io.ErrShortWrite")
	}
}

func BenchmarkCSVWriter(b *testing.B) {
	rows := benchRows(1000, 10)
	var out bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		w := NewCSVWriter(&out)
		w.WriteHeader(benchHeader(10))
		for _, row := range rows {
			w.WriteRow(row)
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(out.Len()))
}
