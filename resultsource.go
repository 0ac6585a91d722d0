package athenaq

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// ResultSource is a result transport that another package provides: its
// rows are read through Rows like those of the built-in transports. The
// records package provides UNLOAD's Parquet reader this way, so that the
// core client does not link Arrow and Parquet.
//
// A ResultSource may also have a method ReadStats() ReadStats, which Rows
// calls after Close to report the source's S3 reads to a TransportTracer.
type ResultSource interface {
	// Columns describes the result's columns.
	Columns() []Column
	// Next moves to the next row, reporting false at the end or on an
	// error (Err).
	Next() bool
	// Value returns column i of the current row as the Go value that the
	// API transport gives for the same Athena value; NULL is nil.
	Value(i int) (any, error)
	Err() error
	// Close releases the source; Rows calls it once.
	Close() error
}

// UnloadReader opens the rows of an UNLOAD result from its data manifest
// (s3://bucket/key), reading the files it lists with api, in order.
// expectedBucketOwner, when set, goes with every GET.
type UnloadReader func(ctx context.Context, api *s3.Client, manifestURI, expectedBucketOwner string) (ResultSource, error)

var unloadReader struct {
	mu   sync.Mutex
	open UnloadReader
}

// RegisterUnloadReader installs the reader that ResultUnload uses. Package
// records registers its Parquet reader when it is imported: a program that
// sets ResultUnload imports it (import _
// "github.com/athenaq/athenaq/records" if it uses no Arrow itself). The
// last registration wins.
func RegisterUnloadReader(open UnloadReader) {
	unloadReader.mu.Lock()
	defer unloadReader.mu.Unlock()
	unloadReader.open = open
}

func registeredUnloadReader() UnloadReader {
	unloadReader.mu.Lock()
	defer unloadReader.mu.Unlock()
	return unloadReader.open
}

// errNoUnloadReader explains what ResultUnload needs.
var errNoUnloadReader = errors.New(`no UNLOAD reader is registered: import "github.com/athenaq/athenaq/records" (it reads the Parquet files)`)

// Source returns the transport of an UNLOAD result (a ResultSource from
// RegisterUnloadReader), or nil for the API and CSV transports. Package
// records uses it to hand out UNLOAD's Arrow records as they are.
func (r *Rows) Source() ResultSource {
	if s, ok := r.src.(*pluggedSource); ok {
		return s.ResultSource
	}
	return nil
}

// unloadRows reads the Parquet files that an UNLOAD wrote, through the
// registered UnloadReader.
func (c *Client) unloadRows(ctx context.Context, q *Query, st Status) (*Rows, error) {
	open := registeredUnloadReader()
	if open == nil {
		return nil, fmt.Errorf("athenaq: UNLOAD result of %s: %w", q.ID(), errNoUnloadReader)
	}
	rctx, cancel := context.WithCancel(ctx)
	src, err := open(rctx, c.s3, st.ManifestLocation, c.cfg.ExpectedBucketOwner)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("athenaq: UNLOAD result of %s: %w", q.ID(), err)
	}
	r := &Rows{q: q, status: st, cols: src.Columns()}
	r.src = &pluggedSource{ResultSource: src, cancel: cancel, cols: r.cols}
	return r, nil
}

// pluggedSource adapts a ResultSource to Rows.
type pluggedSource struct {
	ResultSource
	cancel context.CancelFunc
	cols   []Column
}

func (s *pluggedSource) next() bool               { return s.Next() }
func (s *pluggedSource) value(i int) (any, error) { return s.Value(i) }
func (s *pluggedSource) err() error               { return s.Err() }

func (s *pluggedSource) stats() ReadStats {
	if rs, ok := s.ResultSource.(interface{ ReadStats() ReadStats }); ok {
		return rs.ReadStats()
	}
	return ReadStats{}
}

func (s *pluggedSource) close() error {
	defer s.cancel()
	return s.Close()
}

// appendTexts renders the current row as Athena's text, for callers such
// as the database/sql driver that read text.
func (s *pluggedSource) appendTexts(dst []*string) ([]*string, error) {
	for i := range s.cols {
		v, err := s.Value(i)
		if err != nil {
			return dst, err
		}
		if v == nil {
			dst = append(dst, nil)
			continue
		}
		t := athenaText(s.cols[i].Type, v)
		dst = append(dst, &t)
	}
	return dst, nil
}
