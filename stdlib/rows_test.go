package stdlib_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/athenatype"
	"github.com/athenaq/athenaq/emulator"
	"github.com/athenaq/athenaq/stdlib"
)

// TestEveryTypeScansIntoNaturalAndStringDestinations reads one value of
// each type twice: into its natural Go type and into a string.
func TestEveryTypeScansIntoNaturalAndStringDestinations(t *testing.T) {
	db, _ := openDB(t, athenaq.Config{}, nil)
	ts := time.Date(2026, 9, 17, 12, 34, 56, 789e6, time.UTC)
	cases := []struct {
		expr    string
		natural func() (any, func() any) // a new destination of the natural type, and its value
		want    any                      // what the natural destination holds
		text    string                   // what a *string holds
	}{
		{"true", newOf[bool], true, "true"},
		{"CAST(-128 AS TINYINT)", newOf[int8], int8(-128), "-128"},
		{"CAST(32767 AS SMALLINT)", newOf[int16], int16(32767), "32767"},
		{"2147483647", newOf[int32], int32(math.MaxInt32), "2147483647"},
		{"CAST(-9223372036854775808 AS BIGINT)", newOf[int64], int64(math.MinInt64), "-9223372036854775808"},
		{"CAST(0.1 AS REAL)", newOf[float32], float32(0.1), "0.1"},
		{"0.1 + 0.2", newOf[float64], 0.30000000000000004, "0.30000000000000004"},
		{"DECIMAL '12.50'", newOf[athenatype.Decimal], athenatype.NewDecimal(1250, 2), "12.50"},
		{"'it''s'", newOf[string], "it's", "it's"},
		{"X'00ff'", newOf[[]byte], []byte{0, 0xff}, "\x00\xff"},
		{"DATE '2026-09-17'", newOf[time.Time], time.Date(2026, 9, 17, 0, 0, 0, 0, time.UTC), "2026-09-17T00:00:00Z"},
		{"TIMESTAMP '2026-09-17 12:34:56.789'", newOf[time.Time], ts, "2026-09-17T12:34:56.789Z"},
		{`JSON '{"a":1}'`, newOf[json.RawMessage], json.RawMessage(`{"a":1}`), `{"a":1}`},
		{"ARRAY[1, 2]", decodeOf[[]any], []any{"1", "2"}, "[1, 2]"},
		{"ARRAY[ARRAY[1], NULL]", decodeOf[[]any], []any{[]any{"1"}, nil}, "[[1], null]"},
		{"MAP(ARRAY['a', 'b'], ARRAY[1, 2])", decodeOf[athenatype.Map], athenatype.Map{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}}, "{a=1, b=2}"},
		{"CAST(ROW(1, 'x') AS ROW(id INTEGER, name VARCHAR))", decodeOf[athenatype.Row], athenatype.Row{{Name: "id", Value: "1"}, {Name: "name", Value: "x"}}, "{id=1, name=x}"},
		{"INTERVAL '2' DAY", decodeOf[time.Duration], 48 * time.Hour, "2 00:00:00.000"},
		{"TIME '12:34:56.789'", decodeOf[athenatype.Time], athenatype.Time{Hour: 12, Minute: 34, Second: 56, Nanosecond: 789e6}, "12:34:56.789"},
		{"CAST('12151fd2-7586-11e9-8f9e-2a86e4085a59' AS UUID)", decodeOf[athenatype.UUID],
			athenatype.UUID{0x12, 0x15, 0x1f, 0xd2, 0x75, 0x86, 0x11, 0xe9, 0x8f, 0x9e, 0x2a, 0x86, 0xe4, 0x08, 0x5a, 0x59},
			"12151fd2-7586-11e9-8f9e-2a86e4085a59"},
	}
	for _, tc := range cases {
		dest, value := tc.natural()
		var text string
		var raw sql.RawBytes
		var anyv any
		query := "SELECT " + tc.expr + " AS v, " + tc.expr + " AS s, " + tc.expr + " AS r, " + tc.expr + " AS a"
		if err := scanFirst(db, query, dest, &text, &raw, &anyv); err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		if got := value(); !equalValues(got, tc.want) {
			t.Errorf("%s natural = %#v, want %#v", tc.expr, got, tc.want)
		}
		if text != tc.text {
			t.Errorf("%s into *string = %q, want %q", tc.expr, text, tc.text)
		}
		if string(raw) != tc.text || anyv == nil {
			t.Errorf("%s into sql.RawBytes = %q, into *any %#v", tc.expr, raw, anyv)
		}
	}
}

// TestNullScansIntoNullTypes reads NULL of each type into sql.Null* and
// pointer destinations.
func TestNullScansIntoNullTypes(t *testing.T) {
	db, _ := openDB(t, athenaq.Config{}, nil)
	var (
		b   sql.NullBool
		i8  sql.NullInt16
		i32 sql.NullInt32
		i64 sql.NullInt64
		f   sql.NullFloat64
		dec sql.Null[athenatype.Decimal]
		s   sql.NullString
		bin []byte = []byte("not nil")
		tm  sql.NullTime
		arr *[]any = &[]any{"x"}
		ptr *string
		a   any = "x"
	)
	err := db.QueryRow("SELECT CAST(NULL AS BOOLEAN), CAST(NULL AS TINYINT), CAST(NULL AS INTEGER), CAST(NULL AS BIGINT), "+
		"CAST(NULL AS DOUBLE), CAST(NULL AS DECIMAL(10,2)), CAST(NULL AS VARCHAR), CAST(NULL AS VARBINARY), CAST(NULL AS TIMESTAMP), "+
		"CASE WHEN false THEN ARRAY[1] END, CAST(NULL AS VARCHAR), NULL").
		Scan(&b, &i8, &i32, &i64, &f, &dec, &s, &bin, &tm, stdlib.Decode(&arr), &ptr, &a)
	if err != nil {
		t.Fatal(err)
	}
	if b.Valid || i8.Valid || i32.Valid || i64.Valid || f.Valid || dec.Valid || s.Valid || bin != nil || tm.Valid || arr != nil || ptr != nil || a != nil {
		t.Errorf("NULLs scanned as %v %v %v %v %v %v %v %v %v %v %v %v", b, i8, i32, i64, f, dec, s, bin, tm, arr, ptr, a)
	}
	var notNull string
	if err := db.QueryRow("SELECT CAST(NULL AS VARCHAR)").Scan(&notNull); err == nil {
		t.Error("NULL into *string was accepted")
	}
}

func TestDecodeAsKeepsInnerTypes(t *testing.T) {
	db, _ := openDB(t, athenaq.Config{}, nil)
	var items []any
	var m athenatype.Map
	var anyRow any
	err := db.QueryRow("SELECT ARRAY[1, 2] AS items, MAP(ARRAY['k'], ARRAY[CAST(7 AS BIGINT)]) AS m, "+
		"CAST(ROW(1, 'a, b') AS ROW(x INTEGER, y VARCHAR)) AS r").
		Scan(stdlib.DecodeAs(&items, "array(integer)"), stdlib.DecodeAs(&m, "map(varchar, bigint)"), stdlib.DecodeAs(&anyRow, "row(x integer, y varchar)"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(items, []any{int32(1), int32(2)}) {
		t.Errorf("items = %#v", items)
	}
	if v, _ := m.Get("k"); v != int64(7) {
		t.Errorf("m = %#v", m)
	}
	if r, ok := anyRow.(athenatype.Row); !ok || !reflect.DeepEqual(r, athenatype.Row{{Name: "x", Value: int32(1)}, {Name: "y", Value: "a, b"}}) {
		t.Errorf("row = %#v", anyRow)
	}
}

func TestColumnTypes(t *testing.T) {
	db, _ := openDB(t, athenaq.Config{}, nil)
	rows, err := db.Query("SELECT true AS b, CAST(1 AS TINYINT) AS t, CAST(1 AS SMALLINT) AS sm, 1 AS i, CAST(1 AS BIGINT) AS bi, " +
		"CAST(1 AS REAL) AS r, 1e0 AS d, CAST(1.5 AS DECIMAL(10,2)) AS dec, 'x' AS v, X'01' AS vb, DATE '2026-01-02' AS dt, " +
		"TIMESTAMP '2026-01-02 03:04:05' AS ts, JSON '{}' AS j, ARRAY[1] AS a, MAP(ARRAY[1], ARRAY[2]) AS m, " +
		"CAST(ROW(1) AS ROW(x INTEGER)) AS rw, INTERVAL '1' DAY AS iv, uuid() AS u, TIME '01:02:03' AS tm")
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
	}{
		{"b", "BOOLEAN", false}, {"t", "TINYINT", int8(0)}, {"sm", "SMALLINT", int16(0)}, {"i", "INTEGER", int32(0)},
		{"bi", "BIGINT", int64(0)}, {"r", "REAL", float32(0)}, {"d", "DOUBLE", float64(0)},
		{"dec", "DECIMAL", athenatype.Decimal{}}, {"v", "VARCHAR", ""}, {"vb", "VARBINARY", []byte(nil)},
		{"dt", "DATE", time.Time{}}, {"ts", "TIMESTAMP", time.Time{}}, {"j", "JSON", json.RawMessage(nil)},
		{"a", "ARRAY", ""}, {"m", "MAP", ""}, {"rw", "ROW", ""}, {"iv", "INTERVAL DAY TO SECOND", ""}, {"u", "UUID", ""},
		{"tm", "TIME", ""},
	}
	if len(cts) != len(want) {
		t.Fatalf("%d columns", len(cts))
	}
	for i, w := range want {
		ct := cts[i]
		if ct.Name() != w.name || ct.DatabaseTypeName() != w.db || ct.ScanType() != reflect.TypeOf(w.scan) {
			t.Errorf("column %d: %s %s %v, want %s %s %T", i, ct.Name(), ct.DatabaseTypeName(), ct.ScanType(), w.name, w.db, w.scan)
		}
		if nullable, ok := ct.Nullable(); !nullable || ok {
			t.Errorf("%s Nullable = %v, %v; want true, false (Athena reports UNKNOWN)", w.name, nullable, ok)
		}
		p, s, ok := ct.DecimalSize()
		if w.name == "dec" {
			if p != 10 || s != 2 || !ok {
				t.Errorf("decimal size = %d, %d, %v", p, s, ok)
			}
		} else if ok {
			t.Errorf("%s has a DecimalSize", w.name)
		}
		n, ok := ct.Length()
		switch w.name {
		case "v", "vb":
			if n != math.MaxInt64 || !ok {
				t.Errorf("%s Length = %d, %v; want unbounded", w.name, n, ok)
			}
		default:
			if ok {
				t.Errorf("%s has a Length", w.name)
			}
		}
	}
	// Every column scans into a new value of its ScanType.
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	dest := make([]any, len(cts))
	for i, ct := range cts {
		dest[i] = reflect.New(ct.ScanType()).Interface()
	}
	if err := rows.Scan(dest...); err != nil {
		t.Errorf("scan into the ScanTypes: %v", err)
	}
	if d := dest[7].(*athenatype.Decimal); d.String() != "1.50" {
		t.Errorf("decimal through its ScanType = %s", d)
	}
}

func TestRowsStreamPageByPage(t *testing.T) {
	db, env := openDB(t, athenaq.Config{}, nil, athenatest.WithOptions(emulator.Options{PageLatency: 20 * time.Millisecond}))
	rows, err := db.Query("SELECT range AS x FROM range(10000) ORDER BY x")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := int64(0)
	for rows.Next() {
		var x int64
		if err := rows.Scan(&x); err != nil || x != n {
			t.Fatalf("row %d = %d, %v", n, x, err)
		}
		if n == 0 {
			// One page read, one ahead at most: the result is not buffered.
			if calls := env.Server.Stats().Calls["GetQueryResults"]; calls > 2 {
				t.Errorf("%d GetQueryResults calls before the first row was read", calls)
			}
		}
		n++
	}
	if rows.Err() != nil || n != 10000 {
		t.Errorf("%d rows, %v", n, rows.Err())
	}
	// 10,001 rows with the header, at most 1,000 a page.
	if calls := env.Server.Stats().Calls["GetQueryResults"]; calls != 11 {
		t.Errorf("%d GetQueryResults calls for 11 pages", calls)
	}
}

func TestRowsContextCancelStopsTheStream(t *testing.T) {
	db, _ := openDB(t, athenaq.Config{}, nil, athenatest.WithOptions(emulator.Options{PageLatency: 50 * time.Millisecond}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rows, err := db.QueryContext(ctx, "SELECT range FROM range(5000)")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		if n++; n == 1500 {
			cancel()
		}
	}
	if err := rows.Err(); !errors.Is(err, context.Canceled) || n >= 5000 {
		t.Errorf("after %d rows: %v, want context.Canceled", n, err)
	}
}

func TestSqlxSelectIntoStructs(t *testing.T) {
	env := athenatest.Start(t)
	db, err := sqlx.Open("athena", dsn(env, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	type person struct {
		ID      int64              `db:"id"`
		Name    string             `db:"name"`
		Score   float64            `db:"score"`
		Balance athenatype.Decimal `db:"balance"`
		Born    time.Time          `db:"born"`
		Email   sql.NullString     `db:"email"`
		Tags    string             `db:"tags"`
	}
	var people []person
	err = db.Select(&people, `SELECT * FROM (VALUES
		(1, 'ann', 9.5, DECIMAL '10.25', DATE '1990-01-02', 'ann@example.com', ARRAY['a', 'b']),
		(2, 'bob', 7.0, DECIMAL '0.10', DATE '1985-06-07', NULL, ARRAY[])) AS t(id, name, score, balance, born, email, tags)
		WHERE id <= ? ORDER BY id`, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(people) != 2 {
		t.Fatalf("people = %+v", people)
	}
	ann, bob := people[0], people[1]
	if ann.ID != 1 || ann.Name != "ann" || ann.Score != 9.5 || ann.Balance.String() != "10.25" ||
		!ann.Born.Equal(time.Date(1990, 1, 2, 0, 0, 0, 0, time.UTC)) || ann.Email.String != "ann@example.com" || ann.Tags != "[a, b]" {
		t.Errorf("ann = %+v", ann)
	}
	if bob.Email.Valid || bob.Balance.String() != "0.10" || bob.Tags != "[]" {
		t.Errorf("bob = %+v", bob)
	}
	var count int
	if err := db.Get(&count, "SELECT count(*) FROM range(?)", 5); err != nil || count != 5 {
		t.Errorf("Get = %d, %v", count, err)
	}
}

// scanFirst scans the first row of query into dest; it reads the rows
// itself, since sql.Row refuses sql.RawBytes.
func scanFirst(db *sql.DB, query string, dest ...any) error {
	rows, err := db.Query(query)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Close()
}

// newOf returns a new *T and a function that reads it.
func newOf[T any]() (any, func() any) {
	p := new(T)
	return p, func() any { return *p }
}

// decodeOf returns a Decode destination for a new T and a function that
// reads the T.
func decodeOf[T any]() (any, func() any) {
	p := new(T)
	return stdlib.Decode(p), func() any { return *p }
}

func equalValues(got, want any) bool {
	switch w := want.(type) {
	case time.Time:
		g, ok := got.(time.Time)
		return ok && g.Equal(w) && g.Location() == w.Location()
	case athenatype.Decimal:
		g, ok := got.(athenatype.Decimal)
		return ok && g.String() == w.String()
	}
	return reflect.DeepEqual(got, want)
}
