package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// TestMain checks that no test leaves a goroutine behind: every Engine the
// tests open is closed, and Close waits for the calls in flight.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// openTest opens an Engine that the test closes.
func openTest(t testing.TB) *Engine {
	t.Helper()
	e, err := Open(Options{Threads: 2, TempDir: t.TempDir(), Dirs: []string{os.TempDir()}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Error(err)
		}
	})
	return e
}

// runQuery runs sql and returns the result and the bytes written.
func runQuery(t testing.TB, e *Engine, schema, sql string) (*Result, string, error) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.csv")
	res, err := e.Query(context.Background(), Query{Schema: schema, SQL: sql, OutFile: out})
	if err != nil {
		return nil, "", err
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(b)) != res.Bytes {
		t.Errorf("Result.Bytes = %d, file has %d", res.Bytes, len(b))
	}
	return res, string(b), nil
}

func mustQuery(t testing.TB, e *Engine, schema, sql string) (*Result, string) {
	t.Helper()
	res, out, err := runQuery(t, e, schema, sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return res, out
}

func TestQueryRunsInCurrentSchema(t *testing.T) {
	e := openTest(t)
	ctx := context.Background()
	for _, s := range []string{"db1", "db2"} {
		if err := e.CreateSchema(ctx, s); err != nil {
			t.Fatal(err)
		}
		if err := e.DefineView(ctx, s, "v", "SELECT '"+s+"' AS who"); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []string{"db1", "db2", "db1"} {
		_, out := mustQuery(t, e, s, "SELECT who FROM v")
		if want := `"` + s + `"` + "\n"; out != want {
			t.Errorf("schema %s: got %q, want %q", s, out, want)
		}
	}
	if err := e.DropRelation(ctx, "db1", "v"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runQuery(t, e, "db1", "SELECT who FROM v"); err == nil {
		t.Error("view still there after DropRelation")
	}
	if err := e.DropSchema(ctx, "db2"); err != nil {
		t.Fatal(err)
	}
	if err := e.DropSchema(ctx, "db2"); err != nil {
		t.Errorf("DropSchema of a missing schema: %v", err)
	}
	if err := e.CreateSchema(ctx, "db1"); err != nil {
		t.Errorf("CreateSchema of an existing schema: %v", err)
	}
}

func TestDefineViewReportsBindErrors(t *testing.T) {
	e := openTest(t)
	ctx := context.Background()
	must(t, e.CreateSchema(ctx, "db"))
	err := e.DefineView(ctx, "db", "v", "SELECT *\nFROM nope")
	var qe *athena.QueryError
	if !errors.As(err, &qe) || qe.Name != "TABLE_NOT_FOUND" || qe.Message != "line 2:6: Table 'awsdatacatalog.db.nope' does not exist" {
		t.Errorf("err = %v", err)
	}
	if err := e.DefineView(ctx, "db", "v", "SELECT 1; DROP SCHEMA db"); err == nil {
		t.Error("two statements accepted")
	}
}

func TestViewResolvesNamesInItsSchema(t *testing.T) {
	e := openTest(t)
	ctx := context.Background()
	must(t, e.CreateSchema(ctx, "db"))
	must(t, e.DefineView(ctx, "db", "base", "SELECT 42 AS x"))
	must(t, e.DefineView(ctx, "db", "v", "SELECT x + 1 AS y FROM base"))
	_, out := mustQuery(t, e, "", "SELECT y FROM db.v")
	if out != "\"43\"\n" {
		t.Errorf("got %q", out)
	}
}

func TestQueryWithTrailingSemicolonAndComment(t *testing.T) {
	e := openTest(t)
	_, out := mustQuery(t, e, "", "SELECT 1 AS n -- one\n;\n")
	if out != "\"1\"\n" {
		t.Errorf("got %q", out)
	}
}

func TestQueryCancelInterruptsDuckDB(t *testing.T) {
	e := openTest(t)
	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		{"cancel", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(300*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled},
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 300*time.Millisecond)
		}, context.DeadlineExceeded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := tc.ctx()
			defer cancel()
			start := time.Now()
			_, err := e.Query(ctx, Query{
				SQL:     "SELECT count(*) AS n FROM range(100000000) a, range(100000) b",
				OutFile: filepath.Join(t.TempDir(), "out.csv"),
			})
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("returned after %v", d)
			}
		})
	}
	// The connection is usable afterwards.
	_, out := mustQuery(t, e, "", "SELECT 1")
	if out != "\"1\"\n" {
		t.Errorf("after cancel: %q", out)
	}
}

func TestConcurrentQueries(t *testing.T) {
	e := openTest(t)
	ctx := context.Background()
	must(t, e.CreateSchema(ctx, "db"))
	must(t, e.DefineView(ctx, "db", "nums", "SELECT range AS n FROM range(1000)"))
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for i := range 16 {
		wg.Go(func() {
			out := filepath.Join(t.TempDir(), "out.csv")
			for range 5 {
				res, err := e.Query(ctx, Query{Schema: "db", SQL: "SELECT sum(n) + " + itoa(i) + " AS s FROM nums", OutFile: out})
				if err != nil {
					errs <- err
					return
				}
				b, _ := os.ReadFile(out)
				if want := `"` + itoa(499500+i) + "\"\n"; string(b) != want || res.Rows != 1 {
					errs <- errors.New("got " + string(b) + ", want " + want)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestClosedEngineRefusesCalls(t *testing.T) {
	e, err := Open(Options{Threads: 1, Dirs: []string{os.TempDir()}})
	if err != nil {
		t.Fatal(err)
	}
	must(t, e.Close())
	must(t, e.Close())
	_, err = e.Query(context.Background(), Query{SQL: "SELECT 1", OutFile: filepath.Join(t.TempDir(), "x")})
	if !errors.Is(err, ErrClosed) {
		t.Errorf("Query after Close: %v", err)
	}
	if err := e.CreateSchema(context.Background(), "x"); !errors.Is(err, ErrClosed) {
		t.Errorf("CreateSchema after Close: %v", err)
	}
}

func TestCloseInterruptsRunningQuery(t *testing.T) {
	e, err := Open(Options{Threads: 1, Dirs: []string{os.TempDir()}})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := e.Query(context.Background(), Query{
			SQL:     "SELECT count(*) FROM range(100000000) a, range(100000) b",
			OutFile: filepath.Join(t.TempDir(), "out.csv"),
		})
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	must(t, e.Close())
	if err := <-done; !errors.Is(err, ErrClosed) {
		t.Errorf("running query after Close: %v", err)
	}
}

func TestExplainReturnsPlan(t *testing.T) {
	e := openTest(t)
	plan, err := e.Explain(context.Background(), "", "SELECT range FROM range(10) WHERE range > 5")
	if err != nil {
		t.Fatal(err)
	}
	if len(plan) == 0 {
		t.Error("empty plan")
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
