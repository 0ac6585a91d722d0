// Package catalog is the emulator's Glue Data Catalog: databases, tables and
// views, kept in memory or in a JSON file, plus the parser for Athena's Hive
// DDL and metadata statements and the text rows of their results.
//
// The main path parses a statement, applies it to a Catalog and lays out the
// result rows as GetQueryResults returns them:
//
//	cat, err := catalog.Open(filepath.Join(dataDir, "catalog.json"))
//	st, err := catalog.Parse("CREATE EXTERNAL TABLE t (n int) PARTITIONED BY (p string) " +
//		"LOCATION 's3://bucket/t/'")
//	ct := st.(*catalog.CreateTable)
//	ct.Table.Database = "default" // the query's context database
//	err = cat.CreateTable(ct.Table, ct.IfNotExists)
//
//	t, _ := cat.Table("default", "t")
//	rows := catalog.DescribeRows(t) // "n                   \tint  ...", the partition block, ...
//	cols := catalog.UtilityColumns("DESCRIBE_TABLE")
//
// # Catalog
//
// A [Catalog] holds [Database] and [Table] values. Names are case-insensitive
// and stored lowercased, as in Glue, and the database "default" always
// exists. Every change is written to the catalog's file (temporary file and
// rename) before the method returns. Failures that Athena reports as a
// FAILED query come back as *athena.QueryError with Hive's (or, for views,
// Trino's) texts, ready for the query's Status.
//
// # Statements
//
// [Parse] turns one statement into a [Statement]: CREATE/DROP DATABASE,
// CREATE EXTERNAL TABLE, DROP TABLE, CREATE [OR REPLACE] VIEW, DROP VIEW,
// SHOW DATABASES/TABLES/VIEWS/COLUMNS/CREATE TABLE/CREATE VIEW/TBLPROPERTIES
// and DESCRIBE. Its errors tell the three outcomes apart: a *[RejectError]
// is refused at StartQueryExecution (FACTS §1.7), an *athena.QueryError is
// accepted and then FAILED, and a *[NotDDLError] (errors.Is ErrNotDDL) is a
// statement for another part of the emulator: queries, CTAS, INSERT, ALTER,
// MSCK and Iceberg tables.
//
// CREATE EXTERNAL TABLE fills the Table as Hive and Glue do: the input and
// output formats and SerDe of each STORED AS and ROW FORMAT, delimiters in
// SerDeParameters, EXTERNAL=TRUE in Parameters. [Table.Format] reduces that
// to the reader the engine needs ("delimited", "opencsv", "json",
// "parquet", ...) with Hive's defaults filled in.
//
// # Result rows
//
// [DescribeRows], [ShowColumnsRows], [ShowTablesRows], [ShowViewsRows],
// [ShowDatabasesRows], [ShowCreateTableRows], [ShowCreateViewRows] and
// [ShowTblPropertiesRows] return the rows of the UTILITY results, one string
// per row, byte for byte as Athena writes them (FACTS §4.3, §4.4): the
// .txt body is the rows joined by "\n". [UtilityColumns] gives the declared
// result columns of each statement (FACTS §2.4).
package catalog
