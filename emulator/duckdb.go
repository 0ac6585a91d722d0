package emulator

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/athenaq/athenaq/emulator/internal/athena"
	"github.com/athenaq/athenaq/emulator/internal/catalog"
	"github.com/athenaq/athenaq/emulator/internal/engine"
	"github.com/athenaq/athenaq/emulator/internal/results"
	"github.com/athenaq/athenaq/internal/sqltext"
)

// DuckDB work groups (engine "DuckDB") run their queries as DuckDB SQL on
// a second DuckDB database, the DuckDB-dialect engine, which the server
// opens on the first such query. Both engines read the same catalog: the
// table cache keeps one view of each table per engine (tables.go).

// duckEngine returns the DuckDB-dialect engine, opening it on first use
// with every catalog database as a schema.
func (s *Server) duckEngine(ctx context.Context) (*engine.Engine, error) {
	s.duckMu.Lock()
	defer s.duckMu.Unlock()
	if s.duck != nil {
		return s.duck, nil
	}
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return nil, engine.ErrClosed
	}
	opts := s.engineOptions()
	opts.Dialect = engine.DialectDuckDB
	opts.TempDir = filepath.Join(s.tmpDir, "duckdb")
	eng, err := engine.Open(opts)
	if err != nil {
		return nil, fmt.Errorf("open the DuckDB engine: %w", err)
	}
	for _, db := range s.catalog.Databases() {
		if err := eng.CreateSchema(ctx, db.Name); err != nil {
			eng.Close()
			return nil, fmt.Errorf("open the DuckDB engine: database %s: %w", db.Name, err)
		}
	}
	s.duck = eng
	return eng, nil
}

// openEngines returns the engines that are open: engine v3's, and the
// DuckDB one once a DuckDB query opened it. Catalog changes apply to each.
func (s *Server) openEngines() []*engine.Engine {
	s.duckMu.Lock()
	defer s.duckMu.Unlock()
	if s.duck == nil {
		return []*engine.Engine{s.engine}
	}
	return []*engine.Engine{s.engine, s.duck}
}

// createSchema creates a database's schema in every open engine.
func (s *Server) createSchema(ctx context.Context, name string) error {
	var errs []error
	for _, e := range s.openEngines() {
		errs = append(errs, e.CreateSchema(ctx, name))
	}
	return errors.Join(errs...)
}

// dropSchema drops a database's schema in every open engine.
func (s *Server) dropSchema(ctx context.Context, name string) error {
	var errs []error
	for _, e := range s.openEngines() {
		errs = append(errs, e.DropSchema(ctx, name))
	}
	return errors.Join(errs...)
}

// dropRelation drops a table's or view's relation in every open engine.
func (s *Server) dropRelation(ctx context.Context, db, name string) error {
	var errs []error
	for _, e := range s.openEngines() {
		errs = append(errs, e.DropRelation(ctx, db, name))
	}
	return errors.Join(errs...)
}

// duckClass is what GetQueryExecution reports of a DuckDB statement, by
// its kind (see engine.DuckDBKind). The values follow engine v3's for the
// same statements (unverified for DuckDB work groups).
func duckClass(kind string) sqltext.Class {
	switch kind {
	case "EXPLAIN":
		return sqltext.Class{StatementType: "DML", Substatement: "EXPLAIN"}
	case "SHOW SCHEMAS":
		return sqltext.Class{StatementType: "UTILITY", Substatement: "SHOW_DATABASES"}
	case "CREATE SCHEMA":
		return sqltext.Class{StatementType: "DDL", Substatement: "CREATE_DATABASE"}
	case "DROP SCHEMA":
		return sqltext.Class{StatementType: "DDL", Substatement: "DROP_DATABASE"}
	case "CREATE TABLE":
		return sqltext.Class{StatementType: "DDL", Substatement: "CREATE_TABLE"}
	case "DROP TABLE":
		return sqltext.Class{StatementType: "DDL", Substatement: "DROP_TABLE"}
	case "CREATE VIEW":
		return sqltext.Class{StatementType: "DDL", Substatement: "CREATE_VIEW"}
	case "COPY":
		// COPY ... TO writes files as engine v3's UNLOAD does.
		return sqltext.Class{StatementType: "DML", Substatement: "UNLOAD"}
	case "INSERT", "UPDATE", "DELETE", "MERGE":
		return sqltext.Class{StatementType: "DML", Substatement: kind}
	}
	return sqltext.Class{StatementType: "DML", Substatement: "SELECT"}
}

// duckStatementClass is what GetQueryExecution reports of the DuckDB
// statement sql: duckClass of its kind, with CREATE_TABLE_AS_SELECT for a
// CREATE TABLE ... AS <query>, as engine v3 reports CTAS.
func duckStatementClass(sql string) sqltext.Class {
	kind := engine.DuckDBKind(sql)
	c := duckClass(kind)
	if kind == "CREATE TABLE" && sqltext.Classify(sql).Kind == sqltext.StmtCreateTableAs {
		c.Substatement = "CREATE_TABLE_AS_SELECT"
	}
	return c
}

// executeDuckDB runs a query of a DuckDB work group. Any failure is the
// query's: StartQueryExecution accepted the text as it came.
func (s *Server) executeDuckDB(ctx context.Context, q *query) (*outcome, error) {
	eng, err := s.duckEngine(ctx)
	if err != nil {
		return nil, err
	}
	sql := q.sql
	if len(q.params) > 0 {
		// Each parameter is one constant (DUCKDB.md), bound as engine v3
		// binds them.
		if sql, err = sqltext.BindParameters(sql, q.params); err != nil {
			return nil, engine.DuckDBError("Invalid Input Error: " + err.Error())
		}
	}
	st, err := eng.ParseDuckDB(sql)
	if err != nil {
		return nil, err
	}
	switch {
	case st.ReturnsRows():
		return s.executeDuckQuery(ctx, q, eng, st)
	case st.Kind == "SHOW SCHEMAS":
		return s.showSchemasDuckDB(q)
	case st.Kind == "CREATE SCHEMA" || st.Kind == "DROP SCHEMA":
		return s.schemaDuckDB(ctx, st)
	case st.Kind == "COPY":
		return s.duckCopy(ctx, q, eng, st)
	}
	return s.executeDuckWrite(ctx, q, eng, st)
}

// executeDuckQuery runs a statement that returns rows.
func (s *Server) executeDuckQuery(ctx context.Context, q *query, eng *engine.Engine, st *engine.DuckDBStatement) (*outcome, error) {
	planStart := time.Now()
	scanned, err := s.prepareRefs(ctx, eng, q.database, st.Body, map[string]bool{}, 0)
	if err != nil {
		return nil, err
	}
	if err := s.prepareShowTables(ctx, eng, q.database, st.Body); err != nil {
		return nil, err
	}
	var s3Bytes int64
	resolve := func(ctx context.Context, url string) ([]engine.S3File, error) {
		files, n, err := s.fetchS3(ctx, url)
		s3Bytes += n
		return files, err
	}
	file := filepath.Join(s.tmpDir, q.id+".csv")
	res, err := eng.Query(ctx, engine.Query{Schema: q.database, SQL: dropCatalogName(st.Body), OutFile: file, ResolveS3: resolve})
	if err != nil {
		os.Remove(file)
		return nil, err
	}
	return &outcome{kind: resultCSV, columns: res.Columns, rows: res.Rows, dataFile: file, scanned: scanned + s3Bytes,
		updateCount: ptr(int64(0)), engineID: results.EngineQueryID(q.submitted),
		planningMS: ptr(max(1, time.Since(planStart).Milliseconds()/4))}, nil
}

// showSchemasDuckDB lists the catalog's databases, one schema_name a row
// (the column's name is a GAP).
func (s *Server) showSchemasDuckDB(q *query) (*outcome, error) {
	var b strings.Builder
	dbs := s.catalog.Databases()
	for _, db := range dbs {
		b.WriteString(`"` + strings.ReplaceAll(db.Name, `"`, `""`) + "\"\n")
	}
	file := filepath.Join(s.tmpDir, q.id+".csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		return nil, err
	}
	return &outcome{kind: resultCSV, columns: []athena.Column{engine.DuckDBColumn("schema_name", "VARCHAR")},
		rows: int64(len(dbs)), dataFile: file, updateCount: ptr(int64(0)), engineID: results.EngineQueryID(q.submitted)}, nil
}

// schemaDuckDB runs CREATE SCHEMA [IF NOT EXISTS] name and DROP SCHEMA [IF
// EXISTS] name [CASCADE]: the catalog's databases, as engine v3's CREATE
// and DROP DATABASE change them. Failures use DuckDB's texts.
func (s *Server) schemaDuckDB(ctx context.Context, st *engine.DuckDBStatement) (*outcome, error) {
	name, ifClause, cascade, ok := schemaStatement(st.Body)
	if !ok {
		return nil, engine.DuckDBError(fmt.Sprintf("Parser Error: syntax error: want %s [IF ...] name", st.Kind))
	}
	if st.Kind == "CREATE SCHEMA" {
		if _, exists := s.catalog.Database(name); exists && !ifClause {
			return nil, engine.DuckDBError(fmt.Sprintf("Catalog Error: Schema with name %q already exists!", name))
		}
		if err := s.catalog.CreateDatabase(catalog.Database{Name: name}, true); err != nil {
			return nil, err
		}
		return &outcome{kind: resultNone}, s.createSchema(ctx, name)
	}
	if _, exists := s.catalog.Database(name); !exists {
		if ifClause {
			return &outcome{kind: resultNone}, nil
		}
		return nil, engine.DuckDBError(fmt.Sprintf("Catalog Error: Schema with name %s does not exist!", name))
	}
	tables := s.catalog.Tables(name)
	if len(tables) > 0 && !cascade {
		return nil, engine.DuckDBError(fmt.Sprintf("Dependency Error: Cannot drop entry %q because there are entries that depend on it. Use DROP...CASCADE to drop all dependents.", name))
	}
	if err := s.catalog.DropDatabase(name, true, true); err != nil {
		return nil, err
	}
	for _, t := range tables {
		s.tables.setSignature(t.Database+"."+t.Name, "")
	}
	return &outcome{kind: resultNone}, s.dropSchema(ctx, name)
}

// schemaStatement reads CREATE SCHEMA [IF NOT EXISTS] name or DROP SCHEMA
// [IF EXISTS] name [CASCADE|RESTRICT]; the name may be quoted and may be
// qualified by the catalog (awsdatacatalog.name).
func schemaStatement(body string) (name string, ifClause, cascade, ok bool) {
	toks, err := significant(body)
	if err != nil || len(toks) < 3 {
		return "", false, false, false
	}
	i := 2
	if i < len(toks) && toks[i].IsWord("IF") {
		ifClause = true
		i++
		for i < len(toks) && (toks[i].IsWord("NOT") || toks[i].IsWord("EXISTS")) {
			i++
		}
	}
	var parts []string
	for i < len(toks) && anyName(toks[i]) {
		parts = append(parts, toks[i].Value())
		i++
		if i < len(toks) && toks[i].IsOp(".") {
			i++
			continue
		}
		break
	}
	if len(parts) == 2 && strings.EqualFold(parts[0], dataCatalog) {
		parts = parts[1:]
	}
	if len(parts) != 1 {
		return "", false, false, false
	}
	for ; i < len(toks); i++ {
		switch {
		case toks[i].IsWord("CASCADE"):
			cascade = true
		case toks[i].IsWord("RESTRICT"):
		default:
			return "", false, false, false
		}
	}
	return strings.ToLower(parts[0]), ifClause, cascade, true
}

// duckViewError is the failure of a DuckDB query that names an engine v3
// view: its definition is Trino SQL, which the DuckDB engine does not run
// (Athena does not translate between the engines; the text is the
// emulator's, unverified).
func duckViewError(t catalog.Table) error {
	return engine.DuckDBError(fmt.Sprintf("Catalog Error: %s.%s is a view of Athena engine version 3; its Trino SQL cannot run in a DuckDB work group", t.Database, t.Name))
}

// duckTableRefs lists every name of a DuckDB statement that may be a table:
// each chain of one to three names joined by dots. DuckDB's grammar names
// tables in more places than Trino's (SUMMARIZE t, FROM-first, PIVOT t), so
// this over-reports on purpose, as sqltext.TableRefs does: an extra name
// costs a lookup, a missing one breaks the query.
func duckTableRefs(sql string) []sqltext.QualifiedName {
	toks, err := significant(sql)
	if err != nil {
		return nil
	}
	var refs []sqltext.QualifiedName
	for i := 0; i < len(toks); i++ {
		if !anyName(toks[i]) || i > 0 && toks[i-1].IsOp(".") {
			continue
		}
		parts := []string{strings.ToLower(toks[i].Value())}
		j := i
		for j+2 < len(toks) && toks[j+1].IsOp(".") && anyName(toks[j+2]) && len(parts) < 3 {
			parts = append(parts, strings.ToLower(toks[j+2].Value()))
			j += 2
		}
		refs = append(refs, sqltext.QualifiedName{Parts: parts})
	}
	return refs
}

// prepareShowTables defines every table of the context database (of every
// database for SHOW ALL TABLES) in eng before SHOW TABLES, a statement or a
// subquery, lists DuckDB's
// relations, which hold only the tables that earlier queries read. Views
// are not listed: the DuckDB engine cannot define them.
func (s *Server) prepareShowTables(ctx context.Context, eng *engine.Engine, database, body string) error {
	toks, err := significant(body)
	if err != nil {
		return nil
	}
	var dbs []string
	for i := 0; i+1 < len(toks) && dbs == nil; i++ {
		switch {
		case !toks[i].IsWord("SHOW"):
		case toks[i+1].IsWord("TABLES"):
			dbs = []string{database}
		case toks[i+1].IsWord("ALL") && i+2 < len(toks) && toks[i+2].IsWord("TABLES"):
			dbs = []string{}
			for _, db := range s.catalog.Databases() {
				dbs = append(dbs, db.Name)
			}
		}
	}
	for _, db := range dbs {
		for _, t := range s.catalog.Tables(db) {
			if t.TableType == "VIRTUAL_VIEW" {
				continue
			}
			if _, err := s.syncTable(ctx, eng, t, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// dropCatalogName removes the catalog from three-part names
// (awsdatacatalog.db.t becomes db.t): the DuckDB engine's catalog is
// DuckDB's own, whose schemas are AwsDataCatalog's databases. Text that
// does not tokenize is left as it is.
func dropCatalogName(sql string) string {
	toks, err := significant(sql)
	if err != nil {
		return sql
	}
	var cut []engine.Replacement
	for i := 0; i+4 < len(toks); i++ {
		if anyName(toks[i]) && strings.EqualFold(toks[i].Value(), dataCatalog) && (i == 0 || !toks[i-1].IsOp(".")) &&
			toks[i+1].IsOp(".") && anyName(toks[i+2]) && toks[i+3].IsOp(".") && anyName(toks[i+4]) {
			cut = append(cut, engine.Replacement{Start: toks[i].Pos, End: toks[i+2].Pos})
		}
	}
	return engine.Splice(sql, cut)
}
