// Package stdlib is the database/sql driver for Amazon Athena, registered
// as "athena". It is built on the native client (package athenaq): every
// query is a Client.StartWith, a Query.Wait and a Query.Rows.
//
//	import _ "github.com/athenaq/athenaq/stdlib"
//
//	db, err := sql.Open("athena", "athena://us-east-1/default?output_location=s3://bucket/results/")
//	if err != nil {
//		return err
//	}
//	defer db.Close()
//
//	rows, err := db.QueryContext(ctx, "SELECT id, name FROM users WHERE id < ?", 10)
//	if err != nil {
//		return err
//	}
//	defer rows.Close()
//	for rows.Next() {
//		var id int64
//		var name string
//		if err := rows.Scan(&id, &name); err != nil {
//			return err
//		}
//	}
//	return rows.Err()
//
// # Opening
//
// The DSN is athenaq.ParseConfig's, plus the driver's own key tx (see
// ParseDSN); an unknown key or a malformed value makes sql.Open fail with
// an *athenaq.ConfigError that names it. OpenDB takes an athenaq.Config
// instead, with the fields a DSN cannot hold (AWS, Logger, Tracer,
// MFATokenProvider):
//
//	cfg, opts, err := stdlib.ParseDSN(dsn)
//	cfg.Logger = logger
//	db := stdlib.OpenDB(cfg, opts...)
//
// The connections of a *sql.DB share one athenaq.Client, opened at the
// first connection and closed by db.Close: one poller batches the status
// checks of all their queries, and one set of token buckets keeps them
// under Athena's API quotas. A connection holds nothing else, so
// SetMaxOpenConns bounds the queries in flight and nothing more. Ping
// checks the work group (GetWorkGroup).
//
// # Queries
//
// QueryContext and ExecContext start the query, wait for it to finish and
// then read its results. When the context ends first, the query is stopped
// in Athena (StopQueryExecution) and the error matches the context's error
// under errors.Is; it is an *athenaq.QueryError that names the query, and
// never driver.ErrBadConn. Context values choose per query what the Config
// chooses for all: WithWorkGroup, WithDetachOnCancel (leave the query
// running when the context ends), WithResultMode and WithQueryIDCallback.
//
// database/sql hides the driver's rows, so the query id of a result comes
// from WithQueryIDCallback, called as soon as Athena accepts the query, or
// from LastQueryID on the *sql.Conn that ran it.
//
// # Arguments
//
// Arguments bind to '?' placeholders and travel as Athena's
// ExecutionParameters (interpolated by the client for DDL and the other
// statements outside their scope; see athenaq.Client.Start). Every type
// athenatype.Literal encodes is accepted as it is: integers of every size,
// floats, strings, []byte,
// time.Time (a TIMESTAMP, in UTC), athenatype.Date, Time, Zoned, Decimal,
// Months, UUID, time.Duration, json.RawMessage, netip.Addr, slices
// (ARRAY), maps and athenatype.Map (MAP), athenatype.Row, pointers and
// driver.Valuer. Named arguments (sql.Named) are refused: Athena's
// parameters are positional.
//
// # Prepared statements
//
// Prepare is client-side: the statement keeps the text, and each execution
// sends it with its arguments as ExecutionParameters, which is all the
// binding Athena's PREPARE offers. Athena's PREPARE would cost a query of
// its own per connection and statement, then a DEALLOCATE PREPARE, under
// names that must be unique in the work group (at most 1000 of them), and
// it buys no plan reuse: Athena plans every EXECUTE anew. The emulator
// has no PREPARE yet either. A prepared statement is therefore free to
// make and to reuse, on any connection.
//
// # Results
//
// Rows stream: the client reads one page of results ahead of Next, so
// memory stays bounded by two pages whatever the size of the result.
// Next produces database/sql's driver.Value types only, so that every
// column scans into a *string, a sql.NullString, sql.RawBytes and *any as
// well as into its natural Go type:
//
//	Athena type                          value          ScanType
//	boolean                              bool           bool
//	tinyint, smallint, integer, bigint   int64          int8, int16, int32, int64
//	real                                 float64        float32
//	double                               float64        float64
//	decimal(p,s)                         string "1.50"  athenatype.Decimal (its Scan keeps the scale)
//	varchar, char                        string         string
//	varbinary                            []byte         []byte
//	date, timestamp (UTC)                time.Time      time.Time
//	timestamp with time zone             time.Time      time.Time (in its zone)
//	time with time zone                  time.Time      time.Time (on 0000-01-01)
//	json                                 []byte         json.RawMessage
//	array, map, row, time, interval,
//	uuid, ipaddress, other types         string         string
//	NULL                                 nil            (scan into sql.Null*, pointers or *any)
//
// A real's value is the float64 nearest to its shortest decimal text, so
// CAST(0.1 AS REAL) scans as 0.1 into a *float64 and a *string, and
// exactly into a *float32. Decimals arrive as their text with the scale
// Athena printed: they scan into *athenatype.Decimal exactly, and into
// *float64 and *string through database/sql's conversions.
//
// The types in the last rows have no driver.Value counterpart; they arrive
// as Athena's text ("[1, 2]", "{k=v}", "2 00:00:00.000"). Decode and
// DecodeAs are scan destinations that decode that text into the native
// client's Go values ([]any, athenatype.Map, athenatype.Row, athenatype.UUID,
// netip.Addr, time.Duration, ...). Config.TypeHints do not change what Next
// produces; give the signature to DecodeAs instead.
//
// The rows implement the column type interfaces: DatabaseTypeName is
// Athena's type name upper-cased (VARCHAR, INTEGER, DECIMAL, ARRAY,
// TIMESTAMP WITH TIME ZONE), DecimalSize gives a decimal's precision and
// scale, Length the length of varchar(n) and char(n) (math.MaxInt64 for
// unbounded varchar, which Athena reports as 2147483647, and varbinary),
// and Nullable reports ok false because Athena reports every column's
// nullability as UNKNOWN.
//
// # DuckDB results
//
// A query that ran on Athena's DuckDB engine (a work group whose engine is
// athenaq.EngineDuckDB; the DSN's workgroup key selects it) reports DuckDB
// type names and DuckDB's text. Next still produces driver.Value types
// only, as for engine v3: what fits one is converted, the rest arrives as
// DuckDB's text, as engine v3's decimals, arrays, maps and rows do.
//
//	DuckDB type                          value          ScanType
//	BOOLEAN                              bool           bool
//	TINYINT ... BIGINT                   int64          int8, int16, int32, int64
//	UTINYINT, USMALLINT, UINTEGER        int64          uint8, uint16, uint32
//	UBIGINT                              string         uint64 (database/sql parses the text)
//	HUGEINT, UHUGEINT, BIGNUM            string         string (Decode into a big.Int)
//	FLOAT                                float64        float32
//	DOUBLE                               float64        float64
//	DECIMAL(p,s)                         string "1.50"  athenatype.Decimal
//	BLOB                                 []byte         []byte
//	GEOMETRY                             []byte (WKB)   []byte
//	DATE, TIMESTAMP, TIMESTAMP_S/_MS/_NS time.Time      time.Time (UTC)
//	TIMESTAMP WITH TIME ZONE             time.Time      time.Time
//	TIME WITH TIME ZONE                  time.Time      time.Time (on 0000-01-01)
//	JSON                                 []byte         json.RawMessage
//	INTERVAL                             string         string (Decode into athenatype.Interval)
//	VARCHAR, UUID, TIME, lists, arrays,
//	STRUCT, MAP, UNION, ENUM, others     string         string (DecodeDuckDB)
//
// UBIGINT and the 128-bit and unbounded integers arrive as their decimal
// text, whatever their size, so that a column's values have one Go type;
// they scan into *uint64, *int64 (when they fit) and *string through
// database/sql's own conversions, and into a big.Int through
// Decode(&n). DuckDB's infinite dates and timestamps have no time.Time:
// Next fails on them (select such columns as VARCHAR).
//
// DatabaseTypeName is DuckDB's type name without its parameters: INTEGER,
// HUGEINT, DECIMAL, VARCHAR, LIST (for T[]), ARRAY (for T[n]), STRUCT, MAP,
// TIMESTAMP WITH TIME ZONE. DecimalSize gives a DECIMAL's precision and
// scale, and Length reports math.MaxInt64 for VARCHAR and BLOB, which
// DuckDB does not bound.
//
// # Exec results
//
// RowsAffected is the UpdateCount Athena reports for INSERT, CTAS, UPDATE,
// DELETE and MERGE, and 0 for statements without one (DDL, SELECT).
// LastInsertId fails with an error that wraps ErrNotSupported.
//
// # Transactions
//
// Athena has no transactions: BeginTx fails with an error that wraps
// ErrNotSupported. For tools that always begin one, the DSN key tx=noop
// (or the Option WithNoopTransactions) makes BeginTx succeed with a
// transaction whose Commit and Rollback do nothing; each statement takes
// effect on its own as it runs, and Rollback undoes nothing.
package stdlib
