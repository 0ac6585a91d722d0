package engine

import (
	"database/sql/driver"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// udfOpenCSVFields splits one line of an OpenCSVSerde file into its fields:
// athenaq_opencsv_fields(line, separator, quote, escape) -> VARCHAR[].
const udfOpenCSVFields = "athenaq_opencsv_fields"

// openCSVFields splits line as Hive's OpenCSVSerde does (opencsv's parser
// with strict quotes off and leading white space ignored):
//   - a separator outside quotes ends a field;
//   - a quote toggles quoting, and inside a field a doubled quote is one
//     quote character;
//   - an escape character inside a field takes the quote or escape character
//     after it literally, and is dropped before any other character;
//   - a quote in the middle of unquoted text (a,b"c"d,e) is kept.
//
// A line always has at least one field.
func openCSVFields(line string, sep, quote, esc rune) []string {
	rs := []rune(line)
	var fields []string
	var sb strings.Builder
	inQuotes, inField := false, false
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		next := rune(-1)
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch {
		case c == esc:
			if (inQuotes || inField) && (next == quote || next == esc) {
				sb.WriteRune(next)
				i++
			}
		case c == quote:
			if (inQuotes || inField) && next == quote {
				sb.WriteRune(next)
				i++
				break
			}
			inQuotes = !inQuotes
			if i > 2 && rs[i-1] != sep && next != -1 && next != sep {
				if sb.Len() > 0 && strings.TrimFunc(sb.String(), unicode.IsSpace) == "" {
					sb.Reset()
				} else {
					sb.WriteRune(c)
				}
			}
			inField = !inField
		case c == sep && !inQuotes:
			fields = append(fields, sb.String())
			sb.Reset()
			inField = false
		default:
			sb.WriteRune(c)
			inField = true
		}
	}
	return append(fields, sb.String())
}

// openCSVUDF is the Go function behind udfOpenCSVFields.
type openCSVUDF struct{}

func (openCSVUDF) Config() duckdb.ScalarFuncConfig {
	text, _ := duckdb.NewTypeInfo(duckdb.TYPE_VARCHAR)
	list, _ := duckdb.NewListInfo(text)
	return duckdb.ScalarFuncConfig{InputTypeInfos: []duckdb.TypeInfo{text, text, text, text}, ResultTypeInfo: list}
}

func (openCSVUDF) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: func(values []driver.Value) (any, error) {
		var s [4]string
		for i, v := range values {
			t, ok := v.(string)
			if !ok {
				return nil, fmt.Errorf("%s: argument %d: got %T", udfOpenCSVFields, i+1, v)
			}
			s[i] = t
		}
		return openCSVFields(s[0], firstRune(s[1]), firstRune(s[2]), firstRune(s[3])), nil
	}}
}

// firstRune returns the first character of s, or -1 (no character) for "".
func firstRune(s string) rune {
	if s == "" {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
