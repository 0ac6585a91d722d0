package main

import "testing"

func TestByteSizeFlagParsesUnits(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1073741824", 1 << 30, true},
		{"4GiB", 4 << 30, true},
		{"4gib", 4 << 30, true},
		{"4Gi", 4 << 30, true},
		{"512MB", 512e6, true},
		{"512 MB", 512e6, true},
		{"2g", 2e9, true},
		{"1.5GiB", 3 << 29, true},
		{"100b", 100, true},
		{"", 0, false},
		{"GiB", 0, false},
		{"-1GiB", 0, false},
		{"4 parsecs", 0, false},
		{"1e30TiB", 0, false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			var b byteSize
			err := b.Set(c.in)
			if (err == nil) != c.ok || int64(b) != c.want {
				t.Errorf("Set(%q) = %d, %v; want %d, ok=%v", c.in, b, err, c.want, c.ok)
			}
		})
	}
}
