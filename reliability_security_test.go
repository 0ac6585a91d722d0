package athenaq_test

// The security part of the reliability suite: parameters stay literals,
// credentials stay out of what is printed, TLS is verified.

import (
	"bytes"
	"context"
	"crypto/tls"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/logging"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/athenatype"
	"github.com/athenaq/athenaq/emulator"
	_ "github.com/athenaq/athenaq/stdlib" // the "athena" driver
)

// injections are parameter values that try to end the literal they are
// bound into and run SQL of their own.
var injections = []struct{ name, value string }{
	{"drop after a quote", "'; DROP VIEW canary; --"},
	{"tautology", "' OR '1'='1"},
	{"close the call", "')); SELECT 1; --"},
	{"backslash escape", `\'; DROP VIEW canary; --`},
	{"backslash at the end", `abc\`},
	{"concatenation", "'||(SELECT 'x')||'"},
	{"block comment", "/* '"},
	{"line comment", "-- '\nDROP VIEW canary"},
	{"placeholders", "? ?? $1 :name @p1"},
	{"doubled quotes", "'' '''"},
	{"double quote identifier", `" ; DROP VIEW canary; --`},
	{"unicode apostrophes", "\u2019; DROP VIEW canary; \u02bc \uff07 --"},
	{"unicode escape string", `U&'\0027'`},
	{"c-style escape string", `E'\''`},
	{"newlines and returns", "a'\r\n;DROP VIEW canary;\r\n--"},
	{"semicolon statement", "x'; CREATE VIEW evil AS SELECT 1; --"},
	{"many quotes", strings.Repeat("'", 500)}, // 1002 bytes as a literal, within Athena's 1024
	{"format verbs", "%s %d %n %!"},
	{"template", "${jndi:ldap://x} {{.}}"},
	{"emoji and tabs", "\t😀'\t"},
}

func TestReliabilitySecurityParametersStayLiterals(t *testing.T) {
	c, env := open(t, athenaq.Config{})
	ctx := context.Background()
	if _, err := c.Exec(ctx, "CREATE VIEW canary AS SELECT 'alive' AS v"); err != nil {
		t.Fatal(err)
	}
	for i, inj := range injections {
		t.Run(inj.name, func(t *testing.T) {
			// As an ExecutionParameter of a SELECT.
			q, err := c.Start(ctx, "SELECT ? AS v", inj.value)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := q.Rows(ctx)
			if err != nil {
				t.Fatal(err)
			}
			checkOneValue(t, rows, inj.value)
			st, _ := q.Wait(ctx)
			if st.StatementType != "DML" || st.SubstatementType != "SELECT" {
				t.Errorf("Athena saw a %s %s, want DML SELECT", st.StatementType, st.SubstatementType)
			}
			// Interpolated into a statement that takes no parameters.
			view := fmt.Sprintf("inj_%d", i)
			st, err = c.Exec(ctx, "CREATE VIEW "+view+" AS SELECT ? AS v", inj.value)
			if err != nil {
				t.Fatal(err)
			}
			if st.SubstatementType != "CREATE_VIEW" {
				t.Errorf("Athena saw a %s, want CREATE_VIEW", st.SubstatementType)
			}
			rows, err = c.Query(ctx, "SELECT * FROM "+view)
			if err != nil {
				t.Fatal(err)
			}
			checkOneValue(t, rows, inj.value)
		})
	}
	// Nothing was dropped or created besides the views of the test.
	checkOneValue(t, mustQuery(t, c, "SELECT v FROM canary"), "alive")
	tables, err := c.Tables(ctx, "", "default", "")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tb := range tables {
		names = append(names, tb.Name)
	}
	want := []string{"canary"}
	for i := range injections {
		want = append(want, fmt.Sprintf("inj_%d", i))
	}
	slices.Sort(names)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("the database holds %v, want %v", names, want)
	}
	st := env.Server.Stats()
	t.Logf("%d injection attempts, each as an ExecutionParameter and interpolated into CREATE VIEW: every value came back "+
		"as one row of one column, byte for byte; emulator: %v", len(injections), st.Queries)
}

func TestReliabilitySecurityUnencodableParametersAreRefusedBeforeSending(t *testing.T) {
	c, env := open(t, athenaq.Config{})
	for _, v := range []struct{ name, value, want string }{
		{"NUL", "a\x00'; DROP VIEW canary; --", "NUL"},
		{"invalid UTF-8", "\xff'; --", "UTF-8"},
	} {
		t.Run(v.name, func(t *testing.T) {
			before := env.Server.Stats().Calls["StartQueryExecution"]
			_, err := c.Start(context.Background(), "SELECT ? AS v", v.value)
			if err == nil || !strings.HasPrefix(err.Error(), "athenaq: ") || !strings.Contains(err.Error(), v.want) {
				t.Fatalf("Start = %v, want an athenaq error that names %s", err, v.want)
			}
			if after := env.Server.Stats().Calls["StartQueryExecution"]; after != before {
				t.Errorf("the statement was sent anyway")
			}
		})
	}
}

// FuzzReliabilityParameterRoundTrip binds any string as the parameter of
// SELECT ? and checks, through the emulator, that the statement returns
// exactly that string as one row of one column; strings that no SQL
// literal can hold (NUL, invalid UTF-8) are refused before sending, and
// Athena refuses a literal longer than 1024 bytes.
func FuzzReliabilityParameterRoundTrip(f *testing.F) {
	for _, inj := range injections {
		f.Add(inj.value)
	}
	c, _ := open(f, athenaq.Config{})
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := c.Query(context.Background(), "SELECT ? AS v", s)
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			if err == nil {
				rows.Close()
				t.Fatalf("%q was sent", s)
			}
			return
		}
		if lit, _ := athenatype.Literal(s); len(lit) > 1024 {
			// Athena's limit on one execution parameter.
			if err == nil || !strings.Contains(err.Error(), "1024") {
				t.Fatalf("a %d-byte parameter: %v, want Athena's refusal", len(lit), err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		checkOneValue(t, rows, s)
	})
}

// checkOneValue checks that rows hold one row of one varchar column v,
// equal to want.
func checkOneValue(t testing.TB, rows *athenaq.Rows, want string) {
	t.Helper()
	defer rows.Close()
	if cols := rows.Columns(); len(cols) != 1 || cols[0].Name != "v" {
		t.Fatalf("columns %v, want v alone", cols)
	}
	var got []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("rows %q, want the one value %q", got, want)
	}
}

func mustQuery(t testing.TB, c *athenaq.Client, sql string) *athenaq.Rows {
	t.Helper()
	rows, err := c.Query(context.Background(), sql)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// The secrets of TestReliabilitySecurityCredentialsNeverPrinted: a secret
// access key and a session token that nothing may print.
const (
	secretKey    = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSECRETz1"
	sessionToken = "FwoGZXIvYXdzEXAMPLEzSESSIONzTOKENz9"
)

// syncBuffer is a bytes.Buffer that loggers on many goroutines may share.
type syncBuffer struct {
	mu  sync.Mutex // guards buf
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

func TestReliabilitySecurityCredentialsNeverPrinted(t *testing.T) {
	logs := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	env := athenatest.Start(t, athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{
		ThrottleRate: 0.2, ErrorRate: 0.1, S3CutRate: 0.3, FailRate: 0.3, Deny: []string{"ListWorkGroups"}, Seed: 51}}))
	awsCfg := &aws.Config{Region: env.Config.Region,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", secretKey, sessionToken),
		// The SDK's own logging, at the modes that print no request:
		// LogRequest, LogRequestWithBody and LogSigning print the signed
		// headers, X-Amz-Security-Token among them (checked: the session
		// token appears), which only the SDK's user can switch on.
		Logger: logging.LoggerFunc(func(c logging.Classification, format string, v ...any) {
			fmt.Fprintf(logs, "sdk %s: "+format+"\n", append([]any{c}, v...)...)
		}),
		ClientLogMode: aws.LogRetries | aws.LogResponse | aws.LogDeprecatedUsage}
	cfg := athenaq.Config{Endpoint: env.Config.Endpoint, Region: env.Config.Region, OutputLocation: env.Config.OutputLocation,
		AWS: awsCfg, Logger: logger, RetryFailedQueries: 2, ResultMode: athenaq.ResultCSV, S3PartSize: 4 << 10, PollInterval: 10 * time.Millisecond}
	c, err := athenaq.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	var printed []string
	note := func(err error) {
		if err != nil {
			printed = append(printed, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
		}
	}
	var errCount int
	for i := range 10 {
		rows, err := c.Query(ctx, wideSequenceSQL(3000))
		if err == nil {
			err = readWideSequence(rows, 3000)
		}
		if err != nil {
			errCount++
		}
		note(err)
		_, err = c.Exec(ctx, "SELECT * FROM no_such_table_"+fmt.Sprint(i))
		note(err)
	}
	_, err = c.WorkGroups(ctx) // denied
	note(err)
	if err == nil {
		t.Error("ListWorkGroups was not denied")
	}
	// A client whose endpoint refuses connections.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	bad := cfg
	bad.Endpoint = dead
	if bc, err := athenaq.Open(ctx, bad); err != nil {
		note(err)
	} else {
		_, err = bc.Start(ctx, "SELECT 1")
		note(err)
		bc.Close()
	}
	// DSNs that carry a secret where none belongs: database/sql prints no
	// part of them.
	for _, dsn := range []string{
		"athena://AKIDEXAMPLE:" + secretKey + "@us-east-1/default?output_location=s3://b-1/p/",
		"athena://us-east-1/default?output_location=s3://b-1/p/&aws_secret_access_key=" + secretKey,
		"athena://us-east-1/default?output_location=s3://b-1/p/&session_token=" + sessionToken,
		"athena://us-east-1/" + secretKey + "?output_location=s3://b-1/p/",
	} {
		db, err := sql.Open("athena", dsn)
		if err == nil {
			err = db.PingContext(ctx)
			db.Close()
		}
		if err == nil {
			t.Errorf("a DSN with a secret in it was accepted")
		}
		note(err)
	}
	printed = append(printed, fmt.Sprintf("%+v", c.Config()), fmt.Sprintf("%#v", c.Config()), logs.String())
	all := strings.Join(printed, "\n")
	for _, secret := range []string{secretKey, sessionToken} {
		if i := strings.Index(all, secret); i >= 0 {
			t.Errorf("a secret was printed: ...%s...", all[max(0, i-200):min(len(all), i+len(secret)+50)])
		}
	}
	st := env.Server.Stats()
	t.Logf("%d log lines (debug, and the SDK's retries and responses), %d error texts (%d failed reads among 10); "+
		"emulator: throttled %d, 5xx %d, S3 cuts %d, %v: neither the secret key nor the session token in any",
		strings.Count(logs.String(), "\n"), len(printed)-3, errCount, sum(st.Throttled), sum(st.Errors), st.S3Cuts, st.Queries)
}

func TestReliabilitySecurityTLSVerifiedByDefault(t *testing.T) {
	var reached atomic.Int64
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		http.Error(w, "no", http.StatusForbidden)
	}))
	defer srv.Close()
	creds := credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", secretKey, "")
	cfg := athenaq.Config{Endpoint: srv.URL, Region: "us-east-1", OutputLocation: "s3://b-1/p/",
		AWS: &aws.Config{Region: "us-east-1", Credentials: creds}}
	c, err := athenaq.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, refused := c.Start(context.Background(), "SELECT 1")
	var verify *tls.CertificateVerificationError
	if !errors.As(refused, &verify) || !strings.Contains(refused.Error(), "certificate") {
		t.Fatalf("Start against a self-signed endpoint = %v, want a certificate verification error", refused)
	}
	if n := reached.Load(); n != 0 {
		t.Fatalf("%d requests reached the unverified server", n)
	}
	// The control: with the server's certificate trusted, the same request
	// gets through, so the failure above was the verification.
	cfg.AWS = &aws.Config{Region: "us-east-1", Credentials: creds, HTTPClient: srv.Client()}
	trusted, err := athenaq.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer trusted.Close()
	if _, err := trusted.Start(context.Background(), "SELECT 1"); err == nil || reached.Load() == 0 {
		t.Fatalf("with the certificate trusted: %v after %d requests, want the server's refusal", err, reached.Load())
	}
	t.Logf("self-signed endpoint: %v; 0 requests reached it; with its certificate trusted, %d did", refused, reached.Load())
}
