package athenatype_test

import (
	"fmt"
	"time"

	"github.com/athenaq/athenaq/athenatype"
)

func ExampleParseSignature() {
	t, err := athenatype.ParseSignature("array<struct<id:int,tags:map<string,bigint>>>")
	if err != nil {
		panic(err)
	}
	fmt.Println(t)
	fmt.Println(t.Elem.Fields[1].Name, t.Elem.Fields[1].Type.Value.Name)

	d, _ := athenatype.ParseSignature("DECIMAL(10, 2)")
	fmt.Println(d.Name, d.Precision, d.Scale)

	_, err = athenatype.ParseSignature("map(varchar bigint)")
	fmt.Println(err)
	// Output:
	// array(row(id integer, tags map(varchar, bigint)))
	// tags bigint
	// decimal 10 2
	// athenatype: signature "map(varchar bigint)": offset 12: expected ",", found "bigint"
}

func ExampleNewDecoder() {
	// ColumnInfo reports only "array"; the hint gives the element type.
	hint, _ := athenatype.ParseSignature("array(row(a integer, b varchar))")
	dec, err := athenatype.NewDecoder("array", hint)
	if err != nil {
		panic(err)
	}
	v, _ := dec.Decode("[{a=1, b=x, y}, {a=2, b=null}]")
	for _, e := range v.([]any) {
		row := e.(athenatype.Row)
		a, _ := row.Field("a")
		b, _ := row.Field("b")
		fmt.Printf("%T %v, %q\n", a, a, b)
	}

	// Without a hint, inner values are strings.
	dec, _ = athenatype.NewDecoder("map", nil)
	m, _ := dec.Decode("{k=[1, 2], k2=null}")
	fmt.Printf("%q\n", m)

	dec, _ = athenatype.NewDecoder("timestamp with time zone", nil)
	ts, _ := dec.Decode("2026-09-17 12:34:56.789 +05:30")
	fmt.Println(ts.(time.Time).Format(time.RFC3339Nano))
	// Output:
	// int32 1, "x, y"
	// int32 2, %!q(<nil>)
	// [{"k" ["1" "2"]} {"k2" <nil>}]
	// 2026-09-17T12:34:56.789+05:30
}

func ExampleLiteral() {
	for _, v := range []any{
		"it's",
		int64(-7),
		1.5,
		[]byte{1, 0xff},
		time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.UTC),
		athenatype.Date{Year: 2026, Month: time.January, Day: 2},
		90 * time.Minute,
		athenatype.Months(14),
		[]string{"a", "b"},
		athenatype.Map{{Key: "k", Value: 1}},
		nil,
	} {
		lit, err := athenatype.Literal(v)
		if err != nil {
			panic(err)
		}
		fmt.Println(lit)
	}
	// Output:
	// 'it''s'
	// -7
	// DOUBLE '1.5'
	// X'01FF'
	// TIMESTAMP '2026-01-02 03:04:05.123456'
	// DATE '2026-01-02'
	// INTERVAL '0 01:30:00.000' DAY TO SECOND
	// INTERVAL '1-2' YEAR TO MONTH
	// ARRAY['a', 'b']
	// MAP(ARRAY['k'], ARRAY[1])
	// NULL
}

func ExampleHiveString() {
	fmt.Println(athenatype.HiveString(`s3://bucket/it's\x`))
	// Output:
	// 's3://bucket/it\u0027s\\x'
}
