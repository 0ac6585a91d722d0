//go:build ignore

// Command sdkbodyrace reproduces, with aws-sdk-go-v2 and a plain net/http
// server only, the SDK warning "failed to discard remaining HTTP response
// body, this may affect connection reuse: ... use of closed network
// connection". Run it from the module root:
//
//	go run docs/repro/sdkbodyrace/main.go
//
// Case "write-race": the SDK closes the request body as soon as Do returns.
// The transport, if its writeLoop has not yet made its final read of that
// body (the check that nothing follows Content-Length bytes), gets io.EOF
// from the closed body's WriteTo, counts the request write as failed and
// closes the connection under the response body that the SDK is reading.
// A delayed conn.Write stands in for a writeLoop goroutine that the
// scheduler runs late, as happens under load.
//
// Case "write-race, in-memory body": the same with the request body copied
// into a bytes.Reader before it reaches the transport: net/http then
// buffers the whole request and checks for EOF before it sends anything, so
// the SDK's close can no longer race the check.
//
// Case "cancel mid-body": the request's context ends while the response
// body is being read. The transport closes the connection; the first read
// reports the context's error, and the SDK's drain of the rest then gets
// the connection's own error.
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/smithy-go/logging"
)

func main() {
	// A GetQueryResults answer of about 100 KB, sent in two halves 100 ms
	// apart, after the whole request has been read.
	var rows []string
	for i := range 2000 {
		rows = append(rows, fmt.Sprintf(`{"Data":[{"VarCharValue":"%040d"}]}`, i))
	}
	body := `{"ResultSet":{"Rows":[` + strings.Join(rows, ",") + `],"ResultSetMetadata":{"ColumnInfo":[{"Name":"x","Type":"varchar"}]}},"UpdateCount":0}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		io.WriteString(w, body[:len(body)/2])
		w.(http.Flusher).Flush()
		time.Sleep(100 * time.Millisecond)
		io.WriteString(w, body[len(body)/2:])
	}))
	defer srv.Close()

	run("write-race", srv.URL, 20*time.Millisecond, false, 0)
	run("write-race, in-memory body", srv.URL, 20*time.Millisecond, true, 0)
	run("cancel mid-body", srv.URL, 0, false, 50*time.Millisecond)
}

func run(name, url string, writeDelay time.Duration, inMemory bool, timeout time.Duration) {
	logs := &lines{}
	var client aws.HTTPClient = awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
		d := &net.Dialer{}
		tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := d.DialContext(ctx, network, addr)
			return &lateWriter{Conn: c, delay: writeDelay}, err
		}
	})
	if inMemory {
		client = inMemoryBody{client}
	}
	api := athena.New(athena.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(url), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("k", "s", ""),
		HTTPClient:  client, Logger: logs,
	})
	writeErr := make(chan error, 1)
	ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
		WroteRequest: func(i httptrace.WroteRequestInfo) { writeErr <- i.Err },
	})
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	_, err := api.GetQueryResults(ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String("q")})
	fmt.Printf("%s:\n  call error: %v\n  transport's request write error: %v\n  SDK log lines: %q\n", name, err, <-writeErr, logs.get())
}

// lateWriter returns from each Write some time after the bytes were sent,
// as if the goroutine that wrote them had been descheduled.
type lateWriter struct {
	net.Conn
	delay time.Duration
}

func (c *lateWriter) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	time.Sleep(c.delay)
	return n, err
}

// inMemoryBody hands the transport a copy of the request body that nobody
// else closes.
type inMemoryBody struct{ next aws.HTTPClient }

func (c inMemoryBody) Do(r *http.Request) (*http.Response, error) {
	if r.Body != nil && r.Body != http.NoBody {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		r.Body = io.NopCloser(bytes.NewReader(b))
	}
	return c.next.Do(r)
}

type lines struct {
	mu sync.Mutex
	l  []string
}

func (l *lines) Logf(c logging.Classification, format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.l = append(l.l, string(c)+" "+fmt.Sprintf(format, v...))
}

func (l *lines) get() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.l...)
}
