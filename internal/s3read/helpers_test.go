package s3read_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"go.uber.org/goleak"

	"github.com/athenaq/athenaq/athenatest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		// The SDK's and net/http's idle keep-alive connections close on
		// their own after the test that used them.
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"),
	)
}

const bucket = athenatest.Bucket

// fixture is an emulator with an SDK S3 client (path-style) for it.
type fixture struct {
	env *athenatest.Env
	s3  *s3.Client
}

func start(t testing.TB, opts ...athenatest.Option) *fixture {
	t.Helper()
	env := athenatest.Start(t, opts...)
	return &fixture{env: env, s3: env.S3()}
}

// put writes data under key in the test bucket.
func (f *fixture) put(t testing.TB, key string, data []byte) {
	t.Helper()
	_, err := f.s3.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key),
		Body: bytes.NewReader(data)})
	if err != nil {
		t.Fatalf("put s3://%s/%s: %v", bucket, key, err)
	}
}

// front serves the emulator through an HTTP server of the test's own, which
// offers each request to intercept first: intercept answers it (and returns
// true) or lets the emulator answer. It returns an S3 client for the front
// that leaves retries to the Reader. The front stops with the test; a
// request that intercept holds should wait for its context or for the
// returned release channel, closed before the front stops.
func (f *fixture) front(t testing.TB, intercept func(w http.ResponseWriter, r *http.Request) bool) (*s3.Client, <-chan struct{}) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !intercept(w, r) {
			f.env.Server.ServeHTTP(w, r)
		}
	}))
	release := make(chan struct{})
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	client := s3.New(f.s3.Options(), func(o *s3.Options) {
		o.BaseEndpoint = aws.String(srv.URL)
		o.Retryer = aws.NopRetryer{}
	})
	return client, release
}

// s3Error answers a request with an S3 error.
func s3Error(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<Error><Code>%s</Code><Message>injected by the test</Message></Error>`, code)
}

// randomBytes returns n bytes that depend on seed.
func randomBytes(n int, seed byte) []byte {
	b := make([]byte, n)
	_, _ = rand.NewChaCha8([32]byte{seed}).Read(b)
	return b
}

// drain reads r to its end with Read calls of bufSize bytes, returning the
// number of bytes, their SHA-256 and the error that ended the reading (nil
// at io.EOF).
func drain(r io.Reader, bufSize int) (int64, [32]byte, error) {
	h := sha256.New()
	buf := make([]byte, bufSize)
	var n int64
	for {
		m, err := r.Read(buf)
		h.Write(buf[:m])
		n += int64(m)
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			var sum [32]byte
			copy(sum[:], h.Sum(nil))
			return n, sum, err
		}
	}
}

// eventually polls cond until it holds or 10 s have passed.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
