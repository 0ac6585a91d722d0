package athenaq_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatype"
)

// query runs sql and returns its rows, failing t on error.
func query(t testing.TB, c *athenaq.Client, sql string, args ...any) *athenaq.Rows {
	t.Helper()
	rows, err := c.Query(context.Background(), sql, args...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rows.Close() })
	return rows
}

// collect runs sql and collects its rows with fn, failing t on error.
func collect[T any](t testing.TB, c *athenaq.Client, fn athenaq.RowToFunc[T], sql string, args ...any) []T {
	t.Helper()
	got, err := athenaq.CollectRows(query(t, c, sql, args...), fn)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func ptr[T any](v T) *T { return &v }

func TestErrNoRowsMatchesSQLErrNoRows(t *testing.T) {
	if !errors.Is(athenaq.ErrNoRows, sql.ErrNoRows) {
		t.Error("errors.Is(ErrNoRows, sql.ErrNoRows) is false")
	}
	wrapped := fmt.Errorf("load user: %w", athenaq.ErrNoRows)
	if !errors.Is(wrapped, athenaq.ErrNoRows) || !errors.Is(wrapped, sql.ErrNoRows) {
		t.Errorf("%v does not match ErrNoRows and sql.ErrNoRows", wrapped)
	}
	if got := athenaq.ErrNoRows.Error(); got != "athenaq: no rows in result set" {
		t.Errorf("ErrNoRows = %q", got)
	}
}

func TestQueryRowScansTheFirstRow(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	ctx := context.Background()
	tests := []struct {
		name string
		sql  string
		args []any
		want []any // what the destinations hold after Scan
	}{
		{"extra rows are ignored", "SELECT id, name FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) AS t(id, name) ORDER BY id DESC", nil,
			[]any{int64(3), "c"}},
		{"args reach the query", "SELECT CAST(? AS BIGINT) + 1 AS n, ? AS s", []any{41, "it's"}, []any{int64(42), "it's"}},
		{"NULL into sql.Null and pointer", "SELECT CAST(NULL AS VARCHAR) AS a, CAST(NULL AS BIGINT) AS b", nil,
			[]any{sql.NullString{}, (*int64)(nil)}},
		{"values into sql.Null and pointer", "SELECT 'x' AS a, CAST(9 AS BIGINT) AS b", nil,
			[]any{sql.NullString{String: "x", Valid: true}, ptr(int64(9))}},
		{"a result of many pages", "SELECT range AS x, 'r' || CAST(range AS VARCHAR) AS s FROM range(3000) ORDER BY x DESC", nil,
			[]any{int64(2999), "r2999"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := make([]any, len(tt.want))
			for i, w := range tt.want {
				dest[i] = reflect.New(reflect.TypeOf(w)).Interface()
			}
			row := c.QueryRow(ctx, tt.sql, tt.args...)
			if err := row.Scan(dest...); err != nil {
				t.Fatal(err)
			}
			for i, w := range tt.want {
				if got := reflect.ValueOf(dest[i]).Elem().Interface(); !reflect.DeepEqual(got, w) {
					t.Errorf("column %d = %#v, want %#v", i, got, w)
				}
			}
			// A Row holds values: a second Scan sees the same row.
			again := reflect.New(reflect.TypeOf(tt.want[0]))
			others := make([]any, len(dest))
			copy(others, dest)
			others[0] = again.Interface()
			if err := row.Scan(others...); err != nil || !reflect.DeepEqual(again.Elem().Interface(), tt.want[0]) {
				t.Errorf("second Scan = %#v, %v", again.Elem().Interface(), err)
			}
		})
	}
}

func TestQueryRowScanErrors(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	ctx := context.Background()
	var n int64
	var s string
	err := c.QueryRow(ctx, "SELECT 1 AS a, 2 AS b").Scan(&n)
	if err == nil || !strings.Contains(err.Error(), "1 destinations for 2 columns") {
		t.Errorf("Scan of 2 columns into 1 destination: %v", err)
	}
	err = c.QueryRow(ctx, "SELECT CAST(NULL AS VARCHAR) AS maybe").Scan(&s)
	if err == nil || !strings.Contains(err.Error(), `"maybe"`) {
		t.Errorf("NULL into *string: %v", err)
	}
}

func TestQueryRowOfAnEmptyResultIsErrNoRows(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	var n int64
	err := c.QueryRow(context.Background(), "SELECT 1 AS x WHERE false").Scan(&n)
	if !errors.Is(err, athenaq.ErrNoRows) || !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("Scan = %v, want ErrNoRows matching sql.ErrNoRows", err)
	}
	if err == nil || err.Error() != "athenaq: no rows in result set" {
		t.Errorf("Scan error text = %v", err)
	}
}

func TestQueryRowReturnsTheQueryError(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	var n int64

	err := c.QueryRow(context.Background(), "SELECT * FROM no_such_table").Scan(&n)
	var qe *athenaq.QueryError
	if !errors.As(err, &qe) || qe.State != athenaq.StateFailed || !strings.HasPrefix(qe.Message, "TABLE_NOT_FOUND") || qe.QueryID == "" {
		t.Errorf("failed query: Scan = %#v", err)
	}
	if errors.Is(err, athenaq.ErrNoRows) {
		t.Error("a failed query matches ErrNoRows")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err = c.QueryRow(ctx, longQuery).Scan(&n)
	qe = nil
	if !errors.As(err, &qe) || qe.QueryID == "" || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("cancelled query: Scan = %#v", err)
	}

	closed, _ := open(t, athenaq.Config{})
	closed.Close()
	if err := closed.QueryRow(context.Background(), "SELECT 1").Scan(&n); !errors.Is(err, athenaq.ErrClosed) {
		t.Errorf("closed client: Scan = %v, want ErrClosed", err)
	}
}

func TestCollectRows(t *testing.T) {
	c, _ := open(t, athenaq.Config{})

	t.Run("RowTo across pages", func(t *testing.T) {
		got := collect(t, c, athenaq.RowTo[int64], "SELECT range AS x FROM range(2500) ORDER BY x")
		if len(got) != 2500 {
			t.Fatalf("%d rows, want 2500", len(got))
		}
		for i, v := range got {
			if v != int64(i) {
				t.Fatalf("row %d = %d", i, v)
			}
		}
	})
	t.Run("RowTo converts", func(t *testing.T) {
		got := collect(t, c, athenaq.RowTo[string], "SELECT x FROM (VALUES (DECIMAL '1.50'), (DECIMAL '2.25')) AS t(x) ORDER BY x")
		if !reflect.DeepEqual(got, []string{"1.50", "2.25"}) {
			t.Errorf("got %q", got)
		}
	})
	t.Run("RowTo of NULL into sql.NullInt64", func(t *testing.T) {
		got := collect(t, c, athenaq.RowTo[sql.NullInt64], "SELECT x FROM (VALUES (CAST(5 AS BIGINT)), (NULL)) AS t(x) ORDER BY x NULLS LAST")
		if want := []sql.NullInt64{{Int64: 5, Valid: true}, {}}; !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v, want %+v", got, want)
		}
	})
	t.Run("RowToAddrOf", func(t *testing.T) {
		got := collect(t, c, athenaq.RowToAddrOf[int32], "SELECT x FROM (VALUES (7), (8)) AS t(x) ORDER BY x")
		if len(got) != 2 || *got[0] != 7 || *got[1] != 8 {
			t.Errorf("got %v", got)
		}
	})
	t.Run("RowToMap", func(t *testing.T) {
		got := collect(t, c, athenaq.RowToMap, "SELECT * FROM (VALUES (1, 'a'), (2, NULL)) AS t(id, name) ORDER BY id")
		want := []map[string]any{{"id": int32(1), "name": "a"}, {"id": int32(2), "name": nil}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %#v, want %#v", got, want)
		}
	})
	t.Run("empty result", func(t *testing.T) {
		got := collect(t, c, athenaq.RowTo[int64], "SELECT 1 AS x WHERE false")
		if got == nil || len(got) != 0 {
			t.Errorf("got %#v, want an empty non-nil slice", got)
		}
	})
	t.Run("stops at the first error and closes rows", func(t *testing.T) {
		rows := query(t, c, "SELECT range AS x FROM range(2500) ORDER BY x")
		stop := errors.New("stop")
		calls := 0
		got, err := athenaq.CollectRows(rows, func(row athenaq.CollectableRow) (int64, error) {
			calls++
			if calls == 3 {
				return 0, stop
			}
			return athenaq.RowTo[int64](row)
		})
		if got != nil || !errors.Is(err, stop) || calls != 3 {
			t.Errorf("CollectRows = %v, %v after %d calls", got, err, calls)
		}
		if rows.Next() {
			t.Error("rows still open after CollectRows")
		}
	})
	t.Run("a context that ends while reading", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		rows, err := c.Query(ctx, "SELECT range AS x FROM range(5000)")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		got, err := athenaq.CollectRows(rows, func(row athenaq.CollectableRow) (int64, error) {
			if n++; n == 10 {
				cancel()
			}
			return athenaq.RowTo[int64](row)
		})
		if got != nil || !errors.Is(err, context.Canceled) {
			t.Errorf("CollectRows = %d rows, %v; want context.Canceled", len(got), err)
		}
	})
	t.Run("nil rows", func(t *testing.T) {
		if _, err := athenaq.CollectRows[int64](nil, athenaq.RowTo[int64]); err == nil {
			t.Error("no error")
		}
	})
}

func TestCollectOneRow(t *testing.T) {
	c, _ := open(t, athenaq.Config{})

	rows := query(t, c, "SELECT id, name FROM (VALUES (2, 'b'), (1, 'a'), (3, 'c')) AS t(id, name) ORDER BY id")
	p, err := athenaq.CollectOneRow(rows, athenaq.RowToStructByName[named])
	if err != nil || p != (named{ID: 1, Name: "a"}) {
		t.Errorf("CollectOneRow = %+v, %v", p, err)
	}
	if rows.Next() {
		t.Error("rows still open after CollectOneRow")
	}

	rows = query(t, c, "SELECT 1 AS id, 'x' AS name WHERE false")
	p, err = athenaq.CollectOneRow(rows, athenaq.RowToStructByName[named])
	if !errors.Is(err, athenaq.ErrNoRows) || !errors.Is(err, sql.ErrNoRows) || p != (named{}) {
		t.Errorf("empty result: CollectOneRow = %+v, %v; want ErrNoRows matching sql.ErrNoRows", p, err)
	}

	rows = query(t, c, "SELECT 1 AS id, 'x' AS name, 2 AS extra")
	if _, err := athenaq.CollectOneRow(rows, athenaq.RowToStructByName[named]); err == nil || !strings.Contains(err.Error(), `"extra"`) {
		t.Errorf("mismatch: CollectOneRow = %v", err)
	}
}

// named is a struct whose fields are found by name.
type named struct {
	ID   int64
	Name string
}

type tagged struct {
	UserID   int64 `db:"user_id"`
	FullName string
	Skipped  string `db:"-"`
	//lint:ignore U1000 an unexported field, which the mapping must skip
	internal string
}

type nullable struct {
	Email *string
	Age   *int32
	Score sql.NullFloat64
	Note  sql.NullString
	Seen  sql.NullTime
	Tags  *[]any
}

type Audit struct {
	Created time.Time
	By      string `db:"created_by"`
}

type Extra struct{ Region string }

type location struct{ City string }

type embedded struct {
	ID int64
	Audit
	*Extra
	location // unexported, but its exported fields are reachable
}

type shadowing struct {
	ID int64 // hides Inner.ID
	Inner
}

type Inner struct {
	ID    int64
	Label string
}

// Tree embeds a pointer to itself, which is not flattened.
type Tree struct {
	*Tree
	Value int
}

type converted struct {
	Small  int16
	Text   string // from a bigint
	Amount athenatype.Decimal
	Ratio  float32
	When   time.Time
	Flag   bool
}

func TestRowToStructByName(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	tests := []struct {
		name string
		run  func(t *testing.T) (got, want any)
	}{
		{"db tag and case-insensitive names", func(t *testing.T) (any, any) {
			got := collect(t, c, athenaq.RowToStructByName[tagged], `SELECT 'Ann' AS "FULLNAME", 7 AS user_id`)
			return got, []tagged{{UserID: 7, FullName: "Ann"}}
		}},
		{"NULLs into pointers and sql.Null types", func(t *testing.T) (any, any) {
			got := collect(t, c, athenaq.RowToStructByName[nullable], `SELECT CAST(NULL AS VARCHAR) AS email, CAST(NULL AS INTEGER) AS age,
				CAST(NULL AS DOUBLE) AS score, CAST(NULL AS VARCHAR) AS note, CAST(NULL AS TIMESTAMP) AS seen, CAST(NULL AS ARRAY(INTEGER)) AS tags`)
			return got, []nullable{{}}
		}},
		{"values into pointers and sql.Null types", func(t *testing.T) (any, any) {
			got := collect(t, c, athenaq.RowToStructByName[nullable], `SELECT 'a@b.c' AS email, 40 AS age, 0.5e0 AS score, 'n' AS note,
				TIMESTAMP '2026-01-02 03:04:05' AS seen, ARRAY[1, 2] AS tags`)
			return got, []nullable{{Email: ptr("a@b.c"), Age: ptr(int32(40)), Score: sql.NullFloat64{Float64: 0.5, Valid: true},
				Note: sql.NullString{String: "n", Valid: true}, Seen: sql.NullTime{Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Valid: true},
				Tags: &[]any{"1", "2"}}}
		}},
		{"embedded structs are flattened", func(t *testing.T) (any, any) {
			got := collect(t, c, athenaq.RowToStructByName[embedded], `SELECT 'Oslo' AS city, 'eu' AS region, 'ops' AS created_by,
				TIMESTAMP '2026-05-06 07:08:09' AS created, 3 AS id`)
			want := embedded{ID: 3, Audit: Audit{Created: time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC), By: "ops"}, Extra: &Extra{Region: "eu"}}
			want.City = "Oslo"
			return got, []embedded{want}
		}},
		{"a field hides the embedded field of its name", func(t *testing.T) (any, any) {
			got := collect(t, c, athenaq.RowToStructByName[shadowing], "SELECT 1 AS id, 'l' AS label")
			return got, []shadowing{{ID: 1, Inner: Inner{Label: "l"}}}
		}},
		{"a struct that embeds a pointer to itself", func(t *testing.T) (any, any) {
			got := collect(t, c, athenaq.RowToStructByName[Tree], "SELECT 5 AS value")
			return got, []Tree{{Value: 5}}
		}},
		{"values convert as Rows.Scan converts them", func(t *testing.T) (any, any) {
			got := collect(t, c, athenaq.RowToStructByName[converted], `SELECT CAST(12 AS TINYINT) AS small, CAST(99 AS BIGINT) AS text,
				DECIMAL '3.10' AS amount, 0.25e0 AS ratio, DATE '2026-02-03' AS "when", true AS flag`)
			return got, []converted{{Small: 12, Text: "99", Amount: athenatype.NewDecimal(310, 2), Ratio: 0.25,
				When: time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC), Flag: true}}
		}},
		{"the same type over other column lists", func(t *testing.T) (any, any) {
			var got []named
			for _, sql := range []string{"SELECT 1 AS id, 'a' AS name", "SELECT 'b' AS name, 2 AS id", "SELECT 3 AS id, 'c' AS name"} {
				got = append(got, collect(t, c, athenaq.RowToStructByName[named], sql)...)
			}
			return got, []named{{1, "a"}, {2, "b"}, {3, "c"}}
		}},
		{"RowToAddrOfStructByName", func(t *testing.T) (any, any) {
			got := collect(t, c, athenaq.RowToAddrOfStructByName[named], "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(id, name) ORDER BY id")
			return got, []*named{{1, "a"}, {2, "b"}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, want := tt.run(t)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

type positional struct {
	A       int64
	Skipped string `db:"-"`
	//lint:ignore U1000 an unexported field, which the mapping must skip
	hidden string
	Audit
	Z *string
}

func TestRowToStructByPos(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	// Names do not matter: only the order does.
	got := collect(t, c, athenaq.RowToStructByPos[positional], `SELECT 1 AS x, TIMESTAMP '2026-01-01 00:00:00' AS y, 'me' AS z, CAST(NULL AS VARCHAR) AS w`)
	want := []positional{{A: 1, Audit: Audit{Created: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), By: "me"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("RowToStructByPos = %+v, want %+v", got, want)
	}
	ptrs := collect(t, c, athenaq.RowToAddrOfStructByPos[named], "SELECT * FROM (VALUES (2, 'b'), (1, 'a')) AS t(x, y) ORDER BY x")
	if len(ptrs) != 2 || *ptrs[0] != (named{1, "a"}) || *ptrs[1] != (named{2, "b"}) {
		t.Errorf("RowToAddrOfStructByPos = %+v", ptrs)
	}
}

type twoEmbedded struct {
	Inner
	Other
}

type Other struct{ Label string }

type unexportedOnly struct {
	//lint:ignore U1000 an unexported field, which the mapping must skip
	x int
}

type oddFields struct {
	Ch    chan int
	Fn    func()
	Iface fmt.Stringer
}

func TestRowToErrorsNameTheMismatch(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	tests := []struct {
		name string
		sql  string
		fn   func(athenaq.CollectableRow) error
		want []string // substrings of the error
	}{
		{"a column no field takes", "SELECT 1 AS id, 'a' AS name, 2 AS extra", rowErr(athenaq.RowToStructByName[named]),
			[]string{`RowToStructByName[athenaq_test.named]`, `column "extra" matches no field`}},
		{"a field no column fills", "SELECT 1 AS user_id", rowErr(athenaq.RowToStructByName[tagged]),
			[]string{`athenaq_test.tagged`, "no column fills field FullName", "(columns: user_id)"}},
		{"fields no column fills", "SELECT 1 AS id", rowErr(athenaq.RowToAddrOfStructByName[embedded]),
			[]string{`RowToAddrOfStructByName[athenaq_test.embedded]`, "no column fills fields Audit.Created, Audit.By, Extra.Region, location.City (columns: id)"}},
		{"T is not a struct", "SELECT 1 AS id", rowErr(athenaq.RowToStructByName[int64]), []string{"int64 is not a struct"}},
		{"T is a pointer", "SELECT 1 AS id", rowErr(athenaq.RowToStructByName[*named]), []string{"*athenaq_test.named is not a struct"}},
		{"T is an interface", "SELECT 1 AS id", rowErr(athenaq.RowToStructByPos[any]), []string{"interface {} is not a struct"}},
		{"unexported fields are not filled", "SELECT 1 AS x", rowErr(athenaq.RowToStructByName[unexportedOnly]),
			[]string{`RowToStructByName[athenaq_test.unexportedOnly]: column "x" matches no field`}},
		{"a column two embedded fields take", "SELECT 1 AS id, 'l' AS label", rowErr(athenaq.RowToStructByName[twoEmbedded]),
			[]string{`column "label" matches fields Inner.Label, Other.Label`}},
		{"two columns of one name", "SELECT 1 AS id, 'a' AS name, 2 AS id", rowErr(athenaq.RowToStructByName[named]),
			[]string{`columns 0 and 2 ("id") both fill field ID`}},
		{"NULL into a plain field", "SELECT 1 AS id, CAST(NULL AS VARCHAR) AS name", rowErr(athenaq.RowToStructByName[named]),
			[]string{`column "name" into field Name`, "NULL into *string"}},
		{"a value that does not convert", "SELECT 'abc' AS id, 'a' AS name", rowErr(athenaq.RowToStructByName[named]),
			[]string{`column "id" into field ID`, `"abc"`}},
		{"fields that take no value", "SELECT 1 AS ch, 2 AS fn, 3 AS iface", rowErr(athenaq.RowToStructByName[oddFields]),
			[]string{`column "ch" into field Ch`}},
		{"more fields than columns by position", "SELECT 1 AS a", rowErr(athenaq.RowToStructByPos[named]),
			[]string{"RowToStructByPos[athenaq_test.named]: 2 fields (ID, Name) for 1 column (a)"}},
		{"more columns than fields by position", "SELECT 1 AS a, 'b' AS b, 3 AS c", rowErr(athenaq.RowToAddrOfStructByPos[named]),
			[]string{"RowToAddrOfStructByPos[athenaq_test.named]: 2 fields (ID, Name) for 3 columns (a, b, c)"}},
		{"RowTo of two columns", "SELECT 1 AS a, 2 AS b", rowErr(athenaq.RowTo[int64]), []string{"RowTo[int64]: 2 columns (a, b), want 1"}},
		{"RowToAddrOf of two columns", "SELECT 1 AS a, 2 AS b", rowErr(athenaq.RowToAddrOf[int64]), []string{"RowToAddrOf[int64]: 2 columns (a, b), want 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := query(t, c, tt.sql)
			if !rows.Next() {
				t.Fatal(rows.Err())
			}
			err := tt.fn(rows)
			if err == nil {
				t.Fatalf("no error, want one containing %q", tt.want)
			}
			t.Log(err)
			if !strings.HasPrefix(err.Error(), "athenaq: ") {
				t.Errorf("error %q lacks the athenaq: prefix", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// rowErr adapts a RowToFunc to return its error alone.
func rowErr[T any](fn athenaq.RowToFunc[T]) func(athenaq.CollectableRow) error {
	return func(row athenaq.CollectableRow) error {
		_, err := fn(row)
		return err
	}
}

// TestRowToStructByNameUnderConcurrentColumnLists collects one type from
// results with other column orders at once: each result gets its own
// mapping, whatever the other goroutines use.
func TestRowToStructByNameUnderConcurrentColumnLists(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	queries := []string{
		"SELECT range AS id, 'n' || CAST(range AS VARCHAR) AS name FROM range(1500) ORDER BY id",
		"SELECT 'n' || CAST(range AS VARCHAR) AS name, range AS id FROM range(1500) ORDER BY id",
	}
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Go(func() {
			rows, err := c.Query(context.Background(), queries[g%2])
			if err != nil {
				t.Error(err)
				return
			}
			got, err := athenaq.CollectRows(rows, athenaq.RowToStructByName[named])
			if err != nil || len(got) != 1500 {
				t.Errorf("goroutine %d: %d rows, %v", g, len(got), err)
				return
			}
			for i, p := range got {
				if p.ID != int64(i) || p.Name != fmt.Sprintf("n%d", i) {
					t.Errorf("goroutine %d: row %d = %+v", g, i, p)
					return
				}
			}
		})
	}
	wg.Wait()
}

// event is a realistic row: ids, text, a timestamp, a decimal, a double,
// a boolean and nullable columns.
type event struct {
	ID       int64  `db:"event_id"`
	Account  string `db:"account_id"`
	Kind     string
	At       time.Time `db:"occurred_at"`
	Amount   athenatype.Decimal
	Score    float64
	Billable bool
	Note     *string
	Region   sql.NullString
}

const eventQuery = `SELECT CAST(range AS BIGINT) AS event_id, 'acct-' || CAST(range % 97 AS VARCHAR) AS account_id, 'purchase' AS kind,
	TIMESTAMP '2026-01-02 03:04:05.678' AS occurred_at, DECIMAL '123.45' AS amount, 0.75e0 AS score, true AS billable,
	CAST(NULL AS VARCHAR) AS note, 'eu-west-1' AS region FROM range(10)`

// BenchmarkRowToStructByName maps one realistic row (nine columns) into a
// struct, decoding included; Scan is the hand-written baseline.
func BenchmarkRowToStructByName(b *testing.B) {
	c, _ := open(b, athenaq.Config{})
	rows := query(b, c, eventQuery)
	if !rows.Next() {
		b.Fatal(rows.Err())
	}
	b.Run("RowToStructByName", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := athenaq.RowToStructByName[event](rows); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Scan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var e event
			if err := rows.Scan(&e.ID, &e.Account, &e.Kind, &e.At, &e.Amount, &e.Score, &e.Billable, &e.Note, &e.Region); err != nil {
				b.Fatal(err)
			}
		}
	})
}
