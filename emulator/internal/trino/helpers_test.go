package trino_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/athenaq/athenaq/emulator/internal/engine"
	"github.com/athenaq/athenaq/emulator/internal/results"
	"github.com/athenaq/athenaq/emulator/internal/trino"
	"github.com/athenaq/athenaq/internal/sqltext"
)

// openEngine opens an engine that the test closes.
func openEngine(t testing.TB) *engine.Engine {
	t.Helper()
	e, err := engine.Open(engine.Options{Threads: 2, TempDir: t.TempDir(), Dirs: []string{os.TempDir()}})
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

// runTrino rewrites sql as the emulator does and runs it, returning the
// rendered rows: one cell per column, "NULL" for NULL.
func runTrino(t testing.TB, e *engine.Engine, sql string) ([][]string, error) {
	t.Helper()
	duck, err := trino.Rewrite(sql)
	if err != nil {
		return nil, err
	}
	duck = sqltext.DoubleLiterals(sqltext.NameUnnamedColumns(sqltext.EngineNames(duck)))
	out := filepath.Join(t.TempDir(), "out.csv")
	if _, err := e.Query(context.Background(), engine.Query{SQL: duck, OutFile: out}); err != nil {
		return nil, &queryError{duck: duck, err: err}
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	cr := results.NewCSVReader(f)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(rec))
		for i, c := range rec {
			if c == nil {
				row[i] = "NULL"
			} else {
				row[i] = *c
			}
		}
		rows = append(rows, row)
	}
}

// queryError is an engine error with the DuckDB text that caused it.
type queryError struct {
	duck string
	err  error
}

func (e *queryError) Error() string { return e.err.Error() + "\n    duckdb sql: " + e.duck }

func formatRows(rows [][]string) string {
	lines := make([]string, len(rows))
	for i, r := range rows {
		lines[i] = strings.Join(r, " | ")
	}
	return strings.Join(lines, "\n")
}
