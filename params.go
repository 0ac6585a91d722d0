package athenaq

import (
	"fmt"
	"strings"

	"github.com/athenaq/athenaq/athenatype"
)

// bind prepares args for sql. Athena takes parameters of SELECT, INSERT,
// CTAS, UNLOAD and EXECUTE statements as ExecutionParameters, each a SQL
// literal; it refuses them in DDL, so there the client interpolates the
// literals into the text itself, with the escaping the statement's grammar
// needs: Hive DDL reads backslash escapes in strings, Trino statements
// (CREATE VIEW) double the quote.
func bind(sql string, args []any) (string, []string, error) {
	kind := statementKind(sql)
	marks := placeholders(sql, kind == kindHive)
	if len(marks) != len(args) {
		return "", nil, fmt.Errorf("athenaq: %d arguments for %d '?' placeholders in %q", len(args), len(marks), abbreviate(sql))
	}
	lits := make([]string, len(args))
	for i, a := range args {
		lit, err := literalFor(kind, a)
		if err != nil {
			return "", nil, fmt.Errorf("athenaq: argument %d: %w", i+1, err)
		}
		lits[i] = lit
	}
	if kind == kindParams {
		return sql, lits, nil
	}
	var b strings.Builder
	last := 0
	for i, pos := range marks {
		b.WriteString(sql[last:pos])
		b.WriteString(lits[i])
		last = pos + 1
	}
	b.WriteString(sql[last:])
	return b.String(), nil, nil
}

type stmtKind int

const (
	kindParams stmtKind = iota // Athena binds ExecutionParameters
	kindHive                   // Hive DDL: interpolate, backslash-escaped strings
	kindTrino                  // Trino DDL (CREATE VIEW, ...): interpolate, doubled quotes
)

// statementKind classifies sql by its first keywords.
func statementKind(sql string) stmtKind {
	words := leadingWords(sql, 3)
	if len(words) == 0 {
		return kindParams
	}
	switch words[0] {
	case "SELECT", "WITH", "VALUES", "TABLE", "INSERT", "UNLOAD", "EXECUTE", "EXPLAIN", "UPDATE", "DELETE", "MERGE", "(":
		return kindParams
	case "CREATE":
		rest := strings.Join(words[1:], " ")
		if strings.HasPrefix(rest, "VIEW") || strings.HasPrefix(rest, "OR REPLACE") {
			return kindTrino
		}
		return kindHive
	case "DROP", "ALTER", "MSCK", "SHOW", "DESCRIBE", "DESC":
		return kindHive
	}
	return kindTrino
}

func literalFor(kind stmtKind, v any) (string, error) {
	if kind == kindHive {
		if s, ok := v.(string); ok {
			return athenatype.HiveString(s), nil
		}
	}
	return athenatype.Literal(v)
}

// leadingWords returns up to n upper-cased words (or a leading "(") after
// whitespace and comments.
func leadingWords(sql string, n int) []string {
	var words []string
	i := 0
	for i < len(sql) && len(words) < n {
		switch {
		case sql[i] == ' ' || sql[i] == '\t' || sql[i] == '\n' || sql[i] == '\r':
			i++
		case strings.HasPrefix(sql[i:], "--"):
			for i < len(sql) && sql[i] != '\n' {
				i++
			}
		case strings.HasPrefix(sql[i:], "/*"):
			end := strings.Index(sql[i+2:], "*/")
			if end < 0 {
				return words
			}
			i += end + 4
		case sql[i] == '(':
			words = append(words, "(")
			i++
		case isWordByte(sql[i]):
			j := i
			for j < len(sql) && isWordByte(sql[j]) {
				j++
			}
			words = append(words, strings.ToUpper(sql[i:j]))
			i = j
		default:
			return words
		}
	}
	return words
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// placeholders returns the byte offsets of the '?' placeholders of sql:
// those outside string literals, quoted identifiers and comments. Hive
// strings may hold backslash escapes; Trino strings may not.
func placeholders(sql string, hive bool) []int {
	var out []int
	for i := 0; i < len(sql); i++ {
		switch c := sql[i]; {
		case c == '\'' || c == '"' || c == '`':
			// Quotes end at the next unescaped, undoubled quote of the same
			// kind; Hive strings may use backslash escapes.
			for i++; i < len(sql); i++ {
				if hive && sql[i] == '\\' && c == '\'' {
					i++
					continue
				}
				if sql[i] == c {
					if i+1 < len(sql) && sql[i+1] == c {
						i++
						continue
					}
					break
				}
			}
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			for i < len(sql) && sql[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			end := strings.Index(sql[i+2:], "*/")
			if end < 0 {
				return out
			}
			i += end + 3
		case c == '?':
			out = append(out, i)
		}
	}
	return out
}

func abbreviate(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}
