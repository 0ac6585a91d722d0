package emulator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/athenaq/athenaq/emulator/internal/athena"
	"github.com/athenaq/athenaq/emulator/internal/catalog"
	"github.com/athenaq/athenaq/emulator/internal/engine"
	"github.com/athenaq/athenaq/emulator/internal/hivetype"
	"github.com/athenaq/athenaq/emulator/internal/objstore"
	"github.com/athenaq/athenaq/internal/sqltext"
)

// tableCache keeps local copies of table files (DuckDB reads local files;
// all S3 I/O happens in Go) and remembers which file set each engine view
// was last defined over, so that a table is redefined only when its objects
// change.
type tableCache struct {
	dir string

	mu sync.Mutex // guards defined, parts, locks and used
	// defined holds, per engine dialect, "db.table" -> signature of the
	// files that engine's view reads: the engine v3 engine and the DuckDB
	// one each define their own view of a table.
	defined map[engine.Dialect]map[string]string
	locks   map[string]*sync.Mutex // per table, so one refresh runs at a time
	// parts holds, per partitioned table, the files last listed for each of
	// its partitions (by partitionKey).
	parts map[string]map[string]partFiles
	used  map[string]bool // the local files fetch returned, until prune
}

const (
	tableCacheDir = "files" // the table cache's folder in the temporary directory
	partialPrefix = "dl-"   // a download in progress in the table cache
)

func newTableCache(dir string) *tableCache {
	return &tableCache{dir: dir, defined: map[engine.Dialect]map[string]string{}, locks: map[string]*sync.Mutex{}, parts: map[string]map[string]partFiles{},
		used: map[string]bool{}}
}

// prune removes the cached files that fetch has not returned since the
// cache was created, and stops tracking. Called once the catalog's tables
// are restored at start, it drops the copies of objects that an earlier run
// saw replaced or deleted.
func (c *tableCache) prune(log *slog.Logger) {
	c.mu.Lock()
	used := c.used
	c.used = nil
	c.mu.Unlock()
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		p := filepath.Join(c.dir, e.Name())
		if used[p] || strings.HasPrefix(e.Name(), partialPrefix) {
			continue
		}
		if err := os.RemoveAll(p); err != nil {
			log.Warn("emulator: prune the table cache", "err", err)
		}
	}
}

func (c *tableCache) markUsed(local string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.used != nil {
		c.used[local] = true
	}
}

func (c *tableCache) lock(name string) func() {
	c.mu.Lock()
	l, ok := c.locks[name]
	if !ok {
		l = &sync.Mutex{}
		c.locks[name] = l
	}
	c.mu.Unlock()
	l.Lock()
	return l.Unlock
}

// signature returns the signature of the files that the view name of the
// engine of dialect d was last defined over.
func (c *tableCache) signature(d engine.Dialect, name string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.defined[d][name]
}

// setSignature records the files of name's view in the engine of dialect
// d. An empty sig forgets the table in every engine: its views are
// defined afresh at the next query.
func (c *tableCache) setSignature(name, sig string) {
	c.setSignatureOf(engine.DialectTrino, name, sig)
}

func (c *tableCache) setSignatureOf(d engine.Dialect, name, sig string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if sig == "" {
		for _, m := range c.defined {
			delete(m, name)
		}
		delete(c.parts, name)
		return
	}
	if c.defined[d] == nil {
		c.defined[d] = map[string]string{}
	}
	c.defined[d][name] = sig
}

// prepareTables brings every catalog table that sql may read up to date in
// the engine, following views, and returns the bytes of the files read.
func (s *Server) prepareTables(ctx context.Context, database, sql string) (int64, error) {
	seen := map[string]bool{}
	return s.prepareRefs(ctx, s.engine, database, sql, seen, 0)
}

// prepareRefs brings the tables that sql names up to date in eng. Views
// are followed in the engine v3 engine; the DuckDB engine cannot define
// them (their SQL is Trino's), so a DuckDB query that names one fails.
func (s *Server) prepareRefs(ctx context.Context, eng *engine.Engine, database, sql string, seen map[string]bool, depth int) (int64, error) {
	if depth > 32 {
		return 0, athena.NewQueryError("NOT_SUPPORTED", "views are nested more than 32 levels deep")
	}
	var total int64
	refs := sqltext.TableRefs(sql)
	if eng.Dialect() == engine.DialectDuckDB {
		refs = duckTableRefs(sql)
	}
	for _, ref := range refs {
		db, name, ok := resolveRef(database, ref.Parts)
		if !ok {
			continue
		}
		key := db + "." + name
		if seen[key] {
			continue
		}
		seen[key] = true
		t, ok := s.catalog.Table(db, name)
		if !ok {
			continue // the engine reports TABLE_NOT_FOUND with its position
		}
		if t.TableType == "VIRTUAL_VIEW" {
			if eng.Dialect() == engine.DialectDuckDB {
				return 0, duckViewError(t)
			}
			n, err := s.prepareRefs(ctx, eng, t.Database, t.ViewSQL, seen, depth+1)
			if err != nil {
				return 0, err
			}
			total += n
			continue
		}
		var keep func([]string) bool
		if depth == 0 && len(t.PartitionKeys) > 0 && eng.Dialect() == engine.DialectTrino {
			keep = partitionFilter(sql, t.PartitionKeys)
		}
		n, err := s.syncTable(ctx, eng, t, keep)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// resolveRef maps a 1-, 2- or 3-part name to (database, table), lowercased
// as Glue stores them.
func resolveRef(database string, parts []string) (db, name string, ok bool) {
	switch len(parts) {
	case 1:
		return strings.ToLower(database), strings.ToLower(parts[0]), true
	case 2:
		return strings.ToLower(parts[0]), strings.ToLower(parts[1]), true
	case 3:
		if !strings.EqualFold(parts[0], "awsdatacatalog") {
			return "", "", false
		}
		return strings.ToLower(parts[1]), strings.ToLower(parts[2]), true
	}
	return "", "", false
}

// syncTable lists t's objects, copies new ones locally and redefines the
// engine view if the file set changed. It returns the bytes of the files.
// A partitioned table reads its registered partitions; keep (nil for all)
// says which of them the query needs (see syncPartitions).
func (s *Server) syncTable(ctx context.Context, eng *engine.Engine, t catalog.Table, keep func(values []string) bool) (int64, error) {
	key := t.Database + "." + t.Name
	unlock := s.tables.lock(key)
	defer unlock()
	if isIceberg(t) {
		return s.syncIceberg(ctx, eng, t)
	}
	if len(t.PartitionKeys) > 0 {
		return s.syncPartitions(ctx, eng, t, keep)
	}
	loc, err := objstore.ParseURI(t.Location)
	if err != nil {
		return 0, athena.NewQueryError("HIVE_METASTORE_ERROR", fmt.Sprintf("Table %s has an invalid location: %v", key, err))
	}
	loc = loc.Folder()
	h := sha256.New()
	files, total, err := s.fetchFolder(ctx, loc, h)
	if err != nil {
		return 0, err
	}
	sig := hex.EncodeToString(h.Sum(nil)) + fmt.Sprint(t.CreateTime.UnixNano())
	return total, s.defineTable(ctx, eng, key, sig, t, files, nil)
}

// defineTable (re)defines t's view in eng over files (or, for a
// partitioned table, over parts) unless the view was last defined over the
// same file set, which sig identifies.
func (s *Server) defineTable(ctx context.Context, eng *engine.Engine, key, sig string, t catalog.Table, files []string, parts []engine.PartitionFiles) error {
	if s.tables.signature(eng.Dialect(), key) == sig {
		return nil
	}
	src, err := tableSource(t, files)
	if err != nil {
		return err
	}
	src.Partitions = parts
	if err := eng.DefineTable(ctx, src); err != nil {
		return err
	}
	s.tables.setSignatureOf(eng.Dialect(), key, sig)
	return nil
}

// fetchFolder lists the data objects under the folder loc, copies them
// locally and returns the local paths and their bytes; each object's key,
// ETag and size are written to h.
func (s *Server) fetchFolder(ctx context.Context, loc objstore.URI, h io.Writer) ([]string, int64, error) {
	objs, err := s.store.List(ctx, loc.Bucket, loc.Key)
	if err != nil {
		return nil, 0, fmt.Errorf("list %s: %w", loc, err)
	}
	var files []string
	var total int64
	for _, o := range objs {
		if !dataObject(loc.Key, o.Key) {
			continue
		}
		local, err := s.tables.fetch(ctx, s.store, loc.Bucket, o)
		if err != nil {
			return nil, 0, err
		}
		files = append(files, local)
		total += o.Size
		fmt.Fprintf(h, "%s\x00%s\x00%d\n", o.Key, o.ETag, o.Size)
	}
	return files, total, nil
}

// dataObject reports whether an object under a table location holds data:
// Hive skips "folders" and files whose names start with "_" or ".".
func dataObject(prefix, key string) bool {
	if strings.HasSuffix(key, "/") || strings.HasSuffix(key, "_$folder$") {
		return false
	}
	for _, part := range strings.Split(strings.TrimPrefix(key, prefix), "/") {
		if strings.HasPrefix(part, "_") || strings.HasPrefix(part, ".") {
			return false
		}
	}
	return true
}

// fetch returns a local copy of an object, downloading it unless a copy of
// the same version is cached.
func (c *tableCache) fetch(ctx context.Context, store objstore.Store, bucket string, o objstore.Object) (string, error) {
	sum := sha256.Sum256([]byte(bucket + "\x00" + o.Key + "\x00" + o.ETag + "\x00" + fmt.Sprint(o.Size)))
	// Keep the extension: DuckDB picks decompression (.gz) from it.
	local := filepath.Join(c.dir, hex.EncodeToString(sum[:16])+fileExt(o.Key))
	if _, err := os.Stat(local); err == nil {
		c.markUsed(local)
		return local, nil
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return "", err
	}
	body, _, err := store.Get(ctx, bucket, o.Key, 0)
	if err != nil {
		return "", fmt.Errorf("read s3://%s/%s: %w", bucket, o.Key, err)
	}
	defer body.Close()
	tmp, err := os.CreateTemp(c.dir, partialPrefix+"*")
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(tmp, body); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", fmt.Errorf("read s3://%s/%s: %w", bucket, o.Key, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	if err := os.Rename(tmp.Name(), local); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	c.markUsed(local)
	return local, nil
}

// fileExt is the extension of an object key for its local copy: up to 16
// letters and digits after the last dot of the last segment, or nothing.
// Keys are S3's opaque strings; anything else could not be a file name.
func fileExt(key string) string {
	ext := path.Ext(key)
	if len(ext) < 2 || len(ext) > 17 {
		return ""
	}
	for _, c := range ext[1:] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return ""
		}
	}
	return ext
}

// tableSource describes a catalog table to the engine.
func tableSource(t catalog.Table, files []string) (engine.TableSource, error) {
	src := engine.TableSource{Schema: t.Database, Name: t.Name, Files: files, SkipHeaderLines: t.SkipHeaderLines()}
	for i, c := range t.AllColumns() {
		ty, err := hivetype.Parse(c.Type)
		if err != nil {
			return src, athena.NewQueryError("HIVE_METASTORE_ERROR", fmt.Sprintf("Table %s.%s column %s: %v", t.Database, t.Name, c.Name, err))
		}
		if i < len(t.Columns) {
			src.Columns = append(src.Columns, engine.ColumnSpec{Name: c.Name, Type: ty})
		} else {
			src.PartitionKeys = append(src.PartitionKeys, engine.ColumnSpec{Name: c.Name, Type: ty})
		}
	}
	kind, opts := t.Format()
	switch kind {
	case "delimited":
		src.Format = engine.FormatDelimited
		src.FieldDelim, src.CollectionDelim, src.MapKeyDelim = opts["field.delim"], opts["collection.delim"], opts["mapkey.delim"]
		src.EscapeChar = opts["escape.delim"]
		src.NullFormat, src.NullFormatSet = opts["serialization.null.format"]
	case "opencsv":
		src.Format = engine.FormatOpenCSV
		src.Separator, src.Quote, src.Escape = opts["separatorChar"], opts["quoteChar"], opts["escapeChar"]
	case "json":
		src.Format = engine.FormatJSON
	case "parquet":
		src.Format = engine.FormatParquet
	default:
		return src, athena.NewQueryError("NOT_SUPPORTED", fmt.Sprintf("Table %s.%s: the emulator cannot read %s data", t.Database, t.Name, kind))
	}
	return src, nil
}

// restoreCatalog recreates the engine's schemas and views from a catalog
// loaded from DataDir. Tables are defined lazily, when a query reads them;
// views are defined in passes so that views over views find their inputs.
func (s *Server) restoreCatalog(ctx context.Context) error {
	var views []catalog.Table
	for _, db := range s.catalog.Databases() {
		if err := s.engine.CreateSchema(ctx, db.Name); err != nil {
			return fmt.Errorf("emulator: restore database %s: %w", db.Name, err)
		}
		for _, t := range s.catalog.Tables(db.Name) {
			if t.TableType == "VIRTUAL_VIEW" {
				views = append(views, t)
				continue
			}
			if _, err := s.syncTable(ctx, s.engine, t, nil); err != nil {
				s.log.Warn("emulator: restore table", "table", t.Database+"."+t.Name, "err", err)
			}
		}
	}
	for pass := 0; len(views) > 0 && pass < 32; pass++ {
		var again []catalog.Table
		for _, v := range views {
			sql, err := engineSQL(v.ViewSQL, nil)
			if err == nil {
				err = s.engine.DefineView(ctx, v.Database, v.Name, sql)
			}
			if err != nil {
				again = append(again, v)
			}
		}
		if len(again) == len(views) {
			for _, v := range again {
				s.log.Warn("emulator: restore view: its definition no longer binds", "view", v.Database+"."+v.Name)
			}
			break
		}
		views = again
	}
	return nil
}
