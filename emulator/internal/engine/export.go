package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/athenaq/athenaq/internal/uuid"
)

// Export is a query whose rows are written to local data files, for CTAS,
// INSERT INTO and UNLOAD.
type Export struct {
	// Schema is the current database; "" leaves DuckDB's main schema.
	Schema string
	// SQL is a DuckDB-ready query. Its output column names become the
	// field names of Parquet and JSON files.
	SQL string
	// Dir is an existing, empty local directory that receives the files.
	Dir string
	// Prefix starts every file name: files are named <Prefix>_<uuid>, plus
	// ".gz" for gzip-compressed text and JSON.
	Prefix string
	// Format is "parquet", "json" or "text" (Hive delimited text).
	Format string
	// Compression is "gzip", "snappy", "zstd" or "none" ("" means gzip).
	Compression string
	// Delimiter separates text fields; "" means "\x01".
	Delimiter string
	// PartitionBy names output columns written as Hive-style key=value
	// folders instead of into the files.
	PartitionBy []string
	// BucketBy names output columns whose hash spreads the rows over
	// BucketCount files per partition, named <Prefix>_bucket-NNNNN (plus
	// the extension), one per non-empty bucket. The hash is DuckDB's
	// hash() modulo BucketCount, not Hive's or Trino's bucketing function
	// (unverified against Athena), and the file name pattern is modelled
	// on Athena's (unverified).
	BucketBy    []string
	BucketCount int
	// MaxFileBytes, when positive, splits an unpartitioned, unbucketed
	// Parquet export larger than this into about size/MaxFileBytes files
	// (at most maxSplit) of consecutive rows, each named <Prefix>_<uuid>,
	// so that rows keep their order within each file while the sorted
	// file names do not follow it, as with the files of Athena's parallel
	// writers.
	MaxFileBytes int64
	// ResolveS3 fetches the objects of the S3 references of a DuckDB-dialect
	// query (see Query.ResolveS3); the Trino dialect ignores it.
	ResolveS3 S3Resolver
}

// maxSplit bounds the files into which MaxFileBytes splits an export.
const maxSplit = 100

// ExportFiles runs x and writes its rows to files under x.Dir. It returns
// the files' paths relative to x.Dir ("/"-separated, sorted) and the number
// of rows written. A query that fails returns an *athena.QueryError.
//
// In the DuckDB dialect x.SQL is DuckDB SQL: it passes the dialect's
// sandbox (see ParseDuckDB), its S3 references are resolved by
// x.ResolveS3, it runs without the typing pass, and failures carry
// DuckDB's messages.
func (e *Engine) ExportFiles(ctx context.Context, x Export) ([]string, int64, error) {
	body, names, err := e.exportBody(ctx, x)
	if err != nil {
		return nil, 0, err
	}
	comp := strings.ToLower(x.Compression)
	if comp == "" {
		comp = "gzip"
	}
	ext := ""
	var opts []string
	switch x.Format {
	case "parquet":
		if comp == "none" {
			comp = "uncompressed"
		}
		opts = append(opts, "FORMAT parquet", "COMPRESSION "+sqlString(comp))
	case "json", "text":
		if comp != "gzip" && comp != "zstd" && comp != "none" {
			return nil, 0, fmt.Errorf("engine: export: compression %q is not supported for %s", comp, x.Format)
		}
		switch comp {
		case "gzip":
			ext = ".gz"
		case "zstd":
			ext = ".zst"
		}
		if x.Format == "json" {
			opts = append(opts, "FORMAT json")
		} else {
			delim := x.Delimiter
			if delim == "" {
				delim = "\x01"
			}
			opts = append(opts, "FORMAT csv", "HEADER false", "DELIMITER "+sqlString(delim), "QUOTE ''", "ESCAPE ''", `NULL '\N'`)
		}
		opts = append(opts, "COMPRESSION "+sqlString(comp))
	default:
		return nil, 0, fmt.Errorf("engine: export: unknown format %q", x.Format)
	}
	with := " (" + strings.Join(opts, ", ") + ")"
	var rows int64
	err = e.run(ctx, func(ctx context.Context) error {
		return e.withConn(ctx, x.Schema, func(conn *sql.Conn) error {
			if e.dialect != DialectDuckDB {
				body = e.typed(ctx, conn, body, x.Schema)
			}
			if len(x.PartitionBy) == 0 && len(x.BucketBy) == 0 {
				target := filepath.Join(x.Dir, x.Prefix+"_"+uuid.NewV4()+ext)
				r, err := conn.ExecContext(ctx, "COPY (\n"+body+"\n) TO "+sqlString(target)+with)
				if err != nil {
					return e.dialectError(ctx, err, source{text: body, lineOffset: 1, schema: x.Schema})
				}
				if rows, err = r.RowsAffected(); err != nil {
					return err
				}
				if x.MaxFileBytes > 0 && x.Format == "parquet" {
					return e.splitParquet(ctx, conn, x, target, with, rows)
				}
				return nil
			}
			return e.exportPartitioned(ctx, conn, x, body, ext, with, &rows)
		})
	})
	err = unmapPaths(err, names)
	if err != nil {
		return nil, 0, err
	}
	var files []string
	err = filepath.WalkDir(x.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(x.Dir, p)
		if err != nil {
			return err
		}
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, 0, fmt.Errorf("engine: export: %w", err)
	}
	slices.Sort(files)
	return files, rows, nil
}

// splitParquet rewrites the Parquet file at path, of rows rows, as about
// size/x.MaxFileBytes files of consecutive rows when it is larger than
// x.MaxFileBytes. DuckDB's own FILE_SIZE_BYTES is no substitute: its
// writers may put row groups out of order. A file that cannot be read back
// by row number (a column named file_row_number) is left whole.
func (e *Engine) splitParquet(ctx context.Context, conn *sql.Conn, x Export, path, with string, rows int64) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("engine: export: %w", err)
	}
	n := min((fi.Size()+x.MaxFileBytes-1)/x.MaxFileBytes, rows, maxSplit)
	if n <= 1 {
		return nil
	}
	per := (rows + n - 1) / n
	var written []string
	for from := int64(0); from < rows; from += per {
		target := filepath.Join(x.Dir, x.Prefix+"_"+uuid.NewV4())
		_, err := conn.ExecContext(ctx, "COPY (SELECT * EXCLUDE (file_row_number) FROM read_parquet("+sqlString(path)+
			", file_row_number = true) WHERE file_row_number >= "+strconv.FormatInt(from, 10)+" AND file_row_number < "+
			strconv.FormatInt(from+per, 10)+" ORDER BY file_row_number) TO "+sqlString(target)+with)
		if err != nil {
			for _, w := range written {
				os.Remove(w)
			}
			os.Remove(target)
			if ctx.Err() != nil {
				return e.dialectError(ctx, err, source{schema: x.Schema})
			}
			return nil
		}
		written = append(written, target)
	}
	return os.Remove(path)
}

// exportPartitioned materializes body in a temporary table, then writes
// one file per distinct value of the partition columns (and bucket, when
// x.BucketBy is set) under Hive-style key=value folders, without the
// partition columns.
func (e *Engine) exportPartitioned(ctx context.Context, conn *sql.Conn, x Export, body, ext, with string, rows *int64) error {
	tmp := sqlIdent("__athenaq_export_" + strings.ReplaceAll(uuid.NewV4(), "-", ""))
	create := "CREATE TEMPORARY TABLE " + tmp + " AS\n" + body
	const bucketCol = "__athenaq_bucket"
	if len(x.BucketBy) > 0 {
		if x.BucketCount < 1 {
			return fmt.Errorf("engine: export: bucket count %d", x.BucketCount)
		}
		hashed := make([]string, len(x.BucketBy))
		for i, c := range x.BucketBy {
			hashed[i] = "__athenaq_b." + sqlIdent(c)
		}
		create = "CREATE TEMPORARY TABLE " + tmp + " AS SELECT __athenaq_b.*, CAST(hash(" + strings.Join(hashed, ", ") + ") % " +
			strconv.Itoa(x.BucketCount) + " AS BIGINT) AS " + bucketCol + " FROM (\n" + body + "\n) AS __athenaq_b"
	}
	if _, err := conn.ExecContext(ctx, create); err != nil {
		return e.dialectError(ctx, err, source{text: body, lineOffset: 1, schema: x.Schema})
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS temp.main."+tmp)
	keys := make([]string, len(x.PartitionBy))
	texts := make([]string, len(x.PartitionBy))
	for i, k := range x.PartitionBy {
		keys[i] = sqlIdent(k)
		texts[i] = "CAST(" + keys[i] + " AS VARCHAR)"
	}
	nparts := len(keys)
	if len(x.BucketBy) > 0 {
		keys = append(keys, bucketCol)
		texts = append(texts, "CAST("+bucketCol+" AS VARCHAR)")
	}
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM "+tmp).Scan(rows); err != nil {
		return e.dialectError(ctx, err, source{schema: x.Schema})
	}
	r, err := conn.QueryContext(ctx, "SELECT DISTINCT "+strings.Join(texts, ", ")+" FROM "+tmp)
	if err != nil {
		return e.dialectError(ctx, err, source{schema: x.Schema})
	}
	var parts [][]sql.NullString
	for r.Next() {
		vals := make([]sql.NullString, len(keys))
		ptrs := make([]any, len(keys))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := r.Scan(ptrs...); err != nil {
			r.Close()
			return err
		}
		parts = append(parts, vals)
	}
	r.Close()
	if err := r.Err(); err != nil {
		return e.dialectError(ctx, err, source{schema: x.Schema})
	}
	for _, vals := range parts {
		var where, folders []string
		name := x.Prefix + "_" + uuid.NewV4()
		for i, v := range vals {
			if i >= nparts {
				where = append(where, texts[i]+" = "+sqlString(v.String))
				b, _ := strconv.Atoi(v.String)
				name = fmt.Sprintf("%s_bucket-%05d", x.Prefix, b)
				continue
			}
			if v.Valid {
				where = append(where, texts[i]+" = "+sqlString(v.String))
				folders = append(folders, x.PartitionBy[i]+"="+v.String)
			} else {
				where = append(where, keys[i]+" IS NULL")
				folders = append(folders, x.PartitionBy[i]+"=__HIVE_DEFAULT_PARTITION__")
			}
		}
		dir := filepath.Join(append([]string{x.Dir}, folders...)...)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("engine: export: %w", err)
		}
		target := filepath.Join(dir, name+ext)
		stmt := "COPY (SELECT * EXCLUDE (" + strings.Join(keys, ", ") + ") FROM " + tmp + " WHERE " + strings.Join(where, " AND ") +
			") TO " + sqlString(target) + with
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return e.dialectError(ctx, err, source{schema: x.Schema})
		}
	}
	return nil
}

// exportBody returns the statement that ExportFiles runs: in the Trino
// dialect x.SQL past the sandbox; in the DuckDB dialect x.SQL past the
// DuckDB sandbox with its S3 references swapped for their local copies,
// which it also returns.
func (e *Engine) exportBody(ctx context.Context, x Export) (string, []S3File, error) {
	if e.dialect != DialectDuckDB {
		body, err := e.statement(x.SQL)
		return body, nil, err
	}
	st, err := parseDuckDB(x.SQL, e.denied)
	if err != nil {
		return "", nil, err
	}
	if st.Kind != "SELECT" {
		return "", nil, DuckDBError(fmt.Sprintf("Parser Error: %s statements do not return rows", st.Kind))
	}
	return resolveS3(ctx, st, x.ResolveS3)
}
