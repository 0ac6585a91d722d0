package athenaq

import (
	"bytes"
	"io"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// inMemoryBodies is the HTTP client the Athena SDK client sends through. It
// hands the transport its own in-memory copy of each request body.
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
