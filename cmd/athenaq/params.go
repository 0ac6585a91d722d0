package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/athenaq/athenaq/athenatype"
)

// wholeNumber is what an untyped --param must look like to be sent as a
// bigint: no sign but minus, no leading zeros (so that "007" stays text).
var wholeNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]{0,18})$`)

// paramValues turns the --param texts into the Go values that the client
// binds to ? markers. types[i], when present, names the type of vals[i]:
// "auto" (the default) infers boolean, bigint or varchar; the others decode
// the text as Athena renders that type, with the client's decoders.
func paramValues(vals, types []string) ([]any, error) {
	if len(types) > len(vals) {
		return nil, fmt.Errorf("%d --param-type flags but %d --param values: give one type per value, in order", len(types), len(vals))
	}
	out := make([]any, len(vals))
	for i, v := range vals {
		typ := "auto"
		if i < len(types) {
			typ = strings.ToLower(strings.TrimSpace(types[i]))
		}
		x, err := paramValue(v, typ)
		if err != nil {
			return nil, fmt.Errorf("--param %d (%q): %w", i+1, v, err)
		}
		out[i] = x
	}
	return out, nil
}

func paramValue(v, typ string) (any, error) {
	switch typ {
	case "auto", "":
		switch {
		case v == "true" || v == "false":
			return v == "true", nil
		case wholeNumber.MatchString(v):
			var n int64
			if _, err := fmt.Sscan(v, &n); err == nil {
				return n, nil
			}
		}
		return v, nil
	case "varchar", "string", "char":
		return v, nil
	case "null":
		return nil, nil
	case "date":
		d, err := athenatype.ParseDate(v)
		if err != nil {
			return nil, fmt.Errorf("as date: %w (want YYYY-MM-DD)", err)
		}
		return d, nil
	case "int":
		typ = "integer"
	}
	switch typ {
	case "boolean", "tinyint", "smallint", "integer", "bigint", "real", "double", "decimal", "timestamp", "varbinary", "json", "uuid", "ipaddress":
	default:
		return nil, fmt.Errorf("--param-type %q: want auto, varchar, bigint, integer, smallint, tinyint, double, real, decimal, boolean, date, timestamp, varbinary, json, uuid, ipaddress or null", typ)
	}
	dec, err := athenatype.NewDecoder(typ, nil)
	if err != nil {
		return nil, fmt.Errorf("--param-type %q: %w", typ, err)
	}
	x, err := dec.Decode(v)
	if err != nil {
		return nil, fmt.Errorf("as %s: %w", typ, err)
	}
	return x, nil
}
