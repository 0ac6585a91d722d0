// Package records reads Athena query results as Apache Arrow record batches
// (github.com/apache/arrow-go/v18) and writes them as Parquet or Arrow IPC.
//
//	q, err := client.Start(ctx, "SELECT id, name, signed_up FROM users")
//	if err != nil {
//		return err
//	}
//	r, err := records.Read(ctx, q) // waits for q, then streams its result
//	if err != nil {
//		return err // a failed query's *athenaq.QueryError
//	}
//	defer r.Release() // also stops the reading of further pages
//	for r.Next() {
//		rec := r.RecordBatch() // up to 65536 rows; valid until the next Next
//		ids := rec.Column(0).(*array.Int64)
//		...
//	}
//	if err := r.Err(); err != nil {
//		return err
//	}
//
// FromRows does the same for *athenaq.Rows already open, and WriteParquet
// and WriteIPC copy a reader's records to a file or a stream.
//
// # Types
//
// Every field is nullable, NULL is an Arrow null, and each field's metadata
// holds the column's Athena type under AthenaTypeKey ("athena.type"):
//
//	boolean                      bool
//	tinyint, smallint            int8, int16
//	integer, bigint              int32, int64
//	real, double                 float32, float64
//	decimal(p,s)                 decimal128(p, s), exact
//	varchar, char(n)             utf8
//	varbinary                    binary
//	date                         date32
//	time                         time32[ms]; time64[us] or [ns] for time(4) to time(9)
//	timestamp                    timestamp[ms], no zone; [us] or [ns] for timestamp(4) to (9)
//	timestamp with time zone     timestamp[ms, tz=UTC]: the instant, converted to UTC
//	interval day to second       duration[ms]
//	interval year to month       month_interval
//	json                         utf8, the JSON text (athena.type "json")
//	uuid                         the arrow.uuid extension type (fixed_size_binary(16))
//	ipaddress                    utf8, the address's text
//	array(T)                     list<element: T>
//	map(K, V)                    map<K, V>
//	row(a T, b U)                struct<a: T, b: U>; unnamed fields are field0, field1, ...
//	anything else                utf8, Athena's text (time with time zone, hyperloglog, ...)
//
// An Arrow column holds one time zone, so a timestamp with time zone keeps
// its instant and loses its zone: select the zone as a column of its own
// (CAST(ts AS VARCHAR), for one) where it matters.
//
// JSON is a string column rather than the arrow.json extension type because
// pqarrow cannot read that type back from a Parquet file that stores its
// Arrow schema. Arrow has no address type, and ipaddress is text (10.0.0.1,
// 2001:db8::1) rather than 16 bytes so that every consumer can read it.
//
// The unit of a time or timestamp follows the column's precision, which
// ColumnInfo reports (3) or a TypeHints entry gives ("timestamp(6)"). A
// value with more fraction digits than that unit holds ends the read with
// an error that says so, rather than losing the digits.
//
// # Complex columns
//
// The GetQueryResults API (and Athena's CSV results) give only the outer
// type of arrays, maps and rows. With a Config.TypeHints entry for the
// column, such as "array(row(a integer, b varchar))", it becomes a list,
// map or struct of exact types; without one, the column is utf8 holding
// Athena's text ("[1, 2]", "{a=1}"), and its athena.type is the bare
// "array", "map" or "row". Inside arrays, maps and rows Athena prints a
// varbinary as a Java object name ([B@1f2e3d), not its bytes, so a nested
// varbinary is utf8.
//
// # DuckDB results
//
// A query that ran on Athena's DuckDB engine (athenaq.EngineDuckDB) reports
// each column's full DuckDB type, so its lists, structs and maps always get
// exact Arrow types, and AthenaTypeKey holds the DuckDB type as ColumnInfo
// spells it ("INTEGER[]", "STRUCT(id INTEGER, note VARCHAR)"):
//
//	BOOLEAN                       bool
//	TINYINT ... BIGINT            int8, int16, int32, int64
//	UTINYINT ... UBIGINT          uint8, uint16, uint32, uint64
//	HUGEINT, UHUGEINT             decimal256(39, 0): both fit, never narrowed
//	BIGNUM                        utf8, its decimal text (it has no bound)
//	FLOAT, DOUBLE                 float32, float64
//	DECIMAL(p,s)                  decimal128(p, s)
//	VARCHAR                       utf8
//	BLOB                          binary
//	GEOMETRY                      binary, its WKB (as athenatype decodes it)
//	UUID                          the arrow.uuid extension type, as for uuid
//	DATE                          date32
//	TIME                          time64[us]
//	TIMESTAMP                     timestamp[us], no zone
//	TIMESTAMP_S, _MS, _NS         timestamp[s], [ms], [ns], no zone
//	TIMESTAMP WITH TIME ZONE      timestamp[us, tz=UTC]
//	INTERVAL                      month_day_nano_interval
//	JSON                          utf8, as for json
//	T[]                           list<element: T>
//	T[n]                          fixed_size_list<element: T>[n]
//	STRUCT(a T, ...)              struct<a: T, ...>
//	MAP(K, V)                     map<K, V>
//	anything else                 utf8, DuckDB's text (TIME WITH TIME ZONE,
//	                              ENUM, UNION, VARIANT, BIT, ...)
//
// These follow DuckDB's own Arrow export, except HUGEINT (DuckDB narrows it
// to decimal128(38, 0), which cannot hold every value) and the types that
// Arrow lacks. DuckDB's infinite dates and timestamps have no Arrow value:
// they end the read with an error that wraps athenatype.ErrInfinity.
//
// # Memory
//
// The reader builds one record at a time from the rows, hands it out, and
// releases it at the next Next or at Release; WithBatchSize sets its rows
// (default 65536) and WithAllocator the allocator of its buffers. Memory
// therefore stays bounded by one record plus the rows' page of read-ahead,
// whatever the size of the result. A caller that keeps a record past the
// next Next must Retain it (and later Release it).
//
// # Writing
//
// WriteParquet writes a Parquet file (Snappy, one row group per record, the
// Arrow schema stored so that pqarrow reads back the field metadata, zones
// and uuid type). Parquet has no interval types: durations are written as
// int64 milliseconds, month intervals as int32 months, and DuckDB's
// month_day_nano intervals as fixed_size_binary(16), their Arrow bytes
// (little-endian int32 months, int32 days, int64 nanoseconds). WriteIPC writes
// the Arrow IPC stream format, which keeps every type. Both read the reader
// to the end and leave releasing it to the caller.
package records
