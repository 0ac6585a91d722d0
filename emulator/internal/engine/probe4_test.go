package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

func TestProbeQuery(t *testing.T) {
	e := openTest(t)
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "o.csv")
	for range 3 {
		start := time.Now()
		_, err := e.Query(ctx, Query{SQL: benchSelect, OutFile: out})
		fmt.Printf("Query %8.3fs %v\n", time.Since(start).Seconds(), err)
	}
	conn, _ := e.db.Conn(ctx)
	defer conn.Close()
	cols, _ := describe(ctx, conn, benchSelect, "")
	stmt := copyStatement(benchSelect, cols, out)
	for range 2 {
		start := time.Now()
		_, err := conn.ExecContext(ctx, stmt)
		fmt.Printf("raw bg %8.3fs %v\n", time.Since(start).Seconds(), err)
		cctx, cancel := context.WithCancel(ctx)
		start = time.Now()
		_, err = conn.ExecContext(cctx, stmt)
		fmt.Printf("raw cancelable %8.3fs %v\n", time.Since(start).Seconds(), err)
		cancel()
	}
}
