package results

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// CSVReader reads the CSV that [CSVWriter] writes (FACTS §4.2) one record at
// a time, keeping NULL (an empty unquoted field) apart from the empty string
// (""). It streams: memory use is bounded by the largest record, not by the
// size of the input.
//
// Besides Athena's exact format it accepts a final line without "\n" and
// CRLF line ends. Anything else that Athena would not write, such as an
// unquoted non-empty field, is a *SyntaxError.
//
// A CSVReader is not safe for concurrent use.
type CSVReader struct {
	r io.Reader

	buf      []byte // read buffer; unread bytes are buf[pos:end]
	pos, end int
	base     int64 // stream offset of buf[0]
	off      int64 // end of the last returned record, see Offset
	readErr  error // error from r, acted on once buf[pos:end] is used up
	err      error // sticky error returned by Read

	rec   []byte // unescaped field data of the record being read
	spans []fieldSpan

	// Record values are carved from shared blocks so that a record costs one
	// allocation (its text) instead of three. See Read.
	strs []string
	ptrs []*string
}

// SyntaxError reports CSV input that Athena would not have written.
type SyntaxError struct {
	Offset int64  // byte offset in the input where the problem was found
	Msg    string // what is wrong, e.g. "unterminated quoted field"
}

// Error returns "results: CSV syntax error at byte <Offset>: <Msg>".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("results: CSV syntax error at byte %d: %s", e.Offset, e.Msg)
}

const (
	readBufSize = 64 << 10
	arenaSlots  = 1024 // values per shared block of strings and pointers
	maxEmpty    = 100  // consecutive empty reads before giving up, as bufio does
)

// NewCSVReader returns a CSVReader that reads from r. To resume reading a
// stream at a record boundary saved earlier with Offset, position r at that
// offset (for example with an S3 range request) and pass it here; offsets
// reported by the new reader count from that point.
func NewCSVReader(r io.Reader) *CSVReader {
	return &CSVReader{r: r}
}

// Read returns the next record. A nil entry is a NULL field; a non-nil entry
// points to the field's text, which may be "". At the end of the input Read
// returns nil, io.EOF. Syntax errors are *SyntaxError; errors from the
// underlying reader are wrapped. Errors are sticky.
//
// The returned slice and strings are never reused or modified by the reader
// and are safe to keep. To save allocations, values of neighbouring records
// share backing blocks, so keeping one record may keep a few hundred
// neighbouring values reachable.
func (cr *CSVReader) Read() ([]*string, error) {
	if cr.err != nil {
		return nil, cr.err
	}
	if err := cr.readRecord(); err != nil {
		cr.err = err
		return nil, err
	}
	return cr.emit(), nil
}

// Offset returns the number of input bytes taken by the records returned so
// far, including their line ends. It is always a record boundary: a new
// CSVReader started at this offset reads the records that follow.
func (cr *CSVReader) Offset() int64 { return cr.off }

// fieldSpan is one field of the record being read: its data is
// rec[previous end:end].
type fieldSpan struct {
	end  int
	null bool
}

type csvState uint8

const (
	stFieldStart csvState = iota // before the first byte of a field
	stQuoted                     // inside a quoted field
	stAfterQuote                 // just after a '"' inside a quoted field
	stCR                         // after a '\r' that must end the line
)

// readRecord parses the next record into cr.rec and cr.spans and advances
// cr.off past it. It returns io.EOF when the input ends between records.
func (cr *CSVReader) readRecord() error {
	cr.rec = cr.rec[:0]
	cr.spans = cr.spans[:0]
	state := stFieldStart
	var quoteAt int64 // offset of the opening quote of the current field
	for {
		if cr.pos == cr.end {
			if err := cr.fill(); err != nil {
				if err != io.EOF {
					return fmt.Errorf("results: read CSV at byte %d: %w", cr.at(), err)
				}
				return cr.endOfInput(state, quoteAt)
			}
		}
		switch state {
		case stFieldStart:
			switch c := cr.buf[cr.pos]; c {
			case '"':
				quoteAt = cr.at()
				cr.pos++
				// Fast path for the usual field: no doubled quote, and the
				// closing quote and the byte after it are in the buffer.
				b := cr.buf[cr.pos:cr.end]
				if i := bytes.IndexByte(b, '"'); i >= 0 && i+1 < len(b) && (b[i+1] == ',' || b[i+1] == '\n') {
					cr.rec = append(cr.rec, b[:i]...)
					cr.endField(false)
					cr.pos += i + 2
					if b[i+1] == '\n' {
						return cr.endRecord(0)
					}
					continue
				}
				state = stQuoted
				continue
			case ',':
				cr.endField(true)
			case '\n':
				cr.endField(true)
				return cr.endRecord(1)
			case '\r':
				cr.endField(true)
				state = stCR
			default:
				return &SyntaxError{cr.at(), fmt.Sprintf("unquoted field data %q (only NULL fields are unquoted)", c)}
			}
			cr.pos++
		case stQuoted:
			b := cr.buf[cr.pos:cr.end]
			i := bytes.IndexByte(b, '"')
			if i < 0 {
				cr.rec = append(cr.rec, b...)
				cr.pos = cr.end
				continue
			}
			cr.rec = append(cr.rec, b[:i]...)
			cr.pos += i + 1
			state = stAfterQuote
		case stAfterQuote:
			switch c := cr.buf[cr.pos]; c {
			case '"': // a doubled quote stands for one
				cr.rec = append(cr.rec, '"')
				state = stQuoted
			case ',':
				cr.endField(false)
				state = stFieldStart
			case '\n':
				cr.endField(false)
				return cr.endRecord(1)
			case '\r':
				cr.endField(false)
				state = stCR
			default:
				return &SyntaxError{cr.at(), fmt.Sprintf("unexpected %q after the closing quote of the field at byte %d", c, quoteAt)}
			}
			cr.pos++
		case stCR:
			if cr.buf[cr.pos] != '\n' {
				return &SyntaxError{cr.at() - 1, "carriage return not followed by a line feed"}
			}
			return cr.endRecord(1)
		}
	}
}

// endOfInput finishes the record that the input ends in, if any.
func (cr *CSVReader) endOfInput(state csvState, quoteAt int64) error {
	switch state {
	case stFieldStart:
		if cr.at() == cr.off {
			return io.EOF // between records
		}
		cr.endField(true) // the input ends after a comma: a last NULL field
	case stQuoted:
		return &SyntaxError{cr.at(), fmt.Sprintf("unterminated quoted field starting at byte %d", quoteAt)}
	case stAfterQuote:
		cr.endField(false)
	case stCR:
		return &SyntaxError{cr.at() - 1, "carriage return not followed by a line feed"}
	}
	return cr.endRecord(0)
}

func (cr *CSVReader) endField(null bool) {
	cr.spans = append(cr.spans, fieldSpan{end: len(cr.rec), null: null})
}

// endRecord consumes n more bytes (the line end) and marks the record
// boundary.
func (cr *CSVReader) endRecord(n int) error {
	cr.pos += n
	cr.off = cr.at()
	return nil
}

// at returns the stream offset of the next unread byte.
func (cr *CSVReader) at() int64 { return cr.base + int64(cr.pos) }

// fill reads more input into the (fully consumed) buffer. It returns nil if
// at least one byte is available, and otherwise the reader's error, io.EOF at
// the end.
func (cr *CSVReader) fill() error {
	if cr.readErr != nil {
		return cr.readErr
	}
	if cr.buf == nil {
		cr.buf = make([]byte, readBufSize)
	}
	cr.base += int64(cr.end)
	cr.pos, cr.end = 0, 0
	for range maxEmpty {
		n, err := cr.r.Read(cr.buf)
		if n < 0 || n > len(cr.buf) {
			err = errors.New("reader returned an invalid count")
			n = 0
		}
		cr.end = n
		if err != nil {
			cr.readErr = err
		}
		if n > 0 {
			return nil
		}
		if err != nil {
			return err
		}
	}
	cr.readErr = io.ErrNoProgress
	return cr.readErr
}

// emit builds the record that readRecord parsed. Its text is one string, and
// the fields are substrings of it.
func (cr *CSVReader) emit() []*string {
	n := len(cr.spans)
	text := string(cr.rec)
	if len(cr.strs) < n {
		cr.strs = make([]string, max(n, arenaSlots))
	}
	if len(cr.ptrs) < n {
		cr.ptrs = make([]*string, max(n, arenaSlots))
	}
	strs, out := cr.strs[:n:n], cr.ptrs[:n:n]
	cr.strs, cr.ptrs = cr.strs[n:], cr.ptrs[n:]
	prev := 0
	for i, sp := range cr.spans {
		if !sp.null {
			strs[i] = text[prev:sp.end]
			out[i] = &strs[i]
		}
		prev = sp.end
	}
	return out
}
