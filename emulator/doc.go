// Package emulator is a local Amazon Athena: one HTTP address that speaks the
// Athena JSON API (requests with X-Amz-Target AmazonAthena.*) and the S3 API
// (everything else), runs SQL on embedded DuckDB, and writes result files to
// its S3 store exactly as Athena writes them.
//
//	srv, err := emulator.New(emulator.Options{})
//	if err != nil {
//		return err
//	}
//	defer srv.Close()
//	if err := srv.Start("127.0.0.1:0"); err != nil {
//		return err
//	}
//	// Point aws-sdk-go-v2's Athena and S3 clients (path-style) at srv.URL(),
//	// with any credentials.
//
// In tests, athenatest.Start(t) does this and returns clients and a Config.
// From a shell, `athenaq serve --addr 127.0.0.1:4566` runs the same server.
//
// # Queries
//
// StartQueryExecution validates a query as Athena does (syntax errors are
// rejected at once), then the query moves QUEUED, RUNNING and SUCCEEDED,
// FAILED or CANCELLED. StopQueryExecution interrupts DuckDB. Result files
// land under the output location: <id>.csv and <id>.csv.metadata for SELECT,
// <id>.txt for DDL and SHOW/DESCRIBE, and GetQueryResults pages through
// them.
//
// # Work groups
//
// primary and Options.WorkGroups exist from the start; CreateWorkGroup,
// UpdateWorkGroup and DeleteWorkGroup manage work groups as Athena does,
// with its request shapes. A DISABLED work group refuses new queries. A
// work group's engine (EngineVersion.SelectedEngineVersion: AUTO, Athena
// engine version 3, DuckDB, or PySpark engine version 3 for Spark) is kept
// as sent and reported on its queries; ListEngineVersions lists AUTO,
// Athena engine version 3 and DuckDB. With a DataDir, the work groups created
// through the API survive restarts (DataDir/workgroups.json).
//
// # DuckDB work groups
//
// A work group whose engine is DuckDB (WorkGroup.Engine "DuckDB", exactly)
// runs its queries as DuckDB SQL on a second DuckDB database that the
// server opens on the first such query, as Athena's DuckDB engine does
// (AWS user guide, duckdb-* pages): no Trino rewriting, "/" divides as DuckDB does
// (5/2 = 2.5), the session zone is UTC, one statement per query.
// StartQueryExecution accepts any text; invalid SQL FAILs with DuckDB's
// message as StateChangeReason (AthenaError USER, ErrorType 1000 or the
// engine v3 type of the nearest kind, unverified). ColumnInfo.Type is
// DuckDB's type name as typeof prints it (DECIMAL(10,2), STRUCT(a INTEGER),
// INTEGER[]) and each value is DuckDB's cast to VARCHAR, in the same CSV
// layout as engine v3's. ExecutionParameters bind ? as for engine v3;
// result reuse is refused with INVALID_INPUT, PREPARE/EXECUTE, INSTALL/LOAD,
// SET, ATTACH, COPY FROM and transactions fail. read_parquet, read_csv,
// read_json, read_text, glob and the like, and FROM 's3://...', read the
// emulator's S3 (patterns with *, ?, ** and [...]); only s3:// string
// literals are allowed, so host files stay out of reach, and results and
// errors name the objects by their s3:// URLs. The catalog is engine v3's:
// its databases are schemas (SHOW SCHEMAS, CREATE SCHEMA, DROP SCHEMA),
// its Hive and Iceberg tables are readable as schema.table, and its views,
// whose SQL is Trino's, are not.
//
// DuckDB work groups write that catalog with engine v3's machinery, the
// query parts run as DuckDB SQL (Athena documents the syntax loosely; the
// forms below are the emulator's choice, unverified):
//
//	CREATE TABLE [IF NOT EXISTS] [db.]t (a INTEGER, b VARCHAR[], ...) WITH (...)
//	CREATE TABLE [IF NOT EXISTS] [db.]t [WITH (...)] AS <query>
//	INSERT INTO t [(columns)] <query | VALUES ...>
//	UPDATE t SET ... [WHERE ...]      DELETE FROM t [WHERE ...]    (Iceberg)
//	DROP TABLE [IF EXISTS] t
//	COPY (<query>) TO 's3://bucket/key' [(options)]    COPY t TO ...
//
// WITH takes type = 'HIVE' (the default) or 'ICEBERG', location =
// 's3://...', format = 'PARQUET' (the default), 'TEXTFILE' or 'JSON',
// write_compression, and partitioned_by = ['col'] or ARRAY['col'] (engine
// v3's names table_type and external_location work too). A table's columns
// get Hive types: INTEGER int, BIGINT bigint, VARCHAR string, DOUBLE
// double, DECIMAL(p,s) decimal(p,s), BLOB binary, T[] array<..>, STRUCT
// struct<..>, MAP map<..>, every TIMESTAMP kind timestamp, UTINYINT,
// USMALLINT and UINTEGER the next wider signed type, UBIGINT decimal(20,0)
// and JSON string (Hive only: Iceberg tables cannot store them), HUGEINT
// decimal(38,0) (Iceberg only: Hive tables cannot store it nor INTERVAL).
// Other types (INTERVAL, TIME, UHUGEINT, UNION, ...) fail naming the
// column. CREATE TABLE needs a location, as in engine v3; a Hive CTAS
// without one writes under the output location (tables/<id>/), and fails
// in a work group with managed results. UPDATE and DELETE on a Hive table
// fail with engine v3's NOT_SUPPORTED text. Results are engine v3's for
// the same statements: DDL CREATE_TABLE or CREATE_TABLE_AS_SELECT, DML
// INSERT, UPDATE or DELETE with the rows written as UpdateCount. COPY TO
// lets DuckDB write the file with its options and puts it at the key (a
// partitioned folder's files under key/); it reports as engine v3's UNLOAD
// (DML UNLOAD, the rows as UpdateCount, a manifest). CREATE VIEW, ALTER,
// CREATE OR REPLACE TABLE and INSERT ... BY NAME fail with "Not
// implemented Error".
//
// # Managed query results
//
// A WorkGroup with ManagedResults is an Athena work group with managed query
// results: queries in it need no OutputLocation, and the emulator keeps
// their result files in a store of its own on local disk that the S3 API
// does not serve, so no S3 client can list or read them. GetQueryResults
// reads them as usual for every statement kind, for
// Options.ManagedResultsTTL (24 hours by default); after that it answers
// RESULT_NOT_FOUND and the files are deleted. GetWorkGroup reports
// ManagedQueryResultsConfiguration{Enabled: true}; GetQueryExecution reports
// the same and a ResultConfiguration without OutputLocation, and no
// DataManifestLocation. Result reuse is ignored there. A query that sends
// an OutputLocation is refused with INVALID_INPUT when the work group
// enforces its configuration, and otherwise writes to that location as in
// any work group. CTAS needs the external_location property.
//
// # Catalog
//
// CREATE DATABASE, CREATE EXTERNAL TABLE over S3 locations (delimited text,
// OpenCSVSerde, JSON, Parquet), CREATE VIEW, DROP, SHOW and DESCRIBE keep a
// Glue-like catalog. Tables read their objects at query time, so new objects
// are seen by the next query.
//
// # S3
//
// The S3 API keeps objects in memory, or in files under Options.DataDir,
// unless Options.S3Endpoint sends S3 requests on to another S3. It needs
// credentials as S3 does: a request with no Authorization header and no
// presigned-URL parameters (X-Amz-Credential and X-Amz-Signature, or
// AWSAccessKeyId) gets 403 AccessDenied, as an anonymous request for a
// private object does. The credentials are not checked: any key works.
// Buckets are unversioned: ListObjectVersions lists each object as its one
// version "null", and versionId=null names the object itself. CopyObject
// follows the COPY and REPLACE metadata and tagging directives.
//
// # Apache Spark
//
// A WorkGroup with Spark runs Athena for Apache Spark: StartSession,
// StartCalculationExecution and the other session and calculation
// operations, with Athena's states. A %%sql block runs on the same engine
// and catalog and prints its table as df.show() does; other blocks run with
// the machine's python3, one process per session, with a stand-in for a
// subset of PySpark (spark.sql, spark.read of CSV, JSON and Parquet from the
// emulator's S3, DataFrame transformations, pyspark.sql.functions and
// df.write.saveAsTable into the catalog) that runs as SQL on the same engine.
// Options.Spark configures it; emulator/internal/spark documents exactly what
// is emulated.
//
// # Knobs
//
// Options set queue and run delays, API and page latency, Athena's
// per-operation quotas, and injected faults (throttles, 5xx, latency
// spikes, failed queries). Stats and GET /_emulator/stats count calls,
// throttled calls and queries by state.
package emulator
