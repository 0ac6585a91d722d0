package protocol

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/athenaq/athenaq/internal/uuid"
)

// ContentType is the Content-Type of every awsJson1_1 request and response.
const ContentType = "application/x-amz-json-1.1"

// RequestIDHeader is the response header that carries the request id,
// spelled as Athena sends it. It is not in canonical form, so set and read it
// through the header map directly: h[RequestIDHeader].
const RequestIDHeader = "x-amzn-RequestId"

// NewRequestID returns a random lowercase UUID version 4, the form of
// Athena's request and query execution ids.
func NewRequestID() string { return uuid.NewV4() }

// WriteJSON writes a 200 response whose body is v encoded as JSON without
// HTML escaping and without a trailing newline. v is normally a pointer to
// one of the output structs; nil gives {}. If v cannot be encoded, WriteJSON
// writes an InternalServerException instead.
//
// Like WriteError, it sets Content-Type, Content-Length and x-amzn-RequestId.
// A request id already present in w's header map under RequestIDHeader is
// kept, so a server can choose the id before the handler runs.
func WriteJSON(w http.ResponseWriter, v any) {
	body, err := marshal(v)
	if err != nil {
		WriteError(w, Internal("failed to encode the response"))
		return
	}
	write(w, http.StatusOK, body)
}

// WriteError writes e with its status code and body (see Error.Body). A nil e
// is written as a 500 InternalServerException.
func WriteError(w http.ResponseWriter, e *Error) {
	if e == nil {
		e = Internal("")
	}
	status := e.Status
	if status < 100 || status > 999 {
		status = http.StatusInternalServerError
	}
	write(w, status, e.Body())
}

func write(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", ContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	// The header map is indexed directly to keep Athena's exact spelling
	// x-amzn-RequestId on the wire (Set would canonicalize it).
	//lint:ignore SA1008 the non-canonical key is deliberate
	if len(h[RequestIDHeader]) == 0 {
		h[RequestIDHeader] = []string{NewRequestID()}
	}
	w.WriteHeader(status)
	w.Write(body) // a failed write means the client went away; nothing to do
}

// marshal encodes v as compact JSON without HTML escaping or a trailing
// newline. A nil value, or a nil pointer, gives {}.
func marshal(v any) ([]byte, error) {
	if v == nil {
		return []byte("{}"), nil
	}
	if a, ok := v.(jsonAppender); ok {
		return a.appendJSON(make([]byte, 0, a.sizeHint()))
	}
	return marshalReflect(v)
}

// marshalReflect is marshal through encoding/json.
func marshalReflect(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if string(b) == "null" {
		return []byte("{}"), nil
	}
	return b, nil
}

// jsonAppender is implemented by the outputs whose encoding is a hot path;
// marshal uses it instead of reflection.
type jsonAppender interface {
	appendJSON(b []byte) ([]byte, error)
	sizeHint() int // about the encoded size, to allocate once
}

func (o *GetQueryResultsOutput) sizeHint() int {
	n := 1024
	if o != nil && o.ResultSet != nil {
		for _, r := range o.ResultSet.Rows {
			n += 12
			for _, d := range r.Data {
				n += 20
				if d.VarCharValue != nil {
					n += len(*d.VarCharValue) + len(*d.VarCharValue)/8
				}
			}
		}
	}
	return n
}

// appendJSON encodes a GetQueryResults page by hand: 1000 rows of many
// columns are most of the emulator's response bytes, and reflection-based
// encoding took two thirds of the time to serve a page. The output is
// byte-identical to encoding/json's (see TestGetQueryResultsEncodingMatches).
func (o *GetQueryResultsOutput) appendJSON(b []byte) ([]byte, error) {
	if o == nil {
		return append(b, '{', '}'), nil
	}
	b = append(b, '{')
	sep := false
	if o.NextToken != "" {
		b = append(b, `"NextToken":`...)
		b = appendString(b, o.NextToken)
		sep = true
	}
	if rs := o.ResultSet; rs != nil {
		if sep {
			b = append(b, ',')
		}
		b = append(b, `"ResultSet":{`...)
		inner := false
		if rs.ResultSetMetadata != nil {
			meta, err := marshalReflect(rs.ResultSetMetadata)
			if err != nil {
				return nil, err
			}
			b = append(b, `"ResultSetMetadata":`...)
			b = append(b, meta...)
			inner = true
		}
		if rs.Rows != nil {
			if inner {
				b = append(b, ',')
			}
			b = append(b, `"Rows":[`...)
			for i, r := range rs.Rows {
				if i > 0 {
					b = append(b, ',')
				}
				if r.Data == nil {
					b = append(b, '{', '}')
					continue
				}
				b = append(b, `{"Data":[`...)
				for j, d := range r.Data {
					if j > 0 {
						b = append(b, ',')
					}
					if d.VarCharValue == nil {
						b = append(b, '{', '}')
						continue
					}
					b = append(b, `{"VarCharValue":`...)
					b = appendString(b, *d.VarCharValue)
					b = append(b, '}')
				}
				b = append(b, ']', '}')
			}
			b = append(b, ']')
		}
		b = append(b, '}')
		sep = true
	}
	if o.UpdateCount != nil {
		if sep {
			b = append(b, ',')
		}
		b = append(b, `"UpdateCount":`...)
		b = strconv.AppendInt(b, *o.UpdateCount, 10)
	}
	return append(b, '}'), nil
}
