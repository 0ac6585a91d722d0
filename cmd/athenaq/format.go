package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/records"

	"github.com/athenaq/athenaq/internal/jsontext"
)

// outputFormat is one of the values of query's --format flag.
type outputFormat string

// The output formats; formatHelp describes each.
const (
	formatTable   outputFormat = "table"
	formatCSV     outputFormat = "csv"
	formatTSV     outputFormat = "tsv"
	formatJSON    outputFormat = "json"
	formatJSONL   outputFormat = "jsonl"
	formatParquet outputFormat = "parquet"
	formatArrow   outputFormat = "arrow"
)

// formatNames lists the output formats in the order help shows them.
var formatNames = []string{
	string(formatTable), string(formatCSV), string(formatTSV), string(formatJSON),
	string(formatJSONL), string(formatParquet), string(formatArrow),
}

// formatHelp describes what each --format writes, for query's --help. The
// outputs are stable: tests compare them byte for byte (testdata/format).
const formatHelp = `Output formats (--format):
  table    A table for people: the column names, a rule, the rows (a value
           with newlines takes several lines), then "(N rows)". Numbers are
           right-aligned, the rest left-aligned. NULL shows as NULL, an
           empty string as nothing. Control characters other than newline,
           line separators and bidirectional controls show as Go escapes
           (\t, \x1b, \u202e). The header and the first 1000 rows set the
           widths of the columns; a later, wider value is cut to its column's
           width and ends in "…" (csv and json keep every value whole).
  csv      RFC 4180: a header line of column names, then one record per row,
           fields quoted only where needed, lines ending in \n. Values are
           Athena's text as it sent it (through UNLOAD, numbers in Go's
           shortest form: 1e+20, +Inf). NULL is an empty field and the
           empty string a quoted one (""), as in Athena's result file.
  tsv      As csv, separated by tabs (a field holding a tab, a quote or a
           newline is quoted).
  json     One JSON array of objects, one object per line, keys in column
           order (a column name that repeats repeats its key). NULL is null;
           boolean is true or false; tinyint, smallint, integer, bigint, real
           and double are JSON numbers written as Athena's text, digit for
           digit, except NaN, Infinity and -Infinity, which are strings.
           Every other type, decimal included, is a string of Athena's text:
           dates, times, timestamps, intervals, varbinary ("00 ff"), json,
           uuid, and arrays, maps and rows ("[1, 2]", "{k=1}").
  jsonl    The objects of json, one per line, with no array around them.
  parquet  One Parquet file (Snappy, a row group per 65536 rows, the Arrow
           schema stored), each column typed after its Athena type as package
           records does it; intervals become int64 milliseconds and int32
           months.
  arrow    An Arrow IPC file (Feather v2, what pyarrow.ipc.open_file and
           polars.read_ipc read), with the types of parquet; intervals stay
           durations and month intervals.

A statement without result columns (DDL) writes nothing in table, csv, tsv,
jsonl and parquet (common readers reject a Parquet file without columns),
"[]" in json, and a file with no fields and no records in arrow. Parquet
and arrow are binary: write them with --output FILE, not to a terminal.
`

// parseFormat returns the output format named s.
func parseFormat(s string) (outputFormat, error) {
	for _, name := range formatNames {
		if s == name {
			return outputFormat(s), nil
		}
	}
	return "", fmt.Errorf("--format %q: want one of %s", s, strings.Join(formatNames, ", "))
}

// isBinary reports whether f writes bytes that are not text, which a
// terminal should not be sent.
func isBinary(f outputFormat) bool {
	return f == formatParquet || f == formatArrow
}

// writeResult streams every row of rows to w in format f, as formatHelp
// describes, and returns the number of rows written. Memory stays bounded
// whatever the result's size: table holds its first 1000 rows to size its
// columns, parquet and arrow one record of 65536 rows, the rest one row.
//
// writeResult always closes rows. When ctx ends it stops writing within a
// few rows (parquet and arrow: at the next record) and returns ctx's error;
// rows opened with the same ctx stop their read at once. What was written
// until then stays written, so a json document or a parquet file is then
// incomplete. The rows' own error, or w's, ends the write likewise.
func writeResult(ctx context.Context, w io.Writer, f outputFormat, rows *athenaq.Rows) (int64, error) {
	if err := ctx.Err(); err != nil {
		rows.Close()
		return 0, err
	}
	switch f {
	case formatParquet, formatArrow:
		return writeRecords(ctx, w, f, rows)
	}
	var n int64
	var err error
	switch f {
	case formatTable:
		n, err = writeTable(ctx, w, rows)
	case formatCSV:
		n, err = writeDelimited(ctx, w, ',', rows)
	case formatTSV:
		n, err = writeDelimited(ctx, w, '\t', rows)
	case formatJSON, formatJSONL:
		n, err = writeJSON(ctx, w, f == formatJSONL, rows)
	default:
		_, err = parseFormat(string(f))
	}
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// rowSource is what the text formats read: *athenaq.Rows, or a listing
// that the CLI built itself.
type rowSource interface {
	Columns() []athenaq.Column
	Next() bool
	RawValues() ([]*string, error)
	Err() error
}

// ctxCheckEvery is how many rows pass between two looks at the context:
// often enough to stop at once for a person, rare enough to cost nothing.
const ctxCheckEvery = 256

// eachRow calls fn with the texts of each row of rows, nil for NULL, until
// the rows end, fn fails or ctx ends. It returns the rows that fn took.
func eachRow(ctx context.Context, rows rowSource, fn func(raw []*string) error) (int64, error) {
	var n int64
	for rows.Next() {
		if n%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return n, err
			}
		}
		raw, err := rows.RawValues()
		if err != nil {
			return n, err
		}
		if err := fn(raw); err != nil {
			return n, err
		}
		n++
	}
	return n, rowsErr(ctx, rows)
}

// rowsErr is the error that ended rows, preferring ctx's when both ended.
func rowsErr(ctx context.Context, rows rowSource) error {
	err := rows.Err()
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// text returns the i-th text of raw and whether it is there (not NULL).
func text(raw []*string, i int) (string, bool) {
	if i < len(raw) && raw[i] != nil {
		return *raw[i], true
	}
	return "", false
}

// writeDelimited writes rows as CSV with the separator comma: RFC 4180
// quoting where a field needs it, and NULL as an empty field apart from
// the empty string, which is quoted (""), as in Athena's own result file.
func writeDelimited(ctx context.Context, w io.Writer, comma byte, rows rowSource) (int64, error) {
	cols := rows.Columns()
	if len(cols) == 0 {
		return 0, nil
	}
	line := make([]byte, 0, 256)
	for i, c := range cols {
		if i > 0 {
			line = append(line, comma)
		}
		line = appendCSVField(line, c.Name, comma)
	}
	line = append(line, '\n')
	if _, err := w.Write(line); err != nil {
		return 0, err
	}
	return eachRow(ctx, rows, func(raw []*string) error {
		line = line[:0]
		for i := range cols {
			if i > 0 {
				line = append(line, comma)
			}
			if v, ok := text(raw, i); ok {
				line = appendCSVField(line, v, comma)
			}
		}
		line = append(line, '\n')
		_, err := w.Write(line)
		return err
	})
}

// appendCSVField appends s, quoted when it is empty (so that it differs
// from NULL), holds the separator, a quote or a line break, or begins with
// a space (which some readers trim).
func appendCSVField(buf []byte, s string, comma byte) []byte {
	quote := s == "" || s[0] == ' ' || s[0] == '\t'
	for i := 0; i < len(s) && !quote; i++ {
		switch s[i] {
		case comma, '"', '\n', '\r':
			quote = true
		}
	}
	if !quote {
		return append(buf, s...)
	}
	buf = append(buf, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		buf = append(buf, s[:i+1]...)
		buf = append(buf, '"')
		s = s[i+1:]
	}
	buf = append(buf, s...)
	return append(buf, '"')
}

// writeRecords writes rows as Parquet or Arrow IPC through package records.
func writeRecords(ctx context.Context, w io.Writer, f outputFormat, rows *athenaq.Rows) (int64, error) {
	if f == formatParquet && len(rows.Columns()) == 0 {
		// Common readers reject a Parquet schema without columns.
		return 0, rows.Close()
	}
	rd, err := records.FromRows(rows) // it owns rows from here on
	if err != nil {
		return 0, err
	}
	defer rd.Release()
	cr := &countingReader{RecordReader: rd, ctx: ctx}
	if f == formatParquet {
		err = records.WriteParquet(w, cr)
	} else {
		err = records.WriteIPCFile(w, cr)
	}
	if err != nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	return cr.rows, err
}

// countingReader counts the rows of the records it hands out and ends the
// read when ctx ends.
type countingReader struct {
	array.RecordReader
	ctx  context.Context
	rows int64
	err  error
}

func (r *countingReader) Next() bool {
	if r.err != nil {
		return false
	}
	if err := r.ctx.Err(); err != nil {
		r.err = err
		return false
	}
	if !r.RecordReader.Next() {
		return false
	}
	r.rows += r.RecordBatch().NumRows()
	return true
}

func (r *countingReader) Err() error {
	if r.err != nil {
		return r.err
	}
	return r.RecordReader.Err()
}

// jsonKind is how a column's values are written in JSON.
type jsonKind uint8

const (
	jsonString jsonKind = iota
	jsonBool
	jsonNumber
)

// jsonKindOf returns the JSON kind of an Athena type name (Column.Type):
// engine v3's lower-case names, or the upper-case names of a DuckDB work
// group's columns.
func jsonKindOf(typ string) jsonKind {
	switch typ {
	case "boolean", "BOOLEAN":
		return jsonBool
	case "tinyint", "smallint", "integer", "bigint", "real", "float", "double",
		"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
		"HUGEINT", "UHUGEINT", "FLOAT", "DOUBLE":
		return jsonNumber
	}
	return jsonString
}

// isDecimal reports whether typ names a decimal: engine v3's "decimal" or
// DuckDB's "DECIMAL(p,s)".
func isDecimal(typ string) bool {
	return typ == "decimal" || strings.HasPrefix(typ, "DECIMAL")
}

// writeJSON writes rows as one JSON array of objects, or as JSON lines.
func writeJSON(ctx context.Context, w io.Writer, lines bool, rows rowSource) (int64, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	cols := rows.Columns()
	if len(cols) == 0 {
		if !lines {
			bw.WriteString("[]\n")
		}
		return 0, bw.Flush()
	}
	// keys[i] is what comes before the i-th value: `{"a":` or `,"b":`.
	keys := make([][]byte, len(cols))
	kinds := make([]jsonKind, len(cols))
	for i, c := range cols {
		sep := byte(',')
		if i == 0 {
			sep = '{'
		}
		keys[i] = append(jsontext.AppendString([]byte{sep}, c.Name), ':')
		kinds[i] = jsonKindOf(c.Type)
	}
	if !lines {
		bw.WriteByte('[')
	}
	var buf []byte
	sep := "\n" // before each object of a json array
	n, err := eachRow(ctx, rows, func(raw []*string) error {
		buf = buf[:0]
		if !lines {
			buf = append(buf, sep...)
			sep = ",\n"
		}
		for i, key := range keys {
			buf = append(buf, key...)
			buf = appendJSONValue(buf, kinds[i], raw, i)
		}
		buf = append(buf, '}')
		if lines {
			buf = append(buf, '\n')
		}
		_, err := bw.Write(buf)
		return err
	})
	if err == nil && !lines {
		if n > 0 {
			bw.WriteByte('\n')
		}
		bw.WriteString("]\n")
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return n, err
}

// appendJSONValue appends the i-th value of raw as JSON of kind k.
func appendJSONValue(buf []byte, k jsonKind, raw []*string, i int) []byte {
	s, ok := text(raw, i)
	switch {
	case !ok:
		return append(buf, "null"...)
	case k == jsonBool && (s == "true" || s == "false"),
		k == jsonNumber && isJSONNumber(s):
		return append(buf, s...)
	case k == jsonNumber:
		// The UNLOAD transport's text spells the infinities as Go does.
		switch s {
		case "+Inf":
			s = "Infinity"
		case "-Inf":
			s = "-Infinity"
		}
	}
	// NaN and the infinities land here, as does any text Athena should not
	// have sent for the type: a string keeps the document valid.
	return jsontext.AppendString(buf, s)
}

// isJSONNumber reports whether s is a number in JSON's grammar (RFC 8259
// section 6): Athena's text of integers and of doubles such as 1.0E-7.
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && '1' <= s[i] && s[i] <= '9':
		i = skipDigits(s, i)
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		j := skipDigits(s, i+1)
		if j == i+1 {
			return false
		}
		i = j
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := skipDigits(s, i)
		if j == i {
			return false
		}
		i = j
	}
	return i == len(s)
}

func skipDigits(s string, i int) int {
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return i
}

const hexDigits = "0123456789abcdef"

// tableSample is how many rows a table holds back to size its columns.
const tableSample = 1000

// writeTable writes rows as a table for people: the columns are sized from
// the header and the first tableSample rows, which are held back until then.
func writeTable(ctx context.Context, w io.Writer, rows rowSource) (int64, error) {
	cols := rows.Columns()
	if len(cols) == 0 {
		return 0, nil
	}
	widths := make([]int, len(cols))
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = tableCell(c.Name)
		widths[i] = max(1, cellWidth(header[i]))
	}
	var sample [][]string
	n, err := eachRow(ctx, rows, func(raw []*string) error {
		row := make([]string, len(cols))
		for i := range row {
			row[i] = tableValue(raw, i)
			widths[i] = max(widths[i], cellWidth(row[i]))
		}
		sample = append(sample, row)
		if len(sample) == tableSample {
			return errSampled
		}
		return nil
	})
	if err == errSampled {
		n, err = n+1, nil
	}
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	tbl := newTable(bw, cols, widths, n == 0)
	if err := tbl.Start(); err != nil {
		return 0, err
	}
	tbl.Header(header)
	for _, row := range sample {
		if err := tbl.Append(row); err != nil {
			return 0, err
		}
	}
	sample = nil
	if err := bw.Flush(); err != nil {
		return 0, err
	}
	if n == tableSample {
		row := make([]string, len(cols))
		flush := 0
		more, err := eachRow(ctx, rows, func(raw []*string) error {
			for i := range row {
				row[i] = tableValue(raw, i)
			}
			if err := tbl.Append(row); err != nil {
				return err
			}
			// Flush every few rows, for a person watching a slow result
			// arrive; it also reports w's first error (bufio keeps it).
			if flush++; flush == tableFlushEvery {
				flush = 0
				return bw.Flush()
			}
			return nil
		})
		n += more
		if err != nil {
			bw.Flush()
			return n, err
		}
	}
	if err := tbl.Close(); err != nil {
		return n, err
	}
	if n == 1 {
		bw.WriteString("(1 row)\n")
	} else {
		fmt.Fprintf(bw, "(%d rows)\n", n)
	}
	return n, bw.Flush()
}

// tableFlushEvery is how many streamed rows of a table pass between two
// flushes of its buffer.
const tableFlushEvery = 100

// errSampled ends the read of a table's sample.
var errSampled = errors.New("sampled")

// newTable returns a streaming table that writes to w with fixed content
// widths: a wider cell is cut to its column's width and ends in "…". The
// rule under the header comes with the first row; an empty table draws it
// as its bottom border instead.
func newTable(w io.Writer, cols []athenaq.Column, widths []int, empty bool) *tablewriter.Table {
	colWidths := tw.NewMapper[int, int]()
	align := make([]tw.Align, len(cols))
	for i, c := range cols {
		colWidths.Set(i, widths[i]+2) // the width includes the padding
		align[i] = tw.AlignLeft
		if jsonKindOf(c.Type) == jsonNumber || isDecimal(c.Type) {
			align[i] = tw.AlignRight
		}
	}
	bottom := tw.Off
	if empty {
		bottom = tw.On
	}
	cell := tw.CellConfig{
		Formatting: tw.CellFormatting{AutoFormat: tw.Off, AutoWrap: tw.WrapTruncate},
		Alignment:  tw.CellAlignment{PerColumn: align},
	}
	return tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Borders: tw.Border{Left: tw.Off, Right: tw.Off, Top: tw.Off, Bottom: bottom},
			Symbols: tw.NewSymbols(tw.StyleASCII),
			Settings: tw.Settings{
				Separators: tw.Separators{BetweenColumns: tw.On, BetweenRows: tw.Off},
				Lines:      tw.Lines{ShowHeaderLine: tw.On, ShowBottom: bottom},
			},
		})),
		tablewriter.WithConfig(tablewriter.Config{
			Header:   cell,
			Row:      cell,
			Behavior: tw.Behavior{TrimSpace: tw.Off},
			Widths:   tw.CellWidth{PerColumn: colWidths},
		}),
		tablewriter.WithStreaming(tw.StreamConfig{Enable: true}),
	)
}

// tableValue returns the i-th value of raw as a table shows it.
func tableValue(raw []*string, i int) string {
	s, ok := text(raw, i)
	if !ok {
		return "NULL"
	}
	return tableCell(s)
}

// cellWidth returns the display width of a cell: that of its widest line.
func cellWidth(s string) int {
	width := 0
	for line := range strings.SplitSeq(s, "\n") {
		width = max(width, twwidth.Width(line))
	}
	return width
}

// tableCell returns s with the characters that would upset a terminal or
// the table's alignment written as Go escapes: control characters other
// than newline (\t, \r, \x1b, \u0085), the line and paragraph separators
// (\u2028, \u2029), the bidirectional controls (\u202e) and the bytes of
// invalid UTF-8 (\xff). A newline starts a new line within the cell.
func tableCell(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n') || c == 0x7f {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || escapedRune(r) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteByte(hexDigits[s[i]>>4])
			b.WriteByte(hexDigits[s[i]&0xf])
		case r == '\n' || !escapedRune(r):
			b.WriteString(s[i : i+size])
		case r < utf8.RuneSelf:
			q := strconv.QuoteRuneToASCII(r) // '\t', '\x1b'
			b.WriteString(q[1 : len(q)-1])
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += size
	}
	return b.String()
}

// escapedRune reports whether a table shows r as an escape.
func escapedRune(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Zl, unicode.Zp, unicode.Bidi_Control)
}
