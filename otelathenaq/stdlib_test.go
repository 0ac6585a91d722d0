package otelathenaq_test

import (
	"context"
	"testing"
	"time"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/stdlib"
)

func TestStdlibConnectorTracesQueries(t *testing.T) {
	tel := newTelemetry(t)
	env := athenatest.Start(t)
	cfg := env.ClientConfig()
	cfg.Tracer, cfg.PollInterval = tel.tracer, 10*time.Millisecond
	db := stdlib.OpenDB(cfg)
	defer db.Close()

	ctx, parent := tel.tp.Tracer("test").Start(context.Background(), "handler")
	var n int
	if err := db.QueryRowContext(ctx, "SELECT 42").Scan(&n); err != nil || n != 42 {
		t.Fatalf("Scan = %d, %v", n, err)
	}
	parent.End()

	query := tel.ended("SELECT AwsDataCatalog|default")
	reads := tel.ended("athena.read")
	if len(query) != 1 || len(reads) != 1 {
		t.Fatalf("spans %v", names(tel))
	}
	for _, s := range append(query, reads...) {
		if s.Parent().SpanID() != parent.SpanContext().SpanID() {
			t.Errorf("span %s: parent %v, want the caller's %v", s.Name(), s.Parent().SpanID(), parent.SpanContext().SpanID())
		}
	}
	id := attrs(query[0])["athena.query.id"].AsString()
	if a := attrs(reads[0]); id == "" || a["athena.query.id"].AsString() != id || a["db.response.returned_rows"].AsInt64() != 1 ||
		a["athena.result_mode"].AsString() != string(athenaq.ResultAPI) {
		t.Errorf("read span attributes %v for query %s", a, id)
	}
}
