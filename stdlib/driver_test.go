package stdlib_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/stdlib"
)

func TestSQLOpenWithDSN(t *testing.T) {
	env := athenatest.Start(t)
	db, err := sql.Open("athena", dsn(env, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.PingContext(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	var answer int
	var text string
	if err := db.QueryRowContext(ctx, "SELECT 6 * 7 AS answer, 'it''s' AS text").Scan(&answer, &text); err != nil {
		t.Fatal(err)
	}
	if answer != 42 || text != "it's" {
		t.Errorf("got %d %q", answer, text)
	}
}

func TestDSNErrorsNameTheKey(t *testing.T) {
	cases := []struct {
		name, dsn, field string
	}{
		{"unknown key", "athena://us-east-1/db?output_location=s3://bkt/p/&colour=blue", "colour"},
		{"malformed duration", "athena://us-east-1/db?poll_interval=soon", "poll_interval"},
		{"malformed bool", "athena://us-east-1/db?detach_on_cancel=maybe", "detach_on_cancel"},
		{"bad tx", "athena://us-east-1/db?tx=serializable", "tx"},
		{"tx twice", "athena://us-east-1/db?tx=noop&tx=noop", "tx"},
		{"bad tx escape", "athena://us-east-1/db?tx=%zz", "tx"},
		{"scheme", "postgres://us-east-1/db", "DSN"},
		{"credentials", "athena://key:secret@us-east-1/db", "DSN"},
		{"two path segments", "athena://us-east-1/db/x", "Database"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db, err := sql.Open("athena", tc.dsn)
			if err == nil {
				db.Close()
				t.Fatal("sql.Open accepted the DSN")
			}
			var ce *athenaq.ConfigError
			if !errors.As(err, &ce) || ce.Field != tc.field || ce.Want == "" {
				t.Errorf("err = %v (%T), want a ConfigError for %s", err, err, tc.field)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("the error shows the password: %v", err)
			}
		})
	}
}

func TestInvalidConfigValueFailsTheFirstConnection(t *testing.T) {
	db, err := sql.Open("athena", "athena://us-east-1/db?output_location=bucket/prefix/&endpoint=http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Ping()
	var ce *athenaq.ConfigError
	if !errors.As(err, &ce) || ce.Field != "OutputLocation" {
		t.Errorf("Ping = %v, want a ConfigError for OutputLocation", err)
	}
}

func TestParseDSN(t *testing.T) {
	cfg, opts, err := stdlib.ParseDSN("athena://eu-west-1/sales?tx=noop&output_location=s3%3A%2F%2Fbkt%2Fp%2F&workgroup=etl&poll_interval=20ms")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Region != "eu-west-1" || cfg.Database != "sales" || cfg.OutputLocation != "s3://bkt/p/" || cfg.WorkGroup != "etl" ||
		cfg.PollInterval.String() != "20ms" {
		t.Errorf("cfg = %+v", cfg)
	}
	if len(opts) != 1 {
		t.Errorf("%d options, want 1 (tx=noop)", len(opts))
	}
	if _, opts, err := stdlib.ParseDSN("athena://eu-west-1/sales?tx=error"); err != nil || len(opts) != 0 {
		t.Errorf("tx=error: %d options, %v", len(opts), err)
	}
}

// recordingTracer records the query lifecycle events it sees.
type recordingTracer struct {
	mu     sync.Mutex
	events []string
}

func (r *recordingTracer) add(e string) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
}

func (r *recordingTracer) TraceQueryStart(ctx context.Context, d athenaq.TraceQueryStartData) context.Context {
	r.add("start " + d.SQL)
	return ctx
}
func (r *recordingTracer) TraceQueryPoll(context.Context, athenaq.TraceQueryPollData) {}
func (r *recordingTracer) TraceQueryEnd(_ context.Context, d athenaq.TraceQueryEndData) {
	r.add("end " + string(d.Status.State))
}

func TestOpenDBTakesFieldsADSNCannotHold(t *testing.T) {
	env := athenatest.Start(t)
	cfg, opts, err := stdlib.ParseDSN(dsn(env, "tx=noop"))
	if err != nil {
		t.Fatal(err)
	}
	tr := &recordingTracer{}
	cfg.Tracer = tr
	cfg.AWS = env.ClientConfig().AWS
	db := stdlib.OpenDB(cfg, opts...)
	defer db.Close()
	if _, err := db.Exec("SELECT 1"); err != nil {
		t.Fatal(err)
	}
	// The end event may follow the query's Done by a moment (the client
	// traces after it wakes the waiters).
	var got string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		tr.mu.Lock()
		got = strings.Join(tr.events, "|")
		tr.mu.Unlock()
		if strings.Contains(got, "end") {
			break
		}
	}
	if got != "start SELECT 1|end SUCCEEDED" {
		t.Errorf("tracer events %q", got)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatalf("tx=noop from ParseDSN: %v", err)
	}
	tx.Rollback()
}

func TestPingChecksTheWorkGroup(t *testing.T) {
	db, _ := openDB(t, athenaq.Config{WorkGroup: "no_such_group"}, nil)
	if err := db.Ping(); err == nil || !strings.Contains(err.Error(), "no_such_group") {
		t.Errorf("Ping of a missing work group = %v", err)
	}
	db, _ = openDB(t, athenaq.Config{}, nil)
	if err := db.Ping(); err != nil {
		t.Errorf("Ping = %v", err)
	}
}

func TestDriverOpenMakesAConnectionWithItsOwnClient(t *testing.T) {
	env := athenatest.Start(t)
	cn, err := (&stdlib.Driver{}).Open(dsn(env, ""))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := cn.(driver.QueryerContext).QueryContext(context.Background(), "SELECT 'a' AS s", nil)
	if err != nil {
		t.Fatal(err)
	}
	dest := make([]driver.Value, 1)
	if err := rows.Next(dest); err != nil || dest[0] != "a" {
		t.Errorf("Next = %v, %#v", err, dest[0])
	}
	if err := rows.Next(dest); err != io.EOF {
		t.Errorf("Next at the end = %v, want io.EOF", err)
	}
	rows.Close()
	if err := cn.Close(); err != nil { // closes the Client: goleak checks its poller is gone
		t.Fatal(err)
	}
	if _, err := (&stdlib.Driver{}).Open("athena://x/y?nope=1"); err == nil {
		t.Error("Driver.Open accepted a bad DSN")
	}
}

func TestClosedConnectorRefusesConnections(t *testing.T) {
	env := athenatest.Start(t)
	c := stdlib.NewConnector(withEnv(env, athenaq.Config{}))
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Connect(context.Background()); !errors.Is(err, athenaq.ErrClosed) {
		t.Errorf("Connect after Close = %v, want ErrClosed", err)
	}
	if c.Close() != nil {
		t.Error("second Close failed")
	}
}

func TestParseDSNErrorsNeverEchoSecrets(t *testing.T) {
	for name, dsn := range map[string]string{
		"bad tx value":     "athena://us-east-1/db?tx=pwTxSecret1",
		"bad tx escape":    "athena://us-east-1/db?tx=%zzpwTxSecret2",
		"duplicate tx":     "athena://us-east-1/db?tx=pwTxSecret3&tx=noop",
		"client key value": "athena://us-east-1/db?poll_interval=pwTxSecret4",
		"unknown key":      "athena://us-east-1/db?secret=pwTxSecret5",
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := stdlib.ParseDSN(dsn)
			var ce *athenaq.ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *athenaq.ConfigError", err)
			}
			for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
				if strings.Contains(text, "pwTxSecret") {
					t.Errorf("the error shows the secret: %s", text)
				}
			}
		})
	}
}
