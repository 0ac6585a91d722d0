package emulator

import (
	"log/slog"
	"time"
)

// Options configure a Server. The zero value is a working emulator: an
// in-memory catalog and S3 store, no delays, no quotas and no faults.
type Options struct {
	// DataDir, when set, keeps the catalog (DataDir/catalog.json), the S3
	// objects (DataDir/objects) and the history of finished queries
	// (DataDir/queries.jsonl: the newest 10,000 of the last 45 days) and
	// the work groups created through CreateWorkGroup
	// (DataDir/workgroups.json) across restarts. Empty keeps everything in
	// memory.
	DataDir string
	// historyLimit, when positive, replaces the 10,000 queries that the
	// history keeps (for tests).
	historyLimit int

	// S3Endpoint, when set, points the emulator at an external S3-compatible
	// endpoint (path-style, e.g. http://127.0.0.1:7070) instead of the
	// embedded store: result files and table data live there, and S3
	// requests sent to the emulator's address are proxied to it unchanged.
	S3Endpoint string
	// S3Region, S3AccessKeyID and S3SecretAccessKey are used to sign the
	// emulator's own requests to S3Endpoint. They default to "us-east-1",
	// "test" and "test".
	S3Region, S3AccessKeyID, S3SecretAccessKey string

	// OutputLocation is the result location configured on the primary work
	// group (s3://bucket/prefix/). Empty means callers must send one.
	OutputLocation string
	// WorkGroups are created besides primary at every start. Work groups
	// created with CreateWorkGroup are kept in DataDir/workgroups.json when
	// DataDir is set; one of WorkGroups replaces a saved one of its name.
	WorkGroups []WorkGroup
	// ManagedResultsTTL is how long the results of work groups with
	// ManagedResults stay readable; 0 means 24 hours, as in Athena.
	ManagedResultsTTL time.Duration

	// QueueDelay is how long each query stays QUEUED.
	QueueDelay time.Duration
	// QueryDelay is the least time from submission to a terminal state: a
	// query that the engine finishes sooner stays RUNNING until then.
	QueryDelay time.Duration
	// APILatency is added to every Athena API call.
	APILatency time.Duration
	// PageLatency is added to every GetQueryResults call.
	PageLatency time.Duration

	// AthenaQuotas enables per-operation token buckets at Athena's default
	// rates (shared/athena/FACTS.md §6); calls beyond them get
	// ThrottlingException. Quotas overrides or adds rates per operation.
	AthenaQuotas bool
	Quotas       map[string]Rate
	// MaxActiveQueries, when positive, bounds queued plus running queries;
	// StartQueryExecution beyond it gets TooManyRequestsException.
	MaxActiveQueries int

	// Faults injects failures.
	Faults Faults

	// Spark configures Athena for Apache Spark: the sessions and
	// calculations of work groups with WorkGroup.Spark set.
	Spark SparkOptions

	// UnloadFileBytes is about the largest Parquet file that an
	// unpartitioned UNLOAD writes: a larger result is split into files of
	// consecutive rows (at most 100), as Athena's parallel writers leave
	// several files. 0 means 8 MiB.
	UnloadFileBytes int64

	// Threads bounds DuckDB's worker threads; 0 uses every core.
	Threads int
	// MaxRunningQueries bounds the queries that execute in DuckDB at once;
	// the others wait in RUNNING. 0 means 4 per core.
	MaxRunningQueries int
	// QueryTimeout bounds how long a query may run (from RUNNING until its
	// results are written) before it ends FAILED with EXCEEDED_TIME_LIMIT,
	// as Athena's DML query timeout does. 0 means Athena's default, 30
	// minutes; a negative value means no limit.
	QueryTimeout time.Duration
	// MemoryLimit bounds the memory of the SQL engine, in bytes: beyond it
	// queries spill to the temporary folder, and fail when they cannot.
	// 0 means a quarter of the machine's memory.
	MemoryLimit int64
	// MaxTempSize bounds the engine's spill files, in bytes. 0 means a
	// quarter of the disk space free when the server starts.
	MaxTempSize int64

	// Logger receives one line per failed request and query; nil discards.
	Logger *slog.Logger
}

// Rate is a token bucket: PerSecond tokens are added each second up to Burst.
type Rate struct {
	PerSecond float64
	Burst     int
}

// Faults are injected failures. Rates are fractions between 0 and 1 of the
// calls (or queries) they apply to.
type Faults struct {
	// ThrottleRate of Athena calls get ThrottlingException.
	ThrottleRate float64
	// ErrorRate of Athena calls get HTTP 500 InternalServerException.
	ErrorRate float64
	// SpikeRate of Athena calls are delayed by Spike.
	SpikeRate float64
	Spike     time.Duration
	// FailRate of queries end FAILED with a retryable internal error, and
	// this fraction of Spark calculations end FAILED.
	FailRate float64
	// FailFirst is how many queries, the first to finish after the server
	// starts, end FAILED with the same retryable internal error as
	// FailRate, whatever FailRate says: a deterministic failure for tests
	// of retries. Spark calculations are not counted.
	FailFirst int
	// S3CutRate of S3 GetObject responses served through the emulator's
	// address have their body cut off after a random part of it (possibly
	// none): the body ends short of its Content-Length and the connection
	// closes, as when a connection breaks. Stats.S3Cuts counts them.
	S3CutRate float64
	// Deny lists Athena operations (such as "GetQueryExecution") that every
	// call is refused with AccessDeniedException, as IAM refuses an
	// operation that no policy allows.
	Deny []string
	// Seed makes the fault sequence repeatable; 0 picks a random seed.
	Seed uint64
	// SessionFailRate of Spark sessions end FAILED while starting instead
	// of becoming IDLE.
	SessionFailRate float64
}

// SparkOptions configure Athena for Apache Spark. QueueDelay, QueryDelay,
// APILatency, Quotas and Faults apply to sessions and calculations as to
// queries; see emulator/internal/spark for what is emulated.
type SparkOptions struct {
	// SessionStartDelay is how long a new session stays CREATING before it
	// is IDLE.
	SessionStartDelay time.Duration
	// Minute is the length of one minute of SessionIdleTimeoutInMinutes, for
	// tests that watch a session time out; 0 means time.Minute.
	Minute time.Duration
	// Python is the interpreter of Python code blocks, a path or a name
	// looked up in PATH; "" means "python3". A calculation fails with a
	// clear message when it cannot be found.
	Python string
	// DisablePython makes Python code blocks fail without running them.
	// Python blocks run any code the caller sends, as the emulator's user:
	// disable them (or Spark work groups) on an emulator that others can
	// reach. %%sql blocks still run.
	DisablePython bool
}

// WorkGroup is an emulated Athena work group.
type WorkGroup struct {
	Name        string
	Description string
	// OutputLocation is the work group's result location.
	OutputLocation string
	// Enforce makes OutputLocation replace the one a query sends
	// (EnforceWorkGroupConfiguration).
	Enforce bool
	// ManagedResults turns on Athena's managed query results
	// (ManagedQueryResultsConfiguration): the emulator keeps the results
	// itself, out of reach of S3 clients, for Options.ManagedResultsTTL, and
	// GetQueryResults reads them from there. Such a work group has no
	// OutputLocation, and result reuse does not apply in it. A query that
	// sends its own OutputLocation is refused when Enforce is set; otherwise
	// it writes to that location like any query in an ordinary work group.
	ManagedResults bool
	// Spark makes this an Apache Spark work group (engine "PySpark engine
	// version 3"): it runs sessions and calculations, whose working
	// directories go under OutputLocation, or under the primary work
	// group's when it has none.
	Spark bool
	// Engine is the work group's EngineVersion.SelectedEngineVersion, one
	// of EngineVersions(): "AUTO" and "Athena engine version 3" run Trino
	// SQL, "DuckDB" runs DuckDB SQL (see the package doc), "PySpark engine
	// version 3" makes a Spark work group. "" means "AUTO",
	// or the Spark engine when Spark is set.
	Engine string
	// BytesScannedCutoffPerQuery is the work group's data usage control
	// (at least 10,000,000 bytes; 0 means none). The emulator reports it
	// and does not cancel queries that scan more.
	BytesScannedCutoffPerQuery int64
	// Disabled makes the work group's State DISABLED: it refuses new
	// queries.
	Disabled bool
}

// defaultQuotas are Athena's published API rates (FACTS §6). Operations in
// one family share a bucket, as Athena's quotas are per API family.
var defaultQuotas = map[string]struct {
	family string
	rate   Rate
}{
	"StartQueryExecution":    {"StartStop", Rate{20, 80}},
	"StopQueryExecution":     {"StartStop", Rate{20, 80}},
	"GetQueryExecution":      {"GetQuery", Rate{100, 200}},
	"GetQueryResults":        {"GetQuery", Rate{100, 200}},
	"BatchGetQueryExecution": {"BatchGetQueryExecution", Rate{20, 40}},
	"ListQueryExecutions":    {"ListQueryExecutions", Rate{5, 10}},
	"BatchGetNamedQuery":     {"ListQueryExecutions", Rate{5, 10}},
	"ListNamedQueries":       {"ListQueryExecutions", Rate{5, 10}},
	"CreateNamedQuery":       {"NamedQuery", Rate{5, 20}},
	"DeleteNamedQuery":       {"NamedQuery", Rate{5, 20}},
	"GetNamedQuery":          {"NamedQuery", Rate{5, 20}},
}
