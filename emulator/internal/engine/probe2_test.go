package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestProbeTiming(t *testing.T) {
	e := openTest(t)
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "o.csv")
	for _, q := range strings.Split(os.Getenv("PROBEQ"), "\n;;\n") {
		if strings.TrimSpace(q) == "" {
			continue
		}
		start := time.Now()
		_, err := e.db.ExecContext(ctx, strings.ReplaceAll(q, "OUT", sqlString(out)))
		fmt.Printf("%8.3fs %v  %s\n", time.Since(start).Seconds(), err, strings.ReplaceAll(q, "\n", " ")[:min(150, len(q))])
	}
}
