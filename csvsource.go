package athenaq

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/athenaq/athenaq/athenatype"
	"github.com/athenaq/athenaq/internal/csvresult"
	"github.com/athenaq/athenaq/internal/s3read"
)

// csvRows reads a SELECT's result file, <OutputLocation><id>.csv, with
// ordered parallel ranged GETs, and decodes it as a stream. The column
// types come from one GetQueryResults call of one row: the CSV holds only
// the labels.
func (c *Client) csvRows(ctx context.Context, q *Query, st Status) (*Rows, error) {
	first, err := c.resultsPage(ctx, q.ID(), nil, 1)
	if err != nil {
		return nil, err
	}
	r, err := c.newRows(q, st, first)
	if err != nil {
		return nil, err
	}
	bucket, key, err := s3read.ParseURI(st.OutputLocation)
	if err != nil {
		return nil, fmt.Errorf("athenaq: result of %s: %w", q.ID(), err)
	}
	rctx, cancel := context.WithCancel(ctx)
	obj, err := s3read.Open(rctx, c.s3, bucket, key, s3read.Options{PartSize: int64(c.cfg.S3PartSize), Concurrency: c.cfg.S3Concurrency,
		Window: c.cfg.S3Concurrency + 2, ExpectedBucketOwner: c.cfg.ExpectedBucketOwner, Logger: c.log})
	if err != nil {
		cancel()
		return nil, fmt.Errorf("athenaq: result of %s: %w", q.ID(), err)
	}
	src := &csvSource{obj: obj, cancel: cancel, csv: csvresult.NewReader(obj), decoders: r.decoders, uri: st.OutputLocation}
	labels, err := src.csv.Header()
	if err != nil {
		src.close()
		return nil, fmt.Errorf("athenaq: result file %s: %w", st.OutputLocation, err)
	}
	if len(labels) != len(r.cols) {
		src.close()
		return nil, fmt.Errorf("athenaq: result file %s has %d columns, the query %d", st.OutputLocation, len(labels), len(r.cols))
	}
	r.src = src
	r.npages = 1 // the column types
	return r, nil
}

// csvSource is the CSV transport's rows: fields straight from the stream,
// decoded without a string copy for numbers, dates and timestamps.
type csvSource struct {
	obj      *s3read.Reader
	cancel   context.CancelFunc
	csv      *csvresult.Reader
	decoders []*athenatype.Decoder
	uri      string
	fields   [][]byte // the current row; nil for NULL
	failed   error
}

func (s *csvSource) next() bool {
	if s.failed != nil {
		return false
	}
	fields, err := s.csv.Next()
	if err != nil {
		if !errors.Is(err, io.EOF) {
			s.failed = fmt.Errorf("athenaq: result file %s: %w", s.uri, err)
		}
		s.fields = nil
		return false
	}
	s.fields = fields
	return true
}

func (s *csvSource) value(i int) (any, error) {
	if i >= len(s.fields) || s.fields[i] == nil {
		return nil, nil
	}
	return s.decoders[i].DecodeBytes(s.fields[i])
}

func (s *csvSource) appendTexts(dst []*string) ([]*string, error) {
	for _, f := range s.fields {
		if f == nil {
			dst = append(dst, nil)
			continue
		}
		t := string(f)
		dst = append(dst, &t)
	}
	return dst, nil
}

func (s *csvSource) err() error { return s.failed }

func (s *csvSource) stats() ReadStats {
	st := s.obj.Stats()
	return ReadStats{Files: 1, Parts: st.Parts, Requests: st.Requests, Retries: st.Retries, Bytes: st.Bytes}
}

func (s *csvSource) close() error {
	s.cancel()
	return s.obj.Close()
}
