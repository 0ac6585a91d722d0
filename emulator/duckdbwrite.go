package emulator

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/athenaq/athenaq/athenatype"
	"github.com/athenaq/athenaq/emulator/internal/athena"
	"github.com/athenaq/athenaq/emulator/internal/catalog"
	"github.com/athenaq/athenaq/emulator/internal/engine"
	"github.com/athenaq/athenaq/emulator/internal/hivetype"
	"github.com/athenaq/athenaq/emulator/internal/objstore"
	"github.com/athenaq/athenaq/emulator/internal/results"
	"github.com/athenaq/athenaq/internal/sqltext"
)

// The statements of DuckDB work groups that change tables. They write the
// same catalog and the same files as engine v3's (writeops.go,
// iceberg.go): the query parts run on the DuckDB-dialect engine as DuckDB
// SQL, the rest is engine v3's machinery. Athena documents the DuckDB
// syntax only loosely (DUCKDB.md); the emulator's choices, all
// (unverified):
//
//	CREATE TABLE [IF NOT EXISTS] [db.]t (a INTEGER, b VARCHAR, ...)
//	    [WITH (type = 'ICEBERG' | 'HIVE', location = 's3://...',
//	           format = 'PARQUET' | 'TEXTFILE' | 'JSON', partitioned_by = ['a'])]
//	CREATE TABLE [IF NOT EXISTS] [db.]t [WITH (...)] AS <query>
//	INSERT INTO t [(cols)] <query | VALUES ...>
//	UPDATE t SET ... [WHERE ...]          (Iceberg tables)
//	DELETE FROM t [WHERE ...]             (Iceberg tables)
//	DROP TABLE [IF EXISTS] t
//
// The WITH properties are read as engine v3's CTAS properties are
// (writeProp), under DuckDB-style names: type (engine v3's table_type) and
// location (engine v3's external_location for Hive tables); engine v3's
// names are accepted too. ARRAY['a'] and ['a'] both make a list. Hive is
// the default type, Parquet the default format.

// duckProps maps the WITH properties of a DuckDB CREATE TABLE to engine
// v3's names and reports whether they make an Iceberg table.
func duckProps(props map[string]writeProp) (iceberg bool, err error) {
	if p, ok := props["type"]; ok {
		if _, dup := props["table_type"]; dup {
			return false, engine.DuckDBError("Binder Error: the type and table_type properties name the same thing: give one")
		}
		props["table_type"] = p
		delete(props, "type")
	}
	switch p, ok := props["table_type"]; {
	case !ok || strings.EqualFold(p.value, "HIVE"):
		delete(props, "table_type")
	case strings.EqualFold(p.value, "ICEBERG"):
		iceberg = true
	default:
		return false, engine.DuckDBError(fmt.Sprintf("Binder Error: unsupported table type %s: want 'HIVE' or 'ICEBERG'", quoteDuck(p.value)))
	}
	if p, ok := props["location"]; ok && !iceberg {
		if _, dup := props["external_location"]; dup {
			return false, engine.DuckDBError("Binder Error: the location and external_location properties name the same thing: give one")
		}
		props["external_location"] = p
		delete(props, "location")
	}
	return iceberg, nil
}

// duckHiveType returns the catalog (Hive) type that stores values of the
// DuckDB type typ, a column of an Iceberg or a Hive table. The mapping
// (unverified beyond DUCKDB.md's restrictions, which are Athena's): the
// signed integers, FLOAT, DOUBLE, DECIMAL, BOOLEAN, DATE and BLOB map to
// their Hive namesakes; VARCHAR, ENUM and UUID to string; the unsigned
// integers to the next wider signed type, UBIGINT to decimal(20,0) (Hive
// only: Iceberg tables cannot store UBIGINT); HUGEINT to decimal(38,0)
// (Iceberg only: Hive tables cannot store HUGEINT); JSON to string (Hive
// only); every TIMESTAMP kind, with time zone or not, to timestamp;
// T[] and T[n] to array, STRUCT to struct and MAP to map. INTERVAL (Hive
// tables cannot store it; the emulator's Iceberg tables neither), TIME,
// UHUGEINT, BIGNUM, BIT, UNION, VARIANT, GEOMETRY and the untyped NULL
// fail.
func duckHiveType(column, typ string, iceberg bool) (*hivetype.Type, error) {
	kind := "Hive"
	if iceberg {
		kind = "Iceberg"
	}
	fail := func(t string) error {
		return engine.DuckDBError(fmt.Sprintf("Not implemented Error: column %s of type %s cannot be stored in %s table", quoteDuck(column), t, article(kind)))
	}
	t, err := athenatype.ParseDuckDBType(typ)
	if err != nil {
		return nil, engine.DuckDBError(fmt.Sprintf("Parser Error: column %s: unknown type %s: %v", quoteDuck(column), typ, err))
	}
	var hive func(t *athenatype.Type) (string, error)
	hive = func(t *athenatype.Type) (string, error) {
		switch t.Name {
		case "BOOLEAN":
			return "boolean", nil
		case "TINYINT":
			return "tinyint", nil
		case "SMALLINT", "UTINYINT":
			return "smallint", nil
		case "INTEGER", "USMALLINT":
			return "int", nil
		case "BIGINT", "UINTEGER":
			return "bigint", nil
		case "UBIGINT":
			if iceberg {
				return "", fail(t.String())
			}
			return "decimal(20,0)", nil
		case "HUGEINT":
			if !iceberg {
				return "", fail(t.String())
			}
			return "decimal(38,0)", nil
		case "FLOAT":
			return "float", nil
		case "DOUBLE":
			return "double", nil
		case "DECIMAL":
			return fmt.Sprintf("decimal(%d,%d)", t.Precision, t.Scale), nil
		case "VARCHAR", "ENUM", "UUID":
			return "string", nil
		case "JSON":
			if iceberg {
				return "", fail(t.String())
			}
			return "string", nil
		case "BLOB":
			return "binary", nil
		case "DATE":
			return "date", nil
		case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE":
			return "timestamp", nil
		case "LIST", "ARRAY":
			e, err := hive(t.Elem)
			return "array<" + e + ">", err
		case "MAP":
			k, err := hive(t.Key)
			if err != nil {
				return "", err
			}
			v, err := hive(t.Value)
			return "map<" + k + "," + v + ">", err
		case "STRUCT":
			parts := make([]string, len(t.Fields))
			for i, f := range t.Fields {
				ft, err := hive(f.Type)
				if err != nil {
					return "", err
				}
				parts[i] = strings.ToLower(f.Name) + ":" + ft
			}
			return "struct<" + strings.Join(parts, ",") + ">", nil
		}
		return "", fail(t.String())
	}
	text, err := hive(t)
	if err != nil {
		return nil, err
	}
	ht, err := hivetype.Parse(text)
	if err != nil {
		// A struct field name the catalog cannot spell.
		return nil, fail(typ)
	}
	return ht, nil
}

func article(kind string) string {
	if kind == "Iceberg" {
		return "an Iceberg"
	}
	return "a Hive"
}

// executeDuckWrite runs the statements of a DuckDB work group that change
// tables (see the top of this file). st has passed the sandbox (its S3
// references are in st.S3) with the query's parameters bound, and eng has
// the catalog's schemas.
func (s *Server) executeDuckWrite(ctx context.Context, q *query, eng *engine.Engine, st *engine.DuckDBStatement) (*outcome, error) {
	class := sqltext.Classify(st.Body)
	if len(class.Target.Parts) == 0 && st.Kind != "CREATE VIEW" {
		switch st.Kind {
		case "CREATE TABLE", "INSERT", "UPDATE", "DELETE", "DROP TABLE":
			// CREATE OR REPLACE TABLE, CREATE TEMP TABLE, INSERT OR
			// REPLACE and the like.
			return nil, engine.DuckDBError(fmt.Sprintf("Not implemented Error: this form of %s is not supported in a DuckDB work group", st.Kind))
		}
	}
	switch st.Kind {
	case "CREATE TABLE":
		if class.Kind == sqltext.StmtCreateTableAs {
			return s.duckCTAS(ctx, q, eng, st.Body, class)
		}
		return s.duckCreateTable(ctx, q, st.Body, class)
	case "INSERT":
		return s.duckInsert(ctx, q, eng, st.Body, class)
	case "UPDATE", "DELETE":
		return s.icebergDML(ctx, q, st.Body, class)
	case "DROP TABLE":
		return s.duckDropTable(ctx, q, st.Body, class)
	case "CREATE VIEW":
		// A view's SQL is run by the engine that reads it; the catalog
		// keeps engine v3's views as Trino SQL. Whether Athena stores
		// DuckDB views is unknown (unverified): refused.
		return nil, engine.DuckDBError("Not implemented Error: CREATE VIEW is not supported in a DuckDB work group by the emulator")
	}
	return nil, engine.DuckDBError(fmt.Sprintf("Not implemented Error: %s statements in DuckDB work groups are not supported by the emulator", st.Kind))
}

// duckQuery prepares the tables that sql, a DuckDB query, reads and
// describes it: the bytes scanned, the text to run, its columns and their
// DuckDB types.
func (s *Server) duckQuery(ctx context.Context, q *query, eng *engine.Engine, sql string) (int64, string, []athena.Column, []string, error) {
	sql = dropCatalogName(sql)
	scanned, err := s.prepareRefs(ctx, eng, q.database, sql, map[string]bool{}, 0)
	if err != nil {
		return 0, "", nil, nil, err
	}
	cols, types, err := eng.DescribeQuery(ctx, engine.Query{Schema: q.database, SQL: sql, ResolveS3: s.s3Resolver()})
	if err != nil {
		return 0, "", nil, nil, err
	}
	return scanned, sql, cols, types, nil
}

// duckCTAS runs CREATE TABLE ... [WITH (...)] AS <query> through engine v3's
// executeCTAS and icebergCTAS, with the columns' DuckDB types mapped to the
// catalog's.
func (s *Server) duckCTAS(ctx context.Context, q *query, eng *engine.Engine, body string, class sqltext.Class) (*outcome, error) {
	w, err := parseWrite(body, class)
	if err != nil {
		return nil, err
	}
	iceberg, err := duckProps(w.props)
	if err != nil {
		return nil, err
	}
	scanned, sql, cols, types, err := s.duckQuery(ctx, q, eng, w.query)
	if err != nil {
		return nil, err
	}
	htypes := make([]string, len(cols))
	for i, c := range cols {
		t, err := duckHiveType(c.Name, types[i], iceberg)
		if err != nil {
			return nil, err
		}
		htypes[i] = t.Hive()
	}
	return s.executeCTAS(ctx, q, w, sql, cols, htypes, results.EngineQueryID(q.submitted), scanned)
}

// duckInsert runs INSERT INTO t [(cols)] <query> through engine v3's
// executeInsert: the rows are cast to the table's types.
func (s *Server) duckInsert(ctx context.Context, q *query, eng *engine.Engine, body string, class sqltext.Class) (*outcome, error) {
	if class.Kind != sqltext.StmtInsert {
		return nil, engine.DuckDBError("Not implemented Error: this form of INSERT is not supported in a DuckDB work group (want INSERT INTO t [(columns)] <query>)")
	}
	w, err := parseWrite(body, class)
	if err != nil {
		return nil, err
	}
	if toks, err := significant(w.query); err == nil && len(toks) > 0 && (toks[0].IsWord("BY") || toks[0].IsWord("DEFAULT")) {
		return nil, engine.DuckDBError(fmt.Sprintf("Not implemented Error: INSERT INTO ... %s is not supported in a DuckDB work group by the emulator", strings.ToUpper(toks[0].Text)))
	}
	scanned, sql, cols, types, err := s.duckQuery(ctx, q, eng, w.query)
	if err != nil {
		return nil, err
	}
	return s.executeInsert(ctx, q, w, sql, cols, types, results.EngineQueryID(q.submitted), scanned)
}

// duckCreateTable runs CREATE TABLE [IF NOT EXISTS] t (col TYPE, ...) [WITH
// (...)]: a Hive table (Parquet unless format says otherwise) or an Iceberg
// one, as engine v3's CREATE EXTERNAL TABLE and Iceberg CREATE TABLE make
// them. Both need a location, as in engine v3.
func (s *Server) duckCreateTable(ctx context.Context, q *query, body string, class sqltext.Class) (*outcome, error) {
	toks, err := significant(body)
	if err != nil || len(toks) == 0 {
		return nil, engine.DuckDBError("Parser Error: cannot parse the statement")
	}
	exists := slices.ContainsFunc(toks, func(t sqltext.Token) bool { return t.Pos < class.Target.Pos && t.IsWord("EXISTS") })
	i := slices.IndexFunc(toks, func(t sqltext.Token) bool { return t.Pos >= class.Target.End })
	if i < 0 || !toks[i].IsOp("(") {
		return nil, engine.DuckDBError("Parser Error: syntax error: want CREATE TABLE name (column TYPE, ...) or CREATE TABLE name AS <query>")
	}
	type column struct{ name, typ string }
	var columns []column
	for i++; ; {
		if i >= len(toks) || !anyName(toks[i]) {
			return nil, engine.DuckDBError("Parser Error: syntax error: want a column name in the column list")
		}
		name := strings.ToLower(toks[i].Value())
		i++
		start, depth := i, 0
		for ; i < len(toks); i++ {
			t := toks[i]
			if depth == 0 && (t.IsOp(",") || t.IsOp(")")) {
				break
			}
			if t.IsOp("(") || t.IsOp("[") {
				depth++
			} else if t.IsOp(")") || t.IsOp("]") {
				depth--
			}
		}
		if i >= len(toks) || i == start {
			return nil, engine.DuckDBError(fmt.Sprintf("Parser Error: syntax error: want a type for column %s", quoteDuck(name)))
		}
		if slices.ContainsFunc(columns, func(c column) bool { return c.name == name }) {
			return nil, engine.DuckDBError(fmt.Sprintf("Catalog Error: Column with name %s already exists!", name))
		}
		columns = append(columns, column{name, body[toks[start].Pos:toks[i-1].End()]})
		i++
		if toks[i-1].IsOp(")") {
			break
		}
	}
	props := map[string]writeProp{}
	if i < len(toks) && toks[i].IsWord("WITH") {
		if props, i, err = parseProps(toks, i+1); err != nil {
			return nil, err
		}
	}
	if i < len(toks) {
		return nil, engine.DuckDBError(fmt.Sprintf("Parser Error: syntax error at or near %s", quoteDuck(toks[i].Text)))
	}
	iceberg, err := duckProps(props)
	if err != nil {
		return nil, err
	}
	db, name, ok := resolveRef(q.database, class.Target.Parts)
	if !ok {
		return nil, engine.DuckDBError(fmt.Sprintf("Catalog Error: Catalog with name %s does not exist!", class.Target.Parts[0]))
	}
	tbl := catalog.Table{Database: db, Name: name, TableType: catalog.ExternalTable}
	for _, c := range columns {
		t, err := duckHiveType(c.name, c.typ, iceberg)
		if err != nil {
			return nil, err
		}
		tbl.Columns = append(tbl.Columns, catalog.Column{Name: c.name, Type: t.Hive()})
	}
	var partitionBy []string
	for _, k := range props["partitioned_by"].list {
		k = strings.ToLower(k)
		if !slices.ContainsFunc(tbl.Columns, func(c catalog.Column) bool { return c.Name == k }) {
			return nil, engine.DuckDBError(fmt.Sprintf("Binder Error: partition column %s is not a column of the table", quoteDuck(k)))
		}
		partitionBy = append(partitionBy, k)
	}
	locKey := "external_location"
	if iceberg {
		locKey = "location"
	}
	p, ok := props[locKey]
	if !ok || p.isList || p.value == "" {
		// Engine v3's text and type for a CREATE TABLE without LOCATION.
		return nil, athena.NewQueryError("MALFORMED_QUERY", "No location was specified for table. An S3 location must be specified")
	}
	loc, err := objstore.ParseURI(p.value)
	if err != nil || loc.Bucket == "" {
		return nil, athena.NewQueryError("INVALID_TABLE_PROPERTY", fmt.Sprintf("Invalid location %s", p.value))
	}
	loc = loc.Folder()
	if _, ok := s.catalog.Database(db); !ok {
		return nil, engine.DuckDBError(fmt.Sprintf("Catalog Error: Schema with name %s does not exist!", db))
	}
	if _, ok := s.catalog.Table(db, name); ok {
		if exists {
			return &outcome{kind: resultNone}, nil
		}
		return nil, engine.DuckDBError(fmt.Sprintf("Catalog Error: Table with name %s already exists!", name))
	}
	if iceberg {
		if f, ok := props["format"]; ok && !strings.EqualFold(f.value, "parquet") {
			return nil, athena.NewQueryError("NOT_SUPPORTED", fmt.Sprintf("The emulator stores Iceberg tables only as PARQUET, not %s", f.value))
		}
		// The partitioning is accepted; the emulator does not partition
		// Iceberg data (iceberg.go).
		tbl.Parameters = map[string]string{"table_type": "ICEBERG", "metadata_location": loc.String() + icebergPointer}
		return s.createIceberg(ctx, tbl, loc, exists)
	}
	f, err := formatOf(props, "write_compression")
	if err != nil {
		return nil, err
	}
	for _, k := range partitionBy {
		j := slices.IndexFunc(tbl.Columns, func(c catalog.Column) bool { return c.Name == k })
		tbl.PartitionKeys = append(tbl.PartitionKeys, tbl.Columns[j])
		tbl.Columns = slices.Delete(tbl.Columns, j, j+1)
	}
	tbl.Location = strings.TrimSuffix(loc.String(), "/")
	tbl.Parameters = map[string]string{"EXTERNAL": "TRUE", "has_encrypted_data": "false"}
	setStorage(&tbl, f)
	if err := s.catalog.CreateTable(tbl, exists); err != nil {
		return nil, err
	}
	s.tables.setSignature(db+"."+name, "")
	return &outcome{kind: resultNone}, nil
}

// duckDropTable runs DROP TABLE [IF EXISTS] t, as engine v3's DROP TABLE:
// the table leaves the catalog, its files stay.
func (s *Server) duckDropTable(ctx context.Context, q *query, body string, class sqltext.Class) (*outcome, error) {
	toks, err := significant(body)
	if err != nil {
		return nil, engine.DuckDBError("Parser Error: cannot parse the statement")
	}
	ifExists := slices.ContainsFunc(toks, func(t sqltext.Token) bool { return t.Pos < class.Target.Pos && t.IsWord("EXISTS") })
	for _, t := range toks {
		if t.Pos >= class.Target.End && !t.IsWord("CASCADE") && !t.IsWord("RESTRICT") {
			return nil, engine.DuckDBError(fmt.Sprintf("Parser Error: syntax error at or near %s", quoteDuck(t.Text)))
		}
	}
	db, name, ok := resolveRef(q.database, class.Target.Parts)
	if !ok {
		return nil, engine.DuckDBError(fmt.Sprintf("Catalog Error: Catalog with name %s does not exist!", class.Target.Parts[0]))
	}
	t, found := s.catalog.Table(db, name)
	switch {
	case !found && ifExists:
		return &outcome{kind: resultNone}, nil
	case !found:
		return nil, engine.DuckDBError(fmt.Sprintf("Catalog Error: Table with name %s does not exist!", name))
	case t.IsView():
		return nil, engine.DuckDBError(fmt.Sprintf("Catalog Error: Existing object %s is of type View, trying to drop type Table", name))
	}
	if err := s.catalog.DropTable(db, name, ifExists); err != nil {
		return nil, err
	}
	s.tables.setSignature(db+"."+name, "")
	return &outcome{kind: resultNone}, s.dropRelation(ctx, db, name)
}

// duckCopy runs COPY (query) TO 's3://bucket/key' [(options)] and COPY
// table TO ...: DuckDB writes the file (or, with PARTITION_BY and the
// like, the folder) locally with the options as written, and the emulator
// puts it at the key (the folder's files under key/). The outcome is
// engine v3's UNLOAD's: the rows written as UpdateCount and a manifest of
// the files (unverified for DuckDB work groups). An existing object at the
// key is replaced, as DuckDB's COPY replaces a file.
func (s *Server) duckCopy(ctx context.Context, q *query, eng *engine.Engine, st *engine.DuckDBStatement) (*outcome, error) {
	c := *st.Copy
	u, err := objstore.ParseURI(c.URL)
	if err != nil || u.Bucket == "" || u.Key == "" || strings.HasSuffix(u.Key, "/") {
		return nil, engine.DuckDBError("IO Error: cannot write to " + quoteDuck(c.URL) + ": want s3://bucket/key")
	}
	c.Query = dropCatalogName(c.Query)
	scanned, err := s.prepareRefs(ctx, eng, q.database, c.Query, map[string]bool{}, 0)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(s.tmpDir, "copy-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	base := path.Base(u.Key)
	rows, err := eng.CopyDuckDB(ctx, q.database, &c, filepath.Join(dir, base), s.s3Resolver())
	if err != nil {
		return nil, err
	}
	out := &written{rows: rows}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		key := u.Key
		if rel = filepath.ToSlash(rel); rel != base {
			key += "/" + strings.TrimPrefix(rel, base+"/")
		}
		fh, err := os.Open(p)
		if err != nil {
			return err
		}
		defer fh.Close()
		fi, err := fh.Stat()
		if err != nil {
			return err
		}
		if err := s.store.Put(ctx, u.Bucket, key, fh, fi.Size(), "application/octet-stream"); err != nil {
			return fmt.Errorf("write s3://%s/%s: %w", u.Bucket, key, err)
		}
		out.uris = append(out.uris, "s3://"+u.Bucket+"/"+key)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return writeOutcome(q.output.Key+q.id, results.EngineQueryID(q.submitted), nil, out, scanned), nil
}
