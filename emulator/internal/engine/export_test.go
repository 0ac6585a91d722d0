package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExportFiles(t *testing.T) {
	e := openTest(t)
	ctx := context.Background()
	sql := "SELECT * FROM (VALUES (1, 'a', 'x'), (2, NULL, 'y'), (3, 'c', 'x')) AS v(n, s, p)"
	for _, tc := range []struct {
		format, comp string
		part         []string
		files        int
		suffix       string
	}{
		{"parquet", "", nil, 1, ""},
		{"parquet", "snappy", []string{"p"}, 2, ""},
		{"parquet", "none", []string{"s"}, 3, ""},
		{"json", "", nil, 1, ".gz"},
		{"json", "none", []string{"p"}, 2, ""},
		{"text", "", nil, 1, ".gz"},
		{"text", "gzip", []string{"p"}, 2, ".gz"},
	} {
		dir := t.TempDir()
		files, rows, err := e.ExportFiles(ctx, Export{SQL: sql, Dir: dir, Prefix: "20260101_000000_00001_abcde", Format: tc.format,
			Compression: tc.comp, Delimiter: ",", PartitionBy: tc.part})
		if err != nil {
			t.Fatalf("%+v: %v", tc, err)
		}
		if rows != 3 || len(files) != tc.files {
			t.Fatalf("%+v: rows %d files %q", tc, rows, files)
		}
		for _, f := range files {
			base := filepath.Base(f)
			if !strings.HasPrefix(base, "20260101_000000_00001_abcde_") || !strings.HasSuffix(base, tc.suffix) || strings.HasSuffix(base, ".") {
				t.Errorf("%+v: file %q", tc, f)
			}
			if tc.part != nil && !strings.HasPrefix(f, tc.part[0]+"=") {
				t.Errorf("%+v: file %q not under p=", tc, f)
			}
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Error(err)
			}
		}
		t.Logf("%+v: %q", tc, files)
	}
}
