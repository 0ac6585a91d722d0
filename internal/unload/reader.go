package unload

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/athenaq/athenaq/internal/s3read"
)

// API is the part of the S3 client that a Reader uses; *s3.Client
// implements it.
type API interface {
	GetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// Options tune a Reader. The zero value is ready to use.
type Options struct {
	// Concurrency is how many files download at once (default 4). At most
	// Concurrency+1 files are held in memory: the one being read and the
	// ones downloaded ahead of it.
	Concurrency int
	// BatchSize is the most rows a record holds (default 65536).
	BatchSize int64
	// Mem allocates the records' buffers. The default recycles the large
	// buffers of released records for the next ones.
	Mem memory.Allocator
	// ExpectedBucketOwner, when set, goes with every GET: the manifest's
	// and the data files'. The client unloads under its own output
	// location, so both live in buckets of the same owner.
	ExpectedBucketOwner string
}

// Default option values.
const (
	DefaultConcurrency = 4
	DefaultBatchSize   = 64 << 10
)

// maxManifestBytes bounds the manifest that Open reads: a line is about 120
// bytes, so this allows hundreds of thousands of files.
const maxManifestBytes = 64 << 20

// errClosed is the cause with which Close stops the reader's downloads.
var errClosed = errors.New("unload: reader closed")

// Reader streams the records of the Parquet files that an UNLOAD manifest
// lists, file after file in manifest order, while the files after the
// current one download in the background. It implements
// array.RecordReader.
//
// A record returned by RecordBatch is valid until the next call of Next,
// Close or Release; Retain it to keep it longer. A Reader is not safe for
// concurrent use, except that the context given to Open may be cancelled
// from anywhere: Next then returns false and Err reports the context's
// error.
type Reader struct {
	refs  atomic.Int64
	api   API
	opts  Options
	files []string
	uris  []s3URI
	// fetched and bytes count the data files downloaded and their bytes.
	fetched atomic.Int64
	bytes   atomic.Int64

	// ctx is Open's context with a cancel of the reader's own. The
	// array.RecordReader interface gives Next no context, so Open's
	// context governs the whole read, as QueryContext's does for
	// database/sql's Rows; Close cancels it to stop the downloads.
	ctx    context.Context
	cancel context.CancelCauseFunc
	wg     sync.WaitGroup // the dispatcher and the download workers

	// window holds one token for each file from the moment it is queued
	// for download until its records are consumed, which bounds the files
	// held in memory.
	window chan struct{}
	slots  []slot

	// The consumer's state, touched only by the goroutine that calls Next.
	schema   *arrow.Schema
	schemaOf string // the file whose schema became the reader's
	next     int    // the next file to open
	cur      *openFile
	rec      arrow.RecordBatch
	err      error
	closed   bool
}

// slot is one file's download. done is closed once data or err is set;
// after that only the consumer touches the slot.
type slot struct {
	done chan struct{}
	data []byte
	err  error
}

// openFile is the file whose records Next is handing out.
type openFile struct {
	index int
	rr    pqarrow.RecordReader
}

// Open reads the manifest at manifestURI (an s3:// URI, one data file URI a
// line), starts downloading the files it lists and returns once the first
// file has arrived, so that Schema is known. ctx governs the whole read:
// when it ends, downloads stop and Next returns false with ctx's error.
//
// A manifest that lists no files gives a Reader with an empty schema (no
// fields) and no records, as Athena's UNLOAD of no rows may write no file.
// Files with no rows are skipped, but every Parquet file must have the
// first file's schema. The caller must Close (or Release) the Reader.
func Open(ctx context.Context, api API, manifestURI string, opts Options) (*Reader, error) {
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.Mem == nil {
		opts.Mem = newRecycler()
	}
	loc, err := parseS3URI(manifestURI)
	if err != nil {
		return nil, fmt.Errorf("unload: manifest %q: %w", manifestURI, err)
	}
	body, err := get(ctx, api, loc, opts.ExpectedBucketOwner, maxManifestBytes)
	if err != nil {
		return nil, fmt.Errorf("unload: read manifest %s: %w", manifestURI, err)
	}
	files, err := s3read.ParseManifest(string(body))
	if err != nil {
		return nil, fmt.Errorf("unload: manifest %s: %w", manifestURI, err)
	}
	r := &Reader{api: api, opts: opts, files: files, uris: make([]s3URI, len(files)),
		window: make(chan struct{}, opts.Concurrency+1), slots: make([]slot, len(files))}
	for i, f := range files {
		r.uris[i], _ = parseS3URI(f) // ParseManifest checked every line
		r.slots[i].done = make(chan struct{})
	}
	r.refs.Store(1)
	r.ctx, r.cancel = context.WithCancelCause(ctx)
	r.start()
	for r.schema == nil && r.next < len(r.files) {
		if err := r.openNext(); err != nil {
			r.Close()
			return nil, err
		}
	}
	if r.schema == nil {
		r.schema = arrow.NewSchema(nil, nil)
	}
	return r, nil
}

// Files returns the data files that the manifest lists, in its order.
func (r *Reader) Files() []string { return slices.Clone(r.files) }

// Downloaded returns the number of data files downloaded so far and their
// bytes. It is safe to call from any goroutine.
func (r *Reader) Downloaded() (files int, bytes int64) {
	return int(r.fetched.Load()), r.bytes.Load()
}

// Schema returns the schema of every record: the first file's.
func (r *Reader) Schema() *arrow.Schema { return r.schema }

// Next advances to the next record and reports whether there is one. It
// blocks while the next file downloads. At the end, and after an error,
// it returns false; Err tells them apart.
func (r *Reader) Next() bool {
	r.rec = nil
	if r.err != nil || r.closed {
		return false
	}
	for {
		if err := r.ctx.Err(); err != nil {
			r.err = err
			return false
		}
		if r.cur != nil {
			ok, err := r.advance()
			if ok {
				r.rec = r.cur.rr.RecordBatch()
				return true
			}
			if err != nil {
				r.err = fmt.Errorf("unload: read %s: %w", r.files[r.cur.index], err)
				return false
			}
			r.finish()
		}
		if r.next >= len(r.files) {
			return false
		}
		if err := r.openNext(); err != nil {
			r.err = err
			return false
		}
	}
}

// RecordBatch returns the current record, or nil before the first call of
// Next and after Next returned false.
func (r *Reader) RecordBatch() arrow.RecordBatch { return r.rec }

// Record returns the current record, like RecordBatch.
//
// Deprecated: Use RecordBatch, as array.RecordReader does.
func (r *Reader) Record() arrow.RecordBatch { return r.rec }

// Err returns the error that ended Next, if any: a file that could not be
// downloaded or decoded (its URI is in the message and the cause wrapped),
// or the context's error.
func (r *Reader) Err() error { return r.err }

// Retain adds a reference to r.
func (r *Reader) Retain() { r.refs.Add(1) }

// Release drops a reference to r; the last one closes it.
func (r *Reader) Release() {
	if r.refs.Add(-1) == 0 {
		r.Close()
	}
}

// Close stops the downloads, waits for the goroutines of r to end and
// releases the current record. It may be called more than once; it
// always returns nil.
func (r *Reader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	r.rec = nil
	r.cancel(errClosed)
	if r.cur != nil {
		release(r.cur.rr)
		r.cur = nil
	}
	r.wg.Wait()
	for i := range r.slots {
		pool.put(r.slots[i].data)
		r.slots[i].data = nil
	}
	return nil
}

// start runs the dispatcher, which queues the files for download in
// manifest order as window tokens free up, and Concurrency workers that
// download them.
func (r *Reader) start() {
	if len(r.files) == 0 {
		return
	}
	jobs := make(chan int)
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer close(jobs)
		for i := range r.files {
			select {
			case r.window <- struct{}{}:
			case <-r.ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-r.ctx.Done():
				return
			}
		}
	}()
	for range min(r.opts.Concurrency, len(r.files)) {
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			for i := range jobs {
				s := &r.slots[i]
				// A whole file goes into memory: Parquet needs random
				// access (the footer comes last), and the files that
				// Athena's UNLOAD writes are tens of MB at most.
				s.data, s.err = get(r.ctx, r.api, r.uris[i], r.opts.ExpectedBucketOwner, -1)
				if s.err == nil {
					r.fetched.Add(1)
					r.bytes.Add(int64(len(s.data)))
				}
				close(s.done)
			}
		}()
	}
}

// checkChunks checks that every column chunk of pf lies within its size
// bytes. The decoder opens column chunks on goroutines of its own, where a
// bad offset or length would be a panic that no recover reaches.
func checkChunks(pf *file.Reader, size int64) error {
	md := pf.MetaData()
	for g := range md.NumRowGroups() {
		rg := md.RowGroup(g)
		if rg.NumRows() < 0 {
			return fmt.Errorf("row group %d has %d rows", g, rg.NumRows())
		}
		for c := range rg.NumColumns() {
			col, err := rg.ColumnChunk(c)
			if err != nil {
				return fmt.Errorf("row group %d: %w", g, err)
			}
			start, length := col.DataPageOffset(), col.TotalCompressedSize()
			if col.HasDictionaryPage() && col.DictionaryPageOffset() > 0 && start > col.DictionaryPageOffset() {
				start = col.DictionaryPageOffset()
			}
			if start < 0 || length < 0 || start > size || length > size-start {
				return fmt.Errorf("row group %d column %d: chunk of %d bytes at %d is outside the file's %d bytes", g, c, length, start, size)
			}
		}
	}
	return nil
}

// advance moves the current file's reader to its next record. It turns a
// panic of the Parquet decoder, which some malformed files cause, into an
// error. (Panics in the decoder's own goroutines, which read the fields of
// nested columns, cannot be caught here.)
func (r *Reader) advance() (ok bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			ok, err = false, fmt.Errorf("malformed Parquet: %v", p)
		}
	}()
	if r.cur.rr.Next() {
		return true, nil
	}
	return false, r.cur.rr.Err()
}

// openNext waits for the next file and makes it the current one, or skips
// it when it has no rows. The first file that is a Parquet file gives the
// reader its schema; the others must match it. Like advance, it turns the
// Parquet decoder's panics into errors.
func (r *Reader) openNext() (err error) {
	i := r.next
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("unload: read %s: malformed Parquet: %v", r.files[i], p)
		}
	}()
	r.next++
	name := r.files[i]
	s := &r.slots[i]
	select {
	case <-s.done:
	case <-r.ctx.Done():
		return r.ctx.Err()
	}
	if s.err != nil {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		return fmt.Errorf("unload: get %s: %w", name, s.err)
	}
	if len(s.data) == 0 {
		// A 0-byte object is not a Parquet file; a writer that had no rows
		// may leave one.
		r.done(i)
		return nil
	}
	// The default reader properties copy each column chunk out of the
	// file's bytes (BufferedStreamEnabled is off), so that no record refers
	// to them: they go back to the pool once the file is consumed, while
	// records that the caller retained live on.
	pf, err := file.NewParquetReader(bytes.NewReader(s.data), file.WithReadProps(parquet.NewReaderProperties(r.opts.Mem)))
	if err != nil {
		r.done(i)
		return fmt.Errorf("unload: read %s: %w", name, err)
	}
	if err := checkChunks(pf, int64(len(s.data))); err != nil {
		r.done(i)
		return fmt.Errorf("unload: read %s: %w", name, err)
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: r.opts.BatchSize}, r.opts.Mem)
	if err != nil {
		r.done(i)
		return fmt.Errorf("unload: read %s: %w", name, err)
	}
	sc, err := fr.Schema()
	if err != nil {
		r.done(i)
		return fmt.Errorf("unload: read %s: schema: %w", name, err)
	}
	if r.schema == nil {
		r.schema, r.schemaOf = sc, name
	} else if err := sameSchema(r.schema, sc); err != nil {
		r.done(i)
		return fmt.Errorf("unload: read %s: its schema differs from that of %s: %w", name, r.schemaOf, err)
	}
	if pf.NumRows() == 0 {
		r.done(i)
		return nil
	}
	rr, err := fr.GetRecordReader(r.ctx, nil, nil)
	if err != nil {
		r.done(i)
		return fmt.Errorf("unload: read %s: %w", name, err)
	}
	r.cur = &openFile{index: i, rr: rr}
	return nil
}

// finish releases the current file once its records are consumed.
func (r *Reader) finish() {
	release(r.cur.rr)
	r.done(r.cur.index)
	r.cur = nil
}

// release releases rr. The decoder's buffers of a malformed file may not
// be releasable: their panic is dropped, and the garbage collector takes
// what is left.
func release(rr pqarrow.RecordReader) {
	defer func() { _ = recover() }()
	rr.Release()
}

// done drops file i's bytes and frees its window token, which lets the
// dispatcher queue another file.
func (r *Reader) done(i int) {
	pool.put(r.slots[i].data)
	r.slots[i].data = nil
	<-r.window
}

// sameSchema reports how b differs from a in its fields' names, types and
// nullability; metadata is not compared.
func sameSchema(a, b *arrow.Schema) error {
	if a.NumFields() != b.NumFields() {
		return fmt.Errorf("%d columns, want %d", b.NumFields(), a.NumFields())
	}
	for i := range a.NumFields() {
		fa, fb := a.Field(i), b.Field(i)
		if fa.Name != fb.Name || !arrow.TypeEqual(fa.Type, fb.Type) || fa.Nullable != fb.Nullable {
			return fmt.Errorf("column %d is %s, want %s", i+1, fieldText(fb), fieldText(fa))
		}
	}
	return nil
}

func fieldText(f arrow.Field) string {
	s := f.Name + " " + f.Type.String()
	if !f.Nullable {
		s += " not null"
	}
	return s
}

// s3URI is a parsed s3://bucket/key.
type s3URI struct{ bucket, key string }

func parseS3URI(s string) (s3URI, error) {
	rest, ok := strings.CutPrefix(s, "s3://")
	if !ok {
		return s3URI{}, errors.New("want s3://bucket/key")
	}
	bucket, key, _ := strings.Cut(rest, "/")
	if bucket == "" || key == "" {
		return s3URI{}, errors.New("want s3://bucket/key")
	}
	return s3URI{bucket, key}, nil
}

// getAttempts bounds the GETs of one object whose body breaks off part-way
// (a connection cut): each one after the first asks for the rest alone.
const getAttempts = 6

// getBackoff is the bound of the first retry's full-jitter delay, which
// doubles with each retry.
const getBackoff = 50 * time.Millisecond

// get reads the object at u. A positive limit fails objects larger than
// limit bytes; without one, the object is a data file, whose buffer comes
// from the pool and goes back to it through Reader.done. A body that
// breaks off is resumed where it stopped, pinned to the object's ETag, up
// to getAttempts GETs in all.
func get(ctx context.Context, api API, u s3URI, owner string, limit int64) ([]byte, error) {
	in := &s3.GetObjectInput{Bucket: aws.String(u.bucket), Key: aws.String(u.key)}
	if owner != "" {
		in.ExpectedBucketOwner = aws.String(owner)
	}
	out, err := api.GetObject(ctx, in)
	if err != nil {
		return nil, err
	}
	size := aws.ToInt64(out.ContentLength)
	if limit > 0 && size > limit {
		out.Body.Close()
		return nil, fmt.Errorf("object of %d bytes, more than the limit of %d", size, limit)
	}
	if out.ContentLength == nil || size < 0 || size > maxPrealloc {
		// Trust no unknown or huge announced length: read what comes.
		defer out.Body.Close()
		var body io.Reader = out.Body
		if limit > 0 {
			body = io.LimitReader(out.Body, limit+1)
		}
		data, err := io.ReadAll(body)
		if err != nil {
			return nil, err
		}
		if limit > 0 && int64(len(data)) > limit {
			return nil, fmt.Errorf("object larger than the limit of %d bytes", limit)
		}
		return data, nil
	}
	// One buffer of the announced size, where a growing one would clear
	// and copy the bytes again. Data files take theirs from the pool.
	var data []byte
	if limit > 0 {
		data = make([]byte, size)
	} else {
		data = pool.get(int(size))
	}
	fail := func(err error) ([]byte, error) {
		if limit <= 0 {
			pool.put(data)
		}
		return nil, err
	}
	have := 0
	for attempt := 1; ; attempt++ {
		n, err := io.ReadFull(out.Body, data[have:])
		have += n
		if err == nil {
			n, _ = out.Body.Read(make([]byte, 1))
			out.Body.Close()
			if n > 0 {
				return fail(fmt.Errorf("object longer than its Content-Length %d", size))
			}
			return data, nil
		}
		out.Body.Close()
		if attempt == getAttempts {
			return fail(fmt.Errorf("read %d bytes of %d (gave up after %d attempts): %w", have, size, attempt, err))
		}
		bound := min(getBackoff<<(attempt-1), 2*time.Second)
		t := time.NewTimer(rand.N(bound + 1))
		select {
		case <-ctx.Done():
			t.Stop()
			return fail(fmt.Errorf("read %d bytes of %d: %w", have, size, context.Cause(ctx)))
		case <-t.C:
		}
		rest := &s3.GetObjectInput{Bucket: in.Bucket, Key: in.Key, ExpectedBucketOwner: in.ExpectedBucketOwner,
			Range: aws.String(fmt.Sprintf("bytes=%d-%d", have, size-1)), IfMatch: out.ETag}
		next, err := api.GetObject(ctx, rest)
		if err != nil {
			return fail(fmt.Errorf("read %d bytes of %d, then resume: %w", have, size, err))
		}
		if aws.ToInt64(next.ContentLength) != size-int64(have) {
			next.Body.Close()
			return fail(fmt.Errorf("resumed at byte %d of %d, S3 answered %d bytes", have, size, aws.ToInt64(next.ContentLength)))
		}
		out = next
	}
}

// maxPrealloc is the largest announced Content-Length that get allocates
// up front.
const maxPrealloc = 1 << 30

var _ array.RecordReader = (*Reader)(nil)
