package records

import (
	"math/big"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/athenaq/athenaq/athenatype"
)

// FuzzDecimalFromText checks the decimal parser against athenatype's: a
// text that it accepts has the same value, and a value that fits
// decimal(38,9) is accepted.
func FuzzDecimalFromText(f *testing.F) {
	for _, s := range []string{"12.50", "-0.05", "0E-9", "1.5E3", "+7", ".5", "1.", "-", "", "1e999999999",
		"12345678901234567890123456789.123456789", "99999999999999999999999999999.9999999990", "0.0000000001"} {
		f.Add(s)
	}
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(9), nil))
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(38), nil)
	f.Fuzz(func(t *testing.T, text string) {
		n, err := decimalFromText(text, 38, 9)
		d, perr := athenatype.ParseDecimal(text)
		if err == nil {
			if perr != nil {
				t.Fatalf("decimalFromText(%q) = %s, but athenatype refuses it: %v", text, n.ToString(9), perr)
			}
			got := new(big.Rat).SetFrac(n.BigInt(), scale.Num())
			if got.Cmp(d.Rat()) != 0 {
				t.Fatalf("decimalFromText(%q) = %s, want %s", text, got.FloatString(9), d)
			}
			return
		}
		if perr != nil {
			return
		}
		scaled := new(big.Rat).Mul(d.Rat(), scale)
		if scaled.IsInt() && new(big.Int).Abs(scaled.Num()).Cmp(limit) < 0 {
			t.Fatalf("decimalFromText(%q): %v, but %s fits decimal(38,9)", text, err, d)
		}
	})
}

// FuzzColumnText feeds any text to the column of each type: it is appended
// or refused with an error, never a panic, and the builder stays usable.
func FuzzColumnText(f *testing.F) {
	types := []string{"boolean", "tinyint", "integer", "bigint", "real", "double", "decimal(10,2)", "varchar", "varbinary",
		"date", "time", "time(9)", "timestamp", "timestamp(6)", "timestamp with time zone", "interval day to second",
		"interval year to month", "json", "uuid", "ipaddress", "array(integer)", "map(varchar, array(double))",
		"row(a integer, b row(c date, d varbinary))", "array(timestamp with time zone)", "array(uuid)"}
	for _, s := range []string{"1", "-1", "true", "1.5", "00 ff", "2024-01-02", "12:34:56.789", "2024-01-02 03:04:05.678",
		"2024-01-02 03:04:05.678 UTC", "2 00:00:00.000", "1-2", "{}", "[1, null]", "{a=[1.5], b=null}",
		"{a=1, b={c=2024-01-02, d=[B@1f}}", "12151fd2-7586-11e9-8f9e-2a86e4085a59", "::1", "[2024-01-02 03:04:05.678 Europe/Paris]"} {
		for i := range types {
			f.Add(uint8(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, text string) {
		typ, err := athenatype.ParseSignature(types[int(which)%len(types)])
		if err != nil {
			t.Fatal(err)
		}
		dt, err := arrowType(typ, false)
		if err != nil {
			t.Fatal(err)
		}
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		b := array.NewBuilder(mem, dt)
		defer b.Release()
		col, err := newColumn("c", typ, b)
		if err != nil {
			t.Fatal(err)
		}
		if err := col.text(text); err != nil {
			return
		}
		if b.Len() != 1 {
			t.Fatalf("%s %q: builder holds %d values after one append", typ, text, b.Len())
		}
		a := b.NewArray()
		defer a.Release()
		if a.Len() != 1 || a.IsNull(0) {
			t.Fatalf("%s %q: appended %s", typ, text, a)
		}
	})
}
