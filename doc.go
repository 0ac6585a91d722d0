// Package athenaq is an Amazon Athena client that never blocks its caller
// longer than it asks to.
//
//	client, err := athenaq.Open(ctx, athenaq.Config{
//		Region:         "us-east-1",
//		OutputLocation: "s3://bucket/prefix/",
//	})
//	if err != nil {
//		return err
//	}
//	defer client.Close()
//
//	q, err := client.Start(ctx, "SELECT id, name FROM users WHERE id < ?", 10)
//	// ... do other work; q.Done() is closed when the query ends ...
//	rows, err := q.Rows(ctx) // waits, then streams
//	for row, err := range rows.All() {
//		...
//	}
//
// # Queries
//
// Start returns as soon as Athena accepts a query, with a *Query handle:
// Wait blocks until it ends, Done gives a channel for select loops, Cancel
// stops it and waits for Athena's confirmation, and Attach makes a handle
// for a query started elsewhere. When the context of Wait ends, Wait
// returns at once with an error that matches the context's error under
// errors.Is; the client then stops the query in Athena
// (StopQueryExecution) in the background unless Config.DetachOnCancel is
// set, and Done is closed when Athena confirms. A StartOptions value first
// among the arguments of Start, Query, QueryRow and Exec sets per-query
// options.
//
// # Polling
//
// One poller per Client checks every query in flight: due queries are
// batched into BatchGetQueryExecution calls of up to 50, and each query is
// checked at an interval of a fifth of its age, clamped between
// Config.PollInterval and Config.MaxPollInterval. Short queries are seen at
// once, long ones cost few calls.
//
// # Limits
//
// Every API call waits for a token bucket at Athena's default quota
// (DefaultAPILimits()), and ThrottlingException and TooManyRequestsException
// are retried with full-jitter backoff for as long as the caller's context
// allows. Config.MaxConcurrentQueries bounds the queries in flight.
//
// # Retrying failed queries
//
// A query that ends FAILED with an error Athena marks retryable (an
// internal error, a lost worker) is final by default. With
// Config.RetryFailedQueries set, the client starts such a read-only query
// again, with a new ClientRequestToken and a backoff, up to that many
// times, before any row is read: the Query keeps its handle, ID becomes
// the latest attempt's, and Query.Attempts lists every attempt's id.
// Stopping the query ends the retries.
//
// # Rows
//
// Rows streams GetQueryResults pages, reading one page ahead. Next, Scan
// (with database/sql's conversions), Values, All (an iter.Seq2) and Maps
// read it; values are decoded by athenatype.
//
// # Result transports
//
// Config.ResultMode (or StartOptions.ResultMode) chooses how Rows reads a
// result; every mode gives the same rows and Go values. ResultAPI pages
// through GetQueryResults. ResultCSV reads the result file,
// <OutputLocation><id>.csv, from S3 with ordered parallel ranged GETs and
// decodes it as a stream (Config.S3PartSize, S3Concurrency, S3Endpoint);
// statements without a CSV result and work groups with managed query
// results are read through the API. ResultUnload runs a query as UNLOAD
// (...) TO '<OutputLocation>unload/<token>/' WITH (format = 'PARQUET',
// compression = 'SNAPPY') and reads the Parquet files of its manifest; it
// needs the records package, which registers the Parquet reader when
// imported. UNLOAD's files have no global order (ORDER BY holds within a
// file), its column names are Parquet's (lower-cased), and json, time,
// timestamp with time zone, interval, uuid and unnamed row columns make the
// UNLOAD fail with NOT_SUPPORTED (CAST them to varchar, or use another
// mode). Query.Files lists the data files of a CTAS, INSERT INTO or UNLOAD.
//
// # DuckDB work groups
//
// A work group whose engine is EngineDuckDB runs DuckDB SQL, and its
// results carry DuckDB type names and DuckDB's text. Rows decode them by
// the engine that Status.EngineVersion reports, into the Go values of
// athenatype's "DuckDB values" (uint64, *big.Int, athenatype.Interval,
// typed lists, structs and maps); Column.Type is DuckDB's full type and
// Column.Signature its parsed form. Config.TypeHints apply to engine v3
// columns only. The API and CSV transports read such results; ResultUnload
// falls back to the API, since UNLOAD is not DuckDB SQL. The same Client
// reads queries of both engines.
//
// # Collecting rows
//
// QueryRow runs a query and scans its first row; Scan returns ErrNoRows,
// which matches sql.ErrNoRows, when there is none:
//
//	var name string
//	err := client.QueryRow(ctx, "SELECT name FROM users WHERE id = ?", 7).Scan(&name)
//	if errors.Is(err, athenaq.ErrNoRows) {
//		...
//	}
//
// CollectRows and CollectOneRow turn each row into a value with a
// RowToFunc, and close the rows: RowTo for one column, RowToStructByName
// (db tags, then field names without case) and RowToStructByPos for
// structs, RowToMap for maps.
//
//	type User struct {
//		ID    int64
//		Name  string
//		Email *string // NULL is nil
//	}
//	rows, err := client.Query(ctx, "SELECT id, name, email FROM users")
//	if err != nil {
//		return err
//	}
//	users, err := athenaq.CollectRows(rows, athenaq.RowToStructByName[User])
//
// # Tracing and logging
//
// Config.Tracer receives each query's start, statuses and end, in the
// style of pgx's tracers; a Tracer that also implements APICallTracer,
// PollTracer or TransportTracer sees every request to Athena (retries and
// throttles included), each batch of the poller and each read of a result.
// Package otelathenaq turns them into OpenTelemetry spans and metrics, so
// that this package does not depend on OpenTelemetry. Config.Logger gets
// the same events as debug lines, each with the query id.
package athenaq
