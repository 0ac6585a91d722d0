package s3read

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// fetch downloads one part into a fresh buffer. A GET that fails part-way
// keeps the bytes it brought, and the retry asks only for the rest. It
// returns ctx's error once ctx ends, else nil or a *PartError.
func (r *Reader) fetch(ctx context.Context, p *part) error {
	n := int(p.end - p.start + 1)
	p.buf = r.buffer(n)
	for attempt := 1; ; attempt++ {
		err := r.get(ctx, p, n)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if !retryable(err) {
			return &PartError{Bucket: r.bucket, Key: r.key, Start: p.start, End: p.end, Attempts: attempt, Err: err}
		}
		if attempt > r.opts.MaxRetries {
			return &PartError{Bucket: r.bucket, Key: r.key, Start: p.start, End: p.end, Attempts: attempt, Exhausted: true, Err: err}
		}
		r.mu.Lock()
		r.stats.Retries++
		r.mu.Unlock()
		delay := r.backoff(attempt)
		r.log.DebugContext(ctx, "s3read: retrying a part", "object", "s3://"+r.bucket+"/"+r.key,
			"range", fmt.Sprintf("%d-%d", p.start, p.end), "have", len(*p.buf), "attempt", attempt, "delay", delay, "err", err)
		if err := sleep(ctx, delay); err != nil {
			return err
		}
	}
}

// errBadAnswer marks an answer that does not hold the bytes asked for; it
// is not retried.
var errBadAnswer = errors.New("the answer does not match the requested range")

// get makes one GET for the bytes part p still lacks and appends what
// arrives, up to n bytes in all, to p's buffer.
func (r *Reader) get(ctx context.Context, p *part, n int) (err error) {
	buf := *p.buf
	from := p.start + int64(len(buf))
	in := &s3.GetObjectInput{Bucket: aws.String(r.bucket), Key: aws.String(r.key),
		Range:   aws.String("bytes=" + strconv.FormatInt(from, 10) + "-" + strconv.FormatInt(p.end, 10)),
		IfMatch: optional(r.etag), ExpectedBucketOwner: optional(r.opts.ExpectedBucketOwner)}
	had := len(buf)
	defer func() {
		*p.buf = buf
		r.mu.Lock()
		r.stats.Requests++
		r.stats.Bytes += int64(len(buf) - had)
		r.mu.Unlock()
	}()
	out, err := r.api.GetObject(ctx, in)
	if err != nil {
		if statusCode(err) == 412 {
			return fmt.Errorf("%w (ETag %s): %w", ErrChanged, r.etag, err)
		}
		return err
	}
	defer out.Body.Close()
	if err := r.checkRange(out, from, p.end); err != nil {
		return err
	}
	for len(buf) < n {
		m, err := out.Body.Read(buf[len(buf):n])
		buf = buf[:len(buf)+m]
		switch {
		case err == io.EOF && len(buf) < n:
			return fmt.Errorf("body ended after %d of %d bytes: %w", len(buf)-had, n-had, io.ErrUnexpectedEOF)
		case err == io.EOF:
			return nil
		case err != nil:
			return err
		}
	}
	return nil
}

// checkRange makes sure that an answer holds the bytes from-to: S3 answers a
// ranged GET with 206 and a Content-Range, and an answer that ignored the
// Range (a 200 with the whole object) is only right for a range that is the
// whole object.
func (r *Reader) checkRange(out *s3.GetObjectOutput, from, to int64) error {
	if out.ContentRange == nil {
		if from == 0 && to == r.size-1 && (out.ContentLength == nil || *out.ContentLength == r.size) {
			return nil
		}
		return fmt.Errorf("asked for bytes %d-%d, got an answer without Content-Range: %w", from, to, errBadAnswer)
	}
	cr := *out.ContentRange
	rest, ok := strings.CutPrefix(cr, "bytes ")
	span, total, ok2 := strings.Cut(rest, "/")
	a, b, ok3 := strings.Cut(span, "-")
	start, err1 := strconv.ParseInt(a, 10, 64)
	end, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || !ok2 || !ok3 || err1 != nil || err2 != nil || start != from || end != to {
		return fmt.Errorf("asked for bytes %d-%d, got Content-Range %q: %w", from, to, cr, errBadAnswer)
	}
	if total != "*" && total != strconv.FormatInt(r.size, 10) {
		return fmt.Errorf("%w: size %d, now %s", ErrChanged, r.size, total)
	}
	return nil
}

// retryable reports whether a failed GET is worth repeating: a 5xx, a
// throttle, a request timeout, or no answer at all (a refused or broken
// connection, a body cut short). Refusals such as 403, 404, 412 and 416
// are final.
func retryable(err error) bool {
	if errors.Is(err, errBadAnswer) || errors.Is(err, ErrChanged) {
		return false
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "InternalError", "ServiceUnavailable":
			return true
		}
	}
	switch code := statusCode(err); {
	case code == 0:
		return true
	case code >= 500, code == 429, code == 408:
		return true
	}
	return false
}

// statusCode returns the HTTP status of a failed call, or 0 when the call
// got no answer.
func statusCode(err error) int {
	var re interface{ HTTPStatusCode() int }
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// backoff returns the delay before retry n (from 1): full jitter over an
// exponential bound.
func (r *Reader) backoff(n int) time.Duration {
	bound := r.opts.Backoff
	for i := 1; i < n && bound < maxBackoff; i++ {
		bound *= 2
	}
	return rand.N(min(bound, maxBackoff) + 1)
}

// sleep waits for d or until ctx ends, returning ctx's error then.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
