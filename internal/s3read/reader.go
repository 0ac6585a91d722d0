package s3read

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// API is the part of an S3 client that a Reader uses. *s3.Client
// (aws-sdk-go-v2/service/s3) satisfies it.
type API interface {
	GetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, optFns ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
}

// Options configure a Reader. The zero value reads with the defaults.
type Options struct {
	// PartSize is the number of bytes one ranged GET asks for; default
	// 8 MiB. An object of at most PartSize bytes takes a single GET.
	PartSize int64
	// Concurrency is the most parts downloading at once; default 4.
	Concurrency int
	// Window is the most parts held at once, downloading or downloaded and
	// not yet read; default 2*Concurrency. A Reader holds at most
	// Window*PartSize bytes of the object. A Window below Concurrency also
	// bounds the downloads.
	Window int
	// MaxRetries is how many times a part is asked for again after a
	// transient failure (a body cut short, a connection error, a 5xx, a
	// throttle) before the Reader fails; default 5, negative for none. Each
	// retry asks only for the bytes the part still lacks.
	MaxRetries int
	// Backoff is the base of the delay before a retry: retry n waits a
	// random time between 0 and Backoff*2^(n-1), capped at 5 s; default
	// 100 ms.
	Backoff time.Duration
	// ExpectedBucketOwner, when set, is sent with every request, so that S3
	// refuses the read if another account owns the bucket.
	ExpectedBucketOwner string
	// Logger gets a debug line for each retry; nil discards.
	Logger *slog.Logger
}

const (
	defaultPartSize    = 8 << 20
	defaultConcurrency = 4
	defaultMaxRetries  = 5
	defaultBackoff     = 100 * time.Millisecond
	maxBackoff         = 5 * time.Second
)

// ErrClosed is returned by Read after Close.
var ErrClosed = errors.New("S3 reader closed")

// ErrChanged is matched, under errors.Is, by the error of a read whose object
// was replaced after Open: S3 refused a part because the object's ETag is no
// longer the one Open saw.
var ErrChanged = errors.New("object changed since it was opened")

// PartError reports a part of the object that could not be read. It names
// the object and the part's byte range and wraps the last cause.
type PartError struct {
	Bucket, Key string
	Start, End  int64 // the part's bytes, End included
	Attempts    int   // GETs made for the part
	// Exhausted is true when the part failed after MaxRetries retries,
	// false when the failure was not worth retrying (403, 404, 412...).
	Exhausted bool
	Err       error
}

// Error returns "read s3://bucket/key bytes START-END: ..." and the cause.
func (e *PartError) Error() string {
	if e.Exhausted {
		return fmt.Sprintf("read s3://%s/%s bytes %d-%d: gave up after %d attempts: %v", e.Bucket, e.Key, e.Start, e.End, e.Attempts, e.Err)
	}
	return fmt.Sprintf("read s3://%s/%s bytes %d-%d: %v", e.Bucket, e.Key, e.Start, e.End, e.Err)
}

// Unwrap returns the cause.
func (e *PartError) Unwrap() error { return e.Err }

// Stats describe the work of a Reader so far.
type Stats struct {
	Size     int64 // the object's size, from HEAD
	Parts    int   // the parts the object is split into
	Requests int   // GetObject calls, retries included
	Retries  int   // GetObject calls that resumed a part after a failure
	// Bytes counts body bytes received. A retry asks only for what a part
	// lacks, so after a complete read Bytes equals Size, cuts or not.
	Bytes int64
	// Delivered counts bytes returned by Read.
	Delivered int64
	// PeakHeld is the most parts held at once (downloading, or downloaded
	// and not yet read); it never exceeds Options.Window.
	PeakHeld int
}

// Reader reads one S3 object with ordered, parallel ranged GETs. Read
// returns the object's bytes in order; behind it, up to Concurrency parts
// download at once, at most Window parts are held, and a part's buffer is
// recycled as soon as Read has handed it out.
//
// A Reader is an io.ReadCloser: Read is for one goroutine at a time, and
// Close may be called from any goroutine, also while a Read waits, and
// more than once. The caller must call Close to stop the downloads.
type Reader struct {
	api    API
	bucket string
	key    string
	etag   string
	size   int64
	opts   Options
	log    *slog.Logger
	nparts int
	bufs   *sync.Pool // recycles buffers of PartSize bytes; nil for a single small part
	// free keeps up to Window buffers for this Reader's next parts. A
	// sync.Pool is emptied by every garbage collection, and a reader that
	// allocates fast (a decoder behind it) collects often: fresh buffers
	// then cost a page fault per page, as much as the download itself.
	free chan *[]byte

	// ctx is the context Open was given, with the cancel that Close and
	// failures use. A Reader keeps it because io.Reader's Read takes no
	// context: it bounds the whole read.
	ctx    context.Context
	cancel context.CancelFunc
	order  chan *part    // the parts in object order, as the feeder creates them
	slots  chan struct{} // one token per held part: the window
	wg     sync.WaitGroup
	once   sync.Once // Close

	readMu  sync.Mutex // held by Read and by Close's clean-up; guards cur, off, pending, next, eof
	cur     *part      // the part Read is handing out
	off     int        // how much of cur is handed out
	pending *part      // a part Read took from order and stopped waiting for
	next    int        // index of the next part to hand out
	eof     bool

	mu     sync.Mutex // guards err, closed, held, stats
	err    error      // the first failure
	closed bool
	held   int
	stats  Stats
}

// part is one ranged GET's worth of the object. A worker fills buf and then
// closes done; after that only the reading side touches it.
type part struct {
	start, end int64 // End included
	buf        *[]byte
	err        error
	done       chan struct{}
}

// Open reads the object's size and ETag with HeadObject and starts the
// downloads. ctx bounds the whole read, not just Open: when it ends, the
// downloads stop and Read returns ctx's error. Every GET carries the ETag
// in If-Match, so a replaced object fails with ErrChanged instead of
// mixing two versions.
//
// A missing object fails here, with an error that names it.
func Open(ctx context.Context, api API, bucket, key string, opts Options) (*Reader, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	head, err := api.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key),
		ExpectedBucketOwner: optional(opts.ExpectedBucketOwner)})
	if err != nil {
		if statusCode(err) == 404 {
			return nil, fmt.Errorf("s3://%s/%s: no such object: %w", bucket, key, err)
		}
		return nil, fmt.Errorf("head s3://%s/%s: %w", bucket, key, err)
	}
	if head.ContentLength == nil || *head.ContentLength < 0 {
		return nil, fmt.Errorf("head s3://%s/%s: the answer has no object size", bucket, key)
	}
	r := &Reader{api: api, bucket: bucket, key: key, etag: aws.ToString(head.ETag), size: *head.ContentLength,
		opts: opts, log: opts.Logger}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	r.nparts = int((r.size + opts.PartSize - 1) / opts.PartSize)
	r.stats = Stats{Size: r.size, Parts: r.nparts}
	if r.nparts == 0 {
		r.eof = true
		return r, nil
	}
	if r.nparts > 1 || r.size == opts.PartSize {
		r.bufs = bufferPool(int(opts.PartSize))
		r.free = make(chan *[]byte, opts.Window)
	}
	r.ctx, r.cancel = context.WithCancel(ctx)
	r.order = make(chan *part, opts.Window)
	r.slots = make(chan struct{}, opts.Window)
	work := make(chan *part)
	workers := min(opts.Concurrency, opts.Window, r.nparts)
	r.wg.Add(1 + workers)
	go r.feed(r.ctx, work)
	for range workers {
		go r.work(r.ctx, work)
	}
	return r, nil
}

// Size returns the object's size in bytes.
func (r *Reader) Size() int64 { return r.size }

// Stats returns a snapshot of the Reader's counters. It is safe to call at
// any time, from any goroutine.
func (r *Reader) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stats
}

// Read copies the next bytes of the object into p. It blocks until the
// next part has arrived, a part has failed (the error, a *PartError, is
// returned from then on), the Reader is closed (ErrClosed) or Open's
// context ends (its error). It returns io.EOF after the last byte.
func (r *Reader) Read(p []byte) (int, error) {
	r.readMu.Lock()
	defer r.readMu.Unlock()
	if r.eof {
		return 0, io.EOF
	}
	if err := r.stopped(); err != nil {
		return 0, err
	}
	if len(p) == 0 {
		return 0, nil
	}
	for {
		if r.cur != nil {
			b := *r.cur.buf
			n := copy(p, b[r.off:])
			r.off += n
			r.mu.Lock()
			r.stats.Delivered += int64(n)
			r.mu.Unlock()
			if r.off == len(b) {
				// Free the part's place at once, so that the next
				// download starts while the caller uses these bytes.
				r.release(r.cur)
				r.cur = nil
				r.next++
			}
			if n > 0 {
				return n, nil
			}
		}
		if r.next == r.nparts {
			r.eof = true
			return 0, io.EOF
		}
		pt := r.pending
		if pt == nil {
			select {
			case pt = <-r.order:
			case <-r.ctx.Done():
				return 0, r.stopped()
			}
		}
		select {
		case <-pt.done:
		case <-r.ctx.Done():
			r.pending = pt
			return 0, r.stopped()
		}
		if pt.err != nil {
			// The worker recorded the failure before closing done; keep
			// the part for Close to recycle.
			r.pending = pt
			if err := r.stopped(); err != nil {
				return 0, err
			}
			return 0, pt.err
		}
		r.pending = nil
		r.cur, r.off = pt, 0
	}
}

// Close stops the downloads, waits for every goroutine of the Reader to
// end and recycles the buffers. It returns nil; Read returns ErrClosed
// afterwards. Calling Close again does nothing.
func (r *Reader) Close() error {
	r.once.Do(func() {
		r.mu.Lock()
		r.closed = true
		r.mu.Unlock()
		if r.cancel == nil {
			return
		}
		r.cancel()
		r.wg.Wait()
		r.readMu.Lock()
		defer r.readMu.Unlock()
		for _, p := range []*part{r.cur, r.pending} {
			if p != nil {
				r.recycle(p)
			}
		}
		r.cur, r.pending = nil, nil
	drain:
		for {
			select {
			case p := <-r.order:
				r.recycle(p)
			default:
				break drain
			}
		}
		// The buffers kept for this Reader go to the shared pool, for the
		// Readers opened after it.
		for {
			select {
			case b := <-r.free:
				r.bufs.Put(b)
			default:
				return
			}
		}
	})
	return nil
}

// stopped returns why the Reader cannot go on, or nil: the first failure,
// Close, or the end of Open's context.
func (r *Reader) stopped() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.err != nil:
		return r.err
	case r.closed:
		return ErrClosed
	case r.ctx != nil:
		return r.ctx.Err()
	}
	return nil
}

// fail records the first failure and cancels every download.
func (r *Reader) fail(err error) {
	r.mu.Lock()
	if r.err == nil && !r.closed {
		r.err = err
	}
	r.mu.Unlock()
	r.cancel()
}

// feed creates the parts in order, each once the window has room, and
// hands them to the workers.
func (r *Reader) feed(ctx context.Context, work chan<- *part) {
	defer r.wg.Done()
	defer close(work)
	for i := range r.nparts {
		select {
		case r.slots <- struct{}{}:
		case <-ctx.Done():
			return
		}
		start := int64(i) * r.opts.PartSize
		p := &part{start: start, end: min(start+r.opts.PartSize, r.size) - 1, done: make(chan struct{})}
		r.mu.Lock()
		r.held++
		r.stats.PeakHeld = max(r.stats.PeakHeld, r.held)
		r.mu.Unlock()
		// Never blocks: order holds at most Window parts, as slots does.
		r.order <- p
		select {
		case work <- p:
		case <-ctx.Done():
			return
		}
	}
}

// work downloads the parts it is handed until the feeder stops.
func (r *Reader) work(ctx context.Context, work <-chan *part) {
	defer r.wg.Done()
	for p := range work {
		if ctx.Err() != nil {
			// The feeder handed p over as the Reader stopped.
			p.err = ctx.Err()
			close(p.done)
			continue
		}
		if err := r.fetch(ctx, p); err != nil {
			p.err = err
			if ctx.Err() == nil {
				r.fail(err)
			}
		}
		close(p.done)
	}
}

// release ends a part that Read has handed out: its buffer is recycled and
// its place in the window freed.
func (r *Reader) release(p *part) {
	r.recycle(p)
	r.mu.Lock()
	r.held--
	r.mu.Unlock()
	<-r.slots
}

func (r *Reader) recycle(p *part) {
	if p.buf != nil && r.bufs != nil {
		*p.buf = (*p.buf)[:0]
		select {
		case r.free <- p.buf:
		default:
			r.bufs.Put(p.buf)
		}
	}
	p.buf = nil
}

// buffer returns an empty buffer for a part of n bytes.
func (r *Reader) buffer(n int) *[]byte {
	if r.bufs != nil {
		select {
		case b := <-r.free:
			if cap(*b) >= n {
				return b
			}
		default:
		}
		if b, ok := r.bufs.Get().(*[]byte); ok && cap(*b) >= n {
			return b
		}
		b := make([]byte, 0, r.opts.PartSize)
		return &b
	}
	b := make([]byte, 0, n)
	return &b
}

// pools holds one *sync.Pool of buffers per part size in use, so that
// Readers opened one after another reuse each other's buffers.
var pools sync.Map // int -> *sync.Pool

func bufferPool(size int) *sync.Pool {
	if p, ok := pools.Load(size); ok {
		return p.(*sync.Pool)
	}
	p, _ := pools.LoadOrStore(size, &sync.Pool{})
	return p.(*sync.Pool)
}

func (o Options) withDefaults() (Options, error) {
	switch {
	case o.PartSize < 0 || o.PartSize > math.MaxInt:
		return o, fmt.Errorf("Options.PartSize %d: want a positive number of bytes, or 0 for 8 MiB", o.PartSize)
	case o.Concurrency < 0:
		return o, fmt.Errorf("Options.Concurrency %d: want a positive number, or 0 for %d", o.Concurrency, defaultConcurrency)
	case o.Window < 0:
		return o, fmt.Errorf("Options.Window %d: want a positive number of parts, or 0 for twice Concurrency", o.Window)
	case o.Backoff < 0:
		return o, fmt.Errorf("Options.Backoff %v: want a positive duration, or 0 for %v", o.Backoff, defaultBackoff)
	}
	if o.PartSize == 0 {
		o.PartSize = defaultPartSize
	}
	if o.Concurrency == 0 {
		o.Concurrency = defaultConcurrency
	}
	if o.Window == 0 {
		o.Window = 2 * o.Concurrency
	}
	switch {
	case o.MaxRetries == 0:
		o.MaxRetries = defaultMaxRetries
	case o.MaxRetries < 0:
		o.MaxRetries = 0
	}
	if o.Backoff == 0 {
		o.Backoff = defaultBackoff
	}
	return o, nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
