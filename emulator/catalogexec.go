package emulator

import (
	"context"
	"fmt"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/athena"
	"github.com/athenaq/athenaq/emulator/internal/catalog"
	"github.com/athenaq/athenaq/internal/sqltext"
)

// runCatalogStatement executes a DDL or metadata statement: the catalog
// changes (mirrored in the engine's schemas and views) or the text rows
// of a SHOW or DESCRIBE with their columns.
func (s *Server) runCatalogStatement(ctx context.Context, q *query) ([]string, []athena.Column, error) {
	dbOr := func(db string) string {
		if db == "" {
			return q.database
		}
		return strings.ToLower(db)
	}
	switch st := q.stmt.(type) {
	case *catalog.CreateDatabase:
		db := catalog.Database{Name: st.Name, Description: st.Comment, LocationURI: st.Location, Parameters: st.Properties}
		if err := s.catalog.CreateDatabase(db, st.IfNotExists); err != nil {
			return nil, nil, err
		}
		return nil, nil, s.createSchema(ctx, strings.ToLower(st.Name))
	case *catalog.DropDatabase:
		name := strings.ToLower(st.Name)
		tables := s.catalog.Tables(name)
		if err := s.catalog.DropDatabase(name, st.IfExists, st.Cascade); err != nil {
			return nil, nil, err
		}
		for _, t := range tables {
			s.tables.setSignature(t.Database+"."+t.Name, "")
		}
		return nil, nil, s.dropSchema(ctx, name)
	case *catalog.CreateTable:
		t := st.Table
		t.Database = dbOr(t.Database)
		if _, ok := s.catalog.Database(t.Database); !ok {
			return nil, nil, catalog.DatabaseNotFoundError(t.Database)
		}
		if err := s.catalog.CreateTable(t, st.IfNotExists); err != nil {
			return nil, nil, err
		}
		s.tables.setSignature(t.Database+"."+strings.ToLower(t.Name), "")
		return nil, nil, nil
	case *catalog.DropTable:
		db := dbOr(st.Database)
		if err := s.catalog.DropTable(db, st.Name, st.IfExists); err != nil {
			return nil, nil, err
		}
		s.tables.setSignature(db+"."+strings.ToLower(st.Name), "")
		return nil, nil, s.dropRelation(ctx, db, strings.ToLower(st.Name))
	case *catalog.CreateView:
		return nil, nil, s.createView(ctx, q, st, dbOr(st.Database))
	case *catalog.DropView:
		db := dbOr(st.Database)
		if err := s.catalog.DropView(db, st.Name, st.IfExists); err != nil {
			return nil, nil, err
		}
		return nil, nil, s.dropRelation(ctx, db, strings.ToLower(st.Name))
	case *catalog.ShowDatabases:
		rows, err := catalog.ShowDatabasesRows(s.catalog.Databases(), st.Pattern)
		return rows, catalog.UtilityColumns("SHOW_DATABASES"), err
	case *catalog.ShowTables:
		db := dbOr(st.Database)
		if _, ok := s.catalog.Database(db); !ok {
			return nil, nil, catalog.DatabaseNotFoundError(db)
		}
		rows, err := catalog.ShowTablesRows(s.catalog.Tables(db), st.Pattern)
		return rows, catalog.UtilityColumns("SHOW_TABLES"), err
	case *catalog.ShowViews:
		db := dbOr(st.Database)
		rows, err := catalog.ShowViewsRows(s.catalog.Tables(db), st.Pattern)
		return rows, catalog.UtilityColumns("SHOW_VIEWS"), err
	case *catalog.ShowColumns:
		t, err := s.lookup(dbOr(st.Database), st.Table)
		if err != nil {
			return nil, nil, err
		}
		if t.IsView() {
			return catalog.DescribeRows(t), catalog.UtilityColumns("DESC_VIEW"), nil
		}
		return catalog.ShowColumnsRows(t), catalog.UtilityColumns("SHOW_COLUMNS"), nil
	case *catalog.Describe:
		t, err := s.lookup(dbOr(st.Database), st.Table)
		if err != nil {
			return nil, nil, err
		}
		kind := "DESCRIBE_TABLE"
		if t.IsView() {
			kind = "DESC_VIEW"
		}
		if st.Column != "" {
			rows, err := catalog.DescribeColumnRows(t, st.Column)
			return rows, catalog.UtilityColumns(kind), err
		}
		return catalog.DescribeDetailRows(t, st.Detail), catalog.UtilityColumns(kind), nil
	case *catalog.ShowCreateTable:
		t, err := s.lookup(dbOr(st.Database), st.Table)
		if err != nil {
			return nil, nil, err
		}
		if t.IsView() {
			return catalog.ShowCreateViewRows(t), catalog.UtilityColumns("SHOW_CREATE_VIEW"), nil
		}
		return catalog.ShowCreateTableRows(t), catalog.UtilityColumns("SHOW_CREATE_TABLE"), nil
	case *catalog.ShowCreateView:
		t, err := s.lookup(dbOr(st.Database), st.Name)
		if err != nil {
			return nil, nil, err
		}
		return catalog.ShowCreateViewRows(t), catalog.UtilityColumns("SHOW_CREATE_VIEW"), nil
	case *catalog.AddPartitions:
		db := dbOr(st.Database)
		if err := s.catalog.AddPartitions(db, st.Table, st.Partitions, st.IfNotExists); err != nil {
			return nil, nil, err
		}
		return nil, nil, nil
	case *catalog.DropPartitions:
		db := dbOr(st.Database)
		if err := s.catalog.DropPartitions(db, st.Table, st.Specs, st.IfExists); err != nil {
			return nil, nil, err
		}
		return nil, nil, nil
	case *catalog.MSCKRepair:
		t, err := s.lookupTable(dbOr(st.Database), st.Table)
		if err != nil {
			return nil, nil, err
		}
		rows, err := s.msckRepair(ctx, t)
		return rows, nil, err
	case *catalog.ShowPartitions:
		t, err := s.lookupTable(dbOr(st.Database), st.Table)
		if err != nil {
			return nil, nil, err
		}
		if len(t.PartitionKeys) == 0 {
			return nil, nil, &athena.QueryError{
				Message:  fmt.Sprintf("FAILED: SemanticException [Error 10241]: Table %s is not a partitioned table", t.Name),
				Category: 2, Type: 1006,
			}
		}
		return catalog.ShowPartitionsRows(t), catalog.UtilityColumns("SHOW_PARTITIONS"), nil
	case *catalog.ShowTblProperties:
		t, err := s.lookup(dbOr(st.Database), st.Table)
		if err != nil {
			return nil, nil, err
		}
		if st.Property != "" {
			return catalog.ShowTblPropertyRows(t, st.Property), catalog.UtilityColumns("SHOW_TABLE_PROPERTIES"), nil
		}
		return catalog.ShowTblPropertiesRows(t), catalog.UtilityColumns("SHOW_TABLE_PROPERTIES"), nil
	}
	return nil, nil, athena.NewQueryError("NOT_SUPPORTED", fmt.Sprintf("%T statements are not supported by the emulator yet", q.stmt))
}

// describeTarget returns the table that a DESCRIBE or SHOW COLUMNS names,
// in the query's database when it names none; ok is false for other
// statements.
func describeTarget(stmt catalog.Statement, database string) (db, name string, ok bool) {
	switch st := stmt.(type) {
	case *catalog.Describe:
		db, name = st.Database, st.Table
	case *catalog.ShowColumns:
		db, name = st.Database, st.Table
	default:
		return "", "", false
	}
	if db == "" {
		db = database
	}
	return db, name, true
}

// catalogClass returns the classification of a catalog statement once its
// target is known: DESCRIBE and SHOW COLUMNS of a view are DESC_VIEW (FACTS
// §4.4, §7). Other statements keep class.
func (s *Server) catalogClass(stmt catalog.Statement, class sqltext.Class, database string) sqltext.Class {
	db, name, ok := describeTarget(stmt, database)
	if !ok {
		return class
	}
	if t, ok := s.catalog.Table(db, name); ok && t.IsView() {
		return class.OnView()
	}
	return class
}

// storedQuery returns the Query text and context Database that
// GetQueryExecution reports for a catalog statement (FACTS §2.2): an
// awsdatacatalog prefix is dropped from the name that DESCRIBE, SHOW
// COLUMNS, SHOW CREATE TABLE, SHOW TABLES IN, ALTER TABLE and DROP TABLE
// act on, and DESCRIBE db.t of a table reads DESCRIBE t with db as the
// context database. Other statements keep sql and dbIn.
func storedQuery(sql string, class sqltext.Class, dbIn *string) (string, *string) {
	target := class.Target
	var drop int // leading name parts to cut
	switch sub := class.Substatement; {
	case len(target.Parts) == 0 || target.End > len(sql):
		return sql, dbIn
	case sub == "SHOW_TABLES":
		if len(target.Parts) == 2 && target.Parts[0] == "awsdatacatalog" {
			drop = 1
		}
	case sub == "DESCRIBE_TABLE" || sub == "SHOW_COLUMNS" || sub == "SHOW_CREATE_TABLE" || sub == "DROP_TABLE" ||
		strings.HasPrefix(sub, "ALTER_TABLE"):
		if len(target.Parts) == 3 && target.Parts[0] == "awsdatacatalog" {
			drop = 1
		}
		if sub == "DESCRIBE_TABLE" && len(target.Parts) >= 2 {
			db := target.Parts[len(target.Parts)-2]
			drop, dbIn = len(target.Parts)-1, &db
		}
	}
	if drop == 0 {
		return sql, dbIn
	}
	// Cut the span up to just after the drop-th dot of the name.
	toks, err := sqltext.Tokenize(sql[target.Pos:target.End])
	if err != nil {
		return sql, dbIn
	}
	for _, t := range toks {
		if t.IsOp(".") {
			if drop--; drop == 0 {
				cut := target.Pos + t.End()
				for cut < target.End && strings.ContainsRune(" \t\r\n", rune(sql[cut])) {
					cut++
				}
				return sql[:target.Pos] + sql[cut:], dbIn
			}
		}
	}
	return sql, dbIn
}

// lookupTable is lookup for statements that need a table, not a view.
func (s *Server) lookupTable(db, name string) (catalog.Table, error) {
	t, err := s.lookup(db, name)
	if err == nil && t.IsView() {
		return t, catalog.TableNotFoundError(db, strings.ToLower(name))
	}
	return t, err
}

func (s *Server) lookup(db, name string) (catalog.Table, error) {
	t, ok := s.catalog.Table(db, name)
	if !ok {
		return t, catalog.TableNotFoundError(db, strings.ToLower(name))
	}
	return t, nil
}

// createView binds the view's query in the engine, records its columns (in
// Trino spelling, as DESCRIBE shows a view's) and stores it in the catalog.
func (s *Server) createView(ctx context.Context, q *query, st *catalog.CreateView, db string) error {
	name := strings.ToLower(st.Name)
	// Views are Trino statements: their failures are Trino's, not Hive's.
	if err := s.catalog.CheckView(db, name, st.OrReplace); err != nil {
		return err
	}
	sql, err := engineSQL(st.Query, nil)
	if err != nil {
		return err
	}
	if _, err := s.prepareTables(ctx, db, sql); err != nil {
		return err
	}
	cols, types, err := s.engine.Describe(ctx, db, sql)
	if err != nil {
		return err
	}
	view := catalog.Table{Database: db, Name: name, TableType: catalog.VirtualView, ViewSQL: st.Query, Comment: st.Comment}
	for i, c := range cols {
		view.Columns = append(view.Columns, catalog.Column{Name: c.Name, Type: types[i]})
	}
	if err := s.engine.DefineView(ctx, db, name, sql); err != nil {
		return err
	}
	if st.OrReplace {
		return s.catalog.ReplaceView(view)
	}
	return s.catalog.CreateTable(view, false)
}
