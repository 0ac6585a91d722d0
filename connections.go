package athenaq

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// inMemoryBodies is an HTTP client that hands the transport its own in-memory
// copy of each request body.
//
// The SDK (smithy-go's ClientHandler) closes the request body it built as
// soon as Do returns, and the closed body answers WriteTo with io.EOF. The
// transport's writer, after sending Content-Length bytes, reads the body once
// more to check that nothing follows; when the response arrives first (the
// writer was scheduled late), that read gets the io.EOF, the transport takes
// it for a failed write and closes the connection under the response body
// the SDK is reading: "use of closed network connection", a retry, and the
// SDK's warning that it failed to discard the body. Nobody closes the copy,
// and net/http checks an in-memory body before it sends anything. See
// docs/ARCHITECTURE.md, "Connections".
type inMemoryBodies struct {
	next aws.HTTPClient
}

// Do sends req with its body read into memory. Athena request bodies are
// small: the largest member, QueryString, is at most 262,144 bytes.
func (c inMemoryBodies) Do(req *http.Request) (*http.Response, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return c.next.Do(req)
	}
	b, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, err
	}
	req = req.WithContext(req.Context()) // a shallow copy: the SDK's request stays as it built it
	req.ContentLength = int64(len(b))
	req.Body = io.NopCloser(bytes.NewReader(b))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	return c.next.Do(req)
}

// bodyGrace is how long a response body that has begun to arrive may take
// to finish after the caller's context ends.
const bodyGrace = time.Second

// finishBodies is the HTTP client the Athena SDK client sends through,
// around inMemoryBodies. A context that ends while the request waits for its
// answer aborts the request, as it does without finishBodies; one that ends
// while the answer arrives lets the body finish, for up to bodyGrace.
//
// Aborting a body that is arriving costs the connection, and the SDK then
// reports the abort as "use of closed network connection" when it drains
// the body (docs/ARCHITECTURE.md, "Connections"). Rows.Close, Client.Close
// and callers' deadlines end contexts at any time; a page of results takes
// milliseconds to finish.
type finishBodies struct {
	next aws.HTTPClient
}

// Do sends req on a context of its own that follows req's context until the
// response headers arrive.
func (c finishBodies) Do(req *http.Request) (*http.Response, error) {
	parent := req.Context()
	ctx, cancel := context.WithCancelCause(context.WithoutCancel(parent))
	x := &exchange{cancel: cancel}
	stop := context.AfterFunc(parent, func() { x.parentDone(context.Cause(parent)) })
	resp, err := c.next.Do(req.WithContext(ctx))
	if err != nil || !x.answer() {
		stop()
		x.release()
		if err != nil {
			return nil, err
		}
		// The answer raced the abort: the transport is closing the
		// connection under it, so it goes unread.
		resp.Body.Close()
		return nil, context.Cause(parent)
	}
	resp.Body = &exchangeBody{ReadCloser: resp.Body, release: func() {
		stop()
		x.release()
	}}
	return resp, nil
}

// exchange is one request and its answer.
type exchange struct {
	cancel context.CancelCauseFunc // ends the request's own context

	mu    sync.Mutex // guards state, grace
	state exchangeState
	grace *time.Timer
}

type exchangeState int

const (
	awaiting exchangeState = iota // no answer yet
	answered                      // the body is being read
	aborted                       // the caller's context ended before the answer
	released                      // the body is closed
)

// parentDone reacts to the end of the caller's context.
func (x *exchange) parentDone(cause error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	switch x.state {
	case awaiting:
		x.state = aborted
		x.cancel(cause)
	case answered:
		x.grace = time.AfterFunc(bodyGrace, func() { x.cancel(cause) })
	}
}

// answer records that the answer arrived, reporting false if the request
// was aborted first.
func (x *exchange) answer() bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.state == aborted {
		return false
	}
	x.state = answered
	return true
}

// release ends the request's context once the exchange is over.
func (x *exchange) release() {
	x.mu.Lock()
	x.state = released
	if x.grace != nil {
		x.grace.Stop()
	}
	x.mu.Unlock()
	x.cancel(nil)
}

// exchangeBody releases its exchange when closed.
type exchangeBody struct {
	io.ReadCloser
	once    sync.Once
	release func()
}

func (b *exchangeBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.release)
	return err
}
