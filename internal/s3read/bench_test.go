package s3read_test

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/athenaq/athenaq/internal/s3read"
)

// BenchmarkReadObject reads a 64 MB object from the emulator with the
// default options and with one download at a time.
func BenchmarkReadObject(b *testing.B) {
	const size = 64 << 20
	f := start(b)
	f.put(b, "bench.bin", randomBytes(size, 8))
	buf := make([]byte, 32<<10)
	for _, bc := range []struct {
		name string
		opts s3read.Options
	}{
		{"defaults", s3read.Options{}},
		{"concurrency=1", s3read.Options{Concurrency: 1}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var total time.Duration
			n := 0
			for b.Loop() {
				began := time.Now()
				r, err := s3read.Open(context.Background(), f.s3, bucket, "bench.bin", bc.opts)
				if err != nil {
					b.Fatal(err)
				}
				var m int
				for err == nil {
					var k int
					k, err = r.Read(buf)
					m += k
				}
				r.Close()
				if err != io.EOF || m != size {
					b.Fatalf("read %d bytes: %v", m, err)
				}
				total += time.Since(began)
				n++
			}
			b.ReportMetric(float64(size)*float64(n)/total.Seconds()/1e6, "MB/s")
		})
	}
}
