package athenaq

import (
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// ResultMode chooses how Rows reads a result (Config.ResultMode, or
// StartOptions.ResultMode for one query). All modes give the same rows and
// the same Go values; they differ in speed and in what they need.
type ResultMode string

// The result transports.
const (
	// ResultAPI pages through GetQueryResults (1000 rows a call, the next
	// page fetched while the current one is read). It works for every
	// statement and every work group.
	ResultAPI ResultMode = "api"
	// ResultCSV reads the result file that Athena writes to
	// <OutputLocation><id>.csv from S3, with parallel ranged GETs, and
	// decodes it as a stream: several times faster than ResultAPI for large
	// results. Statements without a CSV result (DDL, SHOW, ...) and work
	// groups with managed query results (no S3 object) are read through
	// the API instead, the latter with a logged warning.
	ResultCSV ResultMode = "csv"
	// ResultUnload runs a SELECT as UNLOAD (...) TO
	// '<OutputLocation>unload/<token>/' WITH (format = 'PARQUET',
	// compression = 'SNAPPY') and reads the Parquet files of its manifest
	// in parallel, in order: the fastest mode for large results, with exact
	// types. Statements other than a query (SELECT, WITH, VALUES, TABLE),
	// and clients without an OutputLocation, use the API. It needs the
	// records package, which registers the Parquet reader when imported.
	// See the package documentation for its limitations.
	ResultUnload ResultMode = "unload"
)

// Limit is a client-side token bucket for one Athena API operation.
type Limit struct {
	PerSecond float64
	Burst     int
}

// DefaultAPILimits returns Athena's default API quotas (per account and
// Region), by operation name, which the client stays under unless
// Config.APILimits says otherwise. Each call returns a new map: changing it
// changes nothing in the client.
func DefaultAPILimits() map[string]Limit {
	return map[string]Limit{
		"StartQueryExecution":    {20, 80},
		"StopQueryExecution":     {20, 80},
		"GetQueryExecution":      {100, 200},
		"GetQueryResults":        {100, 200},
		"BatchGetQueryExecution": {20, 40},
		"ListQueryExecutions":    {5, 10},
	}
}

// knownOperations are the Athena operations the client calls (every
// operation name passed to Client.call), and so the only names
// Config.APILimits and the DSN's api_limits may hold. A new operation must
// be added here, or a limit for it is rejected (and
// TestKnownOperationsCoverEveryCall fails). The Spark operations are for
// the Spark package.
var knownOperations = []string{
	// Queries and results.
	"BatchGetQueryExecution", "GetQueryExecution", "GetQueryResults", "ListQueryExecutions",
	"StartQueryExecution", "StopQueryExecution",
	// Metadata.
	"GetTableMetadata", "GetWorkGroup", "ListDataCatalogs", "ListDatabases", "ListTableMetadata", "ListWorkGroups",
	// Spark sessions and calculations.
	"GetCalculationExecution", "GetCalculationExecutionCode", "GetCalculationExecutionStatus", "GetSession",
	"GetSessionStatus", "ListCalculationExecutions", "ListSessions", "StartCalculationExecution", "StartSession",
	"StopCalculationExecution", "TerminateSession",
}

// knownOperationNames lists knownOperations for an error message, sorted.
func knownOperationNames() string {
	return strings.Join(slices.Sorted(slices.Values(knownOperations)), ", ")
}

// Config configures a Client. The zero value of every field has a useful
// default; OutputLocation or WorkGroup must be set so that Athena knows
// where to write results.
type Config struct {
	// Region is the AWS Region; empty takes it from the AWS configuration.
	Region string
	// Endpoint overrides the Athena endpoint and, unless S3Endpoint is set,
	// the S3 one too (for the emulator: http://127.0.0.1:4566).
	Endpoint string
	// S3Endpoint overrides the S3 endpoint alone (path-style addressing).
	S3Endpoint string

	// OutputLocation is where Athena writes results: s3://bucket/prefix/.
	OutputLocation string
	// WorkGroup defaults to "primary".
	WorkGroup string
	// Catalog defaults to "AwsDataCatalog"; Database to "default".
	Catalog  string
	Database string

	// AWS, when set, is the AWS configuration to use: its credentials, HTTP
	// client, Region (unless Region is set) and, when non-nil, its Retryer,
	// which then replaces the client's own. The client's own retryer
	// retries connection errors and 5xx answers up to 4 attempts and leaves
	// throttles to the client's backoff (see Client); a custom Retryer that
	// also retries throttles adds its retries to the client's. Otherwise the
	// default chain is loaded, with Profile.
	AWS     *aws.Config
	Profile string
	// RoleARN makes the client assume an IAM role through STS, refreshing
	// the credentials before they expire. ExternalID, RoleSessionName,
	// RoleDuration, MFASerial and MFATokenProvider tune the AssumeRole call.
	RoleARN          string
	ExternalID       string
	RoleSessionName  string
	RoleDuration     time.Duration
	MFASerial        string
	MFATokenProvider func() (string, error)

	// Encryption of results: "", "SSE_S3", "SSE_KMS" or "CSE_KMS" (the KMS
	// options need KMSKey).
	Encryption string
	KMSKey     string
	// ExpectedBucketOwner is the 12-digit account that must own the result
	// bucket.
	ExpectedBucketOwner string
	// ResultReuse lets Athena answer from a result of the same query at most
	// this old (rounded to minutes, at most 7 days); 0 turns it off.
	ResultReuse time.Duration

	// PollInterval and MaxPollInterval clamp each query's status-check
	// interval, which is a fifth of the query's age (defaults 50 ms, 2 s).
	PollInterval    time.Duration
	MaxPollInterval time.Duration
	// DetachOnCancel leaves a query running in Athena when the context of
	// Wait ends; by default the client stops it.
	DetachOnCancel bool
	// ResultMode is the Rows transport; default ResultAPI.
	ResultMode ResultMode
	// S3PartSize and S3Concurrency tune the ranged GETs of the CSV
	// transport: the bytes one GET asks for (default 4 MiB) and the GETs
	// in flight (default 4). At most S3Concurrency+2 parts are held, so
	// memory stays within (S3Concurrency+2)*S3PartSize whatever the
	// result's size.
	S3PartSize    int
	S3Concurrency int
	// RetryFailedQueries is how many times a query that ends FAILED with
	// an error Athena marks retryable (QueryError.Retryable: an internal
	// error, a lost worker) is started again, with the same SQL,
	// parameters, work group, catalog, database and result mode and a new
	// ClientRequestToken, after a backoff (250 ms, doubling, at most 5 s,
	// jittered). 0, the default, never retries. Only statements that write
	// nothing are retried (SELECT, WITH, VALUES, TABLE, EXPLAIN, SHOW,
	// DESCRIBE, read as UNLOAD or not): a failed write may have left part
	// of its output. A retry happens before any row is read, so the rows
	// come from one attempt alone. Stopping the query (Wait's context
	// ending, Cancel) and Close end the retries; the Query keeps its
	// handle, its ID becomes the latest attempt's, and Query.Attempts
	// lists them all. Non-retryable failures and CANCELLED are final.
	RetryFailedQueries int
	// MaxConcurrentQueries bounds the queries this client has in flight;
	// Start waits for a slot. 0 means no bound.
	MaxConcurrentQueries int
	// APILimits overrides DefaultAPILimits per operation name. A name that
	// the client never calls (a typo, say) is an error.
	APILimits map[string]Limit
	// TypeHints give the full type of complex columns, which Athena's
	// ColumnInfo omits: by column name, or by "#index" (0-based), a Trino
	// signature such as "array(row(a integer, b varchar))". They apply to
	// engine v3 results only: a DuckDB query's ColumnInfo names each
	// column's full type (EngineDuckDB).
	TypeHints map[string]string
	// CacheTTL, when positive, lets Start reuse the result of an identical
	// read-only statement (SELECT, WITH, VALUES, TABLE, EXPLAIN, SHOW,
	// DESCRIBE) that SUCCEEDED within this age, in the same work group,
	// catalog and database, instead of running it again. Writes (INSERT,
	// UPDATE, DELETE, MERGE, CTAS, UNLOAD, DDL, EXECUTE) always run. The
	// client's own queries are found in an in-process index at no cost;
	// other processes' queries through ListQueryExecutions, at most once a
	// second and only when its quota has room at once, so the cache never
	// slows Start down. CacheScan bounds how many recent queries such a
	// scan looks at (default 50, at most 50).
	CacheTTL  time.Duration
	CacheScan int

	// Tracer receives query lifecycle events; Logger receives warnings.
	Tracer Tracer
	Logger *slog.Logger
}

// withDefaults returns c with defaults filled in, or a *ConfigError.
func (c Config) withDefaults() (Config, error) {
	if c.OutputLocation == "" && c.WorkGroup == "" {
		return c, &ConfigError{Field: "OutputLocation", Value: "", Want: "s3://bucket/prefix/ (or a WorkGroup whose configuration sets the output location)"}
	}
	if c.OutputLocation != "" {
		if err := checkS3URI(c.OutputLocation); err != nil {
			return c, &ConfigError{Field: "OutputLocation", Value: c.OutputLocation, Want: "s3://bucket/prefix/: " + err.Error()}
		}
	}
	for _, ep := range []struct{ name, v string }{{"Endpoint", c.Endpoint}, {"S3Endpoint", c.S3Endpoint}} {
		if ep.v == "" {
			continue
		}
		u, err := url.Parse(ep.v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return c, &ConfigError{Field: ep.name, Value: ep.v, Want: "an http:// or https:// URL"}
		}
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"PollInterval", c.PollInterval}, {"MaxPollInterval", c.MaxPollInterval}, {"ResultReuse", c.ResultReuse},
		{"RoleDuration", c.RoleDuration}, {"CacheTTL", c.CacheTTL}} {
		if d.v < 0 {
			return c, &ConfigError{Field: d.name, Value: d.v.String(), Want: "a duration of 0 or more"}
		}
	}
	if c.ResultReuse > 7*24*time.Hour {
		return c, &ConfigError{Field: "ResultReuse", Value: c.ResultReuse.String(), Want: "at most 168h (Athena's 7 days)"}
	}
	if c.S3PartSize < 0 {
		return c, &ConfigError{Field: "S3PartSize", Value: strconv.Itoa(c.S3PartSize), Want: "a number of bytes, or 0 for 4 MiB"}
	}
	if c.S3Concurrency < 0 {
		return c, &ConfigError{Field: "S3Concurrency", Value: strconv.Itoa(c.S3Concurrency), Want: "a number of GETs, or 0 for 4"}
	}
	if c.S3PartSize == 0 {
		c.S3PartSize = 4 << 20
	}
	if c.S3Concurrency == 0 {
		c.S3Concurrency = 4
	}
	if c.RetryFailedQueries < 0 {
		return c, &ConfigError{Field: "RetryFailedQueries", Value: strconv.Itoa(c.RetryFailedQueries), Want: "0 (no retries) or more"}
	}
	if c.MaxConcurrentQueries < 0 {
		return c, &ConfigError{Field: "MaxConcurrentQueries", Value: strconv.Itoa(c.MaxConcurrentQueries), Want: "0 (no bound) or more"}
	}
	switch c.Encryption {
	case "", "SSE_S3":
	case "SSE_KMS", "CSE_KMS":
		if c.KMSKey == "" {
			return c, &ConfigError{Field: "KMSKey", Value: "", Want: "a KMS key ARN or id with Encryption " + c.Encryption}
		}
	default:
		return c, &ConfigError{Field: "Encryption", Value: c.Encryption, Want: "SSE_S3, SSE_KMS or CSE_KMS"}
	}
	if c.ExpectedBucketOwner != "" && !isDigits(c.ExpectedBucketOwner, 12) {
		return c, &ConfigError{Field: "ExpectedBucketOwner", Value: c.ExpectedBucketOwner, Want: "a 12-digit AWS account id"}
	}
	switch c.ResultMode {
	case "":
		c.ResultMode = ResultAPI
	case ResultAPI:
	case ResultCSV, ResultUnload:
	default:
		return c, &ConfigError{Field: "ResultMode", Value: string(c.ResultMode), Want: "api, csv or unload"}
	}
	var unknown []string
	for op := range c.APILimits {
		if !slices.Contains(knownOperations, op) {
			unknown = append(unknown, op)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return c, &ConfigError{Field: "APILimits", Value: strings.Join(unknown, ", "),
			Want: "only operations the client calls: " + knownOperationNames()}
	}
	for op, l := range c.APILimits {
		// !(> 0) also refuses a NaN rate.
		if !(l.PerSecond > 0) || l.Burst < 1 {
			return c, &ConfigError{Field: "APILimits[" + op + "]", Value: fmt.Sprintf("%g/%d", l.PerSecond, l.Burst), Want: "a positive rate and a burst of at least 1"}
		}
	}
	if c.MFASerial != "" && c.MFATokenProvider == nil {
		return c, &ConfigError{Field: "MFATokenProvider", Value: "nil", Want: "a token provider when MFASerial is set"}
	}
	if c.WorkGroup == "" {
		c.WorkGroup = "primary"
	}
	if c.Catalog == "" {
		c.Catalog = "AwsDataCatalog"
	}
	if c.Database == "" {
		c.Database = "default"
	}
	if c.PollInterval == 0 {
		c.PollInterval = 50 * time.Millisecond
	}
	if c.MaxPollInterval == 0 {
		c.MaxPollInterval = 2 * time.Second
	}
	if c.MaxPollInterval < c.PollInterval {
		return c, &ConfigError{Field: "MaxPollInterval", Value: c.MaxPollInterval.String(), Want: "at least PollInterval (" + c.PollInterval.String() + ")"}
	}
	if c.CacheScan <= 0 {
		c.CacheScan = 50
	}
	if c.RoleSessionName == "" && c.RoleARN != "" {
		c.RoleSessionName = "athenaq"
	}
	return c, nil
}

func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// checkS3URI checks the s3://bucket[/prefix] form and the bucket name.
func checkS3URI(s string) error {
	rest, ok := strings.CutPrefix(s, "s3://")
	if !ok {
		return fmt.Errorf("the scheme must be s3://")
	}
	bucket, _, _ := strings.Cut(rest, "/")
	if len(bucket) < 3 || len(bucket) > 63 {
		return fmt.Errorf("bucket %q must have 3 to 63 characters", bucket)
	}
	for i := 0; i < len(bucket); i++ {
		c := bucket[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return fmt.Errorf("bucket %q may hold only lowercase letters, digits, '.' and '-'", bucket)
		}
	}
	return nil
}
