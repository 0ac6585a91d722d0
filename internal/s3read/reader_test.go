package s3read_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
	"github.com/athenaq/athenaq/internal/s3read"
)

const partSize = 64 << 10

func TestReadReturnsTheObjectByteForByte(t *testing.T) {
	f := start(t)
	ctx := context.Background()
	for _, obj := range []struct {
		name string
		size int
	}{
		{"empty", 0},
		{"one byte", 1},
		{"part size less one", partSize - 1},
		{"part size", partSize},
		{"part size plus one", partSize + 1},
		{"20 MB", 20 << 20},
	} {
		data := randomBytes(obj.size, byte(obj.size%251))
		key := "objects/" + strings.ReplaceAll(obj.name, " ", "-")
		f.put(t, key, data)
		want := sha256.Sum256(data)
		for _, bufSize := range []int{1, 1000, 32 << 10, 1 << 20} {
			if obj.size > 1<<20 && (bufSize == 1 || bufSize == 32<<10) {
				continue // the race detector makes big reads slow
			}
			t.Run(fmt.Sprintf("%s/reads of %d", obj.name, bufSize), func(t *testing.T) {
				opts := s3read.Options{PartSize: partSize, Concurrency: 4}
				r, err := s3read.Open(ctx, f.s3, bucket, key, opts)
				if err != nil {
					t.Fatal(err)
				}
				defer r.Close()
				n, sum, err := drain(r, bufSize)
				if err != nil || n != int64(obj.size) || sum != want {
					t.Fatalf("read %d bytes (err %v), sha256 match %v; want %d bytes", n, err, sum == want, obj.size)
				}
				if m, err := r.Read(make([]byte, 8)); m != 0 || err != io.EOF {
					t.Errorf("Read after the end = %d, %v; want 0, io.EOF", m, err)
				}
				parts := (obj.size + partSize - 1) / partSize
				st := r.Stats()
				if r.Size() != int64(obj.size) || st.Size != int64(obj.size) || st.Parts != parts || st.Requests != parts ||
					st.Retries != 0 || st.Bytes != int64(obj.size) || st.Delivered != int64(obj.size) || st.PeakHeld > 8 {
					t.Errorf("Size %d, Stats %+v; want %d bytes in %d parts, one GET each, at most 8 held", r.Size(), st, obj.size, parts)
				}
				if err := r.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
		}
	}
	t.Run("20 MB with the default options", func(t *testing.T) {
		r, err := s3read.Open(ctx, f.s3, bucket, "objects/20-MB", s3read.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		n, sum, err := drain(r, 32<<10)
		if err != nil || n != 20<<20 || sum != sha256.Sum256(randomBytes(20<<20, byte((20<<20)%251))) {
			t.Fatalf("read %d bytes, err %v", n, err)
		}
		if st := r.Stats(); st.Parts != 3 || st.Requests != 3 {
			t.Errorf("Stats %+v; want 3 parts of 8 MiB", st)
		}
	})
}

func TestReadResumesBodiesCutShort(t *testing.T) {
	f := start(t, athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{S3CutRate: 0.3, Seed: 11}}))
	data := randomBytes(8<<20, 3)
	f.put(t, "cut.bin", data)
	r, err := s3read.Open(context.Background(), f.s3, bucket, "cut.bin",
		s3read.Options{PartSize: partSize, Concurrency: 4, MaxRetries: 20, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n, sum, err := drain(r, 50_000)
	if err != nil || n != int64(len(data)) || sum != sha256.Sum256(data) {
		t.Fatalf("read %d bytes, err %v, sha256 match %v", n, err, sum == sha256.Sum256(data))
	}
	st, cuts := r.Stats(), f.env.Server.Stats().S3Cuts
	// Each cut costs one retry that asks only for the missing bytes.
	if st.Retries == 0 || int64(st.Retries) != cuts || st.Requests != st.Parts+st.Retries || st.Bytes != int64(len(data)) {
		t.Errorf("Stats %+v with %d cuts; want one retry per cut and every byte received once", st, cuts)
	}
}

func TestReadGivesUpAfterMaxRetries(t *testing.T) {
	f := start(t, athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{S3CutRate: 1, Seed: 5}}))
	f.put(t, "always-cut.bin", randomBytes(4*partSize, 1))
	r, err := s3read.Open(context.Background(), f.s3, bucket, "always-cut.bin",
		s3read.Options{PartSize: partSize, Concurrency: 1, MaxRetries: 2, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n, _, err := drain(r, 4096)
	var pe *s3read.PartError
	if n != 0 || !errors.As(err, &pe) || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("read %d bytes, err %v; want a *PartError wrapping io.ErrUnexpectedEOF", n, err)
	}
	if !pe.Exhausted || pe.Attempts != 3 || pe.Start != 0 || pe.End != partSize-1 || pe.Bucket != bucket || pe.Key != "always-cut.bin" {
		t.Errorf("PartError %+v", pe)
	}
	if want := "read s3://athenaq-test/always-cut.bin bytes 0-65535: gave up after 3 attempts: "; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q, want it to start with %q", err, want)
	}
	if _, again := r.Read(make([]byte, 10)); again != err {
		t.Errorf("second Read: %v, want the same error", again)
	}
	if st := r.Stats(); st.Requests != 3 || st.Retries != 2 || f.env.Server.Stats().S3Cuts != 3 {
		t.Errorf("Stats %+v, %d cuts; want 3 GETs, 2 retries, 3 cuts", st, f.env.Server.Stats().S3Cuts)
	}
}

func TestReadRetriesOnlyTransientFailures(t *testing.T) {
	f := start(t)
	data := randomBytes(3*partSize, 9)
	f.put(t, "flaky.bin", data)
	for _, tc := range []struct {
		name   string
		answer func(w http.ResponseWriter)
		retry  bool
	}{
		{"500 InternalError", func(w http.ResponseWriter) { s3Error(w, 500, "InternalError") }, true},
		{"503 SlowDown", func(w http.ResponseWriter) { s3Error(w, 503, "SlowDown") }, true},
		{"400 RequestTimeout", func(w http.ResponseWriter) { s3Error(w, 400, "RequestTimeout") }, true},
		{"403 AccessDenied", func(w http.ResponseWriter) { s3Error(w, 403, "AccessDenied") }, false},
		{"404 NoSuchKey", func(w http.ResponseWriter) { s3Error(w, 404, "NoSuchKey") }, false},
		{"416 InvalidRange", func(w http.ResponseWriter) { s3Error(w, 416, "InvalidRange") }, false},
		{"400 InvalidArgument", func(w http.ResponseWriter) { s3Error(w, 400, "InvalidArgument") }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var first atomic.Bool
			client, _ := f.front(t, func(w http.ResponseWriter, r *http.Request) bool {
				// The first GET of the second part gets the failure.
				if r.Method == http.MethodGet && strings.HasPrefix(r.Header.Get("Range"), fmt.Sprintf("bytes=%d-", partSize)) &&
					first.CompareAndSwap(false, true) {
					tc.answer(w)
					return true
				}
				return false
			})
			r, err := s3read.Open(context.Background(), client, bucket, "flaky.bin",
				s3read.Options{PartSize: partSize, Concurrency: 2, MaxRetries: 3, Backoff: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			n, sum, err := drain(r, 10_000)
			st := r.Stats()
			if tc.retry {
				if err != nil || sum != sha256.Sum256(data) || st.Retries != 1 {
					t.Errorf("read %d bytes, err %v, Stats %+v; want the whole object after one retry", n, err, st)
				}
				return
			}
			var pe *s3read.PartError
			if !errors.As(err, &pe) || pe.Exhausted || pe.Attempts != 1 || pe.Start != partSize || st.Retries != 0 {
				t.Fatalf("err %v, Stats %+v; want a *PartError for bytes %d- after one attempt", err, st, partSize)
			}
			var api smithy.APIError
			if !errors.As(err, &api) || !strings.Contains(tc.name, api.ErrorCode()) {
				t.Errorf("err %v does not carry the S3 error", err)
			}
		})
	}
}

func TestReadFailsWhenTheObjectIsReplaced(t *testing.T) {
	f := start(t)
	data := randomBytes(32*partSize, 1)
	f.put(t, "replaced.bin", data)
	r, err := s3read.Open(context.Background(), f.s3, bucket, "replaced.bin",
		s3read.Options{PartSize: partSize, Concurrency: 1, Window: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	head := make([]byte, partSize+100)
	if _, err := io.ReadFull(r, head); err != nil {
		t.Fatal(err)
	}
	f.put(t, "replaced.bin", randomBytes(len(data), 2))
	rest, err := io.ReadAll(r)
	var pe *s3read.PartError
	if !errors.Is(err, s3read.ErrChanged) || !errors.As(err, &pe) {
		t.Fatalf("err %v; want ErrChanged in a *PartError", err)
	}
	if pe.Exhausted || pe.Attempts != 1 || pe.Start%partSize != 0 || pe.End != pe.Start+partSize-1 || r.Stats().Retries != 0 {
		t.Errorf("PartError %+v, Stats %+v; want one refused GET of one part", pe, r.Stats())
	}
	var re *awshttp.ResponseError
	if !errors.As(err, &re) || re.HTTPStatusCode() != http.StatusPreconditionFailed {
		t.Errorf("err %v; want the 412 answer wrapped", err)
	}
	for _, s := range []string{"read s3://athenaq-test/replaced.bin bytes ", "object changed since it was opened"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q lacks %q", err, s)
		}
	}
	// What was read is the old object's start: versions never mix.
	got := append(head, rest...)
	if string(got) != string(data[:len(got)]) {
		t.Errorf("the %d bytes read are not a prefix of the original object", len(got))
	}
}

func TestOpenFailsOnAMissingObject(t *testing.T) {
	f := start(t)
	for _, tc := range []struct{ name, bucket, key, want string }{
		{"missing key", bucket, "results/none.csv", "s3://athenaq-test/results/none.csv: no such object: "},
		{"missing bucket", "no-such-bucket", "x.csv", "s3://no-such-bucket/x.csv: no such object: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := s3read.Open(context.Background(), f.s3, tc.bucket, tc.key, s3read.Options{})
			if err == nil {
				r.Close()
				t.Fatal("Open succeeded")
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("err %q, want it to start with %q", err, tc.want)
			}
			var re *awshttp.ResponseError
			if !errors.As(err, &re) || re.HTTPStatusCode() != 404 {
				t.Errorf("err %v does not wrap the 404", err)
			}
		})
	}
}

func TestOpenChecksOptions(t *testing.T) {
	f := start(t)
	f.put(t, "o.bin", []byte("x"))
	for _, tc := range []struct {
		name string
		opts s3read.Options
		want string
	}{
		{"negative part size", s3read.Options{PartSize: -1}, "Options.PartSize -1: want a positive number of bytes"},
		{"negative concurrency", s3read.Options{Concurrency: -2}, "Options.Concurrency -2: "},
		{"negative window", s3read.Options{Window: -1}, "Options.Window -1: "},
		{"negative backoff", s3read.Options{Backoff: -time.Second}, "Options.Backoff -1s: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := s3read.Open(context.Background(), f.s3, bucket, "o.bin", tc.opts)
			if err == nil {
				r.Close()
				t.Fatal("Open succeeded")
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("err %q, want it to start with %q", err, tc.want)
			}
		})
	}
}

// holdLaterParts answers the GETs of the first part and holds the others
// until their requests end.
func holdLaterParts(held *atomic.Int32) func(w http.ResponseWriter, r *http.Request) bool {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodGet || strings.HasPrefix(r.Header.Get("Range"), "bytes=0-") {
			return false
		}
		held.Add(1)
		<-r.Context().Done()
		return true
	}
}

func TestReadEndsWhenTheContextEnds(t *testing.T) {
	f := start(t)
	f.put(t, "slow.bin", randomBytes(8*partSize, 4))
	for _, tc := range []struct {
		name string
		// ctx returns the context for Open and what to do once the first
		// part is read.
		ctx  func() (ctx context.Context, cancel, afterFirstPart func())
		want error
	}{
		{"cancelled", func() (context.Context, func(), func()) {
			ctx, cancel := context.WithCancel(context.Background())
			return ctx, cancel, func() { time.AfterFunc(50*time.Millisecond, cancel) }
		}, context.Canceled},
		{"deadline", func() (context.Context, func(), func()) {
			ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
			return ctx, cancel, func() {}
		}, context.DeadlineExceeded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var held atomic.Int32
			client, _ := f.front(t, holdLaterParts(&held))
			ctx, cancel, afterFirstPart := tc.ctx()
			defer cancel()
			r, err := s3read.Open(ctx, client, bucket, "slow.bin", s3read.Options{PartSize: partSize, Concurrency: 2})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.ReadFull(r, make([]byte, partSize)); err != nil {
				t.Fatal(err)
			}
			afterFirstPart()
			start := time.Now()
			n, err := r.Read(make([]byte, 4096))
			if !errors.Is(err, tc.want) || n != 0 {
				t.Errorf("Read = %d, %v; want 0, %v", n, err, tc.want)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("Read took %v to see the context end", d)
			}
			if _, again := r.Read(make([]byte, 10)); !errors.Is(again, tc.want) {
				t.Errorf("second Read: %v", again)
			}
			if held.Load() == 0 {
				t.Error("no GET was held: the test proves nothing")
			}
			if err := r.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
			if err := r.Close(); err != nil {
				t.Errorf("second Close: %v", err)
			}
			if _, err := r.Read(make([]byte, 10)); !errors.Is(err, s3read.ErrClosed) {
				t.Errorf("Read after Close: %v, want ErrClosed", err)
			}
		})
	}
}

func TestCloseEndsAWaitingRead(t *testing.T) {
	f := start(t)
	f.put(t, "slow.bin", randomBytes(8*partSize, 4))
	var held atomic.Int32
	client, _ := f.front(t, holdLaterParts(&held))
	r, err := s3read.Open(context.Background(), client, bucket, "slow.bin", s3read.Options{PartSize: partSize})
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "held GETs", func() bool { return held.Load() > 0 })
	time.AfterFunc(50*time.Millisecond, func() { r.Close() })
	n, _, err := drain(r, 4096)
	if !errors.Is(err, s3read.ErrClosed) || n != partSize {
		t.Errorf("read %d bytes, err %v; want the first part, then ErrClosed", n, err)
	}
	r.Close() // waits for the first Close to finish
}

func TestFailureCancelsSiblingParts(t *testing.T) {
	f := start(t)
	f.put(t, "denied.bin", randomBytes(8*partSize, 5))
	var held, ended atomic.Int32
	siblings := make(chan struct{})
	client, _ := f.front(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodGet {
			return false
		}
		if strings.HasPrefix(r.Header.Get("Range"), "bytes=0-") {
			// Refuse the first part once its siblings are downloading.
			select {
			case <-siblings:
			case <-time.After(10 * time.Second):
			}
			s3Error(w, 403, "AccessDenied")
			return true
		}
		if held.Add(1) == 3 {
			close(siblings)
		}
		<-r.Context().Done()
		ended.Add(1)
		return true
	})
	r, err := s3read.Open(context.Background(), client, bucket, "denied.bin", s3read.Options{PartSize: partSize, Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	_, _, err = drain(r, 4096)
	var pe *s3read.PartError
	if !errors.As(err, &pe) || pe.Start != 0 || pe.Attempts != 1 {
		t.Fatalf("err %v; want a *PartError for the first part", err)
	}
	// The siblings' requests end without Close.
	eventually(t, "the sibling GETs to end", func() bool { return ended.Load() == held.Load() })
	if held.Load() != 3 {
		t.Errorf("%d sibling GETs, want 3", held.Load())
	}
}

func TestWindowBoundsHeldParts(t *testing.T) {
	f := start(t)
	data := randomBytes(32*partSize, 6)
	f.put(t, "window.bin", data)
	for _, tc := range []struct {
		name                string
		concurrency, window int
	}{
		{"window above concurrency", 4, 6},
		{"window below concurrency", 4, 2},
		{"one part at a time", 1, 1},
		{"default window", 3, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			window := tc.window
			if window == 0 {
				window = 2 * tc.concurrency
			}
			r, err := s3read.Open(context.Background(), f.s3, bucket, "window.bin",
				s3read.Options{PartSize: partSize, Concurrency: tc.concurrency, Window: tc.window})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			first := make([]byte, 1)
			if _, err := io.ReadFull(r, first); err != nil {
				t.Fatal(err)
			}
			// While the reader stalls, the downloads fill the window and stop.
			eventually(t, "a full window", func() bool { return r.Stats().Requests >= window })
			time.Sleep(100 * time.Millisecond)
			if st := r.Stats(); st.Requests != window || st.PeakHeld != window {
				t.Errorf("stalled: Stats %+v; want %d parts requested and held", st, window)
			}
			n, sum, err := drain(r, 10_000)
			if err != nil || n != int64(len(data)-1) || sum != sha256.Sum256(data[1:]) {
				t.Fatalf("read %d more bytes, err %v", n, err)
			}
			if st := r.Stats(); st.PeakHeld != window || st.Requests != 32 {
				t.Errorf("Stats %+v; want at most %d parts held", st, window)
			}
		})
	}
}

func TestReadSendsExpectedBucketOwner(t *testing.T) {
	f := start(t)
	f.put(t, "owned.bin", randomBytes(3*partSize, 7))
	var owners atomic.Int32
	client, _ := f.front(t, func(w http.ResponseWriter, r *http.Request) bool {
		owned := r.Header.Get("X-Amz-Expected-Bucket-Owner") == "111122223333"
		if owned && (r.Method == http.MethodHead || r.Header.Get("If-Match") != "") {
			owners.Add(1)
		}
		return false
	})
	r, err := s3read.Open(context.Background(), client, bucket, "owned.bin",
		s3read.Options{PartSize: partSize, ExpectedBucketOwner: "111122223333"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, _, err := drain(r, 10_000); err != nil {
		t.Fatal(err)
	}
	if owners.Load() != 4 {
		t.Errorf("%d of 4 requests carried the expected owner (and the GETs If-Match)", owners.Load())
	}
}

// The Reader is an io.ReadCloser; S3 clients satisfy API.
var (
	_ io.ReadCloser = (*s3read.Reader)(nil)
	_ s3read.API    = (*s3.Client)(nil)
)
