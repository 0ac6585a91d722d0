// Package spark is the emulator's Athena for Apache Spark: sessions, and the
// calculations (code blocks) that run in them. The Server's router hands it
// the decoded requests of the eleven session and calculation operations
// (Service.Serve); the Server gives it, through Config, a SQL runner over
// its own engine and catalog, its object store, its work groups, its delays
// and its fault dice. Facts come from FACTS §2.11; where
// FACTS says "unverified" the choice made here is marked the same way.
//
// # Operations and states
//
// StartSession, GetSession, GetSessionStatus, TerminateSession,
// ListSessions, StartCalculationExecution, GetCalculationExecution,
// GetCalculationExecutionStatus, GetCalculationExecutionCode,
// StopCalculationExecution and ListCalculationExecutions.
//
// A session starts only in a work group whose engine is Apache Spark
// (emulator.WorkGroup.Spark; "PySpark engine version 3"); elsewhere
// StartSession is refused with InvalidRequestException (message
// unverified). It answers CREATING, stays CREATING for the start delay,
// passes CREATED and is IDLE. It is BUSY while it runs a calculation and
// IDLE again after. TerminateSession makes it TERMINATING and, once its
// worker has stopped, TERMINATED with an EndDateTime; TerminateSession on
// a FAILED, TERMINATING or TERMINATED session changes nothing. A session
// IDLE for longer than SessionIdleTimeoutInMinutes (default 20, unverified;
// Config.Minute scales the minute for tests) ends TERMINATED with a
// StateChangeReason. A session fault (Config.FailSession) ends it FAILED
// while CREATING. DEGRADED is never entered.
//
// A calculation is answered CREATING and waits QUEUED: a session runs its
// calculations one at a time, in submission order, while sessions run
// concurrently. It is RUNNING, then COMPLETED or FAILED (with a
// StateChangeReason). StopCalculationExecution makes a queued calculation
// CANCELED at once and a running one CANCELING until its work has stopped
// (a Python process is killed with its process group), then CANCELED; a
// finished one is left as it is. TerminateSession ends a running
// calculation FAILED ("may show FAILED", FACTS) and queued ones CANCELED.
// A calculation on a TERMINATING, TERMINATED, FAILED or DEGRADED session is
// refused with InvalidRequestException (message unverified); one started
// while the session is still CREATING waits for it.
//
// Unknown session and calculation ids get ResourceNotFoundException with
// the id as ResourceName (FACTS §1.4; message unverified). A
// ClientRequestToken makes StartSession and StartCalculationExecution
// idempotent: the same request gets the same id, a different one
// IDEMPOTENT_PARAMETER_MISMATCH. ListSessions and ListCalculationExecutions
// list newest first, filter on StateFilter and page by 100 (unverified).
// DpuExecutionInMillis counts one DPU per running calculation; Progress is
// "100%" on COMPLETED and absent otherwise (unverified).
//
// # Code blocks
//
// A block whose first non-blank line is %%sql runs the rest on the
// emulator's SQL engine, over the same catalog as queries (Config.SQL), in
// database "default". Its stdout is the table as PySpark's df.show()
// prints it (see Show: Spark 3's grid, 20 rows, values cut to 20
// characters) and its result is the table. A failing statement fails the
// calculation with "AnalysisException: <Athena's error text>". Another cell
// magic fails as IPython does: "UsageError: Cell magic `%%x` not found.".
//
// Any other block is Python, run by python3 (Config.Python) in a process
// of the session's own, with a prelude (bridge.py) that gives the code a
// `spark` object and a `pyspark` package. The blocks of a session run in
// one namespace, as in a notebook: a name defined by one calculation is
// there in the next. A stopped calculation kills the process, and the next
// block starts a new one with an empty namespace.
//
//   - spark.sql(q) runs q at once on the engine and returns a DataFrame;
//     spark.table(name), spark.createDataFrame(rows, schema) (tuples, dicts
//     or Rows; a list of names, a DDL string or a StructType) and
//     spark.range(...) return DataFrames too. A failing statement raises
//     AnalysisException.
//   - spark.read reads the emulator's S3 (s3:// or s3a://, an object or
//     every data object under a folder; never a local file):
//     format("csv"|"json"|"parquet"), option/options, schema (a DDL string
//     or StructType), load(path) and csv()/json()/parquet(). CSV takes
//     header, inferSchema, sep/delimiter, quote and escape; without a header
//     the columns are _c0, _c1, ...; inferSchema picks the narrowest of int,
//     bigint, double and boolean that fits the first 100 000 rows, else
//     string (no dates or timestamps). JSON is one object a line, its keys
//     sorted by name, as Spark infers them. Parquet keeps its schema. A
//     missing path raises "AnalysisException: Path does not exist: <path>".
//   - A DataFrame is a SQL query; transformations build a new one and
//     actions run it: select (names, "*" and Columns), selectExpr,
//     filter/where (a Column or SQL text), groupBy(...).agg(...) (Columns
//     or {"col": "sum"}), groupBy(...).count()/sum/avg/mean/min/max, agg,
//     orderBy/sort (ascending=, Column.asc/desc; nulls first ascending, as
//     Spark), limit, withColumn, withColumnRenamed, drop, distinct,
//     union/unionAll, join on column names (inner, left, right, full;
//     USING semantics) and crossJoin, createOrReplaceTempView/createTempView (spark.sql
//     sees them), columns, dtypes, printSchema, count, collect, take, head,
//     first, isEmpty, show(n=20, truncate=True, vertical=False) (drawn by
//     Show), toPandas() (when pandas is installed), df.name and df["name"].
//     The groups of groupBy come sorted by their keys (Spark leaves their
//     order open). Rows are tuples whose fields are also attributes and
//     keys (row.n, row["n"], asDict()); values are Python ints, floats,
//     Decimals, bools, dates, datetimes, bytearrays, strings or None.
//   - pyspark.sql.functions has col/column, lit, expr (SQL text), sum,
//     count, avg, mean, min, max, countDistinct, sumDistinct, when and
//     otherwise, coalesce, concat, concat_ws, upper, lower, length, trim,
//     abs, round, sqrt, floor, ceil, year, month, dayofmonth, to_date,
//     asc, desc, current_date and current_timestamp. A Column has
//     arithmetic (/ divides as double, as Spark), comparisons, eqNullSafe,
//     &, |, ~, isNull, isNotNull, isin, between, like, startswith,
//     contains, cast/astype, alias/name and asc/desc (and the nulls
//     variants); its default name is Spark's ("sum(count)", "(a + 1)").
//     pyspark.sql has Row (Row(a=1), Row("a", "b")(1, 2)), SparkSession,
//     DataFrame and Column; pyspark.sql.types the common types, StructField
//     and StructType.
//   - df.write: mode (error/errorifexists/default, ignore, overwrite,
//     append), format ("parquet", the default, "csv" or "json"), option,
//     options, saveAsTable(name) and insertInto(name), save(path) and
//     parquet()/csv()/json(). saveAsTable runs CREATE TABLE AS on the
//     engine, at option("path", ...) when given, so the table is an
//     ordinary table of the Athena catalog, visible to queries; to an
//     existing table, append runs INSERT INTO and overwrite drops it and
//     clears the path first; error raises "Table db.name already exists.".
//     save runs UNLOAD to the path; an existing path is refused
//     ("path <p> already exists."), cleared (overwrite) or added to
//     (append).
//   - Any other PySpark call raises UnsupportedOperation (a
//     NotImplementedError) "<what> is not supported by the athenaq
//     emulator": joins on a Column condition, window functions, partitionBy,
//     spark.sparkContext, RDDs, streaming, and so on.
//   - What the code prints is stdout. An exception fails the calculation:
//     stderr holds the traceback as Athena shows it, the frames of the
//     block (named "<stdin>", numbered from its first line) and the
//     exception line, e.g. `  File "<stdin>", line 2, in <module>` and
//     `NameError: name 'foobar' is not defined`; the exception line is the
//     StateChangeReason. sys.exit with a non-zero status fails too.
//   - The value of a final expression is the result: a DataFrame as a
//     table, anything else as its repr.
//   - The process runs in an empty temporary directory with a minimal
//     environment (none of the emulator's variables, so no credentials), in
//     its own process group, until the session ends or a calculation is
//     stopped. Stdout and stderr are kept up to 16 MiB each per
//     calculation, and no file the process writes grows past 64 MiB
//     (RLIMIT_FSIZE): a block that prints without end fails with "File too
//     large".
//
// Without python3 on the machine (or with Config.DisablePython) a Python
// block fails with a RuntimeError that says so; %%sql blocks still run.
// Python blocks run arbitrary code as the emulator's user: an emulator that
// others can reach should disable them.
//
// # S3 layout
//
// A session's working directory is <L><session-id>/, where <L> is its work
// group's output location (or the primary work group's). Calculation <id>
// writes, before its state turns terminal (object names unverified):
//
//	<L><session-id>/<id>/stdout.txt         StdOutS3Uri: what it printed
//	<L><session-id>/<id>/stderr.txt         StdErrorS3Uri: errors, tracebacks
//	<L><session-id>/<id>/result/            ResultS3Uri, a folder, on COMPLETED only:
//	<L><session-id>/<id>/result/result.csv  a table in Athena's CSV format; ResultType text/csv
//	<L><session-id>/<id>/result/result.txt  a repr, or empty; ResultType text/plain
//
// Stdout and stderr are written for every calculation that ran, cancelled
// ones included; a calculation cancelled while queued has no Result.
//
// Sessions and calculations live in memory: an emulator restarted on the
// same DataDir knows none of them, though their objects stay in S3.
package spark
