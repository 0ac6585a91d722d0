package emulator

import (
	"bufio"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/athenaq/athenaq/emulator/internal/engine"
	"github.com/athenaq/athenaq/emulator/internal/hivetype"
	"github.com/athenaq/athenaq/emulator/internal/objstore"
	"github.com/athenaq/athenaq/emulator/internal/spark"
)

// sparkSchema is the engine schema that holds the relations of spark.read.
// It is no catalog database: Athena's catalog operations never list it.
const sparkSchema = "__athenaq_spark"

// inferRows bounds the rows that spark.read scans to infer a CSV or JSON
// schema (Spark scans them all).
const inferRows = 100_000

// analysisError is an error whose text is Spark's own message, which the
// code sees as an AnalysisException.
type analysisError string

func (e analysisError) Error() string { return string(e) }

// sparkRelations tracks the engine relations that spark.read defined, so
// that they are dropped when their session ends.
type sparkRelations struct {
	mu        sync.Mutex
	schema    bool                // sparkSchema exists
	bySession map[string][]string // session id -> relation names
}

// sparkRead serves spark.read: it copies the objects at req.Path (one
// object, or every data object under a folder) into the table cache, works
// out their columns and defines an engine relation over them, as a table
// of the catalog is defined (syncTable). It returns the relation's name
// for SQL.
func (s *Server) sparkRead(ctx context.Context, req spark.ReadRequest) (string, error) {
	loc, err := objstore.ParseURI(req.Path)
	if err != nil {
		return "", err
	}
	files, err := s.fetchPath(ctx, loc)
	if err != nil {
		return "", err
	}
	if len(files) == 0 {
		return "", analysisError("Path does not exist: " + req.Path)
	}
	src := engine.TableSource{Schema: sparkSchema, Name: "r" + randomHex(8), Files: files}
	var cols []engine.FileColumn
	switch req.Format {
	case "csv":
		src.Format = engine.FormatOpenCSV
		src.Separator = req.Options["sep"]
		if src.Separator == "" {
			src.Separator = req.Options["delimiter"]
		}
		if src.Separator == "" {
			src.Separator = ","
		}
		if q, ok := req.Options["quote"]; ok && q != "" {
			src.Quote = q
		}
		if e, ok := req.Options["escape"]; ok && e != "" {
			src.Escape = e
		}
		header := optionTrue(req.Options["header"])
		if header {
			src.SkipHeaderLines = 1
		}
		cols, err = inferCSV(files, src.Separator, header, optionTrue(req.Options["inferschema"]))
	case "json":
		src.Format = engine.FormatJSON
		cols, err = inferJSON(files)
	case "parquet":
		src.Format = engine.FormatParquet
		cols, err = s.engine.ParquetColumns(ctx, files)
	default:
		return "", fmt.Errorf("the data source %q is not supported by the athenaq emulator (csv, json and parquet are)", req.Format)
	}
	if err != nil {
		return "", fmt.Errorf("read %s: %w", req.Path, err)
	}
	if ddl := req.Options["schema"]; ddl != "" {
		if cols, err = parseSchemaDDL(ddl); err != nil {
			return "", err
		}
	}
	if len(cols) == 0 {
		return "", analysisError(fmt.Sprintf("Unable to infer schema for %s at %s.", strings.ToUpper(req.Format), req.Path))
	}
	for _, c := range cols {
		t, err := hivetype.Parse(timePrecision.ReplaceAllString(c.Type, "$1"))
		if err != nil {
			return "", fmt.Errorf("read %s: column %s of type %s: %w", req.Path, c.Name, c.Type, err)
		}
		src.Columns = append(src.Columns, engine.ColumnSpec{Name: c.Name, Type: t})
	}
	if err := s.ensureSparkSchema(ctx); err != nil {
		return "", err
	}
	if err := s.engine.DefineTable(ctx, src); err != nil {
		return "", err
	}
	s.sparkRels.mu.Lock()
	if s.sparkRels.bySession == nil {
		s.sparkRels.bySession = map[string][]string{}
	}
	s.sparkRels.bySession[req.Session] = append(s.sparkRels.bySession[req.Session], src.Name)
	s.sparkRels.mu.Unlock()
	return `"` + sparkSchema + `"."` + src.Name + `"`, nil
}

// sparkRelease drops the relations that spark.read defined for a session.
func (s *Server) sparkRelease(session string) {
	s.sparkRels.mu.Lock()
	names := s.sparkRels.bySession[session]
	delete(s.sparkRels.bySession, session)
	s.sparkRels.mu.Unlock()
	for _, name := range names {
		if err := s.engine.DropRelation(context.Background(), sparkSchema, name); err != nil && !errors.Is(err, engine.ErrClosed) {
			s.log.Warn("emulator: drop a spark.read relation", "err", err)
		}
	}
}

func (s *Server) ensureSparkSchema(ctx context.Context) error {
	s.sparkRels.mu.Lock()
	defer s.sparkRels.mu.Unlock()
	if s.sparkRels.schema {
		return nil
	}
	if err := s.engine.CreateSchema(ctx, sparkSchema); err != nil {
		return err
	}
	s.sparkRels.schema = true
	return nil
}

// fetchPath copies the object loc, or the data objects under the folder
// loc when there is no such object, into the table cache.
func (s *Server) fetchPath(ctx context.Context, loc objstore.URI) ([]string, error) {
	if loc.Key != "" && !strings.HasSuffix(loc.Key, "/") {
		objs, err := s.store.List(ctx, loc.Bucket, loc.Key)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", loc, err)
		}
		for _, o := range objs {
			if o.Key == loc.Key {
				local, err := s.tables.fetch(ctx, s.store, loc.Bucket, o)
				if err != nil {
					return nil, err
				}
				return []string{local}, nil
			}
		}
	}
	files, _, err := s.fetchFolder(ctx, loc.Folder(), io.Discard)
	return files, err
}

// sparkWrite serves DataFrameWriter: saveAsTable runs CREATE TABLE AS (or
// INSERT INTO to append), save runs UNLOAD; both on the query pipeline, so
// that the files and the table are those Athena's own statements make.
func (s *Server) sparkWrite(ctx context.Context, req spark.WriteRequest) error {
	var props []string
	switch req.Format {
	case "", "parquet":
		props = []string{"format = 'PARQUET'", "write_compression = 'SNAPPY'"}
	case "json":
		props = []string{"format = 'JSON'", "write_compression = 'NONE'"}
	case "csv":
		sep := req.Options["sep"]
		if sep == "" {
			sep = req.Options["delimiter"]
		}
		if sep == "" {
			sep = ","
		}
		props = []string{"format = 'TEXTFILE'", "field_delimiter = " + sqlLiteral(sep), "write_compression = 'NONE'"}
	default:
		return fmt.Errorf("the data source %q is not supported by the athenaq emulator's DataFrameWriter (parquet, csv and json are)", req.Format)
	}
	var loc objstore.URI
	if req.Path != "" {
		var err error
		if loc, err = objstore.ParseURI(req.Path); err != nil {
			return err
		}
		loc = loc.Folder()
	}
	run := func(sql string) error {
		r := req.SQLRequest
		r.SQL = sql
		_, err := s.sparkSQL(ctx, r)
		return err
	}
	if req.Table != "" {
		db, name := splitTableName(req.Table, req.Database)
		target := sqlIdentifier(db) + "." + sqlIdentifier(name)
		if _, exists := s.catalog.Table(db, name); exists {
			switch req.Mode {
			case "ignore":
				return nil
			case "append":
				return run("INSERT INTO " + target + " " + req.SQL)
			case "overwrite":
				if err := run("DROP TABLE `" + db + "`.`" + name + "`"); err != nil {
					return err
				}
			default:
				return analysisError(fmt.Sprintf("Table %s.%s already exists.", db, name))
			}
		}
		if req.Path != "" {
			if req.Mode == "overwrite" {
				if err := s.deleteFolder(ctx, loc); err != nil {
					return err
				}
			}
			props = append(props, "external_location = "+sqlLiteral(loc.String()))
		}
		return run("CREATE TABLE " + target + " WITH (" + strings.Join(props, ", ") + ") AS " + req.SQL)
	}
	if req.Path == "" {
		return errors.New("DataFrameWriter.save needs a path: save(path) or option(\"path\", ...)")
	}
	objs, err := s.store.List(ctx, loc.Bucket, loc.Key)
	if err != nil {
		return fmt.Errorf("list %s: %w", loc, err)
	}
	target := loc
	if len(objs) > 0 {
		switch req.Mode {
		case "ignore":
			return nil
		case "overwrite":
			if err := s.deleteFolder(ctx, loc); err != nil {
				return err
			}
		case "append":
			// UNLOAD wants an empty folder: write beside the data, then move.
			target = objstore.URI{Bucket: loc.Bucket, Key: loc.Key + "_athenaq_append_" + randomHex(8) + "/"}
		default:
			return analysisError(fmt.Sprintf("path %s already exists.", req.Path))
		}
	}
	// UNLOAD takes no write_compression.
	var unload []string
	for _, p := range props {
		if !strings.HasPrefix(p, "write_compression") {
			unload = append(unload, p)
		} else if req.Format == "" || req.Format == "parquet" {
			unload = append(unload, "compression = 'SNAPPY'")
		}
	}
	if err := run("UNLOAD (" + req.SQL + ") TO " + sqlLiteral(target.String()) + " WITH (" + strings.Join(unload, ", ") + ")"); err != nil {
		return err
	}
	if target != loc {
		return s.moveFolder(ctx, target, loc)
	}
	return nil
}

// deleteFolder deletes every object under the folder loc.
func (s *Server) deleteFolder(ctx context.Context, loc objstore.URI) error {
	objs, err := s.store.List(ctx, loc.Bucket, loc.Key)
	if err != nil {
		return fmt.Errorf("list %s: %w", loc, err)
	}
	for _, o := range objs {
		if err := s.store.Delete(ctx, loc.Bucket, o.Key); err != nil {
			return fmt.Errorf("delete s3://%s/%s: %w", loc.Bucket, o.Key, err)
		}
	}
	return nil
}

// moveFolder moves the objects under the folder from into the folder to,
// each under a name of its own.
func (s *Server) moveFolder(ctx context.Context, from, to objstore.URI) error {
	objs, err := s.store.List(ctx, from.Bucket, from.Key)
	if err != nil {
		return fmt.Errorf("list %s: %w", from, err)
	}
	for _, o := range objs {
		body, size, err := s.store.Get(ctx, from.Bucket, o.Key, 0)
		if err != nil {
			return err
		}
		key := to.Key + strings.ReplaceAll(strings.TrimPrefix(o.Key, from.Key), "/", "-")
		err = s.store.Put(ctx, to.Bucket, key, body, size, "application/octet-stream")
		body.Close()
		if err != nil {
			return err
		}
		if err := s.store.Delete(ctx, from.Bucket, o.Key); err != nil {
			return err
		}
	}
	return nil
}

// splitTableName splits "db.name" (parts possibly in backquotes) and
// lowercases it; a bare name is in database.
func splitTableName(full, database string) (db, name string) {
	full = strings.ReplaceAll(full, "`", "")
	db, name, ok := strings.Cut(full, ".")
	if !ok {
		db, name = database, full
	}
	return strings.ToLower(db), strings.ToLower(name)
}

func sqlIdentifier(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func sqlLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func optionTrue(v string) bool { return strings.EqualFold(strings.TrimSpace(v), "true") }

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// openData opens a local copy of an object, decompressing .gz.
func openData(name string) (io.ReadCloser, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(name, ".gz") {
		return f, nil
	}
	z, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{z, f}, nil
}

// inferCSV works out the columns of CSV files as Spark's reader does: the
// names from the first file's header line (else _c0, _c1, ...), and with
// inferSchema the narrowest of int, bigint, double and boolean that every
// value of the first inferRows rows fits, else string.
func inferCSV(files []string, sep string, header, infer bool) ([]engine.FileColumn, error) {
	comma := []rune(sep)
	if len(comma) != 1 {
		return nil, fmt.Errorf("sep %q: want a single character", sep)
	}
	var names []string
	var kinds []valueKind
	rows := 0
	for i, file := range files {
		if rows >= inferRows || (i > 0 && !infer) {
			break
		}
		f, err := openData(file)
		if err != nil {
			return nil, err
		}
		r := csv.NewReader(bufio.NewReader(f))
		r.Comma, r.FieldsPerRecord, r.LazyQuotes, r.ReuseRecord = comma[0], -1, true, true
		first := true
		for rows < inferRows {
			rec, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				f.Close()
				return nil, err
			}
			if names == nil {
				names = make([]string, len(rec))
				kinds = make([]valueKind, len(rec))
				for j := range rec {
					names[j] = "_c" + strconv.Itoa(j)
					if header && strings.TrimSpace(rec[j]) != "" {
						names[j] = rec[j]
					}
				}
			}
			if first && header {
				first = false
				continue
			}
			first = false
			if !infer {
				break
			}
			for j := 0; j < len(rec) && j < len(kinds); j++ {
				kinds[j] = kinds[j].widen(rec[j])
			}
			rows++
		}
		f.Close()
	}
	cols := make([]engine.FileColumn, len(names))
	seen := map[string]int{}
	for _, n := range names {
		seen[strings.ToLower(n)]++
	}
	for j, n := range names {
		if seen[strings.ToLower(n)] > 1 {
			n += strconv.Itoa(j) // Spark's rule for duplicate header names
		}
		cols[j] = engine.FileColumn{Name: n, Type: kinds[j].typ()}
	}
	return cols, nil
}

// valueKind is what inferCSV has learnt of a column so far.
type valueKind int

const (
	kindNone valueKind = iota // only empty values
	kindInt
	kindBigint
	kindDouble
	kindBoolean
	kindString
)

func (k valueKind) widen(v string) valueKind {
	if v == "" || k == kindString {
		return k
	}
	var this valueKind
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		this = kindBigint
		if n >= math.MinInt32 && n <= math.MaxInt32 {
			this = kindInt
		}
	} else if _, err := strconv.ParseFloat(v, 64); err == nil && !strings.ContainsAny(v, "xXpP_") {
		this = kindDouble
	} else if strings.EqualFold(v, "true") || strings.EqualFold(v, "false") {
		this = kindBoolean
	} else {
		return kindString
	}
	switch {
	case k == kindNone || k == this:
		return this
	case k == kindBoolean || this == kindBoolean:
		return kindString
	}
	return max(k, this)
}

func (k valueKind) typ() string {
	switch k {
	case kindInt:
		return "integer"
	case kindBigint:
		return "bigint"
	case kindDouble:
		return "double"
	case kindBoolean:
		return "boolean"
	}
	return "varchar"
}

// inferJSON works out the columns of JSON-lines files as Spark's reader
// does: every key of the first inferRows objects, sorted by name, typed
// bigint, double, boolean or string (nested values read as their JSON
// text).
func inferJSON(files []string) ([]engine.FileColumn, error) {
	types := map[string]string{}
	rows := 0
	for _, file := range files {
		if rows >= inferRows {
			break
		}
		f, err := openData(file)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64<<10), 16<<20)
		for rows < inferRows && sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" {
				continue
			}
			dec := json.NewDecoder(strings.NewReader(line))
			dec.UseNumber()
			var obj map[string]any
			if dec.Decode(&obj) != nil {
				continue // Spark's PERMISSIVE mode: a _corrupt_record
			}
			rows++
			for k, v := range obj {
				types[k] = widenJSON(types[k], v)
			}
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	names := make([]string, 0, len(types))
	for k := range types {
		names = append(names, k)
	}
	sort.Strings(names)
	cols := make([]engine.FileColumn, len(names))
	for i, n := range names {
		t := types[n]
		if t == "" {
			t = "varchar"
		}
		cols[i] = engine.FileColumn{Name: n, Type: t}
	}
	return cols, nil
}

func widenJSON(have string, v any) string {
	var this string
	switch v := v.(type) {
	case nil:
		return have
	case bool:
		this = "boolean"
	case json.Number:
		this = "double"
		if _, err := v.Int64(); err == nil {
			this = "bigint"
		}
	default:
		this = "varchar"
	}
	switch {
	case have == "" || have == this:
		return this
	case have == "bigint" && this == "double" || have == "double" && this == "bigint":
		return "double"
	}
	return "varchar"
}

// parseSchemaDDL reads a reader schema given as DDL: "name type, ...",
// with Spark's type names (int, long, string, ...) or Hive's.
func parseSchemaDDL(ddl string) ([]engine.FileColumn, error) {
	var cols []engine.FileColumn
	depth, start := 0, 0
	for i := 0; i <= len(ddl); i++ {
		if i < len(ddl) {
			switch ddl[i] {
			case '<', '(':
				depth++
				continue
			case '>', ')':
				depth--
				continue
			case ',':
				if depth > 0 {
					continue
				}
			default:
				continue
			}
		}
		field := strings.TrimSpace(ddl[start:i])
		start = i + 1
		if field == "" {
			continue
		}
		name, typ, ok := strings.Cut(field, " ")
		name = strings.Trim(name, "`")
		typ = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(typ), ":"))
		if !ok || name == "" || typ == "" {
			return nil, fmt.Errorf("schema %q: want \"name type, ...\"", ddl)
		}
		typ = strings.ToLower(typ)
		switch typ {
		case "long":
			typ = "bigint"
		case "short":
			typ = "smallint"
		case "byte":
			typ = "tinyint"
		case "integer":
			typ = "int"
		}
		cols = append(cols, engine.FileColumn{Name: name, Type: typ})
	}
	return cols, nil
}
