// Package otelathenaq traces and measures an athenaq.Client with
// OpenTelemetry: a span per query, Spark session and calculation, and
// metrics of queries, API requests, the poller and result reads.
//
// It is a package of its own, as pgx's tracers are, so that athenaq does
// not depend on OpenTelemetry: set a Tracer as the client's Config.Tracer.
//
//	client, err := athenaq.Open(ctx, athenaq.Config{
//		Region:    "us-east-1",
//		WorkGroup: "primary",
//		Tracer:    otelathenaq.NewTracer(), // the global TracerProvider and MeterProvider
//	})
//	if err != nil {
//		return err
//	}
//	defer client.Close()
//	rows, err := client.Query(ctx, "SELECT ...") // a span under ctx's span
//
// A database/sql program sets it in the Config of its Connector:
//
//	db := stdlib.OpenDB(athenaq.Config{Region: "us-east-1", WorkGroup: "primary", Tracer: otelathenaq.NewTracer()})
//
// # Query spans
//
// Each query the client starts gets a client span, a child of the span in
// the context given to Start (Query, Exec, or database/sql's QueryContext),
// from before StartQueryExecution to the query's final state. It is named
// "{db.operation.name} {db.namespace}", such as "SELECT
// AwsDataCatalog|default", once Athena has classified the statement, and
// "aws.athena" until then (or when Start fails). Its attributes are:
//
//   - the semantic conventions' db.system.name ("aws.athena", see
//     SystemName), db.namespace (catalog|database), db.operation.name
//     (Athena's SubstatementType with spaces, such as "CREATE TABLE AS
//     SELECT"), db.query.text only with WithQueryText, and for a failed
//     query error.type and db.response.status_code;
//   - Athena's: athena.query.id, athena.work_group, athena.state,
//     athena.statement_type, athena.engine_version, athena.error.category,
//     athena.error.type and athena.error.retryable of a FAILED query,
//     athena.data_scanned_bytes, athena.cost.usd (WithPricePerTB), the
//     statistics' times athena.queue_time_ms, athena.planning_time_ms,
//     athena.engine_time_ms, athena.service_preprocessing_time_ms,
//     athena.service_processing_time_ms and athena.total_time_ms,
//     athena.result_reused, athena.dpu_count (capacity reservations), and
//     athena.client_cache_hit for a Start answered from Config.CacheTTL's
//     cache.
//
// An event "athena.state_change" marks each state the client sees
// (athena.state), and an event "athena.request_failed" each request of
// Start that Athena refused or that failed (athena.operation,
// athena.attempt, athena.throttled, error.type): a throttled Start shows
// its retries. A query that ends FAILED or CANCELLED, whose Start fails, or
// that the client's Close cuts off, gets the Error status with the
// message, and error.type: Athena's error type number for FAILED, the
// state for CANCELLED, the API's error code for a refused Start,
// "athenaq.ErrClosed", "context.Canceled" or "context.DeadlineExceeded".
//
// # Read spans
//
// Each read of a result gets a span "athena.read", a child of the span in
// the context given to Rows (or Query), from opening the rows to closing
// them, with athena.query.id, athena.result_mode (api, csv, unload),
// db.response.returned_rows, and the transport's athena.read.pages,
// athena.read.files, athena.read.parts, athena.read.requests,
// athena.read.retries and athena.read.bytes.
//
// # Spark spans
//
// With package spark, each session that spark.Start creates gets a span
// "athena.spark.session" for its whole life, until Terminate or Close (or
// the client's Close), with athena.spark.session.id, athena.work_group
// and the state events; each calculation gets a span
// "athena.spark.calculation" from Run to its final state, with
// athena.spark.session.id, athena.spark.calculation.id, athena.state,
// athena.spark.dpu_time_ms, and the code block in athena.spark.code only
// with WithQueryText.
//
// # Metrics
//
// Queries:
//
//   - athena.query.active (up-down counter): queries started and not ended,
//     by athena.work_group;
//   - db.client.operation.duration (histogram, s), the semantic
//     conventions' operation duration: from Start to the final state, by
//     athena.work_group, athena.state, db.namespace, db.operation.name and
//     error.type;
//   - athena.query.queue.duration (histogram, s): Athena's queue time, by
//     athena.work_group and athena.state;
//   - athena.query.data_scanned (counter, By) and athena.query.cost
//     (counter, USD), by athena.work_group and athena.state;
//   - athena.query.cached (counter): Starts answered from the client's
//     cache, which count in none of the above but athena.query.active.
//
// Requests to Athena's API, by athena.operation:
//
//   - athena.api.requests (counter): every request, retries included, with
//     error.type when it failed;
//   - athena.api.throttles and athena.api.retries (counters);
//   - athena.api.duration (histogram, s): the round trip;
//   - athena.api.quota_wait (counter, s): time spent waiting for the
//     client's own token bucket (athenaq.Config.APILimits).
//
// The poller: athena.poll.batch.size (histogram), the ids of each status
// check, by athena.operation.
//
// Result reads, by athena.result_mode: athena.read.rows, athena.read.files,
// athena.read.parts and athena.read.bytes (counters), athena.read.duration
// (histogram, s).
//
// Spark: athena.spark.session.active and athena.spark.calculation.active
// (up-down counters), athena.spark.session.duration and
// athena.spark.calculation.duration (histograms, s, by athena.state),
// athena.spark.calculation.dpu_time (counter, s).
//
// # Logging
//
// The client's Config.Logger gets the same events as debug lines, each
// with the query id; that needs no Tracer.
package otelathenaq
