package emulator

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/athena"
	"github.com/athenaq/athenaq/emulator/internal/catalog"
	"github.com/athenaq/athenaq/emulator/internal/engine"
	"github.com/athenaq/athenaq/emulator/internal/hivetype"
	"github.com/athenaq/athenaq/emulator/internal/objstore"
	"github.com/athenaq/athenaq/emulator/internal/results"
	"github.com/athenaq/athenaq/internal/sqltext"
)

// This file runs the statements that write data files: CTAS, INSERT INTO
// and UNLOAD (FACTS §4.7). Each writes its files under a location in the
// object store, then a manifest listing them and a .metadata companion in
// the result location.

// writeProp is one WITH (...) property value: a string or number, or an
// ARRAY[...] of them.
type writeProp struct {
	value  string
	list   []string
	isList bool
}

// writeStmt is a parsed CTAS, INSERT INTO or UNLOAD.
type writeStmt struct {
	query   string               // the SELECT (Athena SQL)
	props   map[string]writeProp // WITH (...) properties, keys lowercased
	columns []string             // INSERT INTO t (columns), lowercased
	to      string               // UNLOAD ... TO '<uri>'
	exists  bool                 // CTAS IF NOT EXISTS
	target  []string             // the table of CTAS and INSERT INTO, as written
}

// significant returns sql's tokens without whitespace and comments.
func significant(sql string) ([]sqltext.Token, error) {
	toks, err := sqltext.Tokenize(sql)
	if err != nil {
		return nil, err
	}
	out := toks[:0]
	for _, t := range toks {
		if !t.IsTrivia() {
			out = append(out, t)
		}
	}
	return out, nil
}

func syntaxError(t sqltext.Token, msg string) error {
	return athena.NewQueryError("SYNTAX_ERROR", fmt.Sprintf("line %d:%d: %s", t.Line, t.Col, msg))
}

// parseProps reads "( key = value, ... )" starting at toks[i], the "(", and
// returns the properties and the index after the ")".
func parseProps(toks []sqltext.Token, i int) (map[string]writeProp, int, error) {
	props := map[string]writeProp{}
	if i >= len(toks) || !toks[i].IsOp("(") {
		return nil, i, syntaxError(toks[min(i, len(toks)-1)], "expected '(' after WITH")
	}
	i++
	value := func() (string, bool) {
		if i < len(toks) && (toks[i].Kind == sqltext.String || toks[i].Kind == sqltext.Number || toks[i].IsName()) {
			i++
			return toks[i-1].Value(), true
		}
		if i < len(toks) && (toks[i].IsWord("TRUE") || toks[i].IsWord("FALSE")) {
			// Boolean properties such as is_external = false.
			i++
			return strings.ToLower(toks[i-1].Text), true
		}
		return "", false
	}
	for i < len(toks) {
		if !toks[i].IsName() {
			return nil, i, syntaxError(toks[i], "expected a property name")
		}
		key := strings.ToLower(toks[i].Value())
		i++
		if i >= len(toks) || !toks[i].IsOp("=") {
			return nil, i, syntaxError(toks[min(i, len(toks)-1)], "expected '=' after property "+key)
		}
		i++
		var p writeProp
		// ARRAY['a', 'b'] is Trino's list; ['a', 'b'] is DuckDB's, which
		// DuckDB work groups write (unverified) and engine v3 tolerates.
		if i+1 < len(toks) && toks[i].IsWord("ARRAY") && toks[i+1].IsOp("[") || i < len(toks) && toks[i].IsOp("[") {
			p.isList = true
			if !toks[i].IsOp("[") {
				i++
			}
			i++
			for i < len(toks) && !toks[i].IsOp("]") {
				v, ok := value()
				if !ok {
					return nil, i, syntaxError(toks[i], "expected a literal in ARRAY[...]")
				}
				p.list = append(p.list, v)
				if i < len(toks) && toks[i].IsOp(",") {
					i++
				}
			}
			i++
		} else {
			v, ok := value()
			if !ok {
				return nil, i, syntaxError(toks[min(i, len(toks)-1)], "expected a value for property "+key)
			}
			p.value = v
		}
		props[key] = p
		if i < len(toks) && toks[i].IsOp(",") {
			i++
			continue
		}
		if i < len(toks) && toks[i].IsOp(")") {
			return props, i + 1, nil
		}
		break
	}
	return nil, i, syntaxError(toks[min(i, len(toks)-1)], "expected ',' or ')' in WITH properties")
}

// parseWrite parses a CTAS, INSERT INTO or UNLOAD statement, sql, whose
// class is class.
func parseWrite(sql string, class sqltext.Class) (*writeStmt, error) {
	toks, err := significant(sql)
	if err != nil || len(toks) == 0 {
		return nil, athena.NewQueryError("SYNTAX_ERROR", "line 1:1: cannot parse the statement")
	}
	w := &writeStmt{target: class.Target.Parts}
	at := func(end int) int { // index of the first token at or after byte end
		return slices.IndexFunc(toks, func(t sqltext.Token) bool { return t.Pos >= end })
	}
	switch class.Kind {
	case sqltext.StmtCreateTableAs:
		for _, t := range toks[:at(class.Target.Pos)] {
			if t.IsWord("EXISTS") {
				w.exists = true
			}
		}
		i := at(class.Target.End)
		if i >= 0 && toks[i].IsWord("WITH") {
			if w.props, i, err = parseProps(toks, i+1); err != nil {
				return nil, err
			}
		}
		if i < 0 || i >= len(toks) || !toks[i].IsWord("AS") || i+1 >= len(toks) {
			return nil, syntaxError(toks[len(toks)-1], "expected AS <query>")
		}
		w.query = sql[toks[i+1].Pos:]
		if n := len(toks); n >= 3 && toks[n-2].IsWord("DATA") && toks[n-3].IsWord("NO") {
			return nil, athena.NewQueryError("NOT_SUPPORTED", "CREATE TABLE AS ... WITH NO DATA is not supported by the emulator")
		}
	case sqltext.StmtInsert:
		i := at(class.Target.End)
		if i < 0 {
			return nil, syntaxError(toks[len(toks)-1], "expected a query")
		}
		if toks[i].IsOp("(") && i+1 < len(toks) && toks[i+1].IsName() && !toks[i+1].IsWord("SELECT") &&
			!toks[i+1].IsWord("WITH") && !toks[i+1].IsWord("VALUES") && !toks[i+1].IsWord("TABLE") {
			i++
			for i < len(toks) && !toks[i].IsOp(")") {
				if toks[i].IsName() {
					w.columns = append(w.columns, strings.ToLower(toks[i].Value()))
				}
				i++
			}
			i++
		}
		if i >= len(toks) {
			return nil, syntaxError(toks[len(toks)-1], "expected a query")
		}
		w.query = sql[toks[i].Pos:]
	case sqltext.StmtUnload:
		if len(toks) < 2 || !toks[1].IsOp("(") {
			return nil, syntaxError(toks[0], "expected '(' after UNLOAD")
		}
		depth, i := 0, 1
		for ; i < len(toks); i++ {
			if toks[i].IsOp("(") {
				depth++
			} else if toks[i].IsOp(")") {
				depth--
				if depth == 0 {
					break
				}
			}
		}
		if i+2 >= len(toks) || !toks[i+1].IsWord("TO") || toks[i+2].Kind != sqltext.String {
			return nil, syntaxError(toks[min(i+1, len(toks)-1)], "expected TO 's3://...' after UNLOAD (...)")
		}
		w.query = sql[toks[1].End():toks[i].Pos]
		w.to = toks[i+2].Value()
		i += 3
		if i < len(toks) && toks[i].IsWord("WITH") {
			if w.props, i, err = parseProps(toks, i+1); err != nil {
				return nil, err
			}
		}
		if i < len(toks) {
			return nil, syntaxError(toks[i], fmt.Sprintf("mismatched input '%s'", toks[i].Text))
		}
	}
	if w.props == nil {
		w.props = map[string]writeProp{}
	}
	return w, nil
}

// writeFormat is how written files are stored.
type writeFormat struct {
	format      string // engine.Export format: parquet, json, text
	compression string
	delimiter   string
	maxFile     int64 // split Parquet output into files of about this size; 0 writes one file
}

// formatOf reads the format, compression and delimiter properties.
func formatOf(props map[string]writeProp, compressionKey string) (writeFormat, error) {
	f := writeFormat{format: "parquet", compression: "gzip"}
	if p, ok := props["format"]; ok {
		switch strings.ToUpper(p.value) {
		case "PARQUET":
		case "JSON":
			f.format = "json"
		case "TEXTFILE":
			f.format = "text"
		case "ORC", "AVRO", "ION":
			return f, athena.NewQueryError("NOT_SUPPORTED", fmt.Sprintf("The emulator cannot write %s files (DuckDB has no %s writer)",
				strings.ToUpper(p.value), strings.ToUpper(p.value)))
		default:
			return f, athena.NewQueryError("INVALID_TABLE_PROPERTY", fmt.Sprintf("Unsupported format: %s", p.value))
		}
	}
	if p, ok := props[compressionKey]; ok {
		c := strings.ToLower(p.value)
		switch c {
		case "gzip", "snappy", "zstd", "none":
		case "uncompressed":
			c = "none"
		default:
			return f, athena.NewQueryError("NOT_SUPPORTED", fmt.Sprintf("The emulator cannot write %s compression", p.value))
		}
		if c == "snappy" && f.format != "parquet" {
			return f, athena.NewQueryError("NOT_SUPPORTED", "The emulator writes SNAPPY only for PARQUET")
		}
		f.compression = c
	}
	if p, ok := props["field_delimiter"]; ok {
		f.delimiter = p.value
	}
	return f, nil
}

// written is what a write statement left in the object store.
type written struct {
	uris  []string // every data file
	rows  int64
	parts [][]string // the partition folders written ("k=v" per key)
}

// bucketing spreads written rows over count files per partition by a hash
// of the columns by; the zero value writes unbucketed files.
type bucketing struct {
	by    []string
	count int
}

// exportTo runs sql (DuckDB SQL) and uploads its files under loc (a folder).
// partDirs maps a partition folder ("k=v/k2=v2") to the folder it goes to
// instead of loc + folder, for partitions that already have a location.
func (s *Server) exportTo(ctx context.Context, q *query, sql, engineID string, f writeFormat, partitionBy []string, loc objstore.URI,
	partDirs map[string]objstore.URI, bucket bucketing) (*written, error) {
	dir, err := os.MkdirTemp(s.tmpDir, "export-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	files, rows, err := s.engineOf(q).ExportFiles(ctx, engine.Export{Schema: q.database, SQL: sql, Dir: dir, Prefix: engineID,
		Format: f.format, Compression: f.compression, Delimiter: f.delimiter, PartitionBy: partitionBy,
		BucketBy: bucket.by, BucketCount: bucket.count, MaxFileBytes: f.maxFile, ResolveS3: s.s3Resolver()})
	if err != nil {
		return nil, err
	}
	w := &written{rows: rows}
	seen := map[string]bool{}
	for _, rel := range files {
		folder, name := path.Split(rel)
		target := objstore.URI{Bucket: loc.Bucket, Key: loc.Key + rel}
		if folder != "" {
			folder = strings.TrimSuffix(folder, "/")
			if d, ok := partDirs[folder]; ok {
				target = objstore.URI{Bucket: d.Bucket, Key: d.Key + name}
			}
			if !seen[folder] {
				seen[folder] = true
				w.parts = append(w.parts, strings.Split(folder, "/"))
			}
		}
		fh, err := os.Open(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return nil, err
		}
		fi, err := fh.Stat()
		if err == nil {
			err = s.store.Put(ctx, target.Bucket, target.Key, fh, fi.Size(), "application/octet-stream")
		}
		fh.Close()
		if err != nil {
			return nil, fmt.Errorf("write %s: %w", target, err)
		}
		w.uris = append(w.uris, target.String())
	}
	return w, nil
}

// ensureEmpty fails when the folder loc holds objects (FACTS §4.7).
func (s *Server) ensureEmpty(ctx context.Context, loc objstore.URI, what string) error {
	objs, err := s.store.List(ctx, loc.Bucket, loc.Key)
	if err != nil {
		return fmt.Errorf("list %s: %w", loc, err)
	}
	if len(objs) > 0 {
		return athena.NewQueryError("HIVE_PATH_ALREADY_EXISTS", fmt.Sprintf(
			"Target directory for %s already exists: %s. You may need to manually clean the data at location '%s' before retrying.",
			what, loc, loc))
	}
	return nil
}

var timePrecision = regexp.MustCompile(`\b(timestamp|time)\(\d+\)`)

// hiveColumn turns a query column's Trino type into a table column.
func hiveColumn(name, trino string) (catalog.Column, *hivetype.Type, error) {
	t, err := hivetype.Parse(timePrecision.ReplaceAllString(trino, "$1"))
	if err != nil {
		return catalog.Column{}, nil, athena.NewQueryError("NOT_SUPPORTED",
			fmt.Sprintf("Column %s of type %s cannot be stored in a Hive table", name, trino))
	}
	return catalog.Column{Name: strings.ToLower(name), Type: strings.ToLower(t.Hive())}, t, nil
}

// writeOutcome is the outcome of a write statement: a manifest, a companion
// and an update count.
func writeOutcome(resultKey, engineID string, updateType *string, w *written, scanned int64) *outcome {
	return &outcome{kind: resultWrite, columns: []athena.Column{athena.NewColumn("rows", "bigint", 0, 0)}, rows: 0,
		updateCount: ptr(w.rows), scanned: scanned, engineID: engineID, updateType: updateType,
		planningMS: ptr(int64(1)), resultKey: resultKey, manifestKey: manifestKeyOf(resultKey), manifest: w.uris}
}

func manifestKeyOf(resultKey string) string { return resultKey + "-manifest.csv" }

// executeWrite runs CTAS, INSERT INTO and UNLOAD.
func (s *Server) executeWrite(ctx context.Context, q *query) (*outcome, error) {
	w, err := parseWrite(q.sql, q.class)
	if err != nil {
		return nil, err
	}
	sql, err := engineSQL(w.query, q.params)
	if err != nil {
		return nil, err
	}
	scanned, err := s.prepareTables(ctx, q.database, sql)
	if err != nil {
		return nil, err
	}
	cols, types, err := s.engine.Describe(ctx, q.database, sql)
	if err != nil {
		return nil, err
	}
	engineID := results.EngineQueryID(q.submitted)
	switch q.class.Kind {
	case sqltext.StmtCreateTableAs:
		return s.executeCTAS(ctx, q, w, sql, cols, types, engineID, scanned)
	case sqltext.StmtInsert:
		return s.executeInsert(ctx, q, w, sql, cols, types, engineID, scanned)
	}
	return s.executeUnload(ctx, q, w, sql, cols, types, engineID, scanned)
}

// castSelect wraps sql so that its columns (by position) come out with the
// given names and DuckDB types; a negative source index gives NULL.
func castSelect(sql string, n int, names []string, types []*hivetype.Type, source []int) string {
	var b strings.Builder
	b.WriteString("SELECT ")
	for i, name := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		val := "NULL"
		if source[i] >= 0 {
			val = "__athenaq_w.c" + strconv.Itoa(source[i])
		}
		b.WriteString("CAST(" + val + " AS " + types[i].DuckDB() + ") AS " + strconv.Quote(name))
	}
	b.WriteString(" FROM (\n" + sql + "\n) AS __athenaq_w(")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("c" + strconv.Itoa(i))
	}
	b.WriteString(")")
	return b.String()
}

func identity(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func (s *Server) executeCTAS(ctx context.Context, q *query, w *writeStmt, sql string, cols []athena.Column, types []string,
	engineID string, scanned int64) (*outcome, error) {
	db, name, ok := resolveRef(q.database, w.target)
	if !ok {
		return nil, athena.NewQueryError("CATALOG_NOT_FOUND", fmt.Sprintf("line 1:14: Catalog '%s' does not exist", w.target[0]))
	}
	resultKey := q.output.Key + "tables/" + q.id
	if _, ok := s.catalog.Database(db); !ok {
		return nil, athena.NewQueryError("SCHEMA_NOT_FOUND", fmt.Sprintf("line 1:1: Schema '%s' does not exist", db))
	}
	if _, ok := s.catalog.Table(db, name); ok {
		if w.exists {
			return writeOutcome(resultKey, engineID, ptr("CREATE TABLE"), &written{}, scanned), nil
		}
		return nil, athena.NewQueryError("TABLE_ALREADY_EXISTS", fmt.Sprintf("line 1:1: Table 'awsdatacatalog.%s.%s' already exists", db, name))
	}
	f, err := formatOf(w.props, "write_compression")
	if err != nil {
		return nil, err
	}
	if p, ok := w.props["table_type"]; ok && strings.EqualFold(p.value, "ICEBERG") {
		return s.icebergCTAS(ctx, q, w, sql, cols, types, db, name, engineID, scanned)
	} else if ok && !strings.EqualFold(p.value, "HIVE") {
		return nil, athena.NewQueryError("NOT_SUPPORTED", fmt.Sprintf("CTAS with table_type %s is not supported by the emulator", p.value))
	}
	loc := objstore.URI{Bucket: q.output.Bucket, Key: resultKey + "/"}
	if p, ok := w.props["external_location"]; ok {
		if loc, err = objstore.ParseURI(p.value); err != nil {
			return nil, athena.NewQueryError("INVALID_TABLE_PROPERTY", fmt.Sprintf("external_location %s: %v", p.value, err))
		}
		loc = loc.Folder()
	} else if q.managed {
		// With managed query results there is no S3 folder for
		// <location>/tables/<id>/, and table data cannot expire with the
		// results. Athena's answer is unverified.
		return nil, athena.NewQueryError("INVALID_TABLE_PROPERTY",
			"external_location is required for CREATE TABLE AS in a workgroup with managed query results")
	}
	if err := s.ensureEmpty(ctx, loc, fmt.Sprintf("table '%s.%s'", db, name)); err != nil {
		return nil, err
	}
	names := make([]string, len(cols))
	htypes := make([]*hivetype.Type, len(cols))
	tcols := make([]catalog.Column, len(cols))
	for i, c := range cols {
		if tcols[i], htypes[i], err = hiveColumn(c.Name, types[i]); err != nil {
			return nil, err
		}
		names[i] = tcols[i].Name
		if slices.Contains(names[:i], names[i]) {
			return nil, athena.NewQueryError("DUPLICATE_COLUMN_NAME", fmt.Sprintf("line 1:1: Column name '%s' specified more than once", names[i]))
		}
	}
	partitionBy := w.props["partitioned_by"].list
	for i := range partitionBy {
		partitionBy[i] = strings.ToLower(partitionBy[i])
	}
	nd := len(cols) - len(partitionBy)
	if len(partitionBy) > 0 && (nd <= 0 || !slices.Equal(names[nd:], partitionBy)) {
		return nil, athena.NewQueryError("HIVE_COLUMN_ORDER_MISMATCH",
			"Partition keys must be the last columns in the table and in the same order as the table properties: "+strings.Join(partitionBy, ", "))
	}
	t := catalog.Table{Database: db, Name: name, Columns: tcols[:len(cols)-len(partitionBy)], PartitionKeys: tcols[len(cols)-len(partitionBy):],
		Location: strings.TrimSuffix(loc.String(), "/"), TableType: catalog.ExternalTable,
		Parameters: map[string]string{"EXTERNAL": "TRUE", "has_encrypted_data": "false"}}
	if len(t.PartitionKeys) == 0 {
		t.PartitionKeys = nil
	}
	var bucket bucketing
	if p, ok := w.props["bucketed_by"]; ok {
		c, ok := w.props["bucket_count"]
		n, err := strconv.Atoi(c.value)
		if !ok || c.isList || err != nil || n < 1 {
			// The error text is the emulator's own (unverified against Athena).
			return nil, athena.NewQueryError("INVALID_TABLE_PROPERTY",
				fmt.Sprintf("bucket_count must be an integer of at least 1 when bucketed_by is set (got '%s')", c.value))
		}
		if len(p.list) == 0 {
			return nil, athena.NewQueryError("INVALID_TABLE_PROPERTY", "bucketed_by must be a non-empty ARRAY of column names")
		}
		by := make([]string, len(p.list))
		for i, b := range p.list {
			by[i] = strings.ToLower(b)
			if !slices.Contains(names[:nd], by[i]) {
				return nil, athena.NewQueryError("INVALID_TABLE_PROPERTY",
					fmt.Sprintf("bucketed_by column '%s' is not a non-partition column of the table", b))
			}
		}
		t.BucketColumns, t.NumBuckets = by, n
		bucket = bucketing{by: by, count: n}
	}
	setStorage(&t, f)
	out, err := s.exportTo(ctx, q, castSelect(sql, len(cols), names, htypes, identity(len(cols))), engineID, f, partitionBy, loc, nil, bucket)
	if err != nil {
		return nil, err
	}
	for _, folders := range out.parts {
		var vals []string
		for _, kv := range folders {
			_, v, _ := strings.Cut(kv, "=")
			vals = append(vals, v)
		}
		t.Partitions = append(t.Partitions, catalog.Partition{Values: vals, Location: loc.String() + strings.Join(folders, "/")})
	}
	if err := s.catalog.CreateTable(t, false); err != nil {
		return nil, err
	}
	s.tables.setSignature(db+"."+name, "")
	return writeOutcome(resultKey, engineID, ptr("CREATE TABLE"), out, scanned), nil
}

func (s *Server) executeInsert(ctx context.Context, q *query, w *writeStmt, sql string, cols []athena.Column, types []string,
	engineID string, scanned int64) (*outcome, error) {
	db, name, ok := resolveRef(q.database, w.target)
	t, found := s.catalog.Table(db, name)
	if !ok || !found {
		return nil, athena.NewQueryError("TABLE_NOT_FOUND", fmt.Sprintf("line 1:13: Table 'awsdatacatalog.%s.%s' does not exist", db, name))
	}
	if t.IsView() {
		return nil, athena.NewQueryError("NOT_SUPPORTED", fmt.Sprintf("Inserting into views is not supported: %s.%s", db, name))
	}
	var f writeFormat
	kind, opts := t.Format()
	switch kind {
	case "parquet":
		f = writeFormat{format: "parquet", compression: strings.ToLower(t.Parameters["parquet.compression"])}
	case "json":
		f = writeFormat{format: "json", compression: strings.ToLower(t.Parameters["write.compression"])}
	case "delimited":
		f = writeFormat{format: "text", compression: strings.ToLower(t.Parameters["write.compression"]), delimiter: opts["field.delim"]}
	default:
		return nil, athena.NewQueryError("NOT_SUPPORTED", fmt.Sprintf("The emulator cannot write to %s tables (%s.%s)", kind, db, name))
	}
	switch f.compression {
	case "", "gzip", "snappy", "zstd", "none":
	case "uncompressed":
		f.compression = "none"
	default:
		f.compression = "gzip"
	}
	if f.compression == "snappy" && f.format != "parquet" {
		f.compression = "gzip"
	}
	all := t.AllColumns()
	target := make([]int, len(all)) // table column -> query column, -1 for NULL
	listed := w.columns
	if listed == nil {
		for _, c := range all {
			listed = append(listed, c.Name)
		}
	}
	for i := range target {
		target[i] = -1
	}
	for j, c := range listed {
		i := slices.IndexFunc(all, func(tc catalog.Column) bool { return tc.Name == c })
		if i < 0 {
			return nil, athena.NewQueryError("COLUMN_NOT_FOUND", fmt.Sprintf("line 1:1: Insert column name does not exist in target table: %s", c))
		}
		target[i] = j
	}
	if len(listed) != len(cols) {
		return nil, athena.NewQueryError("TYPE_MISMATCH", fmt.Sprintf(
			"line 1:1: Insert query has mismatched column types: Table: %d columns, Query: %d columns", len(listed), len(cols)))
	}
	names := make([]string, len(all))
	htypes := make([]*hivetype.Type, len(all))
	for i, c := range all {
		ty, err := hivetype.Parse(c.Type)
		if err != nil {
			return nil, athena.NewQueryError("HIVE_METASTORE_ERROR", fmt.Sprintf("Table %s.%s column %s: %v", db, name, c.Name, err))
		}
		names[i], htypes[i] = c.Name, ty
	}
	if isIceberg(t) {
		return s.icebergInsert(ctx, q, t, castSelect(sql, len(cols), names, htypes, target), engineID, scanned)
	}
	loc, err := objstore.ParseURI(t.Location)
	if err != nil {
		return nil, athena.NewQueryError("HIVE_METASTORE_ERROR", fmt.Sprintf("Table %s.%s has an invalid location: %v", db, name, err))
	}
	loc = loc.Folder()
	var partitionBy []string
	partDirs := map[string]objstore.URI{}
	for _, k := range t.PartitionKeys {
		partitionBy = append(partitionBy, k.Name)
	}
	for _, p := range t.Partitions {
		if u, err := objstore.ParseURI(p.Location); err == nil {
			partDirs[t.PartitionName(p)] = u.Folder()
		}
	}
	out, err := s.exportTo(ctx, q, castSelect(sql, len(cols), names, htypes, target), engineID, f, partitionBy, loc, partDirs, bucketing{})
	if err != nil {
		return nil, err
	}
	var specs []catalog.PartitionSpec
	for _, folders := range out.parts {
		if _, ok := partDirs[strings.Join(folders, "/")]; ok {
			continue
		}
		var spec []catalog.KeyValue
		for _, kv := range folders {
			k, v, _ := strings.Cut(kv, "=")
			spec = append(spec, catalog.KeyValue{Key: k, Value: v})
		}
		specs = append(specs, catalog.PartitionSpec{Spec: spec, Location: loc.String() + strings.Join(folders, "/")})
	}
	if len(specs) > 0 {
		if err := s.catalog.AddPartitions(db, name, specs, true); err != nil {
			return nil, err
		}
	}
	s.tables.setSignature(db+"."+name, "")
	return writeOutcome(q.output.Key+q.id, engineID, ptr("INSERT"), out, scanned), nil
}

// unloadFileBytes is the default of Options.UnloadFileBytes; Athena's file
// sizes depend on its writers (unverified).
const unloadFileBytes = 8 << 20

func (s *Server) executeUnload(ctx context.Context, q *query, w *writeStmt, sql string, cols []athena.Column, types []string,
	engineID string, scanned int64) (*outcome, error) {
	loc, err := objstore.ParseURI(w.to)
	if err != nil {
		return nil, athena.NewQueryError("INVALID_PARAMETER_USAGE", fmt.Sprintf("UNLOAD location %s: %v", w.to, err))
	}
	loc = loc.Folder()
	f, err := formatOf(w.props, "compression")
	if err != nil {
		return nil, err
	}
	if err := s.ensureEmpty(ctx, loc, "UNLOAD"); err != nil {
		return nil, err
	}
	// Athena's UNLOAD writes several files in parallel, in no global order
	// (FACTS §4.7); a large unpartitioned result is split likewise.
	f.maxFile = s.opts.UnloadFileBytes
	if f.maxFile <= 0 {
		f.maxFile = unloadFileBytes
	}
	names := make([]string, len(cols))
	htypes := make([]*hivetype.Type, len(cols))
	for i, c := range cols {
		var hc catalog.Column
		if hc, htypes[i], err = hiveColumn(c.Name, types[i]); err != nil {
			return nil, err
		}
		names[i] = hc.Name
	}
	partitionBy := w.props["partitioned_by"].list
	for i := range partitionBy {
		partitionBy[i] = strings.ToLower(partitionBy[i])
		if !slices.Contains(names, partitionBy[i]) {
			return nil, athena.NewQueryError("COLUMN_NOT_FOUND", fmt.Sprintf("Partition column %s is not in the UNLOAD query", partitionBy[i]))
		}
	}
	out, err := s.exportTo(ctx, q, castSelect(sql, len(cols), names, htypes, identity(len(cols))), engineID, f, partitionBy, loc, nil, bucketing{})
	if err != nil {
		return nil, err
	}
	return writeOutcome(q.output.Key+q.id, engineID, nil, out, scanned), nil
}

// setStorage sets the SerDe, formats and parameters of a Hive table whose
// files are written as f says.
func setStorage(t *catalog.Table, f writeFormat) {
	switch f.format {
	case "parquet":
		t.SerDeLibrary, t.InputFormat, t.OutputFormat = catalog.ParquetSerDe, catalog.ParquetInputFormat, catalog.ParquetOutputFormat
		t.SerDeParameters = map[string]string{catalog.SerialFormat: "1"}
		t.Parameters["parquet.compression"] = strings.ToUpper(f.compression)
	case "json":
		t.SerDeLibrary, t.InputFormat, t.OutputFormat = catalog.HiveJSONSerDe, catalog.TextInputFormat, catalog.TextOutputFormat
		t.SerDeParameters = map[string]string{catalog.SerialFormat: "1"}
		t.Parameters["write.compression"] = strings.ToUpper(f.compression)
	case "text":
		d := f.delimiter
		if d == "" {
			d = "\x01"
		}
		t.SerDeLibrary, t.InputFormat, t.OutputFormat = catalog.LazySimpleSerDe, catalog.TextInputFormat, catalog.TextOutputFormat
		t.SerDeParameters = map[string]string{catalog.SerialFormat: d, catalog.FieldDelim: d}
		t.Parameters["write.compression"] = strings.ToUpper(f.compression)
	}
}
