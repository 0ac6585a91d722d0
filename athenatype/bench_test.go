package athenatype

import "testing"

func benchmarkDecode(b *testing.B, col, hint, text string) {
	var h *Type
	if hint != "" {
		var err error
		if h, err = ParseSignature(hint); err != nil {
			b.Fatal(err)
		}
	}
	d, err := NewDecoder(col, h)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := d.Decode(text); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := d.Decode(text); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeBigint(b *testing.B) { benchmarkDecode(b, "bigint", "", "9223372036854775807") }
func BenchmarkDecodeDouble(b *testing.B) { benchmarkDecode(b, "double", "", "0.30000000000000004") }
func BenchmarkDecodeTimestamp(b *testing.B) {
	benchmarkDecode(b, "timestamp", "", "2026-09-17 12:34:56.789")
}
func BenchmarkDecodeTimestampZone(b *testing.B) {
	benchmarkDecode(b, "timestamp with time zone", "", "2026-09-17 12:34:56.789 +05:30")
}
func BenchmarkDecodeDecimal(b *testing.B) { benchmarkDecode(b, "decimal", "", "12345.67") }
func BenchmarkDecodeVarchar(b *testing.B) {
	benchmarkDecode(b, "varchar", "", "a varchar value of moderate length")
}

// Five elements, three of them above 255 (Go boxes smaller integers
// without allocating): 1 backing array + 1 boxed slice + 3 boxed elements.
func BenchmarkDecodeArrayInteger(b *testing.B) {
	benchmarkDecode(b, "array", "array(integer)", "[1, 2, 300, 4000, 50000]")
}

func BenchmarkDecodeArrayRowHinted(b *testing.B) {
	benchmarkDecode(b, "array", "array(row(a integer, b varchar))", "[{a=1, b=x}, {a=2, b=null}, {a=3, b=yz}]")
}

func BenchmarkDecodeMapNoHint(b *testing.B) {
	benchmarkDecode(b, "map", "", "{a=1, b=2, c=[x, y], d=null}")
}

// benchmarkDecodeBytes measures DecodeBytes; scalars should make one
// allocation, for boxing the result in an any.
func benchmarkDecodeBytes(b *testing.B, col, text string) {
	d, err := NewDecoder(col, nil)
	if err != nil {
		b.Fatal(err)
	}
	field := []byte(text)
	if _, err := d.DecodeBytes(field); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(field)))
	for b.Loop() {
		if _, err := d.DecodeBytes(field); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeBytesInteger(b *testing.B) { benchmarkDecodeBytes(b, "integer", "1234567") }
func BenchmarkDecodeBytesBigint(b *testing.B) {
	benchmarkDecodeBytes(b, "bigint", "9223372036854775807")
}
func BenchmarkDecodeBytesDouble(b *testing.B) {
	benchmarkDecodeBytes(b, "double", "0.30000000000000004")
}
func BenchmarkDecodeBytesDecimal(b *testing.B) { benchmarkDecodeBytes(b, "decimal(10,2)", "12345.67") }
func BenchmarkDecodeBytesDate(b *testing.B)    { benchmarkDecodeBytes(b, "date", "2026-09-17") }
func BenchmarkDecodeBytesTimestamp(b *testing.B) {
	benchmarkDecodeBytes(b, "timestamp", "2026-09-17 12:34:56.789")
}
func BenchmarkDecodeBytesTimestampZone(b *testing.B) {
	benchmarkDecodeBytes(b, "timestamp with time zone", "2026-09-17 12:34:56.789 +05:30")
}
func BenchmarkDecodeBytesVarchar(b *testing.B) {
	benchmarkDecodeBytes(b, "varchar", "a varchar value of moderate length")
}

func BenchmarkParseSignature(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseSignature("array(row(a integer, b varchar, c map(varchar, decimal(10,2))))"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLiteralString(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Literal("it's a string with a quote"); err != nil {
			b.Fatal(err)
		}
	}
}
