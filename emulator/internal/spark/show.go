package spark

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Show returns t as Spark's Dataset.showString(n, truncate, vertical) draws
// it, which PySpark's DataFrame.show prints followed by one more newline.
// This is Spark 3.x's layout:
//
//	+---+-----+
//	|  n|    s|
//	+---+-----+
//	|  1|    a|
//	|  2| null|
//	+---+-----+
//	only showing top 2 rows
//
// The rules, from Spark's Dataset.showString and getRows:
//
//   - Cells are the values as text, with NULL as "null" and binary values as
//     "[01 0A]"; control characters are escaped ("\n" becomes `\n`).
//   - With truncate > 0 (PySpark's default, truncate=True, is 20) a cell
//     longer than truncate is cut to truncate-3 characters plus "..." (to
//     truncate characters when truncate < 4), and cells are right-aligned.
//     With truncate = 0 nothing is cut and cells are left-aligned. Column
//     names are never cut but are aligned like the cells.
//   - A column is at least 3 wide; East Asian wide characters count 2.
//   - Only the first n rows are drawn. When there are more, the footer
//     "only showing top n rows" ("row" for n = 1) follows.
//   - vertical draws one block per row: "-RECORD i" padded with '-' to the
//     width of names plus values plus 5, then " name | value " lines.
//
// Show does not print the trailing newline that PySpark's print adds.
func Show(t *Table, n, truncate int, vertical bool) string {
	n = max(n, 0)
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = escapeMeta(c.Name)
	}
	shown := t.Rows
	more := len(shown) > n
	if more {
		shown = shown[:n]
	}
	rows := make([][]string, 0, len(shown)+1)
	rows = append(rows, header)
	for _, r := range shown {
		cells := make([]string, len(t.Columns))
		for i := range cells {
			var v *string
			if i < len(r) {
				v = r[i]
			}
			cells[i] = cutCell(showCell(v, t.Columns[i].Type), truncate)
		}
		rows = append(rows, cells)
	}
	var b strings.Builder
	if vertical {
		writeVertical(&b, rows)
	} else {
		writeGrid(&b, rows, truncate > 0)
	}
	switch {
	case vertical && len(shown) == 0:
		b.WriteString("(0 rows)\n")
	case more:
		word := "rows"
		if n == 1 {
			word = "row"
		}
		b.WriteString("only showing top " + strconv.Itoa(n) + " " + word + "\n")
	}
	return b.String()
}

const minColumnWidth = 3

func writeGrid(b *strings.Builder, rows [][]string, alignRight bool) {
	widths := make([]int, len(rows[0]))
	for i := range widths {
		widths[i] = minColumnWidth
	}
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], halfWidth(c))
		}
	}
	// Scala's mkString("+", "+", "+\n"): a table without columns still
	// has both ends.
	dashes := make([]string, len(widths))
	for i, w := range widths {
		dashes[i] = strings.Repeat("-", w)
	}
	sep := "+" + strings.Join(dashes, "+") + "+\n"
	line := func(r []string) {
		cells := make([]string, len(r))
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-halfWidth(c))
			if alignRight {
				cells[i] = pad + c
			} else {
				cells[i] = c + pad
			}
		}
		b.WriteString("|" + strings.Join(cells, "|") + "|\n")
	}
	b.WriteString(sep)
	line(rows[0])
	b.WriteString(sep)
	for _, r := range rows[1:] {
		line(r)
	}
	b.WriteString(sep)
}

func writeVertical(b *strings.Builder, rows [][]string) {
	names, data := rows[0], rows[1:]
	nameWidth, dataWidth := minColumnWidth, minColumnWidth
	for _, n := range names {
		nameWidth = max(nameWidth, halfWidth(n))
	}
	for _, r := range data {
		for _, c := range r {
			dataWidth = max(dataWidth, halfWidth(c))
		}
	}
	for i, r := range data {
		head := "-RECORD " + strconv.Itoa(i)
		b.WriteString(head + strings.Repeat("-", max(0, nameWidth+dataWidth+5-utf8.RuneCountInString(head))) + "\n")
		for j, c := range r {
			b.WriteString(" " + names[j] + strings.Repeat(" ", nameWidth-halfWidth(names[j])) +
				" | " + c + strings.Repeat(" ", dataWidth-halfWidth(c)) + " \n")
		}
	}
}

// showCell is the text Spark shows for a value of an Athena type: "null"
// for NULL, "[01 0A]" for varbinary (Athena's text is "01 0a"), timestamps
// without trailing zero fractions (Spark prints 12:00:00, Athena
// 12:00:00.000). Other values keep Athena's text, so that maps read {k=v}
// rather than Spark's {k -> v}.
func showCell(v *string, typ string) string {
	if v == nil {
		return "null"
	}
	s := *v
	switch typ {
	case "varbinary":
		return "[" + strings.ToUpper(s) + "]"
	case "timestamp":
		if dot := strings.LastIndexByte(s, '.'); dot > 0 && !strings.ContainsAny(s[dot:], " :") {
			frac := strings.TrimRight(s[dot+1:], "0")
			if frac == "" {
				return s[:dot]
			}
			return s[:dot+1] + frac
		}
	}
	return escapeMeta(s)
}

// escapeMeta escapes the control characters that would break the grid, as
// Spark's SchemaUtils.escapeMetaCharacters does.
func escapeMeta(s string) string {
	if !strings.ContainsAny(s, "\n\r\t\f\b\v\a") {
		return s
	}
	return metaEscaper.Replace(s)
}

var metaEscaper = strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", `\t`, "\f", `\f`, "\b", `\b`, "\v", `\v`, "\a", `\a`)

// cutCell applies show's truncate rule. Spark counts UTF-16 code units;
// this counts code points, which differs only outside the Basic
// Multilingual Plane.
func cutCell(s string, truncate int) string {
	if truncate <= 0 || utf8.RuneCountInString(s) <= truncate {
		return s
	}
	r := []rune(s)
	if truncate < 4 {
		return string(r[:truncate])
	}
	return string(r[:truncate-3]) + "..."
}

// halfWidth is the display width Spark's Utils.stringHalfWidth gives s: one
// per character, two for the East Asian full-width ranges it lists.
func halfWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if fullWidth(r) {
			n++
		}
	}
	return n
}

func fullWidth(r rune) bool {
	switch {
	case r >= 0x1100 && r <= 0x115F,
		r >= 0x2E80 && r <= 0xA4CF,
		r >= 0xAC00 && r <= 0xD7A3,
		r >= 0xF900 && r <= 0xFAFF,
		r >= 0xFE10 && r <= 0xFE19,
		r >= 0xFE30 && r <= 0xFE6F,
		r >= 0xFF00 && r <= 0xFF60,
		r >= 0xFFE0 && r <= 0xFFE6:
		return true
	}
	return false
}
