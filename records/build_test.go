package records

import (
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/athenaq/athenaq/athenatype"
)

// columnTextNull stands for NULL in checkColumnText's texts.
const columnTextNull = "\x00NULL"

// TestColumnText converts Athena's text of types that the emulator cannot
// produce (interval year to month, ipaddress, time with time zone, time and
// timestamp precisions above 3), and text that must be refused.
func TestColumnText(t *testing.T) {
	null := columnTextNull
	cases := []struct {
		name    string
		typ     string   // the column's full Athena type
		texts   []string // null for NULL
		arrow   string   // the Arrow type expected
		want    string   // array.FromJSON of the values expected
		wantErr string   // instead, an error containing this
	}{
		{name: "interval year to month", typ: "interval year to month", texts: []string{"1-2", null, "-0-3", "0-0"},
			arrow: "month_interval", want: `[{"months": 14}, null, {"months": -3}, {"months": 0}]`},
		{name: "ipaddress", typ: "ipaddress", texts: []string{"10.0.0.1", "2001:db8::1", null, "::ffff:1.2.3.4"},
			arrow: "utf8", want: `["10.0.0.1", "2001:db8::1", null, "::ffff:1.2.3.4"]`},
		{name: "ipaddress refused", typ: "ipaddress", texts: []string{"10.0.0"}, wantErr: `cannot decode "10.0.0" as ipaddress`},
		{name: "time with time zone", typ: "time with time zone", texts: []string{"01:02:03.456+05:30", null},
			arrow: "utf8", want: `["01:02:03.456+05:30", null]`},
		{name: "time(6)", typ: "time(6)", texts: []string{"01:02:03.456789", null}, arrow: "time64[us]", want: `["01:02:03.456789", null]`},
		{name: "time(9)", typ: "time(9)", texts: []string{"23:59:59.999999999"}, arrow: "time64[ns]", want: `["23:59:59.999999999"]`},
		{name: "timestamp(6)", typ: "timestamp(6)", texts: []string{"2024-01-02 03:04:05.123456", null},
			arrow: "timestamp[us]", want: `["2024-01-02T03:04:05.123456", null]`},
		{name: "timestamp finer than its precision", typ: "timestamp", texts: []string{"2024-01-02 03:04:05.123456"},
			wantErr: "more fraction digits than timestamp holds"},
		{name: "timestamp(9) out of range", typ: "timestamp(9)", texts: []string{"2300-01-01 00:00:00.000"},
			wantErr: "out of the range of timestamp[ns]"},
		{name: "decimal exponent", typ: "decimal(10,2)", texts: []string{"1.5E3", "0E-2", "-1E-2"}, arrow: "decimal(10, 2)",
			want: `["1500.00", "0.00", "-0.01"]`},
		{name: "decimal zeros beyond the scale", typ: "decimal(10,2)", texts: []string{"1.500", "+7"}, arrow: "decimal(10, 2)",
			want: `["1.50", "7.00"]`},
		{name: "decimal too precise", typ: "decimal(10,2)", texts: []string{"1.505"}, wantErr: "more than 2 fraction digits"},
		{name: "decimal too large", typ: "decimal(4,2)", texts: []string{"100.00"}, wantErr: "does not fit in decimal(4,2)"},
		{name: "decimal of 38 digits", typ: "decimal(38,0)", texts: []string{"-99999999999999999999999999999999999999"},
			arrow: "decimal(38, 0)", want: `["-99999999999999999999999999999999999999"]`},
		{name: "decimal of 39 digits", typ: "decimal(38,0)", texts: []string{"999999999999999999999999999999999999999"},
			wantErr: "does not fit"},
		{name: "decimal garbage", typ: "decimal(10,2)", texts: []string{"1.2.3"}, wantErr: "1.2.3"},
		{name: "varbinary", typ: "varbinary", texts: []string{"de ad be ef", "", null}, arrow: "binary", want: `["3q2+7w==", "", null]`},
		{name: "varbinary refused", typ: "varbinary", texts: []string{"0x1"}, wantErr: "want hex bytes"},
		{name: "double", typ: "double", texts: []string{"1.0E20", "-Infinity", "4.9E-324"}, arrow: "float64",
			want: `[1e20, "-Inf", 5e-324]`},
		{name: "integer out of range", typ: "integer", texts: []string{"2147483648"}, wantErr: "32-bit integer"},
		{name: "boolean refused", typ: "boolean", texts: []string{"TRUE"}, wantErr: "as boolean"},
		{name: "uuid refused", typ: "uuid", texts: []string{"not-a-uuid"}, wantErr: "uuid"},
		{name: "unknown type is text", typ: "hyperloglog", texts: []string{"AgwBAIA="}, arrow: "utf8", want: `["AgwBAIA="]`},
		{name: "nested varbinary is text", typ: "array(varbinary)", texts: []string{"[[B@1f2e3d, null]"},
			arrow: "list<element: utf8, nullable>", want: `[["[B@1f2e3d", null]]`},
		{name: "nested dates and decimals", typ: "map(date, array(decimal(5,1)))",
			texts: []string{"{2024-01-02=[1.5, null], 1969-12-31=[]}", null},
			arrow: "map<date32, list<element: decimal(5, 1), nullable>, items_nullable>",
			want:  `[[{"key": "2024-01-02", "value": ["1.5", null]}, {"key": "1969-12-31", "value": []}], null]`},
		{name: "unnamed row", typ: "row(integer, varchar)", texts: []string{"{1, a}"},
			arrow: "struct<field0: int32, field1: utf8>", want: `[{"field0": 1, "field1": "a"}]`},
		{name: "row of json and uuid", typ: "row(j json, u uuid, i interval day to second)",
			texts: []string{`{j={"a":1}, u=12151fd2-7586-11e9-8f9e-2a86e4085a59, i=1 00:00:00.001}`},
			arrow: "struct<j: utf8, u: extension<arrow.uuid>, i: duration[ms]>",
			want:  `[{"j": "{\"a\":1}", "u": "12151fd2-7586-11e9-8f9e-2a86e4085a59", "i": 86400001}]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			typ, err := athenatype.ParseSignature(tc.typ)
			if err != nil {
				t.Fatal(err)
			}
			checkColumnText(t, typ, tc.texts, tc.arrow, tc.want, tc.wantErr)
		})
	}
}

// checkColumnText appends texts (columnTextNull for NULL) to a column of
// type typ and checks the Arrow type and values (array.FromJSON of wantJSON),
// or that an error containing wantErr stops it.
func checkColumnText(t *testing.T, typ *athenatype.Type, texts []string, wantArrow, wantJSON, wantErr string) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dt, err := arrowType(typ, false)
	if err != nil {
		t.Fatal(err)
	}
	b := array.NewBuilder(mem, dt)
	defer b.Release()
	col, err := newColumn("c", typ, b)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range texts {
		if s == columnTextNull {
			col.appendNull()
			continue
		}
		if err = col.text(s); err != nil {
			break
		}
	}
	got := b.NewArray()
	defer got.Release()
	if wantErr != "" {
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Fatalf("err = %v, want one containing %q", err, wantErr)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if dt.String() != wantArrow {
		t.Errorf("Arrow type %s, want %s", dt, wantArrow)
	}
	want, _, err := array.FromJSON(mem, dt, strings.NewReader(wantJSON))
	if err != nil {
		t.Fatalf("expected values %s: %v", wantJSON, err)
	}
	defer want.Release()
	if !array.Equal(got, want) {
		t.Errorf("got %s, want %s", got, want)
	}
}
