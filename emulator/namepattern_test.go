package emulator

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNamePatternMatchesGlueStyle(t *testing.T) {
	names := []string{"people", "peo", "persons", "orders", "order_items", "xox", "ab", "axxb", "a*b", "a.b", "ba"}
	cases := []struct {
		name, pattern string
		want          []string // of names, in order
	}{
		{"prefix glob", "peo*", []string{"people", "peo"}},
		{"infix glob", "*x*", []string{"xox", "axxb"}},
		{"inner glob", "a*b", []string{"ab", "axxb", "a*b", "a.b"}},
		{"star alone", "*", names},
		{"regex dot star keeps its meaning", "order.*", []string{"orders", "order_items"}},
		{"regex dot star matches the empty rest", "peo.*", []string{"people", "peo"}},
		{"alternatives", "peo*|orders", []string{"people", "peo", "orders"}},
		{"alternatives with globs on both sides", "*s|x*", []string{"persons", "orders", "order_items", "xox"}},
		{"case-insensitive", "PEO*", []string{"people", "peo"}},
		{"whole name only", "rder", nil},
		{"regex class", "[ab]*", []string{"axxb", "a*b", "a.b", "ab", "ba"}},
		{"star inside a class is literal", "a[*]b", []string{"a*b"}},
		{"escaped star is literal", `a\*b`, []string{"a*b"}},
		{"escaped dot then star is a glob", `a\.*`, []string{"a.b"}},
		{"class with a leading bracket", "[]a]b", []string{"ab"}},
		{"negated class", "[^a]*", []string{"people", "peo", "persons", "orders", "order_items", "xox", "ba"}},
		{"question mark is regex", "pe.?o", []string{"peo"}},
		{"empty alternative", "ab|", []string{"ab"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			re, err := compileNamePattern(c.pattern)
			if err != nil {
				t.Fatalf("compileNamePattern(%q): %v", c.pattern, err)
			}
			var got []string
			for _, n := range names {
				if re.MatchString(n) {
					got = append(got, n)
				}
			}
			if !sameSet(got, c.want) {
				t.Errorf("%q matches %q, want %q", c.pattern, got, c.want)
			}
		})
	}
}

func TestNamePatternRejectsInvalidPatterns(t *testing.T) {
	for name, pattern := range map[string]string{
		"open group":        "peo(",
		"close group":       "peo)",
		"open class":        "[ab",
		"dangling plus":     "+x",
		"trailing escape":   `ab\`,
		"bad repeat":        "a{2,1}",
		"huge repeat":       "a{1001}",
		"nested huge":       "((a{1000}){1000}){1000}",
		"bad escape":        `\8`,
		"lookahead":         `(?=x)peo`,
		"unbalanced in alt": "a|(b",
	} {
		t.Run(name, func(t *testing.T) {
			re, err := compileNamePattern(pattern)
			if err == nil {
				t.Fatalf("compileNamePattern(%q) = %v, want an error", pattern, re)
			}
			if !strings.Contains(err.Error(), strconv.Quote(pattern)) {
				t.Errorf("error %q does not name the pattern %q", err, pattern)
			}
		})
	}
}

// FuzzNamePattern checks that no pattern panics or compiles to a matcher
// that panics, that errors name the pattern, and that patterns of letters,
// digits, "_" and "*" match exactly as globs do.
func FuzzNamePattern(f *testing.F) {
	for _, seed := range [][2]string{
		{"peo*", "people"}, {"*x*", "xox"}, {"a*b", "axxb"}, {"order.*", "orders"}, {"a|b", "b"},
		{"[]a]*", "ab"}, {`a\*`, "a*"}, {"((a{1000}){1000}){1000}", "a"}, {"(a*)*$", strings.Repeat("a", 200) + "b"},
		{"", ""}, {"*", "\xff"}, {"[[:alpha:]]*", "x1"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, pattern, name string) {
		re, err := compileNamePattern(pattern)
		if err != nil {
			if !strings.Contains(err.Error(), strconv.Quote(pattern)) {
				t.Errorf("error %q does not name the pattern", err)
			}
			return
		}
		got := re.MatchString(name)
		if isGlob(pattern) && isASCII(name) {
			if want := globMatch(strings.ToLower(pattern), strings.ToLower(name)); got != want {
				t.Errorf("%q on %q = %v, want %v as a glob", pattern, name, got, want)
			}
		}
	})
}

func isGlob(p string) bool {
	for _, r := range p {
		if !(r == '*' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// globMatch is the reference: "*" matches any sequence, everything else
// itself.
func globMatch(p, s string) bool {
	if p == "" {
		return s == ""
	}
	if p[0] == '*' {
		for i := 0; i <= len(s); i++ {
			if globMatch(p[1:], s[i:]) {
				return true
			}
		}
		return false
	}
	return s != "" && s[0] == p[0] && globMatch(p[1:], s[1:])
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		seen[x]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}
