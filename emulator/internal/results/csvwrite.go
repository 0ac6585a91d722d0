package results

import (
	"io"
	"strings"
)

// CSVWriter writes an Athena SELECT result CSV (FACTS §4.2) to an
// io.Writer: every non-NULL field quoted, embedded quotes doubled, NULL as an
// empty unquoted field, and "\n" after every line including the last.
//
// Output is buffered; call Flush when done. The first write error is sticky:
// it is returned by that call and by every later one. A CSVWriter is not safe
// for concurrent use.
type CSVWriter struct {
	w   io.Writer
	buf []byte
	err error
}

// writeBufSize is the amount of buffered output that triggers a write to the
// underlying io.Writer.
const writeBufSize = 64 << 10

// NewCSVWriter returns a CSVWriter that writes to w.
func NewCSVWriter(w io.Writer) *CSVWriter {
	return &CSVWriter{w: w, buf: make([]byte, 0, writeBufSize+4<<10)}
}

// WriteHeader writes the header line: the column labels, each quoted. Athena
// always writes a header, so a result with no rows is the header alone.
func (cw *CSVWriter) WriteHeader(labels []string) error {
	if cw.err != nil {
		return cw.err
	}
	cw.buf = AppendHeader(cw.buf, labels)
	return cw.flushIfFull()
}

// WriteRow writes one data line. A nil entry is NULL and is written as an
// empty unquoted field; a pointer to "" is written as "". A row with no
// fields is written as an empty line, which reads back as one NULL field.
func (cw *CSVWriter) WriteRow(fields []*string) error {
	if cw.err != nil {
		return cw.err
	}
	cw.buf = AppendRow(cw.buf, fields)
	return cw.flushIfFull()
}

// Flush writes any buffered data to the underlying io.Writer.
func (cw *CSVWriter) Flush() error {
	if cw.err != nil {
		return cw.err
	}
	if len(cw.buf) == 0 {
		return nil
	}
	n, err := cw.w.Write(cw.buf)
	if err == nil && n < len(cw.buf) {
		err = io.ErrShortWrite
	}
	if err != nil {
		cw.err = err
		return err
	}
	cw.buf = cw.buf[:0]
	return nil
}

// AppendHeader appends the CSV header line for labels to dst and returns the
// extended slice.
func AppendHeader(dst []byte, labels []string) []byte {
	for i, l := range labels {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendQuoted(dst, l)
	}
	return append(dst, '\n')
}

// AppendRow appends one CSV data line to dst and returns the extended slice.
// Fields are encoded as by [CSVWriter.WriteRow].
func AppendRow(dst []byte, fields []*string) []byte {
	for i, f := range fields {
		if i > 0 {
			dst = append(dst, ',')
		}
		if f != nil {
			dst = appendQuoted(dst, *f)
		}
	}
	return append(dst, '\n')
}

func (cw *CSVWriter) flushIfFull() error {
	if len(cw.buf) < writeBufSize {
		return nil
	}
	return cw.Flush()
}

// appendQuoted appends s wrapped in double quotes, with each embedded quote
// doubled. Newlines, tabs and commas are kept raw inside the quotes.
func appendQuoted(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		dst = append(dst, s[:i+1]...)
		dst = append(dst, '"')
		s = s[i+1:]
	}
	dst = append(dst, s...)
	return append(dst, '"')
}
