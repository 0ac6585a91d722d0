// Package jsontext writes JSON text by hand for hot paths (the emulator's
// GetQueryResults pages, the CLI's json output), where encoding/json's
// reflection and allocations cost too much:
//
//	b = jsontext.AppendString(b, "say \"hi\"") // "say \"hi\""
package jsontext

import "unicode/utf8"

// AppendString appends s as a JSON string exactly as encoding/json writes it
// with HTML escaping off: '"' and '\\' escaped, \b \f \n \r \t short forms,
// other control characters and U+2028/U+2029 as \u00XX, invalid UTF-8 as
// U+FFFD. It allocates nothing beyond what b needs to grow.
func AppendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
