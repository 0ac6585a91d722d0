package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/athenaq/athenaq/emulator/internal/athena"
	"github.com/athenaq/athenaq/emulator/internal/catalog"
	"github.com/athenaq/athenaq/emulator/internal/engine"
	"github.com/athenaq/athenaq/emulator/internal/hivetype"
	"github.com/athenaq/athenaq/emulator/internal/objstore"
	"github.com/athenaq/athenaq/emulator/internal/results"
	"github.com/athenaq/athenaq/internal/sqltext"
)

// Iceberg tables ('table_type'='ICEBERG').
//
// The emulator does not write Apache Iceberg metadata. It keeps an Iceberg
// table in its own format under the table location <L>:
//
//	<L>/data/<seq>-<engine query id>_<uuid>  Parquet data files
//	<L>/metadata/current.json                 the pointer to the current snapshot
//
// The pointer is a JSON object (icebergPointer):
//
//	{"format":"athenaq-iceberg-1","snapshot":3,"timestamp_ms":1764032400000,
//	 "operation":"UPDATE","rows":5,"files":["s3://b/t/data/00003-..."]}
//
// The current snapshot is exactly the files the pointer lists; other
// objects under L are ignored. Every commit writes at most one data file,
// then replaces the pointer: INSERT INTO appends its file to the list;
// UPDATE, DELETE and MERGE load the current snapshot into DuckDB, compute
// the table's new contents with one SELECT and write them as a single file
// that becomes the whole list. A statement that fails before the pointer is
// written leaves the previous snapshot current. Old files are never removed
// (no snapshot expiry: VACUUM and OPTIMIZE change nothing, see
// icebergmaintenance.go), and time travel is not supported. CREATE
// TABLE writes snapshot 0 with no files; DROP TABLE removes the table from
// the catalog and leaves its objects. Commits to one table are serialized
// by a per-table lock; PARTITIONED BY is accepted but the data is not
// partitioned.

const (
	icebergFormat  = "athenaq-iceberg-1"
	icebergPointer = "metadata/current.json"
	icebergData    = "data/"
)

type icebergSnapshot struct {
	Format    string   `json:"format"`
	Snapshot  int64    `json:"snapshot"`
	Timestamp int64    `json:"timestamp_ms"`
	Operation string   `json:"operation"`
	Rows      int64    `json:"rows"`
	Files     []string `json:"files"`
}

func isIceberg(t catalog.Table) bool { return strings.EqualFold(t.Parameters["table_type"], "ICEBERG") }

func icebergLocation(t catalog.Table) (objstore.URI, error) {
	loc, err := objstore.ParseURI(t.Location)
	if err != nil {
		return loc, athena.NewQueryError("HIVE_METASTORE_ERROR", fmt.Sprintf("Table %s.%s has an invalid location: %v", t.Database, t.Name, err))
	}
	return loc.Folder(), nil
}

// readSnapshot reads the pointer under loc; a missing pointer is an empty
// snapshot 0.
func (s *Server) readSnapshot(ctx context.Context, loc objstore.URI) (*icebergSnapshot, error) {
	body, _, err := s.store.Get(ctx, loc.Bucket, loc.Key+icebergPointer, 0)
	if errors.Is(err, objstore.ErrNotFound) {
		return &icebergSnapshot{Format: icebergFormat}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s%s: %w", loc, icebergPointer, err)
	}
	defer body.Close()
	b, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	var snap icebergSnapshot
	if err := json.Unmarshal(b, &snap); err != nil || snap.Format != icebergFormat {
		return nil, athena.NewQueryError("ICEBERG_INVALID_METADATA", fmt.Sprintf("%s%s is not an emulator snapshot pointer", loc, icebergPointer))
	}
	return &snap, nil
}

// writeSnapshot switches the pointer under loc to snap.
func (s *Server) writeSnapshot(ctx context.Context, loc objstore.URI, snap *icebergSnapshot) error {
	snap.Format, snap.Timestamp = icebergFormat, time.Now().UnixMilli()
	if snap.Files == nil {
		snap.Files = []string{}
	}
	b, err := json.Marshal(snap)
	if err != nil {
		return err
	}
	return s.store.Put(ctx, loc.Bucket, loc.Key+icebergPointer, bytes.NewReader(b), int64(len(b)), "application/json")
}

// syncIceberg defines the engine view of an Iceberg table over the files of
// its current snapshot. The caller holds the table's cache lock.
func (s *Server) syncIceberg(ctx context.Context, eng *engine.Engine, t catalog.Table) (int64, error) {
	key := t.Database + "." + t.Name
	loc, err := icebergLocation(t)
	if err != nil {
		return 0, err
	}
	snap, err := s.readSnapshot(ctx, loc)
	if err != nil {
		return 0, err
	}
	var objs []objstore.Object
	if len(snap.Files) > 0 {
		if objs, err = s.store.List(ctx, loc.Bucket, loc.Key+icebergData); err != nil {
			return 0, fmt.Errorf("list %s%s: %w", loc, icebergData, err)
		}
	}
	var files []string
	var total int64
	sig := fmt.Sprintf("iceberg:%d:%d", snap.Snapshot, t.CreateTime.UnixNano())
	for _, f := range snap.Files {
		u, err := objstore.ParseURI(f)
		if err != nil {
			return 0, athena.NewQueryError("ICEBERG_INVALID_METADATA", fmt.Sprintf("snapshot file %s: %v", f, err))
		}
		i := slices.IndexFunc(objs, func(o objstore.Object) bool { return u.Bucket == loc.Bucket && o.Key == u.Key })
		if i < 0 {
			return 0, athena.NewQueryError("ICEBERG_MISSING_DATA", fmt.Sprintf("Snapshot file %s of table %s does not exist", f, key))
		}
		local, err := s.tables.fetch(ctx, s.store, loc.Bucket, objs[i])
		if err != nil {
			return 0, err
		}
		files = append(files, local)
		total += objs[i].Size
		sig += ":" + objs[i].ETag
	}
	return total, s.defineTable(ctx, eng, key, sig, t, files, nil)
}

// timeTravel reports whether sql uses FOR TIMESTAMP|VERSION|SYSTEM_TIME AS OF.
func timeTravel(sql string) bool {
	toks, err := significant(sql)
	if err != nil {
		return false
	}
	for i := 0; i+3 < len(toks); i++ {
		if toks[i].IsWord("FOR") && (toks[i+1].IsWord("TIMESTAMP") || toks[i+1].IsWord("VERSION") || toks[i+1].IsWord("SYSTEM_TIME")) &&
			toks[i+2].IsWord("AS") && toks[i+3].IsWord("OF") {
			return true
		}
	}
	return false
}

func timeTravelError() error {
	return athena.NewQueryError("NOT_SUPPORTED",
		"Time travel (FOR TIMESTAMP AS OF / FOR VERSION AS OF) is out of scope for the emulator: it keeps only the current snapshot of an Iceberg table")
}

// anyName reports whether t can be a column or property name in DDL.
func anyName(t sqltext.Token) bool { return t.IsName() || t.Kind == sqltext.Keyword }

// executeIcebergCreate runs CREATE TABLE [IF NOT EXISTS] [db.]t (col type
// [COMMENT 'c'], ...) [COMMENT 'c'] [PARTITIONED BY (...)] LOCATION '...'
// TBLPROPERTIES ('table_type'='ICEBERG', ...).
func (s *Server) executeIcebergCreate(ctx context.Context, q *query) (*outcome, error) {
	sql := q.sql
	toks, err := significant(sql)
	if err != nil || len(toks) == 0 || len(q.class.Target.Parts) == 0 {
		return nil, athena.NewQueryError("SYNTAX_ERROR", "line 1:1: cannot parse the statement")
	}
	last := toks[len(toks)-1]
	exists := false
	for _, t := range toks {
		if t.Pos >= q.class.Target.Pos {
			break
		}
		exists = exists || t.IsWord("EXISTS")
	}
	i := slices.IndexFunc(toks, func(t sqltext.Token) bool { return t.Pos >= q.class.Target.End })
	if i < 0 || !toks[i].IsOp("(") {
		return nil, syntaxError(last, "expected '(' and the column list")
	}
	i++
	tbl := catalog.Table{TableType: catalog.ExternalTable}
	for {
		if i >= len(toks) || !anyName(toks[i]) {
			return nil, syntaxError(toks[min(i, len(toks)-1)], "expected a column name")
		}
		col := catalog.Column{Name: strings.ToLower(toks[i].Value())}
		i++
		start, depth := i, 0
		for ; i < len(toks); i++ {
			t := toks[i]
			if depth == 0 && (t.IsOp(",") || t.IsOp(")") || t.IsWord("COMMENT")) {
				break
			}
			switch {
			case t.IsOp("(") || t.IsOp("<"):
				depth++
			case t.IsOp(")") || t.IsOp(">"):
				depth--
			case t.IsOp(">>"):
				depth -= 2
			}
		}
		if i >= len(toks) || i == start {
			return nil, syntaxError(toks[min(i, len(toks)-1)], "expected a column type")
		}
		typeText := sql[toks[start].Pos:toks[i-1].End()]
		ty, err := hivetype.Parse(typeText)
		if err != nil {
			return nil, athena.NewQueryError("NOT_SUPPORTED", fmt.Sprintf("Unsupported column type %s for column %s: %v", typeText, col.Name, err))
		}
		col.Type = strings.ToLower(ty.Hive())
		if toks[i].IsWord("COMMENT") && i+1 < len(toks) && toks[i+1].Kind == sqltext.String {
			col.Comment = toks[i+1].Value()
			i += 2
		}
		if slices.ContainsFunc(tbl.Columns, func(c catalog.Column) bool { return c.Name == col.Name }) {
			return nil, athena.NewQueryError("DUPLICATE_COLUMN_NAME", fmt.Sprintf("line 1:1: Column name '%s' specified more than once", col.Name))
		}
		tbl.Columns = append(tbl.Columns, col)
		if i < len(toks) && toks[i].IsOp(",") {
			i++
			continue
		}
		if i < len(toks) && toks[i].IsOp(")") {
			i++
			break
		}
		return nil, syntaxError(toks[min(i, len(toks)-1)], "expected ',' or ')' in the column list")
	}
	props := map[string]string{}
	for i < len(toks) {
		switch {
		case toks[i].IsWord("COMMENT") && i+1 < len(toks) && toks[i+1].Kind == sqltext.String:
			tbl.Comment = toks[i+1].Value()
			i += 2
		case toks[i].IsWord("PARTITIONED") && i+2 < len(toks) && toks[i+1].IsWord("BY") && toks[i+2].IsOp("("):
			// The partition spec is accepted; the emulator does not
			// partition Iceberg data.
			depth := 0
			for i += 2; i < len(toks); i++ {
				if toks[i].IsOp("(") {
					depth++
				} else if toks[i].IsOp(")") {
					if depth--; depth == 0 {
						i++
						break
					}
				}
			}
		case toks[i].IsWord("LOCATION") && i+1 < len(toks) && toks[i+1].Kind == sqltext.String:
			tbl.Location = toks[i+1].Value()
			i += 2
		case toks[i].IsWord("TBLPROPERTIES") && i+1 < len(toks) && toks[i+1].IsOp("("):
			for i += 2; ; {
				if i+2 >= len(toks) || toks[i].Kind != sqltext.String || !toks[i+1].IsOp("=") ||
					(toks[i+2].Kind != sqltext.String && toks[i+2].Kind != sqltext.Number) {
					return nil, syntaxError(toks[min(i, len(toks)-1)], "expected 'key'='value' in TBLPROPERTIES")
				}
				props[strings.ToLower(toks[i].Value())] = toks[i+2].Value()
				i += 3
				if i < len(toks) && toks[i].IsOp(",") {
					i++
					continue
				}
				if i < len(toks) && toks[i].IsOp(")") {
					i++
					break
				}
				return nil, syntaxError(toks[min(i, len(toks)-1)], "expected ',' or ')' in TBLPROPERTIES")
			}
		default:
			return nil, syntaxError(toks[i], fmt.Sprintf("mismatched input '%s'", toks[i].Text))
		}
	}
	if tbl.Location == "" {
		return nil, athena.NewQueryError("MALFORMED_QUERY", "No location was specified for table. An S3 location must be specified")
	}
	loc, err := objstore.ParseURI(tbl.Location)
	if err != nil {
		return nil, athena.NewQueryError("INVALID_TABLE_PROPERTY", fmt.Sprintf("Invalid location %s: %v", tbl.Location, err))
	}
	loc = loc.Folder()
	if f, ok := props["format"]; ok && !strings.EqualFold(f, "parquet") {
		return nil, athena.NewQueryError("NOT_SUPPORTED", fmt.Sprintf("The emulator stores Iceberg tables only as PARQUET, not %s", f))
	}
	props["table_type"] = "ICEBERG"
	props["metadata_location"] = loc.String() + icebergPointer
	db, name, ok := resolveRef(q.database, q.class.Target.Parts)
	if !ok {
		return nil, athena.NewQueryError("CATALOG_NOT_FOUND", fmt.Sprintf("Catalog '%s' does not exist", q.class.Target.Parts[0]))
	}
	if _, ok := s.catalog.Database(db); !ok {
		return nil, catalog.DatabaseNotFoundError(db)
	}
	if _, ok := s.catalog.Table(db, name); ok {
		if exists {
			return &outcome{kind: resultNone}, nil
		}
		return nil, catalog.TableExistsError(name)
	}
	tbl.Database, tbl.Name, tbl.Parameters = db, name, props
	return s.createIceberg(ctx, tbl, loc, exists)
}

// createIceberg creates the Iceberg table tbl, whose columns, parameters
// and comment are set, at loc with an empty snapshot.
func (s *Server) createIceberg(ctx context.Context, tbl catalog.Table, loc objstore.URI, exists bool) (*outcome, error) {
	tbl.Location = strings.TrimSuffix(loc.String(), "/")
	tbl.SerDeLibrary, tbl.InputFormat, tbl.OutputFormat = catalog.ParquetSerDe, catalog.ParquetInputFormat, catalog.ParquetOutputFormat
	unlock := s.tables.lock("iceberg:" + tbl.Database + "." + tbl.Name)
	defer unlock()
	if err := s.writeSnapshot(ctx, loc, &icebergSnapshot{Operation: "CREATE"}); err != nil {
		return nil, err
	}
	if err := s.catalog.CreateTable(tbl, exists); err != nil {
		return nil, err
	}
	s.tables.setSignature(tbl.Database+"."+tbl.Name, "")
	return &outcome{kind: resultNone}, nil
}

// icebergCTAS runs CREATE TABLE db.name WITH (table_type = 'ICEBERG',
// location = '...', is_external = false, ...) AS <query>: the table is
// created as CREATE TABLE does, with the query's columns, and its rows
// become snapshot 1. Athena writes a companion in <output>tables/<id> and,
// unlike for Hive tables, no manifest (FACTS §4.1). The partitioning
// property is accepted; the emulator does not partition Iceberg data.
// sql is the query in DuckDB SQL, cols and types its columns.
func (s *Server) icebergCTAS(ctx context.Context, q *query, w *writeStmt, sql string, cols []athena.Column, types []string,
	db, name, engineID string, scanned int64) (*outcome, error) {
	if p, ok := w.props["is_external"]; ok && !strings.EqualFold(p.value, "false") {
		// Athena's documentation requires is_external = false for Iceberg
		// tables; its error text is unverified.
		return nil, athena.NewQueryError("INVALID_TABLE_PROPERTY", "is_external must be false for Iceberg tables")
	}
	if f, ok := w.props["format"]; ok && !strings.EqualFold(f.value, "parquet") {
		return nil, athena.NewQueryError("NOT_SUPPORTED", fmt.Sprintf("The emulator stores Iceberg tables only as PARQUET, not %s", f.value))
	}
	p, ok := w.props["location"]
	if !ok || p.isList || p.value == "" {
		// Unverified text: Athena requires the location property for
		// Iceberg tables.
		return nil, athena.NewQueryError("INVALID_TABLE_PROPERTY", "The location property must be specified for Iceberg tables")
	}
	loc, err := objstore.ParseURI(p.value)
	if err != nil {
		return nil, athena.NewQueryError("INVALID_TABLE_PROPERTY", fmt.Sprintf("Invalid location %s: %v", p.value, err))
	}
	loc = loc.Folder()
	tbl := catalog.Table{Database: db, Name: name, TableType: catalog.ExternalTable, Location: strings.TrimSuffix(loc.String(), "/"),
		Parameters:   map[string]string{"table_type": "ICEBERG", "metadata_location": loc.String() + icebergPointer},
		SerDeLibrary: catalog.ParquetSerDe, InputFormat: catalog.ParquetInputFormat, OutputFormat: catalog.ParquetOutputFormat}
	names := make([]string, len(cols))
	htypes := make([]*hivetype.Type, len(cols))
	for i, c := range cols {
		col, ty, err := hiveColumn(c.Name, types[i])
		if err != nil {
			return nil, err
		}
		if slices.Contains(names[:i], col.Name) {
			return nil, athena.NewQueryError("DUPLICATE_COLUMN_NAME", fmt.Sprintf("line 1:1: Column name '%s' specified more than once", col.Name))
		}
		names[i], htypes[i] = col.Name, ty
		tbl.Columns = append(tbl.Columns, col)
	}
	unlock := s.tables.lock("iceberg:" + db + "." + name)
	defer unlock()
	if err := s.writeSnapshot(ctx, loc, &icebergSnapshot{Operation: "CREATE"}); err != nil {
		return nil, err
	}
	rows, err := s.icebergCommit(ctx, q, tbl, castSelect(sql, len(cols), names, htypes, identity(len(cols))), engineID, "CREATE TABLE AS SELECT", false)
	if err != nil {
		return nil, err
	}
	if err := s.catalog.CreateTable(tbl, false); err != nil {
		return nil, err
	}
	s.tables.setSignature(db+"."+name, "")
	out := writeOutcome(q.output.Key+"tables/"+q.id, engineID, ptr("CREATE TABLE"), &written{rows: rows}, scanned)
	out.manifestKey = ""
	return out, nil
}

// icebergTarget finds the Iceberg table a DML statement writes.
func (s *Server) icebergTarget(q *query, parts []string) (catalog.Table, error) {
	db, name, _ := resolveRef(q.database, parts)
	return s.icebergTableAt(q, parts, fmt.Sprintf("Modifying Hive table rows is only supported for Iceberg tables (%s.%s)", db, name))
}

// tableTypes returns the names and types of t's columns.
func tableTypes(t catalog.Table) ([]string, []*hivetype.Type, error) {
	all := t.AllColumns()
	names := make([]string, len(all))
	types := make([]*hivetype.Type, len(all))
	for i, c := range all {
		ty, err := hivetype.Parse(c.Type)
		if err != nil {
			return nil, nil, athena.NewQueryError("HIVE_METASTORE_ERROR", fmt.Sprintf("Table %s.%s column %s: %v", t.Database, t.Name, c.Name, err))
		}
		names[i], types[i] = c.Name, ty
	}
	return names, types, nil
}

// icebergCommit writes the rows of sql (DuckDB SQL whose columns are the
// table's) as one data file and switches t's pointer: appended to the
// current files, or replacing them. The caller holds the commit lock.
func (s *Server) icebergCommit(ctx context.Context, q *query, t catalog.Table, sql, engineID, op string, appendFiles bool) (int64, error) {
	loc, err := icebergLocation(t)
	if err != nil {
		return 0, err
	}
	snap, err := s.readSnapshot(ctx, loc)
	if err != nil {
		return 0, err
	}
	prefix := fmt.Sprintf("%05d-%s", snap.Snapshot+1, engineID)
	data := objstore.URI{Bucket: loc.Bucket, Key: loc.Key + icebergData}
	w, err := s.exportTo(ctx, q, sql, prefix, writeFormat{format: "parquet", compression: "gzip"}, nil, data, nil, bucketing{})
	if err != nil {
		return 0, err
	}
	next := &icebergSnapshot{Snapshot: snap.Snapshot + 1, Operation: op, Rows: w.rows, Files: w.uris}
	if appendFiles {
		next.Rows += snap.Rows
		next.Files = append(slices.Clone(snap.Files), w.uris...)
	}
	if err := s.writeSnapshot(ctx, loc, next); err != nil {
		return 0, err
	}
	s.tables.setSignature(t.Database+"."+t.Name, "")
	return w.rows, nil
}

// icebergInsert runs INSERT INTO an Iceberg table; sql yields the table's
// columns, already cast.
func (s *Server) icebergInsert(ctx context.Context, q *query, t catalog.Table, sql, engineID string, scanned int64) (*outcome, error) {
	unlock := s.tables.lock("iceberg:" + t.Database + "." + t.Name)
	defer unlock()
	rows, err := s.icebergCommit(ctx, q, t, sql, engineID, "INSERT", true)
	if err != nil {
		return nil, err
	}
	return dmlOutcome(q.output.Key+q.id, engineID, "INSERT", rows, scanned), nil
}

// dmlOutcome is the outcome of a write to an Iceberg table: the companion
// only, beside resultKey, with the count (FACTS §4.1).
func dmlOutcome(resultKey, engineID, updateType string, count, scanned int64) *outcome {
	return &outcome{kind: resultWrite, columns: []athena.Column{athena.NewColumn("rows", "bigint", 0, 0)},
		updateCount: ptr(count), scanned: scanned, engineID: engineID, updateType: ptr(updateType),
		planningMS: ptr(int64(1)), resultKey: resultKey}
}

// dmlPlan is an UPDATE, DELETE or MERGE rewritten as queries (Athena SQL):
// parts whose UNION ALL is the table's new contents, each yielding the
// table's columns in order, and a query of one count.
type dmlPlan struct {
	parts []string
	count string
}

// executeIcebergDML runs UPDATE, DELETE and MERGE INTO on an Iceberg table.
func (s *Server) executeIcebergDML(ctx context.Context, q *query) (*outcome, error) {
	sql, err := sqltext.BindParameters(q.sql, q.params)
	if err != nil {
		return nil, athena.NewQueryError("INVALID_PARAMETER_USAGE", err.Error())
	}
	return s.icebergDML(ctx, q, sql, q.class)
}

// icebergDML runs sql, an UPDATE, DELETE or MERGE INTO of class class with
// its parameters bound, on an Iceberg table: Athena SQL for engine v3, or
// DuckDB SQL in a DuckDB work group, which runs as it is.
func (s *Server) icebergDML(ctx context.Context, q *query, sql string, class sqltext.Class) (*outcome, error) {
	t, err := s.icebergTarget(q, class.Target.Parts)
	if err != nil {
		return nil, err
	}
	names, types, err := tableTypes(t)
	if err != nil {
		return nil, err
	}
	duck := isDuckDB(q.engine)
	toks, err := significant(sql)
	if err != nil || len(toks) == 0 {
		return nil, athena.NewQueryError("SYNTAX_ERROR", "line 1:1: cannot parse the statement")
	}
	p := &dmlParser{sql: sql, toks: toks, target: sql[class.Target.Pos:class.Target.End], names: names}
	p.i = slices.IndexFunc(toks, func(t sqltext.Token) bool { return t.Pos >= class.Target.End })
	if p.i < 0 {
		p.i = len(toks)
	}
	var plan *dmlPlan
	switch class.Kind {
	case sqltext.StmtUpdate:
		plan, err = p.update()
	case sqltext.StmtDelete:
		plan, err = p.delete()
	default:
		plan, err = p.merge()
	}
	if err != nil {
		return nil, err
	}
	unlock := s.tables.lock("iceberg:" + t.Database + "." + t.Name)
	defer unlock()
	translate := func(part string) (string, error) {
		if duck {
			return dropCatalogName(part), nil
		}
		return engineSQL(part, nil)
	}
	var parts []string
	for _, part := range plan.parts {
		d, err := translate(part)
		if err != nil {
			return nil, err
		}
		parts = append(parts, d)
	}
	countSQL, err := translate(plan.count)
	if err != nil {
		return nil, err
	}
	eng := s.engineOf(q)
	scanned, err := s.prepareRefs(ctx, eng, q.database, strings.Join(append(slices.Clone(parts), countSQL), "\n;\n"), map[string]bool{}, 0)
	if err != nil {
		return nil, err
	}
	var union []string
	for _, d := range parts {
		cols, _, err := eng.DescribeQuery(ctx, engine.Query{Schema: q.database, SQL: d, ResolveS3: s.s3Resolver()})
		if err != nil {
			return nil, err
		}
		if len(cols) != len(names) {
			return nil, athena.NewQueryError("TYPE_MISMATCH", fmt.Sprintf("line 1:1: Table has %d columns, the values have %d", len(names), len(cols)))
		}
		union = append(union, castSelect(d, len(cols), names, types, identity(len(cols))))
	}
	count, err := s.count(ctx, q, countSQL)
	if err != nil {
		return nil, err
	}
	engineID := results.EngineQueryID(q.submitted)
	if _, err := s.icebergCommit(ctx, q, t, strings.Join(union, "\nUNION ALL\n"), engineID, class.Substatement, false); err != nil {
		return nil, err
	}
	return dmlOutcome(q.output.Key+q.id+".csv", engineID, class.Substatement, count, scanned), nil
}

// count runs sql (DuckDB SQL of one bigint) and returns its value.
func (s *Server) count(ctx context.Context, q *query, sql string) (int64, error) {
	file := filepath.Join(s.tmpDir, q.id+"-count.csv")
	defer os.Remove(file)
	if _, err := s.engineOf(q).Query(ctx, engine.Query{Schema: q.database, SQL: sql, OutFile: file, ResolveS3: s.s3Resolver()}); err != nil {
		return 0, err
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return 0, err
	}
	v := strings.Trim(strings.TrimSpace(string(b)), `"`)
	if v == "" {
		return 0, nil
	}
	return strconv.ParseInt(v, 10, 64)
}

// dmlParser reads UPDATE, DELETE and MERGE after the target name.
type dmlParser struct {
	sql    string
	toks   []sqltext.Token
	i      int
	target string   // the target as written
	names  []string // the table's columns
}

func (p *dmlParser) errorf(format string, args ...any) error {
	t := p.toks[min(p.i, len(p.toks)-1)]
	return syntaxError(t, fmt.Sprintf(format, args...))
}

func (p *dmlParser) word(w string) bool {
	if p.i < len(p.toks) && p.toks[p.i].IsWord(w) {
		p.i++
		return true
	}
	return false
}

// until returns the text from the cursor to the first token at depth 0 for
// which stop is true (or the end), moving the cursor there.
func (p *dmlParser) until(stop func(sqltext.Token) bool) string {
	start, depth := p.i, 0
	for ; p.i < len(p.toks); p.i++ {
		t := p.toks[p.i]
		if depth == 0 && stop(t) {
			break
		}
		if t.IsOp("(") || t.IsOp("[") {
			depth++
		} else if t.IsOp(")") || t.IsOp("]") {
			depth--
		}
	}
	if p.i == start {
		return ""
	}
	return p.sql[p.toks[start].Pos:p.toks[p.i-1].End()]
}

func (p *dmlParser) rest() string { return p.until(func(sqltext.Token) bool { return false }) }

func quoteName(n string) string { return `"` + strings.ReplaceAll(n, `"`, `""`) + `"` }

// assignments reads "col = expr, ..." up to a depth-0 stop word.
func (p *dmlParser) assignments(stop string) (map[string]string, error) {
	set := map[string]string{}
	for {
		if p.i+1 >= len(p.toks) || !anyName(p.toks[p.i]) || !p.toks[p.i+1].IsOp("=") {
			return nil, p.errorf("expected column = expression")
		}
		col := strings.ToLower(p.toks[p.i].Value())
		if !slices.Contains(p.names, col) {
			return nil, athena.NewQueryError("COLUMN_NOT_FOUND", fmt.Sprintf("line %d:%d: Column '%s' cannot be resolved",
				p.toks[p.i].Line, p.toks[p.i].Col, col))
		}
		p.i += 2
		expr := p.until(func(t sqltext.Token) bool { return t.IsOp(",") || t.IsWord(stop) })
		if expr == "" {
			return nil, p.errorf("expected an expression")
		}
		set[col] = expr
		if p.i < len(p.toks) && p.toks[p.i].IsOp(",") {
			p.i++
			continue
		}
		return set, nil
	}
}

func (p *dmlParser) delete() (*dmlPlan, error) {
	if p.i >= len(p.toks) {
		return &dmlPlan{parts: []string{"SELECT * FROM " + p.target + " WHERE false"}, count: "SELECT count(*) FROM " + p.target}, nil
	}
	if !p.word("WHERE") {
		return nil, p.errorf("expected WHERE")
	}
	cond := p.rest()
	return &dmlPlan{parts: []string{"SELECT * FROM " + p.target + " WHERE NOT COALESCE((" + cond + "), false)"},
		count: "SELECT count(*) FROM " + p.target + " WHERE (" + cond + ")"}, nil
}

func (p *dmlParser) update() (*dmlPlan, error) {
	if !p.word("SET") {
		return nil, p.errorf("expected SET")
	}
	set, err := p.assignments("WHERE")
	if err != nil {
		return nil, err
	}
	cond := "true"
	if p.word("WHERE") {
		cond = p.rest()
	}
	if p.i < len(p.toks) {
		return nil, p.errorf("mismatched input '%s'", p.toks[p.i].Text)
	}
	cols := make([]string, len(p.names))
	for i, n := range p.names {
		cols[i] = quoteName(n)
		if e, ok := set[n]; ok {
			cols[i] = "CASE WHEN (" + cond + ") THEN (" + e + ") ELSE " + quoteName(n) + " END"
		}
	}
	return &dmlPlan{parts: []string{"SELECT " + strings.Join(cols, ", ") + " FROM " + p.target},
		count: "SELECT count(*) FROM " + p.target + " WHERE (" + cond + ")"}, nil
}

// mergeClause is one WHEN clause of MERGE.
type mergeClause struct {
	matched bool
	cond    string            // the AND condition, or "true"
	action  string            // UPDATE, DELETE, INSERT
	set     map[string]string // UPDATE
	columns []string          // INSERT (nil: all)
	values  []string          // INSERT
}

// alias reads an optional [AS] name that is not one of the given words.
func (p *dmlParser) alias(not string) string {
	p.word("AS")
	if p.i < len(p.toks) && p.toks[p.i].IsName() && !p.toks[p.i].IsWord(not) {
		p.i++
		return p.toks[p.i-1].Text
	}
	return ""
}

func (p *dmlParser) merge() (*dmlPlan, error) {
	talias := p.alias("USING")
	if talias == "" {
		talias = p.target[strings.LastIndex(p.target, ".")+1:]
	}
	if !p.word("USING") {
		return nil, p.errorf("expected USING")
	}
	var source, salias string
	if p.i < len(p.toks) && p.toks[p.i].IsOp("(") {
		p.i++
		inner := p.until(func(t sqltext.Token) bool { return t.IsOp(")") })
		if !p.toks[min(p.i, len(p.toks)-1)].IsOp(")") {
			return nil, p.errorf("expected ')'")
		}
		p.i++
		source = "(" + inner + ")"
	} else {
		start := p.i
		for p.i < len(p.toks) && anyName(p.toks[p.i]) {
			p.i++
			if p.i < len(p.toks) && p.toks[p.i].IsOp(".") {
				p.i++
			} else {
				break
			}
		}
		if p.i == start {
			return nil, p.errorf("expected a source table")
		}
		source, salias = p.sql[p.toks[start].Pos:p.toks[p.i-1].End()], p.toks[p.i-1].Text
	}
	if a := p.alias("ON"); a != "" {
		salias = a
	}
	if source == "" || salias == "" {
		return nil, p.errorf("expected a source table and its alias")
	}
	if !p.word("ON") {
		return nil, p.errorf("expected ON")
	}
	on := p.until(func(t sqltext.Token) bool { return t.IsWord("WHEN") })
	var clauses []mergeClause
	for p.word("WHEN") {
		c := mergeClause{matched: true, cond: "true"}
		if p.word("NOT") {
			c.matched = false
		}
		if !p.word("MATCHED") {
			return nil, p.errorf("expected MATCHED")
		}
		if p.word("AND") {
			c.cond = p.until(func(t sqltext.Token) bool { return t.IsWord("THEN") })
		}
		if !p.word("THEN") {
			return nil, p.errorf("expected THEN")
		}
		var err error
		switch {
		case c.matched && p.word("UPDATE"):
			c.action = "UPDATE"
			if !p.word("SET") {
				return nil, p.errorf("expected SET")
			}
			if c.set, err = p.assignments("WHEN"); err != nil {
				return nil, err
			}
		case c.matched && p.word("DELETE"):
			c.action = "DELETE"
		case !c.matched && p.word("INSERT"):
			c.action = "INSERT"
			if p.i < len(p.toks) && p.toks[p.i].IsOp("(") {
				p.i++
				for p.i < len(p.toks) && !p.toks[p.i].IsOp(")") {
					if anyName(p.toks[p.i]) {
						col := strings.ToLower(p.toks[p.i].Value())
						if !slices.Contains(p.names, col) {
							return nil, athena.NewQueryError("COLUMN_NOT_FOUND", fmt.Sprintf("line 1:1: Insert column name does not exist in target table: %s", col))
						}
						c.columns = append(c.columns, col)
					}
					p.i++
				}
				p.i++
			}
			if !p.word("VALUES") || p.i >= len(p.toks) || !p.toks[p.i].IsOp("(") {
				return nil, p.errorf("expected VALUES (...)")
			}
			p.i++
			for {
				v := p.until(func(t sqltext.Token) bool { return t.IsOp(",") || t.IsOp(")") })
				if v == "" {
					return nil, p.errorf("expected a value")
				}
				c.values = append(c.values, v)
				if p.i < len(p.toks) && p.toks[p.i].IsOp(",") {
					p.i++
					continue
				}
				break
			}
			if p.i >= len(p.toks) || !p.toks[p.i].IsOp(")") {
				return nil, p.errorf("expected ')'")
			}
			p.i++
			if c.columns == nil {
				c.columns = p.names
			}
			if len(c.columns) != len(c.values) {
				return nil, athena.NewQueryError("SYNTAX_ERROR", fmt.Sprintf("line 1:1: MERGE INSERT: %d columns but %d values", len(c.columns), len(c.values)))
			}
		default:
			return nil, p.errorf("expected UPDATE, DELETE or INSERT")
		}
		clauses = append(clauses, c)
	}
	if p.i < len(p.toks) || len(clauses) == 0 {
		return nil, p.errorf("expected WHEN [NOT] MATCHED")
	}

	tgt := p.target + " AS " + talias
	marked := "(SELECT *, true AS __athenaq_m FROM " + source + " AS " + salias + ") AS " + salias
	// act numbers the MATCHED clause that applies to a target row, 0 for
	// none (or no source row).
	act := "CASE WHEN " + salias + ".__athenaq_m IS NULL THEN 0"
	var deletes []string
	k := 0
	for _, c := range clauses {
		if !c.matched {
			continue
		}
		k++
		act += fmt.Sprintf(" WHEN (%s) THEN %d", c.cond, k)
		if c.action == "DELETE" {
			deletes = append(deletes, strconv.Itoa(k))
		}
	}
	act += " ELSE 0 END"
	cols := make([]string, len(p.names))
	for i, n := range p.names {
		own := talias + "." + quoteName(n)
		expr, k := "", 0
		for _, c := range clauses {
			if !c.matched {
				continue
			}
			k++
			if e, ok := c.set[n]; ok {
				expr += fmt.Sprintf(" WHEN %d THEN (%s)", k, e)
			}
		}
		cols[i] = own
		if expr != "" {
			cols[i] = "CASE " + act + expr + " ELSE " + own + " END"
		}
	}
	kept := "SELECT " + strings.Join(cols, ", ") + " FROM " + tgt + " LEFT JOIN " + marked + " ON (" + on + ")"
	if len(deletes) > 0 {
		kept += " WHERE (" + act + ") NOT IN (" + strings.Join(deletes, ", ") + ")"
	}
	plan := &dmlPlan{parts: []string{kept}}
	count := "SELECT (SELECT count(*) FROM " + tgt + " LEFT JOIN " + marked + " ON (" + on + ") WHERE (" + act + ") <> 0)"
	var earlier []string
	for _, c := range clauses {
		if c.matched {
			continue
		}
		vals := make([]string, len(p.names))
		for i, n := range p.names {
			vals[i] = "NULL"
			if j := slices.Index(c.columns, n); j >= 0 {
				vals[i] = "(" + c.values[j] + ")"
			}
		}
		where := "NOT EXISTS (SELECT 1 FROM " + tgt + " WHERE (" + on + ")) AND (" + c.cond + ")"
		for _, e := range earlier {
			where += " AND NOT COALESCE((" + e + "), false)"
		}
		earlier = append(earlier, c.cond)
		ins := "SELECT " + strings.Join(vals, ", ") + " FROM " + source + " AS " + salias + " WHERE " + where
		plan.parts = append(plan.parts, ins)
		count += " + (SELECT count(*) FROM " + source + " AS " + salias + " WHERE " + where + ")"
	}
	plan.count = count
	return plan, nil
}
