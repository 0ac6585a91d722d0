package results

import (
	"io"
	"strings"
	"unicode/utf8"
)

// WriteText writes a .txt result body (FACTS §4.3): each row's fields joined
// by TAB, rows joined by "\n", with no newline after the last row. Nothing is
// escaped: tabs and newlines inside fields are written as they are. No rows
// write nothing, which is the 0-byte body of a result without rows.
func WriteText(w io.Writer, rows [][]string) error {
	buf := make([]byte, 0, min(textSize(rows), writeBufSize))
	for i, row := range rows {
		if i > 0 {
			buf = append(buf, '\n')
		}
		for j, f := range row {
			if j > 0 {
				buf = append(buf, '\t')
			}
			buf = append(buf, f...)
		}
		if len(buf) >= writeBufSize {
			if err := writeAll(w, buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if len(buf) == 0 {
		return nil
	}
	return writeAll(w, buf)
}

// TextRows splits a .txt result body into the rows that GetQueryResults
// returns, one datum each: the body is split at every "\n", so a trailing
// newline gives a last empty row, and a 0-byte body gives no rows (nil).
func TextRows(body []byte) []string {
	if len(body) == 0 {
		return nil
	}
	return strings.Split(string(body), "\n")
}

// hiveWidth is the column width of Hive DESCRIBE and SHOW COLUMNS output.
const hiveWidth = 20

// PadHive lays out one row of a Hive-table DESCRIBE (name, type, comment) or
// SHOW COLUMNS (name) result (FACTS §4.4). Each field is right-padded with
// spaces to 20 characters (runes, not bytes; a longer field is left whole)
// and the fields are joined by TAB, with no trailing TAB. A missing comment
// is passed as "" and becomes 20 spaces.
//
// Athena cuts a comment at its first TAB after padding ("a\tb" ends the row
// in "a"). PadHive models this as the row being split at TAB and only as many
// pieces kept as there are fields, so a TAB inside an earlier field would also
// shift and cut the row; that case is unverified.
func PadHive(fields ...string) string {
	size := 0
	for _, f := range fields {
		size += max(len(f), hiveWidth) + 1
	}
	b := make([]byte, 0, size)
	for i, f := range fields {
		if i > 0 {
			b = append(b, '\t')
		}
		b = append(b, f...)
		if pad := hiveWidth - utf8.RuneCountInString(f); pad > 0 {
			b = append(b, spaces[:pad]...)
		}
	}
	// Keep the first len(fields) TAB-separated pieces.
	tabs := 0
	for i, c := range b {
		if c == '\t' {
			if tabs++; tabs == len(fields) {
				b = b[:i]
				break
			}
		}
	}
	return string(b)
}

const spaces = "                    " // hiveWidth spaces

func textSize(rows [][]string) int {
	n := 0
	for _, row := range rows {
		n += len(row)
		for _, f := range row {
			n += len(f)
		}
	}
	return n
}

func writeAll(w io.Writer, b []byte) error {
	n, err := w.Write(b)
	if err == nil && n < len(b) {
		err = io.ErrShortWrite
	}
	return err
}
