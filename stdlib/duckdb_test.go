package stdlib_test

import (
	"database/sql"
	"encoding/json"
	"math"
	"math/big"
	"reflect"
	"testing"
	"time"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/athenatype"
	"github.com/athenaq/athenaq/emulator"
	"github.com/athenaq/athenaq/stdlib"
)

// withDuckDB gives the emulator a DuckDB work group named duck.
func withDuckDB(o *emulator.Options) {
	o.WorkGroups = append(o.WorkGroups, emulator.WorkGroup{Name: "duck", Engine: athenaq.EngineDuckDB})
}

// TestDuckDBColumnTypesAndScan opens a DSN on a DuckDB work group and
// checks the column types of DuckDB results, that every column scans into
// its ScanType, and the DuckDB-only destinations.
func TestDuckDBColumnTypesAndScan(t *testing.T) {
	env := athenatest.Start(t, withDuckDB)
	db, err := sql.Open("athena", dsn(env, "workgroup=duck"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT 200::UTINYINT AS ut, 18446744073709551615::UBIGINT AS ub,
		'-170141183460469231731687303715884105728'::HUGEINT AS h, 0.5::FLOAT AS f, 1.5::DECIMAL(10,2) AS dec,
		'x' AS v, '\x01'::BLOB AS b, TIMESTAMP_NS '2024-01-02 03:04:05.123456789' AS ts,
		'2026-10-01 12:00:00+00'::TIMESTAMPTZ AS tz, INTERVAL '1 month 2 days' AS iv, '{"a":1}'::JSON AS j,
		[1, 2] AS l, [1, 2]::INTEGER[2] AS a, {'id': 1} AS s, MAP {'k': 1} AS m`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name, db string
		scan     any
		length   int64 // 0: none
	}{
		{"ut", "UTINYINT", uint8(0), 0}, {"ub", "UBIGINT", uint64(0), 0}, {"h", "HUGEINT", "", 0},
		{"f", "FLOAT", float32(0), 0}, {"dec", "DECIMAL", athenatype.Decimal{}, 0}, {"v", "VARCHAR", "", math.MaxInt64},
		{"b", "BLOB", []byte(nil), math.MaxInt64}, {"ts", "TIMESTAMP_NS", time.Time{}, 0},
		{"tz", "TIMESTAMP WITH TIME ZONE", time.Time{}, 0}, {"iv", "INTERVAL", "", 0}, {"j", "JSON", json.RawMessage(nil), 0},
		{"l", "LIST", "", 0}, {"a", "ARRAY", "", 0}, {"s", "STRUCT", "", 0}, {"m", "MAP", "", 0},
	}
	if len(cts) != len(want) {
		t.Fatalf("%d columns, want %d", len(cts), len(want))
	}
	for i, w := range want {
		ct := cts[i]
		if ct.Name() != w.name || ct.DatabaseTypeName() != w.db || ct.ScanType() != reflect.TypeOf(w.scan) {
			t.Errorf("column %d: %s %s %v, want %s %s %T", i, ct.Name(), ct.DatabaseTypeName(), ct.ScanType(), w.name, w.db, w.scan)
		}
		p, s, ok := ct.DecimalSize()
		if (w.name == "dec") != ok || ok && (p != 10 || s != 2) {
			t.Errorf("%s DecimalSize = %d, %d, %v", w.name, p, s, ok)
		}
		if n, ok := ct.Length(); n != w.length || ok != (w.length != 0) {
			t.Errorf("%s Length = %d, %v; want %d", w.name, n, ok, w.length)
		}
	}
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	// Every column scans into a new value of its ScanType.
	dest := make([]any, len(cts))
	for i, ct := range cts {
		dest[i] = reflect.New(ct.ScanType()).Interface()
	}
	if err := rows.Scan(dest...); err != nil {
		t.Fatalf("scan into the ScanTypes: %v", err)
	}
	if ub := *dest[1].(*uint64); ub != math.MaxUint64 {
		t.Errorf("UBIGINT through its ScanType = %d", ub)
	}
	if ts := *dest[7].(*time.Time); !ts.Equal(time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.UTC)) {
		t.Errorf("TIMESTAMP_NS = %v", ts)
	}
	// The DuckDB-only destinations.
	var (
		h     big.Int
		iv    athenatype.Interval
		list  []any
		strct athenatype.Row
		m     any
		anyUB any
		blob  []byte
	)
	discard := new(any)
	if err := rows.Scan(discard, &anyUB, stdlib.Decode(&h), discard, discard, discard, &blob, discard, discard,
		stdlib.Decode(&iv), discard, stdlib.DecodeDuckDB(&list, "INTEGER[]"), discard,
		stdlib.DecodeDuckDB(&strct, "STRUCT(id INTEGER)"), stdlib.DecodeDuckDB(&m, "MAP(VARCHAR, INTEGER)")); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"UBIGINT into *any", anyUB, "18446744073709551615"},
		{"HUGEINT into big.Int", h.String(), "-170141183460469231731687303715884105728"},
		{"BLOB into []byte", blob, []byte{1}},
		{"INTERVAL into Interval", iv, athenatype.Interval{Months: 1, Days: 2}},
		{"list", list, []any{int32(1), int32(2)}},
		{"struct", strct, athenatype.Row{{Name: "id", Value: int32(1)}}},
		{"map", m, athenatype.Map{{Key: "k", Value: int32(1)}}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: %#v, want %#v", c.name, c.got, c.want)
		}
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
}
