package csvresult

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// DefaultBufferSize is the size a Reader's buffer grows to while the
// input fills it. It starts smaller, so that a small result costs little
// memory; a record longer than the buffer grows it further.
const DefaultBufferSize = 256 << 10

// initialBufferSize is the size of a new Reader's buffer.
const initialBufferSize = 4 << 10

// A Reader reads records from an Athena result CSV stream. It is not safe
// for concurrent use.
type Reader struct {
	rd   io.Reader
	buf  []byte
	size int   // what buf grows to while reads fill it
	r, w int   // unread bytes are buf[r:w]
	base int64 // stream offset of buf[0]
	rerr error // the error that ended reading from rd (io.EOF included)
	err  error // sticky result of Next: a *SyntaxError, a read error or io.EOF

	// Lines are counted lazily: newlines is the count of '\n' in the
	// stream before buf[0], updated as buf moves; a SyntaxError counts the
	// rest.
	newlines int

	header    []string
	headerErr error
	haveHead  bool

	spans   []span   // the current record's fields, offsets relative to its start
	fields  [][]byte // what Next returns, reused
	scratch []byte   // unescaped fields, reused
}

// NewReader returns a Reader that reads from r through its own buffer,
// which grows up to DefaultBufferSize bytes.
func NewReader(r io.Reader) *Reader {
	return newReaderSize(r, DefaultBufferSize)
}

func newReaderSize(r io.Reader, size int) *Reader {
	size = max(size, 1)
	return &Reader{rd: r, buf: make([]byte, min(size, initialBufferSize)), size: size}
}

// Header reads and returns the column labels, the first line of the file.
// Call it before Next; later calls return the same labels. Next reads the
// header itself when Header has not been called.
//
// Every result file has a header, so an empty input is a *SyntaxError, as
// is a NULL (unquoted empty) label.
func (r *Reader) Header() ([]string, error) {
	if r.haveHead {
		return r.header, r.headerErr
	}
	r.haveHead = true
	err := r.readRecord(0)
	if err == io.EOF {
		err = r.syntaxError(r.r, "empty input: want the header line")
	}
	if err != nil {
		r.headerErr, r.err = err, err
		return nil, err
	}
	r.header = make([]string, len(r.spans))
	for i, s := range r.spans {
		r.header[i] = string(r.field(s))
	}
	r.scratch = r.scratch[:0]
	r.r += r.spans[len(r.spans)-1].next
	return r.header, nil
}

// Next reads one record. Field i is nil for NULL and a non-nil slice, empty
// for the empty string, otherwise; embedded quotes are unescaped. The
// slices are valid until the next call of Next and must not be modified
// beyond their length (their capacity is clipped, so append copies).
//
// Every record has as many fields as the header. Next returns io.EOF after
// the last record, a *SyntaxError for malformed input, and errors of the
// underlying reader as they are; each error is returned again by later
// calls.
func (r *Reader) Next() ([][]byte, error) {
	if r.err != nil {
		return nil, r.err
	}
	if !r.haveHead {
		if _, err := r.Header(); err != nil {
			return nil, err
		}
	}
	if err := r.readRecord(len(r.header)); err != nil {
		r.err = err
		return nil, err
	}
	r.scratch = r.scratch[:0]
	fields := r.fields[:0]
	rec := r.buf[r.r:]
	for _, s := range r.spans {
		if s.kind == spanPlain {
			fields = append(fields, rec[s.start:s.end:s.end])
		} else {
			fields = append(fields, r.field(s))
		}
	}
	if len(r.scratch) > 0 {
		// Unescaped fields point into scratch, which may have moved as
		// it grew: point them at its final array.
		off := 0
		for i, s := range r.spans {
			if s.kind == spanEscaped {
				n := len(fields[i])
				fields[i] = r.scratch[off : off+n : off+n]
				off += n
			}
		}
	}
	r.fields = fields
	r.r += r.spans[len(r.spans)-1].next
	return fields, nil
}

// Offset returns the number of bytes consumed so far: after Header or Next
// return without error, the offset of the next record; after an error, the
// offset of the record that failed.
func (r *Reader) Offset() int64 {
	return r.base + int64(r.r)
}

// A SyntaxError reports malformed input.
type SyntaxError struct {
	Offset int64  // byte offset of the fault in the stream, 0-based; the input's length for a premature end
	Line   int    // line of the fault, 1-based; newlines inside quoted fields count
	Msg    string // what was found and what was expected
}

// Error returns "csvresult: offset O, line L: Msg".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("csvresult: offset %d, line %d: %s", e.Offset, e.Line, e.Msg)
}

// span is one field of the record being read. Offsets are relative to the
// record's start, so that they survive the buffer's moves.
type span struct {
	start, end int // the bytes between the quotes (start is the field's offset for NULL)
	next       int // the offset after the field's separator
	kind       spanKind
}

type spanKind uint8

const (
	spanNull    spanKind = iota // unquoted empty field
	spanPlain                   // quoted field without doubled quotes: the bytes as they are
	spanEscaped                 // quoted field with doubled quotes: unescape
)

// field returns the value of s in the record at buf[r.r:]. An escaped
// field is unescaped onto scratch; the caller fixes its backing array.
func (r *Reader) field(s span) []byte {
	start := r.r
	switch s.kind {
	case spanNull:
		return nil
	case spanPlain:
		return r.buf[start+s.start : start+s.end : start+s.end]
	}
	raw := r.buf[start+s.start : start+s.end]
	from := len(r.scratch)
	for {
		q := bytes.IndexByte(raw, '"')
		if q < 0 {
			r.scratch = append(r.scratch, raw...)
			break
		}
		// A '"' inside a quoted field is always the first of a pair:
		// readRecord checked.
		r.scratch = append(r.scratch, raw[:q+1]...)
		raw = raw[q+2:]
	}
	return r.scratch[from:]
}

// readRecord reads the record at buf[r.r:] into r.spans, reading more input
// as needed, but does not consume it. With want > 0, the record must have
// want fields; want == 0 reads the header, whose fields must not be NULL.
// It returns io.EOF when the input ends before the record's first byte.
//
// The format (FACTS §4.2): every non-NULL field is enclosed in '"' with
// '"' doubled inside, NULL is an empty unquoted field, fields are
// separated by ',', and every record, the last included, ends with '\n'.
// Anything inside quotes is kept, '\r' and '\n' included.
func (r *Reader) readRecord(want int) error {
	spans := r.spans[:0]
	defer func() { r.spans = spans }()
	start := r.r // the record's start, moved with buf's contents
	i := start   // the next byte to read
	for {
		// At the start of a field.
		if i == r.w {
			shift, err := r.fill()
			start, i = start-shift, i-shift
			if err != nil {
				if err == io.EOF {
					if i == start {
						return io.EOF
					}
					return r.syntaxError(i, "unexpected end of input: want '\\n' at the end of the record")
				}
				return err
			}
		}
		fieldStart := i
		if want > 0 && len(spans) == want {
			return r.syntaxError(i-1, fmt.Sprintf("more fields than the header's %d", want))
		}
		switch c := r.buf[i]; c {
		case ',', '\n':
			if want == 0 {
				return r.syntaxError(i, "NULL column label: want a quoted label")
			}
			i++
			spans = append(spans, span{start: fieldStart - start, end: fieldStart - start, next: i - start, kind: spanNull})
			if c == '\n' {
				return r.checkCount(spans, want, i-1)
			}
			continue
		case '"':
		default:
			return r.syntaxError(i, fmt.Sprintf("unexpected %s: want '\"' to open a field, ',' after a NULL or '\\n'", r.describe(i)))
		}

		// A quoted field: find its closing quote, a '"' not followed by
		// another.
		i++
		s := span{start: i - start, kind: spanPlain}
		for {
			q := bytes.IndexByte(r.buf[i:r.w], '"')
			if q < 0 {
				i = r.w
				shift, err := r.fill()
				start, i = start-shift, i-shift
				if err == io.EOF {
					return r.syntaxError(i, fmt.Sprintf("unexpected end of input in the quoted field opened at offset %d", r.offsetOf(start+s.start-1)))
				}
				if err != nil {
					return err
				}
				continue
			}
			i += q + 1 // past the quote
			if i == r.w {
				shift, err := r.fill()
				start, i = start-shift, i-shift
				if err == io.EOF {
					return r.syntaxError(i, "unexpected end of input: want '\\n' at the end of the record")
				}
				if err != nil {
					return err
				}
			}
			if r.buf[i] != '"' {
				break
			}
			s.kind = spanEscaped
			i++
		}
		s.end = i - 1 - start
		switch r.buf[i] {
		case ',', '\n':
			i++
			s.next = i - start
			spans = append(spans, s)
			if r.buf[i-1] == '\n' {
				return r.checkCount(spans, want, i-1)
			}
		default:
			return r.syntaxError(i, fmt.Sprintf("unexpected %s after a closing quote: want ',' or '\\n'", r.describe(i)))
		}
	}
}

// checkCount checks the number of fields of a record whose '\n' is at
// buf[nl].
func (r *Reader) checkCount(spans []span, want, nl int) error {
	if want > 0 && len(spans) != want {
		unit := "fields"
		if len(spans) == 1 {
			unit = "field"
		}
		return r.syntaxError(nl, fmt.Sprintf("record has %d %s, want %d as the header", len(spans), unit, want))
	}
	return nil
}

// fill reads more input after buf[:r.w], keeping the unconsumed
// buf[r.r:r.w]. To make room it moves that data to the front of buf, or
// grows buf when the data fills it; it returns how far the data moved left.
// It returns a nil error when at least one byte was added, else the reading
// error (io.EOF at the end).
func (r *Reader) fill() (shift int, err error) {
	keep := r.r
	if r.rerr != nil {
		return 0, r.rerr
	}
	if r.w == len(r.buf) {
		// Full: move the unconsumed bytes to the front, into a buffer twice
		// as large while it is below its size or when they fill more than
		// half of this one (a long record), so that each read has room for
		// many bytes.
		dst := r.buf
		if len(r.buf) < r.size || r.w-keep > len(r.buf)/2 {
			dst = make([]byte, 2*len(r.buf))
		}
		r.newlines += bytes.Count(r.buf[:keep], []byte{'\n'})
		r.w = copy(dst, r.buf[keep:r.w])
		r.buf = dst
		r.base += int64(keep)
		r.r = 0
		shift = keep
	}
	for range 100 {
		n, err := r.rd.Read(r.buf[r.w:])
		if n < 0 || n > len(r.buf)-r.w {
			err = errors.New("csvresult: reader returned an invalid count")
			n = 0
		}
		r.w += n
		if err != nil {
			r.rerr = err
		}
		if n > 0 {
			return shift, nil
		}
		if err != nil {
			return shift, err
		}
	}
	r.rerr = io.ErrNoProgress
	return shift, r.rerr
}

// syntaxError returns a *SyntaxError for buf[i].
func (r *Reader) syntaxError(i int, msg string) error {
	line := r.newlines + bytes.Count(r.buf[:i], []byte{'\n'}) + 1
	return &SyntaxError{Offset: r.offsetOf(i), Line: line, Msg: msg}
}

func (r *Reader) offsetOf(i int) int64 { return r.base + int64(i) }

// describe names the byte at buf[i] for an error message: printable ASCII
// quoted, other bytes in hex (a multi-byte character may not be in buf
// whole, and the message must not depend on the buffer).
func (r *Reader) describe(i int) string {
	c := r.buf[i]
	if c < utf8.RuneSelf && strconv.IsPrint(rune(c)) || c == '\r' || c == '\t' {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("byte %#02x", c)
}
