package athenatype_test

import (
	"errors"
	"fmt"

	"github.com/athenaq/athenaq/athenatype"
)

func ExampleNewDuckDBDecoder() {
	// ColumnInfo of Athena's DuckDB engine names the whole type; the text
	// is DuckDB 1.5.6's CAST(... AS VARCHAR) of
	// {'id': 1, 'tags': ['a, b', 'it''s', NULL], 'span': INTERVAL '1 month 2 days 03:00:00'}.
	dec, err := athenatype.NewDuckDBDecoder("STRUCT(id HUGEINT, tags VARCHAR[], span INTERVAL)")
	if err != nil {
		panic(err)
	}
	v, err := dec.Decode(`{'id': 1, 'tags': ['a, b', 'it\'s', NULL], 'span': '1 month 2 days 03:00:00'}`)
	if err != nil {
		panic(err)
	}
	for _, f := range v.(athenatype.Row) {
		fmt.Printf("%s: %T %#v\n", f.Name, f.Value, f.Value)
	}
	fmt.Println(dec.Type())

	ts, _ := athenatype.NewDuckDBDecoder("timestamptz")
	_, err = ts.Decode("infinity")
	fmt.Println(errors.Is(err, athenatype.ErrInfinity), err)
	// Output:
	// id: *big.Int 1
	// tags: []interface {} []interface {}{"a, b", "it's", interface {}(nil)}
	// span: athenatype.Interval athenatype.Interval{Months:1, Days:2, Duration:10800000000000}
	// STRUCT(id HUGEINT, tags VARCHAR[], span INTERVAL)
	// true athenatype: cannot decode "infinity" as TIMESTAMP WITH TIME ZONE: infinite date or timestamp
}
