package emulator

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/athenaq/athenaq/emulator/internal/athena"
	"github.com/athenaq/athenaq/emulator/internal/objstore"
	"github.com/athenaq/athenaq/emulator/internal/protocol"
	"github.com/athenaq/athenaq/emulator/internal/results"
)

// getQueryResults serves one page of a query's results from its result
// object in S3 (or the managed result store), in Athena's validation order
// (FACTS §2.4). A result set always carries its Rows and ColumnInfo lists,
// empty for DDL and writes, as real Athena does (FACTS §2.4).
func (s *Server) getQueryResults(ctx context.Context, in *protocol.GetQueryResultsInput) (any, *protocol.Error) {
	out, perr := s.queryResultsPage(ctx, in)
	if perr != nil {
		return nil, perr
	}
	if out.ResultSet == nil {
		out.ResultSet = &protocol.ResultSet{}
	}
	if out.ResultSet.Rows == nil {
		out.ResultSet.Rows = []protocol.Row{}
	}
	if out.ResultSet.ResultSetMetadata == nil {
		out.ResultSet.ResultSetMetadata = &protocol.ResultSetMetadata{}
	}
	if out.ResultSet.ResultSetMetadata.ColumnInfo == nil {
		out.ResultSet.ResultSetMetadata.ColumnInfo = []protocol.ColumnInfo{}
	}
	return out, nil
}

// queryResultsPage is getQueryResults before its empty lists are filled in.
func (s *Server) queryResultsPage(ctx context.Context, in *protocol.GetQueryResultsInput) (*protocol.GetQueryResultsOutput, *protocol.Error) {
	q, ok := s.queries.get(in.QueryExecutionId)
	if !ok {
		return nil, notFound(in.QueryExecutionId)
	}
	max := int64(1000)
	if in.MaxResults != nil {
		if *in.MaxResults > 1000 {
			return nil, protocol.InvalidRequest("INVALID_INPUT", "MaxResults is more than maximum allowed length 1000")
		}
		max = int64(*in.MaxResults)
	}
	snap := q.snapshot()
	switch snap.state {
	case stateQueued, stateRunning:
		return nil, protocol.InvalidRequest("INVALID_QUERY_EXECUTION_STATE", "Query has not yet finished. Current state: "+snap.state)
	case stateCancelled:
		return nil, protocol.InvalidRequest("RESULT_NOT_FOUND", "Could not find results")
	case stateFailed:
		if snap.hiveFailure {
			return &protocol.GetQueryResultsOutput{ResultSet: &protocol.ResultSet{}}, nil
		}
		return nil, protocol.InvalidRequest("INVALID_QUERY_EXECUTION_STATE", "Query did not finish successfully. Final query state: FAILED")
	}
	if perr := s.managedResultsGone(q, snap, time.Now()); perr != nil {
		return nil, perr
	}
	manifest := in.QueryResultType == "DATA_MANIFEST"
	if manifest && snap.manifest == "" {
		// Only CTAS, INSERT INTO and UNLOAD have a data manifest (FACTS
		// §2.4). Message unverified.
		return nil, protocol.InvalidRequest("INVALID_INPUT", "QueryResultType DATA_MANIFEST is only supported for CTAS, INSERT INTO and UNLOAD queries")
	}
	var pos, row int64
	if in.NextToken != "" {
		var ok bool
		if pos, row, ok = s.pages.decode("results:"+q.id, in.NextToken); !ok {
			return nil, protocol.InvalidRequest("INVALID_INPUT", "Malformed nextPageToken "+in.NextToken)
		}
	}
	out := &protocol.GetQueryResultsOutput{UpdateCount: snap.updateCount, ResultSet: &protocol.ResultSet{}}
	if manifest {
		// The manifest's lines, one S3 URI a row, with no header and no
		// ColumnInfo (unverified).
		u, err := objstore.ParseURI(snap.manifest)
		if err != nil {
			return nil, protocol.Internal(fmt.Sprintf("manifest of %s: %v", q.id, err))
		}
		snap.kind, snap.resultKey, snap.resultSize = resultText, u.Key, snap.manifestSize
	}
	switch snap.kind {
	case resultNone:
		return out, nil
	case resultWrite:
		// The `rows` column, no rows, the count in UpdateCount (FACTS §2.4).
		out.ResultSet.ResultSetMetadata = &protocol.ResultSetMetadata{ColumnInfo: columnInfo(snap.columns)}
		return out, nil
	case resultCSV, resultText:
		out.ResultSet.ResultSetMetadata = &protocol.ResultSetMetadata{ColumnInfo: columnInfo(snap.columns)}
	}
	if manifest {
		out.ResultSet.ResultSetMetadata = nil
	}
	rows, next, err := s.readPage(ctx, q, snap, pos, row, max)
	if err != nil {
		if errors.Is(err, objstore.ErrNotFound) {
			return nil, protocol.InvalidRequest("RESULT_NOT_FOUND", "Could not find results")
		}
		return nil, protocol.Internal(fmt.Sprintf("read results of %s: %v", q.id, err))
	}
	out.ResultSet.Rows = rows
	out.NextToken = next
	return out, nil
}

// readPage reads up to max rows of q's result object starting at byte pos,
// which is row number row (the header of a CSV result is row 0). A full page
// always carries a token, even when nothing follows (FACTS §2.4).
func (s *Server) readPage(ctx context.Context, q *query, snap snapshot, pos, row, max int64) ([]protocol.Row, string, error) {
	body := io.NopCloser(strings.NewReader(""))
	if pos < snap.resultSize {
		var err error
		if body, _, err = s.resultStore(q).Get(ctx, q.output.Bucket, snap.resultKey, pos); err != nil {
			return nil, "", err
		}
	}
	defer body.Close()
	rows := make([]protocol.Row, 0, min(max, 1000))
	var offset int64
	if snap.kind == resultCSV {
		r := results.NewCSVReader(body)
		for int64(len(rows)) < max {
			fields, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, "", err
			}
			rows = append(rows, csvRow(fields))
		}
		offset = r.Offset()
	} else if pos <= snap.resultSize {
		// A .txt body is its rows joined by "\n" with no final newline, so
		// an empty last row exists only after a "\n". A page that ends on the
		// last row resumes one byte past the end, where nothing is left.
		br := bufio.NewReader(body)
		afterNewline := pos > 0
		for int64(len(rows)) < max {
			line, err := br.ReadString('\n')
			if err != nil && err != io.EOF {
				return nil, "", err
			}
			if err == io.EOF && line == "" && !afterNewline {
				break
			}
			offset += int64(len(line))
			rows = append(rows, protocol.Row{Data: []protocol.Datum{{VarCharValue: protocol.Ptr(strings.TrimSuffix(line, "\n"))}}})
			if err == io.EOF {
				offset++
				break
			}
			afterNewline = true
		}
	}
	next := ""
	if int64(len(rows)) == max && max > 0 {
		next = s.pages.encode("results:"+q.id, pos+offset, row+int64(len(rows)))
	}
	return rows, next, nil
}

func csvRow(fields []*string) protocol.Row {
	data := make([]protocol.Datum, len(fields))
	for i, f := range fields {
		data[i].VarCharValue = f
	}
	return protocol.Row{Data: data}
}

// columnInfo renders result columns as Athena's ColumnInfo.
func columnInfo(cols []athena.Column) []protocol.ColumnInfo {
	out := make([]protocol.ColumnInfo, len(cols))
	for i, c := range cols {
		out[i] = protocol.ColumnInfo{CatalogName: "hive", Name: c.Name, Label: c.Name, Type: c.Type,
			Precision: c.Precision, Scale: c.Scale, Nullable: "UNKNOWN", CaseSensitive: c.CaseSensitive}
	}
	return out
}
