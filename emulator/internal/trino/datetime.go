package trino

import "strings"

// mysqlFormat translates a MySQL-style pattern of date_format and
// date_parse (https://trino.io/docs/current/functions/datetime.html) into
// DuckDB strftime/strptime codes. parse selects the strptime flavour,
// which has no unpadded (%-d) codes.
func mysqlFormat(f string, parse bool) (string, error) {
	var b strings.Builder
	codes := map[byte]string{
		'a': "%a", 'b': "%b", 'c': "%-m", 'd': "%d", 'e': "%-d", 'f': "%f", 'H': "%H", 'h': "%I",
		'I': "%I", 'i': "%M", 'j': "%j", 'k': "%-H", 'l': "%-I", 'M': "%B", 'm': "%m", 'p': "%p",
		'r': "%I:%M:%S %p", 'S': "%S", 's': "%S", 'T': "%H:%M:%S", 'v': "%V", 'W': "%A", 'x': "%G",
		'Y': "%Y", 'y': "%y", '%': "%%",
	}
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(f) {
			return "", unsupported("date format %q ending in %%", f)
		}
		i++
		code, ok := codes[f[i]]
		if !ok {
			return "", unsupported("date format specifier %%%c", f[i])
		}
		if parse {
			code = strings.ReplaceAll(code, "%-", "%")
		}
		b.WriteString(code)
	}
	return b.String(), nil
}

// jodaFormat translates a Joda-Time pattern of format_datetime and
// parse_datetime (https://www.joda.org/joda-time/apidocs/org/joda/time/format/DateTimeFormat.html)
// into DuckDB strftime/strptime codes.
func jodaFormat(f string, parse bool) (string, error) {
	var b strings.Builder
	for i := 0; i < len(f); {
		c := f[i]
		switch {
		case c == '\'':
			// Quoted literal text; '' is a quote.
			j := i + 1
			if j < len(f) && f[j] == '\'' {
				b.WriteByte('\'')
				i += 2
				continue
			}
			for j < len(f) {
				if f[j] == '\'' {
					if j+1 < len(f) && f[j+1] == '\'' {
						b.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				if f[j] == '%' {
					b.WriteString("%%")
				} else {
					b.WriteByte(f[j])
				}
				j++
			}
			if j >= len(f) {
				return "", unsupported("format pattern %q with an unclosed quote", f)
			}
			i = j + 1
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			n := 1
			for i+n < len(f) && f[i+n] == c {
				n++
			}
			code, ok := jodaCode(c, n)
			if !ok {
				return "", unsupported("format pattern letter %q", f[i:i+n])
			}
			if parse {
				code = strings.ReplaceAll(code, "%-", "%")
			}
			b.WriteString(code)
			i += n
		case c == '%':
			b.WriteString("%%")
			i++
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), nil
}

// jodaCode is the strftime code for n repetitions of the Joda letter c.
func jodaCode(c byte, n int) (string, bool) {
	pad := func(short, long string) string {
		if n >= 2 {
			return long
		}
		return short
	}
	switch c {
	case 'y', 'Y', 'u':
		if n == 2 {
			return "%y", true
		}
		return "%Y", true
	case 'x':
		return "%G", true
	case 'M':
		switch {
		case n >= 4:
			return "%B", true
		case n == 3:
			return "%b", true
		}
		return pad("%-m", "%m"), true
	case 'd':
		return pad("%-d", "%d"), true
	case 'D':
		return "%j", n == 3
	case 'H':
		return pad("%-H", "%H"), true
	case 'h':
		return pad("%-I", "%I"), true
	case 'm':
		return pad("%-M", "%M"), true
	case 's':
		return pad("%-S", "%S"), true
	case 'S':
		switch n {
		case 3:
			return "%g", true
		case 6:
			return "%f", true
		case 9:
			return "%n", true
		}
		return "", false
	case 'a':
		return "%p", true
	case 'E':
		if n >= 4 {
			return "%A", true
		}
		return "%a", true
	case 'e':
		return "%u", true
	case 'w':
		return pad("%-V", "%V"), true
	case 'Z':
		return "%z", true
	case 'z':
		return "%Z", true
	}
	return "", false
}
