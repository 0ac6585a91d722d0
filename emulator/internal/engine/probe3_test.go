package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestProbeBench(t *testing.T) {
	e := openTest(t)
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "o.csv")
	conn, _ := e.db.Conn(ctx)
	defer conn.Close()
	cols, err := describe(ctx, conn, benchSelect, "")
	if err != nil {
		t.Fatal(err)
	}
	timeit := func(name, q string) {
		best := 1e9
		for range 3 {
			start := time.Now()
			_, err := conn.ExecContext(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			best = min(best, time.Since(start).Seconds())
		}
		fmt.Printf("%-30s %8.3fs\n", name, best)
	}
	opts := " (FORMAT csv, HEADER false, FORCE_QUOTE *, NULL '')"
	wrap := func(exprs []string) string {
		return "COPY (SELECT " + strings.Join(exprs, ", ") + " FROM (\n" + benchSelect + "\n) AS q(c0,c1,c2,c3,c4,c5,c6,c7,c8,c9)) TO " + sqlString(out) + opts
	}
	timeit("A plain", "COPY ("+benchSelect+") TO "+sqlString(out)+" (FORMAT csv, HEADER false)")
	timeit("B plain forcequote", "COPY ("+benchSelect+") TO "+sqlString(out)+opts)
	var castAll, full, noTs, noDbl []string
	for i, c := range cols {
		ref := fmt.Sprintf("c%d", i)
		castAll = append(castAll, "CAST("+ref+" AS VARCHAR)")
		full = append(full, renderExpr(ref, c.typ))
		if c.typ.id == "TIMESTAMP" {
			noTs = append(noTs, "CAST("+ref+" AS VARCHAR)")
		} else {
			noTs = append(noTs, renderExpr(ref, c.typ))
		}
		if c.typ.id == "DOUBLE" {
			noDbl = append(noDbl, "CAST("+ref+" AS VARCHAR)")
		} else {
			noDbl = append(noDbl, renderExpr(ref, c.typ))
		}
	}
	timeit("C cast all", wrap(castAll))
	timeit("D full", wrap(full))
	timeit("E full, ts cast", wrap(noTs))
	timeit("F full, dbl cast", wrap(noDbl))
}
