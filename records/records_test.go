package records_test

import (
	"context"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"go.uber.org/goleak"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"),
	)
}

// typeHints gives the full types of the complex columns of everyTypeSQL,
// and of its char column, which the emulator reports as varchar.
var typeHints = map[string]string{
	"c_char":  "char(3)",
	"c_array": "array(integer)",
	"c_map":   "map(varchar, integer)",
	"c_row":   "row(a integer, b varchar)",
}

// withTypeHints adds typeHints to cfg.
func withTypeHints(cfg athenaq.Config) athenaq.Config {
	cfg.TypeHints = typeHints
	cfg.PollInterval = 10 * time.Millisecond
	return cfg
}

// open starts an emulator and a client with typeHints for it.
func open(t testing.TB, opts ...athenatest.Option) (*athenaq.Client, *athenatest.Env) {
	t.Helper()
	env := athenatest.Start(t, opts...)
	c, err := athenaq.Open(context.Background(), withTypeHints(env.ClientConfig()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, env
}

// readAll reads r to the end and returns its records, retained; the
// caller releases them.
func readAll(t *testing.T, r array.RecordReader) []arrow.RecordBatch {
	t.Helper()
	var recs []arrow.RecordBatch
	for r.Next() {
		rec := r.RecordBatch()
		rec.Retain()
		recs = append(recs, rec)
	}
	if err := r.Err(); err != nil {
		release(recs)
		t.Fatal(err)
	}
	return recs
}

func release(recs []arrow.RecordBatch) {
	for _, r := range recs {
		r.Release()
	}
}

// start submits sql and fails t if Athena refuses it.
func start(t testing.TB, c *athenaq.Client, sql string) *athenaq.Query {
	t.Helper()
	q, err := c.Start(context.Background(), sql)
	if err != nil {
		t.Fatal(err)
	}
	return q
}
