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
// # Catalog
//
// CREATE DATABASE, CREATE EXTERNAL TABLE over S3 locations (delimited text,
// OpenCSVSerde, JSON, Parquet), CREATE VIEW, DROP, SHOW and DESCRIBE keep a
// Glue-like catalog. Tables read their objects at query time, so new objects
// are seen by the next query.
//
// # Knobs
//
// Options set queue and run delays, API and page latency, Athena's
// per-operation quotas, and injected faults (throttles, 5xx, latency
// spikes, failed queries). Stats and GET /_emulator/stats count calls,
// throttled calls and queries by state.
package emulator
