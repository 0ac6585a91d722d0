package emulator_test

import (
	"testing"

	"github.com/athenaq/athenaq/emulator"
)

func TestS3PatternMatchesAsDuckDBGlob(t *testing.T) {
	for _, tc := range []struct {
		name, pattern, prefix string
		match, miss           []string
	}{
		{"plain key", "data/a.csv", "data/a.csv", []string{"data/a.csv"}, []string{"data/a.csv.gz", "data/a.cs"}},
		{"star in a segment", "data/*.csv", "data/", []string{"data/a.csv", "data/.csv"}, []string{"data/sub/a.csv", "data/a.csv2"}},
		{"question mark", "data/?.csv", "data/", []string{"data/a.csv"}, []string{"data/ab.csv", "data//.csv"}},
		{"double star", "data/**/*.csv", "data/", []string{"data/a.csv", "data/x/y/a.csv"}, []string{"other/a.csv", "data/a.json"}},
		{"trailing double star", "data/**", "data/", []string{"data/a", "data/x/y"}, []string{"dat/a"}},
		{"class", "data/[ab].csv", "data/", []string{"data/a.csv", "data/b.csv"}, []string{"data/c.csv"}},
		{"negated class", "data/[!ab].csv", "data/", []string{"data/c.csv"}, []string{"data/a.csv"}},
		{"unclosed class", "data/[a.csv", "data/", []string{"data/[a.csv"}, []string{"data/a.csv"}},
		{"regexp characters are literal", "d+(x)/*.c$v", "d+(x)/", []string{"d+(x)/1.c$v"}, []string{"dd(x)/1.c$v"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prefix, match := emulator.S3Pattern(tc.pattern)
			if prefix != tc.prefix {
				t.Errorf("prefix %q, want %q", prefix, tc.prefix)
			}
			for _, k := range tc.match {
				if !match(k) {
					t.Errorf("%q does not match %q", tc.pattern, k)
				}
			}
			for _, k := range tc.miss {
				if match(k) {
					t.Errorf("%q matches %q", tc.pattern, k)
				}
			}
		})
	}
}
