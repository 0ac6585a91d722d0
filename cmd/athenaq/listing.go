package main

import (
	"context"
	"io"

	"github.com/athenaq/athenaq"
)

// writeListing writes a listing that the CLI built (databases, tables,
// columns, history, a status) in a text format, with the writers of query
// results: every value is a string column, and none is NULL.
func writeListing(w io.Writer, f outputFormat, l listing) error {
	src := &listingRows{l: l, i: -1}
	var err error
	switch f {
	case formatTable:
		_, err = writeTable(context.Background(), w, src)
	case formatCSV:
		_, err = writeDelimited(context.Background(), w, ',', src)
	case formatTSV:
		_, err = writeDelimited(context.Background(), w, '\t', src)
	case formatJSON, formatJSONL:
		_, err = writeJSON(context.Background(), w, f == formatJSONL, src)
	default:
		_, err = parseFormat(string(f))
	}
	return err
}

// listingRows reads a listing as rows.
type listingRows struct {
	l   listing
	i   int
	raw []*string
}

func (r *listingRows) Columns() []athenaq.Column {
	cols := make([]athenaq.Column, len(r.l.columns))
	for i, name := range r.l.columns {
		cols[i] = athenaq.Column{Name: name, Type: "varchar"}
	}
	return cols
}

func (r *listingRows) Next() bool {
	r.i++
	return r.i < len(r.l.rows)
}

func (r *listingRows) RawValues() ([]*string, error) {
	row := r.l.rows[r.i]
	r.raw = r.raw[:0]
	for j := range row {
		r.raw = append(r.raw, &row[j])
	}
	return r.raw, nil
}

func (r *listingRows) Err() error { return nil }
