package csvresult

import (
	"bytes"
	"io"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/athenaq/athenaq/athenatype"
)

const benchRows = 1_000_000

// benchColumns are the ColumnInfo types of the benchmark table.
var benchColumns = []string{
	"integer", "bigint", "double", "decimal", "varchar", "boolean", "date", "timestamp", "varchar", "array",
}

var benchData = sync.OnceValue(func() []byte { return makeBenchCSV(benchRows) })

// makeBenchCSV writes rows of mixed Athena values in Athena's CSV, from a
// fixed seed: about 140 bytes a row.
func makeBenchCSV(rows int) []byte {
	rnd := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	b.Grow(rows * 150)
	b.WriteString(`"i","big","d","dec","s","ok","day","ts","sparse","arr"` + "\n")
	var f []byte
	quote := func(v []byte) {
		b.WriteByte('"')
		for {
			q := bytes.IndexByte(v, '"')
			if q < 0 {
				break
			}
			b.Write(v[:q+1])
			b.WriteByte('"')
			v = v[q+1:]
		}
		b.Write(v)
		b.WriteByte('"')
	}
	words := []string{"alpha", "beta", "gamma", "delta", "with, comma", `say "hi"`, "line\nbreak", "été", "x"}
	base := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for range rows {
		f = strconv.AppendInt(f[:0], int64(rnd.Int32N(2_000_000_000))-1_000_000_000, 10)
		quote(f)
		b.WriteByte(',')
		f = strconv.AppendInt(f[:0], rnd.Int64()-rnd.Int64(), 10)
		quote(f)
		b.WriteByte(',')
		f = strconv.AppendFloat(f[:0], float64(rnd.IntN(1e9))/1e3, 'f', -1, 64)
		if bytes.IndexByte(f, '.') < 0 {
			f = append(f, ".0"...)
		}
		quote(f)
		b.WriteByte(',')
		c := rnd.IntN(1e10) - 5e9
		f = f[:0]
		if c < 0 {
			f, c = append(f, '-'), -c
		}
		f = strconv.AppendInt(f, int64(c/100), 10)
		f = append(f, '.', byte('0'+c/10%10), byte('0'+c%10))
		quote(f)
		b.WriteByte(',')
		f = f[:0]
		// Mostly plain words; one field in 9 holds a comma, one a quote,
		// one a newline.
		for n := 1 + rnd.IntN(4); n > 0; n-- {
			if len(f) > 0 {
				f = append(f, ' ')
			}
			f = append(f, words[rnd.IntN(len(words))]...)
		}
		quote(f)
		b.WriteByte(',')
		quote(strconv.AppendBool(f[:0], rnd.IntN(2) == 0))
		b.WriteByte(',')
		t := base.Add(time.Duration(rnd.Int64N(int64(30 * 365 * 24 * time.Hour))))
		quote(t.AppendFormat(f[:0], time.DateOnly))
		b.WriteByte(',')
		quote(t.AppendFormat(f[:0], "2006-01-02 15:04:05.000"))
		b.WriteByte(',')
		if rnd.IntN(5) == 0 {
			quote(append(f[:0], words[rnd.IntN(len(words))]...))
		}
		b.WriteByte(',')
		f = append(f[:0], '[')
		for i := range rnd.IntN(5) {
			if i > 0 {
				f = append(f, ", "...)
			}
			f = strconv.AppendInt(f, int64(rnd.IntN(1000)), 10)
		}
		quote(append(f, ']'))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// reportRates reports rows and megabytes per second over all iterations.
func reportRates(b *testing.B, rows, size int) {
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(rows)*float64(b.N)/secs, "rows/s")
	b.ReportMetric(float64(size)*float64(b.N)/secs/1e6, "MB/s")
}

// BenchmarkReaderNext reads a 1,000,000-row, 10-column result per op.
func BenchmarkReaderNext(b *testing.B) {
	data := benchData()
	b.ReportAllocs()
	for b.Loop() {
		r := NewReader(bytes.NewReader(data))
		if _, err := r.Header(); err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != benchRows {
			b.Fatalf("%d rows", n)
		}
	}
	reportRates(b, benchRows, len(data))
}

// BenchmarkDecodeTyped reads the same result and decodes every field into
// a reused []any with Decoder.DecodeBytes, as a client does.
func BenchmarkDecodeTyped(b *testing.B) {
	benchmarkDecode(b, func(d *athenatype.Decoder, f []byte) (any, error) { return d.DecodeBytes(f) })
}

// BenchmarkDecodeTypedStrings is BenchmarkDecodeTyped with
// Decode(string(field)), for comparison.
func BenchmarkDecodeTypedStrings(b *testing.B) {
	benchmarkDecode(b, func(d *athenatype.Decoder, f []byte) (any, error) { return d.Decode(string(f)) })
}

func benchmarkDecode(b *testing.B, decode func(*athenatype.Decoder, []byte) (any, error)) {
	data := benchData()
	decoders := make([]*athenatype.Decoder, len(benchColumns))
	for i, typ := range benchColumns {
		d, err := athenatype.NewDecoder(typ, nil)
		if err != nil {
			b.Fatal(err)
		}
		decoders[i] = d
	}
	row := make([]any, len(benchColumns))
	b.ReportAllocs()
	for b.Loop() {
		r := NewReader(bytes.NewReader(data))
		if _, err := r.Header(); err != nil {
			b.Fatal(err)
		}
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			for i, f := range rec {
				if f == nil {
					row[i] = nil
					continue
				}
				if row[i], err = decode(decoders[i], f); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	reportRates(b, benchRows, len(data))
}
