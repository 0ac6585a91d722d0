package athenaq_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go/logging"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
)

// discardWarning is what the SDK logs when it cannot drain a response body
// after deserializing it, typically because the connection under the body
// was closed (docs/ARCHITECTURE.md, "Connections").
const discardWarning = "failed to discard remaining HTTP response body"

// sdkLog collects the SDK's log lines.
type sdkLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *sdkLog) Logf(c logging.Classification, format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, string(c)+" "+fmt.Sprintf(format, v...))
}

// matching returns the lines that contain sub.
func (l *sdkLog) matching(sub string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, s := range l.lines {
		if strings.Contains(s, sub) {
			out = append(out, s)
		}
	}
	return out
}

// lateConn returns from each Write some time after the bytes were sent, as
// a writing goroutine that the scheduler runs late does on a busy machine.
type lateConn struct {
	net.Conn
	delay time.Duration
}

func (c *lateConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	time.Sleep(c.delay)
	return n, err
}

// slowReads makes every response body take a while to read, as a large page
// on a slow link does.
type slowReads struct {
	next aws.HTTPClient
	// started, when set, receives the X-Amz-Target of each response whose
	// body has begun to be read.
	started chan string
}

func (c slowReads) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.next.Do(req)
	if err != nil {
		return resp, err
	}
	resp.Body = &slowBody{ReadCloser: resp.Body, target: req.Header.Get("X-Amz-Target"), started: c.started}
	return resp, nil
}

type slowBody struct {
	io.ReadCloser
	target  string
	started chan string
	once    sync.Once
}

func (b *slowBody) Read(p []byte) (int, error) {
	b.once.Do(func() {
		if b.started != nil {
			select {
			case b.started <- b.target:
			default:
			}
		}
	})
	time.Sleep(time.Millisecond)
	return b.ReadCloser.Read(p[:min(len(p), 1024)])
}

// transportClient opens a client on env whose SDK logs into log and whose
// HTTP client delays each connection write by writeDelay and reads response
// bodies slowly.
func transportClient(t *testing.T, env *athenatest.Env, log *sdkLog, writeDelay time.Duration, started chan string) *athenaq.Client {
	t.Helper()
	cfg := env.ClientConfig()
	cfg.PollInterval = 10 * time.Millisecond
	cfg.AWS.Logger = log
	buildable := awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
		d := &net.Dialer{}
		tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := d.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return &lateConn{Conn: c, delay: writeDelay}, nil
		}
	})
	cfg.AWS.HTTPClient = slowReads{next: buildable, started: started}
	c, err := athenaq.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// widePages is a result of three pages of about 60 KB each.
const widePages = "SELECT range AS id, 'abcdefghijklmnopqrstuvwxyz-' || range AS label FROM range(2500)"

// countRows runs sql and reads all its rows.
func countRows(c *athenaq.Client, sql string) (int, error) {
	rows, err := c.Query(context.Background(), sql)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

func TestResponsesSurviveLateRequestWrites(t *testing.T) {
	env := athenatest.Start(t)
	log := &sdkLog{}
	c := transportClient(t, env, log, 20*time.Millisecond, nil)
	n, err := countRows(c, widePages)
	if err != nil || n != 2500 {
		t.Errorf("read %d rows, err %v; want 2500, nil", n, err)
	}
	if lines := log.matching(discardWarning); len(lines) > 0 {
		t.Errorf("the SDK logged %d times %q, first: %s", len(lines), discardWarning, lines[0])
	}
}
