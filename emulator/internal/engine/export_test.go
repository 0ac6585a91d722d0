package engine

import (
	"context"
	"database/sql"
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

func TestExportFilesSplitsLargeParquet(t *testing.T) {
	e := openTest(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		sql      string
		rows     int64
		minFiles int
	}{
		{"large", "SELECT range AS n, 'value-' || range AS s FROM range(600000) ORDER BY n", 600000, 2},
		{"small", "SELECT 1 AS n", 1, 1},
		{"empty", "SELECT 1 AS n WHERE false", 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files, rows, err := e.ExportFiles(ctx, Export{SQL: tc.sql, Dir: dir, Prefix: "20260101_000000_00001_abcde", Format: "parquet",
				Compression: "snappy", MaxFileBytes: 1 << 20})
			if err != nil {
				t.Fatal(err)
			}
			if rows != tc.rows || len(files) < tc.minFiles || tc.minFiles == 1 && len(files) != 1 {
				t.Fatalf("rows %d files %q, want %d rows in at least %d files", rows, files, tc.rows, tc.minFiles)
			}
			for _, f := range files {
				base := filepath.Base(f)
				if !strings.HasPrefix(base, "20260101_000000_00001_abcde_") || strings.Contains(base, ".") || strings.Contains(f, "/") {
					t.Errorf("file %q", f)
				}
				if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
					t.Errorf("file %q: %v", f, err)
				}
			}
			// Every row once, in order within each file.
			var count, descents int64
			err = e.run(ctx, func(ctx context.Context) error {
				return e.withConn(ctx, "", func(conn *sql.Conn) error {
					return conn.QueryRowContext(ctx, "SELECT count(*), count(*) FILTER (WHERE p > n) FROM (SELECT n, lag(n) OVER "+
						"(PARTITION BY filename ORDER BY file_row_number) AS p FROM read_parquet("+sqlString(dir+"/*")+
						", filename = true, file_row_number = true))").Scan(&count, &descents)
				})
			})
			if err != nil || count != tc.rows || descents != 0 {
				t.Errorf("read back %d rows with %d out of order (%v), want %d in order", count, descents, err, tc.rows)
			}
		})
	}
}
