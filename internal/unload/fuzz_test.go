package unload_test

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/athenaq/athenaq/internal/unload"
)

// memoryAPI serves objects from a map, for fuzzing without a server.
type memoryAPI map[string][]byte

func (m memoryAPI) GetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	data, ok := m[aws.ToString(in.Bucket)+"/"+aws.ToString(in.Key)]
	if !ok {
		return nil, &s3types.NoSuchKey{}
	}
	return &s3.GetObjectOutput{Body: io.NopCloser(bytes.NewReader(data)), ContentLength: aws.Int64(int64(len(data)))}, nil
}

// parquetSeed writes a small Snappy-compressed Parquet file, the seed
// that FuzzOpen mutates. Its columns are not nested: arrow-go decodes the
// fields of maps and rows on goroutines of its own, where a panic on a
// malformed page cannot be recovered (see Reader.advance).
func parquetSeed(f testing.TB) []byte {
	f.Helper()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
		{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "d", Type: &arrow.Decimal128Type{Precision: 38, Scale: 9}, Nullable: true},
		{Name: "a", Type: arrow.ListOf(arrow.PrimitiveTypes.Int64), Nullable: true},
		{Name: "t", Type: &arrow.TimestampType{Unit: arrow.Microsecond}, Nullable: true},
	}, nil)
	rec, _, err := array.RecordFromJSON(memory.DefaultAllocator, schema, strings.NewReader(`[
		{"id": 1, "s": "a", "d": "1.5", "a": [1, 2], "t": 1},
		{"id": null, "s": null, "d": null, "a": null, "t": null},
		{"id": 3, "s": "", "d": "-0.000000001", "a": [], "t": -1}]`))
	if err != nil {
		f.Fatal(err)
	}
	defer rec.Release()
	var buf bytes.Buffer
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy))
	if err := pqarrow.WriteTable(array.NewTableFromRecords(schema, []arrow.RecordBatch{rec}), &buf, 2, props, pqarrow.DefaultWriterProps()); err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzOpen feeds arbitrary bytes to Open as a data file: it must return
// errors, never panic, for whatever an object holds.
func FuzzOpen(f *testing.F) {
	seed := parquetSeed(f)
	f.Add(seed)
	f.Add(seed[:len(seed)-10])
	f.Add([]byte("PAR1PAR1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		api := memoryAPI{"b/manifest": []byte("s3://b/f\ns3://b/f"), "b/f": data}
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		r, err := unload.Open(context.Background(), api, "s3://b/manifest", unload.Options{Mem: mem, BatchSize: 2})
		if err != nil {
			return
		}
		defer r.Close()
		for r.Next() {
			rec := r.RecordBatch()
			for j := range int(rec.NumCols()) {
				for i := range int(rec.NumRows()) {
					unload.Value(rec.Column(j), i)
				}
			}
		}
	})
}

// TestReaderSurvivesMalformedFiles reads a few hundred corrupted copies of
// a Parquet file (bytes changed, dropped and inserted): each must end in
// records or an error naming the file, never a panic.
func TestReaderSurvivesMalformedFiles(t *testing.T) {
	seed := parquetSeed(t)
	rng := rand.New(rand.NewPCG(1, 2))
	failed := 0
	for try := range 400 {
		data := slices.Clone(seed)
		for range 1 + rng.IntN(3) {
			i := rng.IntN(len(data))
			switch rng.IntN(3) {
			case 0:
				data[i] = byte(rng.IntN(256))
			case 1:
				data = slices.Delete(data, i, min(len(data), i+1+rng.IntN(4)))
			case 2:
				data = slices.Insert(data, i, byte(rng.IntN(256)), byte(rng.IntN(256)))
			}
		}
		err := func() (err error) {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("try %d: panic: %v", try, p)
				}
			}()
			api := memoryAPI{"b/manifest": []byte("s3://b/f"), "b/f": data}
			r, err := unload.Open(context.Background(), api, "s3://b/manifest", unload.Options{BatchSize: 2})
			if err != nil {
				return err
			}
			defer r.Close()
			for r.Next() {
				rec := r.RecordBatch()
				for j := range int(rec.NumCols()) {
					for i := range int(rec.NumRows()) {
						unload.Value(rec.Column(j), i)
					}
				}
			}
			return r.Err()
		}()
		if err != nil {
			failed++
			if !strings.Contains(err.Error(), "s3://b/f") {
				t.Errorf("try %d: error %q does not name the file", try, err)
			}
		}
	}
	if failed == 0 {
		t.Error("no corrupted file failed")
	}
}
