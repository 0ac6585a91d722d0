package emulator

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
)

// compileNamePattern compiles a Glue name pattern, as ListTableMetadata's
// Expression takes it, into a regular expression over whole names.
//
// The Athena reference calls Expression "a regex filter that
// pattern-matches table names"; Glue (like Hive's metastore) also reads "*"
// as "any sequence of characters" and "|" as "or". So "peo*", "*x*" and
// "a*b" match as globs, "order.*" and "a|b" as regular expressions, and
// every pattern matches without regard to case, as Glue's lowercase names
// are found by any spelling. Precisely: a "*" that does not follow an
// unescaped "." (outside a character class) stands for ".*"; the rest is
// RE2 syntax. An empty pattern matches every name.
//
// Matching takes time linear in the name (RE2 never backtracks), and a
// pattern that does not compile, or compiles too large, is an error that
// names it.
func compileNamePattern(pattern string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("(?i)^(?:")
	inClass, prevDot := false, false
	rs := []rune(pattern)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\\':
			b.WriteRune(r)
			if i+1 < len(rs) {
				i++
				b.WriteRune(rs[i])
			}
			prevDot = false
			continue
		case inClass:
			if r == ']' {
				inClass = false
			}
		case r == '[':
			inClass = true
			// A "]" (after an optional "^") right after "[" is a literal
			// member, not the end of the class.
			if i+1 < len(rs) && rs[i+1] == '^' {
				b.WriteString("[^")
				i++
			} else {
				b.WriteRune('[')
			}
			if i+1 < len(rs) && rs[i+1] == ']' {
				b.WriteRune(']')
				i++
			}
			prevDot = false
			continue
		case r == '*' && !prevDot:
			b.WriteString(".*")
			prevDot = false
			continue
		}
		b.WriteRune(r)
		prevDot = r == '.' && !inClass
	}
	b.WriteString(")$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		desc := err.Error()
		var se *syntax.Error
		if errors.As(err, &se) {
			desc = se.Code.String()
		}
		return nil, fmt.Errorf("%q is not a valid pattern: %s", pattern, desc)
	}
	return re, nil
}
