package protocol

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
)

// targetPrefix starts every X-Amz-Target value.
const targetPrefix = "AmazonAthena."

// Route returns the operation named by an X-Amz-Target header value. The
// value must be "AmazonAthena.<Operation>" with exact case and an operation
// in Operations; otherwise ok is false and the caller should answer
// UnknownOperation().
func Route(target string) (op string, ok bool) {
	op, found := strings.CutPrefix(target, targetPrefix)
	if !found {
		return "", false
	}
	if _, known := operations[op]; !known {
		return "", false
	}
	return op, true
}

// Decode parses and validates the request body of op and returns a pointer
// to the operation's input struct (for example *GetQueryResultsInput), or
// the error Athena sends for that body. Exactly one of the results is nil.
//
// The checks run in Athena's order (FACTS §1.5):
//
//  1. The body must be a JSON object. Anything that is not JSON, and JSON
//     null, strings, numbers and booleans, give a SerializationException
//     without a message; an array gives "Start of list found where not
//     expected".
//  2. Each known member must have its model's JSON type, checked in document
//     order, nested members included; the first mismatch gives a
//     SerializationException such as "STRING_VALUE can not be converted to
//     an Integer". Unknown members are skipped unchecked, a member set to
//     null counts as absent, and a fractional number sent for an integer is
//     truncated toward zero (1.5 becomes 1).
//  3. Framework constraints (required members, lengths, ranges, patterns,
//     enums) give one InvalidRequestException INVALID_INPUT listing every
//     violation in model member order, e.g. "1 validation error detected:
//     Value null at 'queryExecutionId' failed to satisfy constraint: Member
//     must not be null".
//  4. A few service-level input checks that Athena makes before any lookup:
//     today only the byte length of StartQueryExecution's ClientRequestToken.
//
// An unknown op gives UnknownOperation(). Decode never panics.
func Decode(op string, body []byte) (any, *Error) {
	spec, ok := operations[op]
	if !ok {
		return nil, UnknownOperation()
	}
	root, err := parse(body)
	if err != nil {
		return nil, Serialization("")
	}
	switch root.kind {
	case nodeObject:
	case nodeArray:
		return nil, Serialization(msgListNotExpected)
	default:
		return nil, Serialization("")
	}
	val, perr := typed(spec.input, root)
	if perr != nil {
		return nil, perr
	}
	if perr := validate(spec.input, val); perr != nil {
		return nil, perr
	}
	in := spec.newInput()
	raw, merr := json.Marshal(plain(val))
	if merr == nil {
		merr = json.Unmarshal(raw, in)
	}
	if merr != nil {
		// Unreachable: val holds only members of the model with checked types.
		return nil, Serialization("")
	}
	if spec.check != nil {
		if perr := spec.check(in); perr != nil {
			return nil, perr
		}
	}
	return in, nil
}

// SerializationException messages (FACTS §1.5).
const (
	msgListNotExpected   = "Start of list found where not expected"
	msgStructNotExpected = "Start of structure or map found where not expected."
	msgExpectedList      = "Expected list or null"
	msgExpectedNull      = "Expected null"
)

// nodeKind is the JSON type of a parsed value.
type nodeKind uint8

const (
	nodeNull nodeKind = iota
	nodeString
	nodeNumber
	nodeTrue
	nodeFalse
	nodeArray
	nodeObject
)

// node is a parsed JSON value that keeps object members in document order,
// duplicates included, because Athena reports the first type error in
// document order.
type node struct {
	kind   nodeKind
	text   string  // nodeString: the value; nodeNumber: the literal
	elems  []*node // nodeArray
	fields []field // nodeObject
}

type field struct {
	key   string
	value *node
}

// parse parses body as one JSON value. It fails on anything that is not
// exactly one JSON value, surrounding whitespace aside.
func parse(body []byte) (*node, error) {
	// json.Valid rejects trailing data and nesting deeper than encoding/json's
	// limit, which also bounds the recursion below.
	if !json.Valid(body) {
		return nil, errors.New("not JSON")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	n, err := parseValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data")
	}
	return n, nil
}

func parseValue(dec *json.Decoder) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case nil:
		return &node{kind: nodeNull}, nil
	case bool:
		if t {
			return &node{kind: nodeTrue}, nil
		}
		return &node{kind: nodeFalse}, nil
	case string:
		return &node{kind: nodeString, text: t}, nil
	case json.Number:
		return &node{kind: nodeNumber, text: string(t)}, nil
	case json.Delim:
		switch t {
		case '[':
			n := &node{kind: nodeArray}
			for dec.More() {
				v, err := parseValue(dec)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, v)
			}
			if _, err := dec.Token(); err != nil { // ']'
				return nil, err
			}
			return n, nil
		case '{':
			n := &node{kind: nodeObject}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, ok := kt.(string)
				if !ok {
					return nil, errors.New("object key is not a string")
				}
				v, err := parseValue(dec)
				if err != nil {
					return nil, err
				}
				n.fields = append(n.fields, field{key, v})
			}
			if _, err := dec.Token(); err != nil { // '}'
				return nil, err
			}
			return n, nil
		}
	}
	return nil, errors.New("unexpected token")
}

// typed checks n against s and returns its value in the form validate and
// plain expect: string, int64, bool, []any (nil for a null element), or
// map[string]any holding only the members of s that were sent and not null.
// A document member keeps its whole value. n must not be JSON null.
func typed(s *shape, n *node) (any, *Error) {
	switch s.kind {
	case kindString:
		if n.kind == nodeString {
			return n.text, nil
		}
		return nil, scalarMismatch(n, "a String")
	case kindBoolean:
		switch n.kind {
		case nodeTrue:
			return true, nil
		case nodeFalse:
			return false, nil
		}
		return nil, scalarMismatch(n, "a Boolean")
	case kindInteger:
		if n.kind == nodeNumber {
			return toInt32(n.text)
		}
		return nil, scalarMismatch(n, "an Integer")
	case kindLong:
		if n.kind == nodeNumber {
			return toInt64(n.text)
		}
		return nil, scalarMismatch(n, "a Long")
	case kindList:
		if n.kind != nodeArray {
			// The message for a non-string scalar or an object here is
			// unverified; a string was measured.
			return nil, Serialization(msgExpectedList)
		}
		list := make([]any, len(n.elems))
		for i, e := range n.elems {
			// A null element is accepted (FACTS §1.1) and dropped from the
			// decoded input; it still counts toward the list length.
			if e.kind == nodeNull {
				continue
			}
			v, err := typed(s.elem, e)
			if err != nil {
				return nil, err
			}
			list[i] = v
		}
		return list, nil
	case kindMap:
		switch n.kind {
		case nodeObject:
		case nodeArray:
			return nil, Serialization(msgListNotExpected)
		default:
			// Assumed to answer as a structure does (unverified).
			return nil, Serialization(msgExpectedNull)
		}
		m := make(map[string]any, len(n.fields))
		for _, f := range n.fields {
			if f.value.kind == nodeNull {
				delete(m, f.key)
				continue
			}
			v, err := typed(s.elem, f.value)
			if err != nil {
				return nil, err
			}
			m[f.key] = v
		}
		return m, nil
	case kindStructure, kindDocument:
		switch n.kind {
		case nodeObject:
		case nodeArray:
			return nil, Serialization(msgListNotExpected)
		default:
			// Measured for a string; assumed for numbers and booleans.
			return nil, Serialization(msgExpectedNull)
		}
		if s.kind == kindDocument {
			raw, err := json.Marshal(documentValue(n))
			if err != nil {
				return nil, Serialization("")
			}
			return json.RawMessage(raw), nil
		}
		m := make(map[string]any, len(n.fields))
		for _, f := range n.fields {
			mem := s.memberNamed(f.key)
			if mem == nil {
				continue // unknown members are ignored, unchecked
			}
			if f.value.kind == nodeNull {
				delete(m, f.key) // null is absent; the last duplicate wins
				continue
			}
			v, err := typed(mem.shape, f.value)
			if err != nil {
				return nil, err
			}
			m[f.key] = v
		}
		return m, nil
	}
	return nil, Serialization("")
}

// scalarMismatch is the SerializationException for n where a scalar of the
// given type ("a String", "an Integer", "a Boolean") is expected.
func scalarMismatch(n *node, want string) *Error {
	var got string
	switch n.kind {
	case nodeArray:
		return Serialization(msgListNotExpected)
	case nodeObject:
		return Serialization(msgStructNotExpected)
	case nodeString:
		got = "STRING_VALUE"
	case nodeNumber:
		got = "NUMBER_VALUE"
	case nodeTrue:
		got = "TRUE_VALUE"
	case nodeFalse:
		got = "FALSE_VALUE"
	default:
		return Serialization("")
	}
	return Serialization(got + " can not be converted to " + want)
}

// toInt32 converts a JSON number literal to an Integer the way Athena does:
// a fraction is truncated toward zero (measured: 1.5 reads as 1).
func toInt32(lit string) (any, *Error) {
	if i, err := strconv.ParseInt(lit, 10, 32); err == nil {
		return i, nil
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err == nil {
		f = math.Trunc(f)
		if f >= math.MinInt32 && f <= math.MaxInt32 {
			return int64(f), nil
		}
	}
	// A number outside the Integer range is a parse failure in Athena's
	// deserializer; the wording is unverified (this is Jackson's).
	return nil, Serialization("Numeric value (" + lit + ") out of range of int (-2147483648 - 2147483647)")
}

func toInt64(lit string) (any, *Error) {
	if i, err := strconv.ParseInt(lit, 10, 64); err == nil {
		return i, nil
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err == nil {
		f = math.Trunc(f)
		// 2^63 itself does not fit: compare against the float just below.
		if f >= math.MinInt64 && f < math.MaxInt64 {
			return int64(f), nil
		}
	}
	// The wording is unverified (this is Jackson's).
	return nil, Serialization("Numeric value (" + lit + ") out of range of long (-9223372036854775808 - 9223372036854775807)")
}

// documentValue returns n as a plain Go value for encoding/json.
func documentValue(n *node) any {
	switch n.kind {
	case nodeString:
		return n.text
	case nodeNumber:
		return json.Number(n.text)
	case nodeTrue:
		return true
	case nodeFalse:
		return false
	case nodeArray:
		list := make([]any, len(n.elems))
		for i, e := range n.elems {
			list[i] = documentValue(e)
		}
		return list
	case nodeObject:
		m := make(map[string]any, len(n.fields))
		for _, f := range n.fields {
			m[f.key] = documentValue(f.value)
		}
		return m
	}
	return nil
}

// plain returns a value from typed in a form encoding/json turns into the
// input structs: null list elements are dropped.
func plain(v any) any {
	switch v := v.(type) {
	case []any:
		out := make([]any, 0, len(v))
		for _, e := range v {
			if e != nil {
				out = append(out, plain(e))
			}
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = plain(e)
		}
		return out
	}
	return v
}
