package athenaq_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/big"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/athenatype"
	"github.com/athenaq/athenaq/emulator"
)

// duckWorkGroup is the DuckDB work group of the tests' emulators.
const duckWorkGroup = "duck"

// withDuckDB gives the emulator a DuckDB work group beside primary, which
// runs engine v3.
func withDuckDB() athenatest.Option {
	return func(o *emulator.Options) {
		o.WorkGroups = append(o.WorkGroups, emulator.WorkGroup{Name: duckWorkGroup, Engine: athenaq.EngineDuckDB})
	}
}

// openDuckDB opens a client whose Config.WorkGroup is the DuckDB one.
func openDuckDB(t *testing.T, cfg athenaq.Config) (*athenaq.Client, *athenatest.Env) {
	t.Helper()
	cfg.WorkGroup = duckWorkGroup
	return open(t, cfg, withDuckDB())
}

func mustBig(s string) *big.Int {
	n, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic(s)
	}
	return n
}

func mustDecimal(s string) athenatype.Decimal {
	d, err := athenatype.ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

func mustUUID(s string) athenatype.UUID {
	u, err := athenatype.ParseUUID(s)
	if err != nil {
		panic(err)
	}
	return u
}

// comparable turns a decoded value into one that reflect.DeepEqual
// compares by meaning: instants with their offsets, big integers by value.
func comparable(v any) any {
	switch x := v.(type) {
	case time.Time:
		_, off := x.Zone()
		return fmt.Sprintf("time %s offset %d", x.Format("2006-01-02T15:04:05.999999999"), off)
	case *big.Int:
		return "big " + x.String()
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = comparable(e)
		}
		return out
	case athenatype.Row:
		out := make(athenatype.Row, len(x))
		for i, f := range x {
			out[i] = athenatype.RowField{Name: f.Name, Value: comparable(f.Value)}
		}
		return out
	case athenatype.Map:
		out := make(athenatype.Map, len(x))
		for i, e := range x {
			out[i] = athenatype.MapEntry{Key: comparable(e.Key), Value: comparable(e.Value)}
		}
		return out
	}
	return v
}

// duckTypes are DuckDB expressions of every DuckDB type, with the type
// ColumnInfo reports and the Go value the client decodes.
var duckTypes = []struct {
	name string
	expr string // DuckDB SQL
	typ  string // ColumnInfo.Type; CAST(NULL AS typ) gives the type's NULL
	want any
}{
	{"boolean", "true", "BOOLEAN", true},
	{"tinyint", "(-128)::TINYINT", "TINYINT", int8(-128)},
	{"smallint", "32767::SMALLINT", "SMALLINT", int16(32767)},
	{"integer", "(-2147483648)::INTEGER", "INTEGER", int32(math.MinInt32)},
	{"bigint", "9223372036854775807::BIGINT", "BIGINT", int64(math.MaxInt64)},
	{"utinyint", "255::UTINYINT", "UTINYINT", uint8(255)},
	{"usmallint", "65535::USMALLINT", "USMALLINT", uint16(65535)},
	{"uinteger", "4294967295::UINTEGER", "UINTEGER", uint32(math.MaxUint32)},
	{"ubigint", "18446744073709551615::UBIGINT", "UBIGINT", uint64(math.MaxUint64)},
	{"hugeint", "'-170141183460469231731687303715884105728'::HUGEINT", "HUGEINT", mustBig("-170141183460469231731687303715884105728")},
	{"uhugeint", "'340282366920938463463374607431768211455'::UHUGEINT", "UHUGEINT", mustBig("340282366920938463463374607431768211455")},
	{"bignum", "'-123456789012345678901234567890123456789012'::BIGNUM", "BIGNUM", mustBig("-123456789012345678901234567890123456789012")},
	{"float", "0.5::FLOAT", "FLOAT", float32(0.5)},
	{"double", "1e20::DOUBLE", "DOUBLE", 1e20},
	{"double infinity", "'-inf'::DOUBLE", "DOUBLE", math.Inf(-1)},
	{"decimal", "1.5::DECIMAL(10,2)", "DECIMAL(10,2)", mustDecimal("1.50")},
	{"decimal(38,10)", "'-1234567890123456789012345678.0123456789'::DECIMAL(38,10)", "DECIMAL(38,10)",
		mustDecimal("-1234567890123456789012345678.0123456789")},
	{"varchar", `'it''s, [a] {b=c} "q" \ x'`, "VARCHAR", `it's, [a] {b=c} "q" \ x`},
	{"empty varchar", "''", "VARCHAR", ""},
	{"blob", `'a\x00\xFF'::BLOB`, "BLOB", []byte{'a', 0, 0xff}},
	{"bit", "'0101'::BIT", "BIT", "0101"},
	{"uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID", "UUID", mustUUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")},
	{"date", "DATE '2024-02-29'", "DATE", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
	{"date bc", "DATE '0044-03-15 (BC)'", "DATE", time.Date(-43, 3, 15, 0, 0, 0, 0, time.UTC)},
	{"time", "TIME '12:34:56.789'", "TIME", athenatype.Time{Hour: 12, Minute: 34, Second: 56, Nanosecond: 789000000}},
	{"time with time zone", "'12:00:00+02'::TIMETZ", "TIME WITH TIME ZONE", time.Date(0, 1, 1, 12, 0, 0, 0, time.FixedZone("", 2*3600))},
	{"timestamp", "TIMESTAMP '2024-01-02 03:04:05.123456'", "TIMESTAMP", time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC)},
	{"timestamp_s", "'2024-01-02 03:04:05'::TIMESTAMP_S", "TIMESTAMP_S", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)},
	{"timestamp_ms", "'2024-01-02 03:04:05.123'::TIMESTAMP_MS", "TIMESTAMP_MS", time.Date(2024, 1, 2, 3, 4, 5, 123000000, time.UTC)},
	{"timestamp_ns", "'2024-01-02 03:04:05.123456789'::TIMESTAMP_NS", "TIMESTAMP_NS", time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.UTC)},
	{"timestamp with time zone", "'2026-10-01 14:00:00+02'::TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE", time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)},
	{"interval", "INTERVAL '1 year 2 months 3 days 04:05:06.5'", "INTERVAL",
		athenatype.Interval{Months: 14, Days: 3, Duration: 4*time.Hour + 5*time.Minute + 6500*time.Millisecond}},
	{"json", `'{"a": [1, 2]}'::JSON`, "JSON", json.RawMessage(`{"a": [1, 2]}`)},
	{"list", "[1, NULL, 3]", "INTEGER[]", []any{int32(1), nil, int32(3)}},
	{"empty list", "[]::VARCHAR[]", "VARCHAR[]", []any{}},
	{"list of quoted strings", `['a, b', NULL, '', 'NULL', 'it''s', ' x ']`, "VARCHAR[]", []any{"a, b", nil, "", "NULL", "it's", " x "}},
	{"array", "[1, 2, 3]::BIGINT[3]", "BIGINT[3]", []any{int64(1), int64(2), int64(3)}},
	{"nested list", "[[1, 2], NULL, []]", "INTEGER[][]", []any{[]any{int32(1), int32(2)}, nil, []any{}}},
	{"struct", "{'id': 1, 'note': NULL, 'tags': ['x', 'y, z']}", "STRUCT(id INTEGER, note INTEGER, tags VARCHAR[])",
		athenatype.Row{{Name: "id", Value: int32(1)}, {Name: "note", Value: nil}, {Name: "tags", Value: []any{"x", "y, z"}}}},
	{"struct with quoted name", `{'a b': 'x=y', 'h': '170141183460469231731687303715884105727'::HUGEINT}`, `STRUCT("a b" VARCHAR, h HUGEINT)`,
		athenatype.Row{{Name: "a b", Value: "x=y"}, {Name: "h", Value: mustBig("170141183460469231731687303715884105727")}}},
	{"map", "MAP {'a': 1, 'b, c': NULL}", "MAP(VARCHAR, INTEGER)", athenatype.Map{{Key: "a", Value: int32(1)}, {Key: "b, c", Value: nil}}},
	{"map of lists", "MAP {1: [DATE '2024-01-02'], 2: []}", "MAP(INTEGER, DATE[])",
		athenatype.Map{{Key: int32(1), Value: []any{time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}}, {Key: int32(2), Value: []any{}}}},
	{"list of structs", "[{'k': 'x', 'v': 1.5::DECIMAL(4,1)}, NULL]", "STRUCT(k VARCHAR, v DECIMAL(4,1))[]",
		[]any{athenatype.Row{{Name: "k", Value: "x"}, {Name: "v", Value: mustDecimal("1.5")}}, nil}},
	{"geometry", "'POINT (1 2)'::GEOMETRY", "GEOMETRY", []byte{1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0x40}},
	{"variant", "[1, 2]::VARIANT", "VARIANT", "[1, 2]"},
	{"union", "union_value(b := 'hi')::UNION(a INTEGER, b VARCHAR)", "UNION(a INTEGER, b VARCHAR)", "hi"},
	{"enum", "'y'::ENUM('x', 'y')", "ENUM('x', 'y')", "y"},
}

// duckTypesSQL selects every expression of duckTypes in row 1 and its
// type's NULL in row 2.
func duckTypesSQL() string {
	var vals, nulls []string
	for i, tc := range duckTypes {
		vals = append(vals, fmt.Sprintf("%s AS c%d", tc.expr, i))
		nulls = append(nulls, fmt.Sprintf("CAST(NULL AS %s)", tc.typ))
	}
	return fmt.Sprintf("SELECT * FROM (SELECT 1 AS k, %s UNION ALL SELECT 2, %s) ORDER BY k", strings.Join(vals, ", "), strings.Join(nulls, ", "))
}

// TestDuckDBTypesDecode reads every DuckDB type, its NULL and nested
// values from a DuckDB work group through the API and CSV transports.
func TestDuckDBTypesDecode(t *testing.T) {
	rec := &hookRecorder{}
	c, _ := openDuckDB(t, athenaq.Config{Tracer: rec})
	sql := duckTypesSQL()
	for _, mode := range []athenaq.ResultMode{athenaq.ResultAPI, athenaq.ResultCSV} {
		t.Run(string(mode), func(t *testing.T) {
			rows, err := c.Query(context.Background(), sql, athenaq.StartOptions{ResultMode: mode})
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			if ev := rows.Status().EngineVersion; ev != athenaq.EngineDuckDB {
				t.Fatalf("EngineVersion %q, want %q", ev, athenaq.EngineDuckDB)
			}
			var got [][]any
			for rows.Next() {
				vals, err := rows.Values()
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, vals)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 {
				t.Fatalf("%d rows, want 2", len(got))
			}
			rows.Close()
			rec.mu.Lock()
			read := rec.reads[len(rec.reads)-1]
			rec.mu.Unlock()
			if read.Mode != mode {
				t.Fatalf("read through %s, want %s", read.Mode, mode)
			}
			cols := rows.Columns()
			for i, tc := range duckTypes {
				t.Run(tc.name, func(t *testing.T) {
					col := cols[i+1]
					if col.Type != tc.typ {
						t.Errorf("Column.Type %q, want %q", col.Type, tc.typ)
					}
					if col.Signature == nil || !col.Signature.DuckDB {
						t.Errorf("Column.Signature %v, want the parsed DuckDB type", col.Signature)
					}
					if g, w := comparable(got[0][i+1]), comparable(tc.want); !reflect.DeepEqual(g, w) {
						t.Errorf("value %#v (%T), want %#v (%T)", got[0][i+1], got[0][i+1], tc.want, tc.want)
					}
					if got[1][i+1] != nil {
						t.Errorf("NULL decoded as %#v", got[1][i+1])
					}
				})
			}
		})
	}
}

// TestDuckDBScan scans DuckDB values into the destinations Scan and
// ScanStruct offer for them.
func TestDuckDBScan(t *testing.T) {
	c, _ := openDuckDB(t, athenaq.Config{})
	rows, err := c.Query(context.Background(), `SELECT 18446744073709551615::UBIGINT AS u, '-170141183460469231731687303715884105728'::HUGEINT AS h,
		INTERVAL '1 day 00:00:01' AS iv, 200::UTINYINT AS small, NULL::HUGEINT AS n`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("no row: %v", rows.Err())
	}
	var (
		u     uint64
		h     big.Int
		iv    athenatype.Interval
		small int
		n     *big.Int
	)
	if err := rows.Scan(&u, &h, &iv, &small, &n); err != nil {
		t.Fatal(err)
	}
	if u != math.MaxUint64 || h.String() != "-170141183460469231731687303715884105728" || iv != (athenatype.Interval{Days: 1, Duration: time.Second}) ||
		small != 200 || n != nil {
		t.Fatalf("Scan gave %d, %v, %+v, %d, %v", u, &h, iv, small, n)
	}
	var overflow int64
	if err := rows.Scan(&overflow, &h, &iv, &small, &n); err == nil || !strings.Contains(err.Error(), "overflows int64") {
		t.Fatalf("Scan of UBIGINT max into *int64: %v, want an overflow error", err)
	}
	raw, err := rows.RawValues()
	if err != nil {
		t.Fatal(err)
	}
	if *raw[0] != "18446744073709551615" || *raw[2] != "1 day 00:00:01" || raw[4] != nil {
		t.Fatalf("RawValues %q %q %v, want DuckDB's text", *raw[0], *raw[2], raw[4])
	}
}

// TestDuckDBBesideEngineV3 runs the same client against an engine v3 and
// a DuckDB work group of one emulator: each query decodes by its own
// engine.
func TestDuckDBBesideEngineV3(t *testing.T) {
	c, _ := open(t, athenaq.Config{}, withDuckDB())
	tests := []struct {
		name      string
		workGroup string
		sql       string
		engine    string
		typ       string
		want      any
	}{
		{"v3 integer division", "primary", "SELECT 5/2", athenaq.EngineV3, "integer", int32(2)},
		{"duckdb division", duckWorkGroup, "SELECT 5/2", athenaq.EngineDuckDB, "DOUBLE", 2.5},
		{"v3 array without hints", "primary", "SELECT ARRAY[1, 2]", athenaq.EngineV3, "array", []any{"1", "2"}},
		{"duckdb list", duckWorkGroup, "SELECT [1, 2]", athenaq.EngineDuckDB, "INTEGER[]", []any{int32(1), int32(2)}},
		{"v3 row", "primary", "SELECT CAST(ROW(1, 'x') AS ROW(a INTEGER, b VARCHAR))", athenaq.EngineV3, "row",
			athenatype.Row{{Name: "a", Value: "1"}, {Name: "b", Value: "x"}}},
		{"duckdb struct", duckWorkGroup, "SELECT {'a': 1, 'b': 'x'}", athenaq.EngineDuckDB, "STRUCT(a INTEGER, b VARCHAR)",
			athenatype.Row{{Name: "a", Value: int32(1)}, {Name: "b", Value: "x"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := c.Query(context.Background(), tt.sql, athenaq.StartOptions{WorkGroup: tt.workGroup})
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			if ev := rows.Status().EngineVersion; ev != tt.engine {
				t.Errorf("EngineVersion %q, want %q", ev, tt.engine)
			}
			if typ := rows.Columns()[0].Type; typ != tt.typ {
				t.Errorf("Column.Type %q, want %q", typ, tt.typ)
			}
			if !rows.Next() {
				t.Fatalf("no row: %v", rows.Err())
			}
			vals, err := rows.Values()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(vals[0], tt.want) {
				t.Errorf("value %#v, want %#v", vals[0], tt.want)
			}
		})
	}
}

// TestDuckDBUnloadFallsBackToAPI checks that ResultUnload runs a DuckDB
// work group's query as it is, read through the API, while the same
// client still unloads an engine v3 query.
func TestDuckDBUnloadFallsBackToAPI(t *testing.T) {
	logs := &logRecorder{}
	c, env := open(t, athenaq.Config{ResultMode: athenaq.ResultUnload, Logger: slog.New(logs)}, withDuckDB())
	tests := []struct {
		name      string
		workGroup string
		sql       string
		unloaded  bool
		want      any
	}{
		{"duckdb", duckWorkGroup, "SELECT 5/2 AS v", false, 2.5},
		{"v3", "primary", "SELECT 5/2 AS v", true, int32(2)},
		{"duckdb again, engine cached", duckWorkGroup, "SELECT [1, 2]::UBIGINT[] AS v", false, []any{uint64(1), uint64(2)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := c.Query(context.Background(), tt.sql, athenaq.StartOptions{WorkGroup: tt.workGroup})
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			if st := rows.Status(); (st.SubstatementType == "UNLOAD") != tt.unloaded {
				t.Errorf("SubstatementType %q, unloaded %v", st.SubstatementType, tt.unloaded)
			}
			if (rows.Source() != nil) != tt.unloaded {
				t.Errorf("Source %v, want an UNLOAD source: %v", rows.Source(), tt.unloaded)
			}
			if !rows.Next() {
				t.Fatalf("no row: %v", rows.Err())
			}
			vals, err := rows.Values()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(vals[0], tt.want) {
				t.Errorf("value %#v, want %#v", vals[0], tt.want)
			}
		})
	}
	logs.mu.Lock()
	defer logs.mu.Unlock()
	reasons := 0
	for _, r := range logs.records {
		if strings.Contains(r.Message, "UNLOAD is not DuckDB SQL") {
			reasons++
		}
	}
	if reasons != 2 {
		t.Errorf("%d logged reasons for reading a DuckDB work group through the API, want 2", reasons)
	}
	// The engine of each work group is looked up once.
	if n := env.Server.Stats().Calls["GetWorkGroup"]; n != 2 {
		t.Errorf("%d GetWorkGroup calls for two work groups, want 2", n)
	}
}

// TestDuckDBManagedResults reads a DuckDB work group with managed query
// results (Athena's default for DuckDB): there is no S3 file, so ResultCSV
// falls back to the API with a warning, the values still decode as
// DuckDB's, and once the results expire the read fails.
func TestDuckDBManagedResults(t *testing.T) {
	const ttl = 2 * time.Second
	env := athenatest.Start(t, athenatest.WithOptions(emulator.Options{ManagedResultsTTL: ttl,
		WorkGroups: []emulator.WorkGroup{{Name: "duck-managed", Engine: athenaq.EngineDuckDB, ManagedResults: true}}}))
	log := &logCapture{}
	cfg := withEnv(env, athenaq.Config{ResultMode: athenaq.ResultCSV, WorkGroup: "duck-managed", Logger: log.logger()})
	cfg.OutputLocation = ""
	c, err := athenaq.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	q, err := c.Start(ctx, "SELECT 5/2 AS q, 18446744073709551615::UBIGINT AS u, [1, NULL] AS l FROM range(1500)")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := q.Rows(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		want := []any{2.5, uint64(math.MaxUint64), []any{int32(1), nil}}
		if n == 0 && !reflect.DeepEqual(vals, want) {
			t.Errorf("row 0 = %#v, want %#v", vals, want)
		}
		n++
	}
	if err := rows.Err(); err != nil || n != 1500 {
		t.Fatalf("%d rows, %v", n, err)
	}
	st := rows.Status()
	if st.EngineVersion != athenaq.EngineDuckDB || st.OutputLocation != "" {
		t.Errorf("status engine %q, output %q; want DuckDB and no output location", st.EngineVersion, st.OutputLocation)
	}
	if !log.contains("managed query results") {
		t.Errorf("no warning about the fallback; log: %s", log.String())
	}
	// After the expiry the results are gone.
	time.Sleep(ttl + 500*time.Millisecond)
	_, err = q.Rows(ctx)
	var ire *types.InvalidRequestException
	if !errors.As(err, &ire) || aws.ToString(ire.AthenaErrorCode) != "RESULT_NOT_FOUND" {
		t.Errorf("Rows after expiry: %v, want RESULT_NOT_FOUND", err)
	}
}
