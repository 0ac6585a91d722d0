package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"),
	)
}

func TestQueryLocalPrintsTheAnswer(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"query", "--local", "SELECT 42 AS answer"}, &out, &errOut); err != nil {
		t.Fatalf("run: %v (stderr %q)", err, errOut.String())
	}
	want := "answer\n------\n42\n(1 row)\n"
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestQueryLocalFormats(t *testing.T) {
	cases := map[string]string{
		"csv": "a,b\n1,x\n2,\n",
		"tsv": "a\tb\n1\tx\n2\t\n",
	}
	for format, want := range cases {
		var out, errOut bytes.Buffer
		sql := "SELECT * FROM (VALUES (1, 'x'), (2, NULL)) AS t(a, b) ORDER BY a"
		if err := run(context.Background(), []string{"query", "--local", "--format", format, sql}, &out, &errOut); err != nil {
			t.Fatalf("%s: %v (stderr %q)", format, err, errOut.String())
		}
		if out.String() != want {
			t.Errorf("%s output %q, want %q", format, out.String(), want)
		}
	}
}

func TestQueryLocalReportsFailures(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"query", "--local", "SELECT * FROM missing_table"}, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "TABLE_NOT_FOUND") {
		t.Errorf("err = %v, want TABLE_NOT_FOUND", err)
	}
	err = run(context.Background(), []string{"query", "--local", "SELEC 1"}, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "MALFORMED_QUERY") {
		t.Errorf("err = %v, want MALFORMED_QUERY", err)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{nil, {"nope"}, {"query"}, {"query", "--format", "xml", "SELECT 1"}, {"serve", "extra"}} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, &out, &errOut); !errors.Is(err, errUsage) {
			t.Errorf("run(%q) = %v, want a usage error", args, err)
		}
		if errOut.Len() == 0 {
			t.Errorf("run(%q) printed no usage", args)
		}
	}
}

func TestServeStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, &out, &errOut) }()
	// serve prints its address once it listens; then stop it.
	for !strings.Contains(out.String(), "listening on") {
		select {
		case err := <-done:
			t.Fatalf("serve ended early: %v (%s)", err, errOut.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	if !strings.Contains(out.String(), "shutting down") {
		t.Errorf("output %q", out.String())
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
