// Package engine runs the emulator's SQL on an embedded DuckDB database
// with Athena's semantics and writes SELECT results byte for byte as Athena
// does. It is the only package that links DuckDB.
//
//	e, err := engine.Open(engine.Options{})
//	defer e.Close()
//	e.CreateSchema(ctx, "db")
//	e.DefineTable(ctx, engine.TableSource{Schema: "db", Name: "t", Format: engine.FormatDelimited, ...})
//	res, err := e.Query(ctx, engine.Query{Schema: "db", SQL: "SELECT * FROM t", OutFile: path})
//	// path holds the CSV data rows; res.Columns is the ColumnInfo.
//
// # Catalog
//
// An Athena database is a DuckDB schema ([Engine.CreateSchema],
// [Engine.DropSchema]). Tables are views over local files
// ([Engine.DefineTable]): Hive delimited text, OpenCSV, JSON lines or
// Parquet, typed as declared, with Hive's leniency (a value that does not
// parse is NULL). Views are DuckDB views over DuckDB-ready SQL
// ([Engine.DefineView]). Catalog changes are serialized.
//
// # Queries
//
// [Engine.Query] runs one SELECT on a connection pinned for the call, with
// the query's database as the current schema. Every connection divides
// integers as Trino does (5/2 = 2, 1/0 fails with DIVISION_BY_ZERO) and
// runs in UTC. The rows are rendered to Athena's text inside DuckDB
// (FACTS §5: [1, 2], {a=1}, 2026-09-17 12:34:56.789, 1.0E20, 01 02, ...)
// and written by DuckDB's COPY in Athena's CSV layout (FACTS §4.2), without
// the header line, which the caller writes. [Engine.Describe] binds a query
// without running it; [Engine.Explain] returns DuckDB's plan;
// [Engine.CheckSyntax] parses only.
//
// # The DuckDB dialect
//
// An engine opened with Options.Dialect = DialectDuckDB runs DuckDB's own
// SQL for Athena's DuckDB work groups: no integer division, Trino macros
// or typing pass. [Engine.Query] writes each value as CAST(v AS VARCHAR)
// and reports DuckDB's type names ([DuckDBColumn]); failures carry
// DuckDB's message ([DuckDBError]). [Engine.ParseDuckDB] applies the
// dialect's sandbox and finds the S3 references ([S3Ref]) that
// Query.ResolveS3 turns into local copies. [Engine.Describe] and
// [Engine.DescribeQuery] report DuckDB's columns and type names,
// [Engine.ExportFiles] runs DuckDB SQL past the same sandbox without the
// typing pass, [Engine.CheckSyntax] keeps DuckDB's parser messages, and
// [Engine.CopyDuckDB] runs a COPY ... TO ([CopyTo]) to a local file.
//
// # Confinement
//
// [Open] confines DuckDB: SQL reaches only the files under Options.TempDir
// and Options.Dirs and no network address, memory and spill space are
// bounded, and the configuration is locked. Every statement run for a
// caller passes a sandbox first: DuckDB's table functions (read_csv,
// glob, duckdb_settings, ...) and current_setting fail as
// FUNCTION_NOT_FOUND, a string literal used as a table is a syntax error.
// Errors never show the engine's folders.
//
// # Errors
//
// Failures are *athena.QueryError values with Athena's error names and
// texts (TABLE_NOT_FOUND "line 1:15: Table 'awsdatacatalog.db.x' does not
// exist", COLUMN_NOT_FOUND, FUNCTION_NOT_FOUND, INVALID_CAST_ARGUMENT,
// NUMERIC_VALUE_OUT_OF_RANGE, DIVISION_BY_ZERO, SYNTAX_ERROR, ...). When the
// caller's context ends, DuckDB is interrupted and the error matches
// ctx.Err() under errors.Is.
package engine
