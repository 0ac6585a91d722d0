// Package athenatype converts between Athena's SQL types and Go: it parses
// type signatures, decodes Athena's text values into Go values, and encodes
// Go values as SQL literals for ExecutionParameters.
//
// The native client (package athenaq) and the database/sql driver build on
// it; most programs meet it only through its value types (Decimal, Map,
// Row, ...) and through TypeHints.
//
//	hint, err := athenatype.ParseSignature("array(row(a integer, b varchar))")
//	if err != nil {
//		return err
//	}
//	dec, err := athenatype.NewDecoder("array", hint) // "array" is what ColumnInfo reports
//	if err != nil {
//		return err
//	}
//	v, err := dec.Decode("[{a=1, b=x}, {a=2, b=null}]")
//	// v is []any{athenatype.Row{{"a", int32(1)}, {"b", "x"}}, athenatype.Row{{"a", int32(2)}, {"b", nil}}}
//
//	lit, err := athenatype.Literal("it's") // 'it''s'
//
// # Type signatures
//
// ParseSignature reads Trino spellings ("map(varchar, bigint)",
// "decimal(10,2)", "timestamp(3) with time zone", `row("a b" integer)`) and
// Hive spellings ("array<struct<a:int>>", "string"), and Type.String writes
// the Trino spelling back.
//
// # Decoding
//
// Athena returns every value as text (GetQueryResults and the CSV result
// agree byte for byte). A Decoder, built once per column by NewDecoder from
// the column's ColumnInfo type and an optional hint, decodes that text:
//
//	boolean                      bool
//	tinyint, smallint            int8, int16
//	integer, bigint              int32, int64
//	real (ColumnInfo: float)     float32
//	double                       float64 (Java text: 1.0E20, NaN, Infinity)
//	decimal(p,s)                 Decimal, exact, with the scale Athena printed
//	char, varchar, string        string
//	varbinary                    []byte (from "01 ff")
//	date                         time.Time at UTC midnight
//	time                         Time
//	time with time zone          time.Time on 0000-01-01 in its zone
//	timestamp                    time.Time in UTC, never time.Local
//	timestamp with time zone     time.Time in its zone (IANA name or offset)
//	interval day to second       time.Duration
//	interval year to month       Months
//	json                         json.RawMessage
//	ipaddress                    netip.Addr
//	uuid                         UUID
//	array                        []any
//	map                          Map (ordered entries; keys of any type)
//	row                          Row (ordered fields)
//	anything else                string
//
// NULL has no text (an absent VarCharValue, an unquoted empty CSV field) and
// is the caller's to map to nil; inside arrays, maps and rows Athena prints
// it as null, which decodes to nil.
//
// # Composite values
//
// ColumnInfo gives only the outer type of arrays, maps and rows. With a hint
// their inner values keep exact types; without one, the structure is read
// from the text and the leaves are strings.
//
// Athena escapes nothing inside composite values ([1, 2], [a, null],
// {k=1, k2=2}, {id=1, name=x}, {1, x}), so a string holding ", ", "=", a
// bracket or the word null cannot always be told from structure:
// ARRAY['a, b'] and ARRAY['a', 'b'] both print [a, b] and decode as two
// elements. The decoder never loops or panics over such text (a typed value
// that does not fit its type is an error); it
// follows these rules:
//
//   - The outermost value spans the whole text, so its last element ends at
//     the final bracket: [x]] with array(varchar) is ["x]"].
//   - Inside, a leaf ends at the first ", " or at the closing bracket of its
//     composite; a typed inner composite ends at its first unmatched
//     closing bracket. An element, value or field that reads null is nil,
//     even for varchar (map keys are never null).
//   - A string map value, and a field of a row without a hint, runs on
//     past a ", " unless what follows can start a new entry ("k="):
//     {a=x, y, b=z} is a → "x, y", b → "z".
//   - With a hint, a named row field ends only at ", <next field name>=", so
//     commas in varchar fields survive. Rows printed without names ({1, x})
//     or with an older engine's field0=, field1= are matched by position.
//   - json leaves end where their JSON value ends.
//   - varbinary inside composites stays the Java object name Athena prints
//     ([B@1f2e3d); the bytes themselves are not in the text.
//   - Without a hint, an element that starts with [ or { and whose brackets
//     balance is a nested []any, or a brace: a Row (named when its first
//     entry is name=value, else unnamed), or an empty Map for {}. Anything
//     else is a string. Text decoded this way prints back byte for byte.
//
// Queries that need exact structure can select CAST(x AS JSON) or use
// UNLOAD.
//
// Timestamps with a named zone need the IANA database. This package does
// not embed it (time/tzdata adds about 450 KB); programs that run where the
// system has none should import _ "time/tzdata".
//
// # DuckDB values
//
// Athena's DuckDB engine reports DuckDB type names in ColumnInfo and each
// value as DuckDB's own CAST(v AS VARCHAR) text. ParseDuckDBType reads the
// names (Type.DuckDB is set and Type.String writes DuckDB's spelling back),
// and NewDuckDBDecoder decodes the text; DuckDB names the full type, so no
// hint is needed:
//
//	BOOLEAN                            bool
//	TINYINT, SMALLINT, INTEGER, BIGINT int8, int16, int32, int64
//	UTINYINT ... UBIGINT               uint8, uint16, uint32, uint64
//	HUGEINT, UHUGEINT, BIGNUM          *big.Int, never narrowed
//	FLOAT, DOUBLE                      float32, float64 (inf, -inf, nan, 1e+20)
//	DECIMAL(p,s)                       Decimal
//	VARCHAR, BIT, ENUM                 string
//	UNION, VARIANT                     string (their text)
//	GEOMETRY                           []byte: its WKB (from the WKT DuckDB prints)
//	BLOB                               []byte (from "a\x00\xFF")
//	UUID                               UUID
//	DATE                               time.Time at UTC midnight
//	TIME                               Time (24:00:00 is Time{Hour: 24})
//	TIME WITH TIME ZONE                time.Time on 0000-01-01 at its offset
//	TIMESTAMP, TIMESTAMP_S/_MS/_NS     time.Time in UTC
//	TIMESTAMP WITH TIME ZONE           time.Time (UTC for +00, else a fixed zone)
//	INTERVAL                           Interval
//	JSON                               json.RawMessage
//	LIST (T[]), ARRAY (T[n])           []any, typed from T
//	STRUCT(...)                        Row
//	MAP(K, V)                          Map
//
// DuckDB prints a GEOMETRY as WKT (POINT (1 2)); the decoder returns the
// bytes that DuckDB's ST_AsWKB gives for it: ISO WKB, little-endian, Z, M
// and ZM as type codes +1000, +2000 and +3000, an empty point as NaN
// coordinates. A coordinate reference system is not part of the text and is
// lost.
//
// Dates before year 1 print as "0044-03-15 (BC)" and decode to Go's
// astronomical years (1 BC is year 0, 44 BC is -43). DuckDB's infinity and
// -infinity dates and timestamps have no time.Time: decoding them fails
// with an error that wraps ErrInfinity (select the column as VARCHAR to
// keep them).
//
// Inside lists, structs and maps DuckDB prints NULL as NULL, separates
// items with ", ", writes struct fields as 'name': value and map entries
// as key=value. It quotes a value's text in ' when the text is empty, reads
// NULL in any case, has white space at either end, or holds one of
// ( ) , : = ' " [ ] { } (DuckDB 2.0 adds \), escaping ' and \ inside the
// quotes as \' and \\:
//
//	['a, b', 'it\'s', NULL, '', 'NULL', a b, a\b]   (VARCHAR[])
//	{'a': 1, 'it\'s': x}                            (STRUCT(a INTEGER, "it's" VARCHAR))
//	{'a, b'='x=y', c=NULL}                          (MAP(VARCHAR, VARCHAR))
//	['12:00:00', 1 month]                           (INTERVAL[]: quoted for its ':')
//
// Numbers, JSON, UNION and VARIANT are never quoted. JSON ends where its
// JSON value ends; a UNION or VARIANT holding ", " is ambiguous inside a
// list or map and ends at the first ", " (inside a struct, at ", " followed
// by the next field's name). The decoder never loops or panics on such
// text; a value that does not fit its type is an error.
//
// # Literals
//
// Literal renders a Go value as Trino literal text (see its table), the
// form Athena's ExecutionParameters take. Strings are quoted with ' doubled,
// which is all Trino's grammar needs, so no string can change a statement;
// strings with invalid UTF-8 or NUL bytes are refused. Client-side
// interpolation, which athenaq uses only for DDL that Athena runs through
// its Hive grammar, quotes strings with HiveString instead.
//
// # Value types
//
// Decimal, Time, Date, Months, Interval, UUID, Map and Row are the Go
// values of Athena types that have no exact standard Go counterpart. Zoned marks a
// time.Time to be sent as a timestamp with time zone.
package athenatype
