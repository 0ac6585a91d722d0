package athenaq_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go/logging"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
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

// slowReads makes response bodies take a while to read, as a large page on a
// slow link does: each read of at most 1 KB waits delay.
type slowReads struct {
	next  aws.HTTPClient
	delay time.Duration
	// from, when positive, slows only the answers to GetQueryResults from
	// the from-th on; pages counts those calls.
	from  int32
	pages *atomic.Int32
	// started, when set, receives the X-Amz-Target of each response whose
	// body has begun to be read.
	started chan string
}

func (c slowReads) Do(req *http.Request) (*http.Response, error) {
	target := req.Header.Get("X-Amz-Target")
	delay := c.delay
	if c.from > 0 && (target != "AmazonAthena.GetQueryResults" || c.pages.Add(1) < c.from) {
		delay = 0
	}
	resp, err := c.next.Do(req)
	if err != nil {
		return resp, err
	}
	resp.Body = &slowBody{ReadCloser: resp.Body, delay: delay, target: target, started: c.started}
	return resp, nil
}

type slowBody struct {
	io.ReadCloser
	delay   time.Duration
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
	time.Sleep(b.delay)
	return b.ReadCloser.Read(p[:min(len(p), 1024)])
}

// transportClient opens a client on env whose SDK logs into log and whose
// HTTP client delays each connection write by writeDelay and reads response
// bodies through reads (whose next it sets).
func transportClient(t *testing.T, env *athenatest.Env, log *sdkLog, writeDelay time.Duration, reads slowReads) *athenaq.Client {
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
	reads.next = buildable
	reads.pages = new(atomic.Int32)
	cfg.AWS.HTTPClient = reads
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
	c := transportClient(t, env, log, 20*time.Millisecond, slowReads{delay: time.Millisecond})
	n, err := countRows(c, widePages)
	if err != nil || n != 2500 {
		t.Errorf("read %d rows, err %v; want 2500, nil", n, err)
	}
	if lines := log.matching(discardWarning); len(lines) > 0 {
		t.Errorf("the SDK logged %d times %q, first: %s", len(lines), discardWarning, lines[0])
	}
}

func TestRowsCloseDuringAPageRequest(t *testing.T) {
	for name, tc := range map[string]struct {
		pageLatency  time.Duration // the emulator's, before each page's answer
		readDelay    time.Duration // per KB of the read-ahead's answers
		closeWhen    string        // "waiting": the read-ahead waits for an answer; "arriving": its answer is being read
		maxClose     time.Duration
		minClose     time.Duration
		warningsFree bool
	}{
		// Close aborts a request that has no answer yet.
		// (An answer is 3 s away: a Close that waited for it would take that.)
		"waiting for the answer": {pageLatency: 3 * time.Second, closeWhen: "waiting", maxClose: 2 * time.Second, warningsFree: true},
		// Close lets an answer that is arriving finish: the connection
		// stays usable and the SDK has nothing to warn about.
		// The bounds below are guards against a hang, wide enough for a
		// loaded machine, not measures of speed.
		"answer arriving": {readDelay: time.Millisecond, closeWhen: "arriving", maxClose: 10 * time.Second, warningsFree: true},
		// An answer that would take many seconds to finish is aborted after
		// the grace (a second).
		"answer stalling": {readDelay: 50 * time.Millisecond, closeWhen: "arriving", minClose: 900 * time.Millisecond, maxClose: 10 * time.Second},
	} {
		t.Run(name, func(t *testing.T) {
			env := athenatest.Start(t, athenatest.WithOptions(emulator.Options{PageLatency: tc.pageLatency}))
			log := &sdkLog{}
			started := make(chan string, 100)
			c := transportClient(t, env, log, 0, slowReads{delay: tc.readDelay, from: 2, started: started})
			rows, err := c.Query(context.Background(), widePages)
			if err != nil {
				t.Fatal(err)
			}
			// The first page has been read; the next GetQueryResults
			// answer to start is the read-ahead's second page.
			for len(started) > 0 {
				<-started
			}
			if tc.closeWhen == "waiting" {
				time.Sleep(100 * time.Millisecond)
				if len(started) > 0 {
					t.Fatal("the read-ahead's answer came before the emulator's page latency")
				}
			} else {
				timeout := time.After(10 * time.Second)
				for target := ""; target != "AmazonAthena.GetQueryResults"; {
					select {
					case target = <-started:
					case <-timeout:
						t.Fatal("the read-ahead fetched no page")
					}
				}
			}
			begin := time.Now()
			rows.Close()
			if d := time.Since(begin); d < tc.minClose || d > tc.maxClose {
				t.Errorf("Close took %v, want between %v and %v", d, tc.minClose, tc.maxClose)
			}
			if lines := log.matching(discardWarning); tc.warningsFree && len(lines) > 0 {
				t.Errorf("the SDK logged %d times %q, first: %s", len(lines), discardWarning, lines[0])
			}
		})
	}
}
