package emulator

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/athenaq/athenaq/emulator/internal/athena"
	"github.com/athenaq/athenaq/emulator/internal/objstore"
	"github.com/athenaq/athenaq/internal/sqltext"
)

// Query history (Options.DataDir). Athena keeps query executions for 45
// days; the emulator keeps those of earlier runs in DataDir/queries.jsonl,
// one JSON record a line, appended when a query reaches a terminal state
// and before any API call can see that state.
// New reads the file back, so that GetQueryExecution, BatchGetQueryExecution,
// ListQueryExecutions, GetQueryResults (which reads the result files in S3
// as for any query), GetQueryRuntimeStatistics, StopQueryExecution,
// ClientRequestToken idempotency and result reuse see the queries of earlier
// runs. Queries that were QUEUED or RUNNING when a run ended never reached
// the file and are gone.
//
// Each record is written with one write(2) on a file opened with O_APPEND,
// so a crash leaves at most the last line torn; loading ignores (and cuts
// off) a last line without its newline. Loading keeps the newest
// historyLimit records submitted within the last 45 days, and rewrites the
// file with only those (temporary file, fsync, rename) when it holds
// notably more.

// historyFileName is the history file under DataDir.
const historyFileName = "queries.jsonl"

// historyVersion is the record format; records of another version are
// skipped.
const historyVersion = 1

// defaultHistoryLimit is how many queries the history keeps by default.
const defaultHistoryLimit = 10000

// historyMaxAge is how long Athena keeps query history.
const historyMaxAge = 45 * 24 * time.Hour

// historyRecord is one line of the history file: every field of a terminal
// query that the read APIs show or use.
type historyRecord struct {
	Version       int    `json:"v"`
	ID            string `json:"id"`
	Token         string `json:"clientRequestToken"`
	QueryString   string `json:"queryString"` // as received
	Query         string `json:"query"`       // as GetQueryExecution shows it
	StatementType string `json:"statementType"`
	Substatement  string `json:"substatementType"`
	WorkGroup     string `json:"workGroup"`
	// Catalog and Database are QueryExecutionContext as sent,
	// DatabaseShown as GetQueryExecution shows it, RunDatabase the database
	// the statement ran in.
	Catalog       *string `json:"catalog,omitempty"`
	Database      *string `json:"database,omitempty"`
	DatabaseShown *string `json:"databaseShown,omitempty"`
	RunDatabase   string  `json:"runDatabase"`
	// OutputLocation is ResultConfiguration.OutputLocation as sent;
	// OutputBucket and OutputKey are the effective result folder.
	OutputLocation      string   `json:"outputLocation,omitempty"`
	OutputBucket        string   `json:"outputBucket"`
	OutputKey           string   `json:"outputKey"`
	Managed             bool     `json:"managed,omitempty"`
	EncryptionOption    string   `json:"encryptionOption,omitempty"`
	KMSKey              string   `json:"kmsKey,omitempty"`
	ExpectedBucketOwner string   `json:"expectedBucketOwner,omitempty"`
	Parameters          []string `json:"executionParameters,omitempty"`
	ReuseEnabled        bool     `json:"reuseEnabled,omitempty"`
	ReuseMaxAge         int32    `json:"reuseMaxAgeInMinutes,omitempty"`
	// Engine is the work group's SelectedEngineVersion when the query
	// started; "" (records of earlier versions) means AUTO.
	Engine string `json:"engine,omitempty"`

	Submitted   time.Time       `json:"submitted"`
	Running     time.Time       `json:"running,omitzero"`
	Completed   time.Time       `json:"completed"`
	State       string          `json:"state"`
	Reason      string          `json:"stateChangeReason,omitempty"`
	Error       *historyError   `json:"error,omitempty"`
	HiveFailure bool            `json:"hiveFailure,omitempty"`
	ResultKind  string          `json:"resultKind"`
	ResultKey   string          `json:"resultKey,omitempty"`
	ResultSize  int64           `json:"resultSize,omitempty"`
	Columns     []historyColumn `json:"columns,omitempty"`
	UpdateCount *int64          `json:"updateCount,omitempty"`
	Rows        int64           `json:"rows,omitempty"`
	Scanned     int64           `json:"dataScannedInBytes"`
	// QueueMillis and TotalMillis are the timeline the first run reported,
	// kept as numbers: recomputing them from wall-clock times could differ
	// by a millisecond from the monotonic clock's.
	QueueMillis    int64  `json:"queueMillis"`
	TotalMillis    int64  `json:"totalMillis"`
	PlanningMillis *int64 `json:"planningMillis,omitempty"`
	Reused         bool   `json:"reused,omitempty"`
	Manifest       string `json:"manifest,omitempty"`
	ManifestSize   int64  `json:"manifestSize,omitempty"`
}

// historyError is a FAILED query's error.
type historyError struct {
	Name         string `json:"name,omitempty"`
	Message      string `json:"message"`
	Category     int32  `json:"category"`
	Type         int32  `json:"type"`
	Retryable    bool   `json:"retryable,omitempty"`
	ErrorMessage string `json:"errorMessage,omitempty"`
}

// historyColumn is one result column.
type historyColumn struct {
	Name          string `json:"name"`
	Type          string `json:"type"`
	Precision     int32  `json:"precision,omitempty"`
	Scale         int32  `json:"scale,omitempty"`
	CaseSensitive bool   `json:"caseSensitive,omitempty"`
}

// resultKindNames spell resultKind in the history file.
var resultKindNames = [...]string{resultNone: "none", resultCSV: "csv", resultText: "text", resultWrite: "write"}

// historyLog appends records to the history file.
type historyLog struct {
	mu sync.Mutex // guards f
	f  *os.File   // nil once closed
}

// append writes line, which ends in a newline, with one write.
func (h *historyLog) append(line []byte) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.f == nil {
		return errors.New("the history file is closed")
	}
	_, err := h.f.Write(line)
	return err
}

func (h *historyLog) close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.f == nil {
		return nil
	}
	err := h.f.Close()
	h.f = nil
	return err
}

// historyLimit is the number of queries the history keeps.
func (s *Server) historyLimit() int {
	if s.opts.historyLimit > 0 {
		return s.opts.historyLimit
	}
	return defaultHistoryLimit
}

// openHistory restores the queries of DataDir's history file, compacts the
// file or cuts off a torn last record, and opens it for appending.
func (s *Server) openHistory(now time.Time) error {
	path := filepath.Join(s.opts.DataDir, historyFileName)
	var recs []historyRecord
	var good int64
	var torn bool
	var bad int
	f, err := os.Open(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return fmt.Errorf("emulator: query history: %w", err)
	default:
		recs, good, torn, bad, err = readHistory(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("emulator: query history: read %s: %w", path, err)
		}
	}
	if torn {
		s.log.Warn("emulator: query history: ignored an incomplete last record", "file", path)
	}
	if bad > 0 {
		s.log.Warn("emulator: query history: skipped unreadable records", "file", path, "records", bad)
	}
	limit := s.historyLimit()
	kept := keepHistory(recs, now, limit)
	switch dropped := len(recs) + bad - len(kept); {
	case dropped > limit/4:
		if err := writeHistory(path, kept); err != nil {
			return fmt.Errorf("emulator: query history: compact %s: %w", path, err)
		}
		s.log.Info("emulator: query history: compacted", "file", path, "kept", len(kept), "dropped", dropped)
	case torn:
		// The next record must start on a line of its own.
		if err := os.Truncate(path, good); err != nil {
			return fmt.Errorf("emulator: query history: %w", err)
		}
	}
	if f, err = os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err != nil {
		return fmt.Errorf("emulator: query history: %w", err)
	}
	s.history = &historyLog{f: f}
	qs := make([]*query, len(kept))
	for i := range kept {
		qs[i] = kept[i].query()
	}
	s.queries.restore(qs)
	return nil
}

// recordHistory appends q, which has just reached the terminal state of
// snap, to the history file. A failure to write loses the record, not the
// query.
func (s *Server) recordHistory(q *query, snap snapshot) {
	if s.history == nil {
		return
	}
	line, err := json.Marshal(historyOf(q, snap))
	if err == nil {
		err = s.history.append(append(line, '\n'))
	}
	if err != nil {
		s.log.Warn("emulator: query history: record query", "query", q.id, "err", err)
	}
}

// readHistory parses a history file. good is the length of its complete
// lines; torn reports a last line without its newline, which is not parsed;
// bad counts complete lines that are not valid records.
func readHistory(r io.Reader) (recs []historyRecord, good int64, torn bool, bad int, err error) {
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadBytes('\n')
		switch {
		case len(line) > 0 && line[len(line)-1] == '\n':
			good += int64(len(line))
			var rec historyRecord
			if json.Unmarshal(line, &rec) == nil && rec.valid() {
				recs = append(recs, rec)
			} else if len(line) > 1 {
				bad++
			}
		case len(line) > 0:
			torn = true
		}
		if err == io.EOF {
			return recs, good, torn, bad, nil
		}
		if err != nil {
			return nil, 0, false, 0, err
		}
	}
}

// valid reports whether r can be restored.
func (r *historyRecord) valid() bool {
	return r.Version == historyVersion && r.ID != "" && terminal(r.State) && !r.Submitted.IsZero() &&
		!r.Completed.IsZero() && slices.Contains(resultKindNames[:], r.ResultKind)
}

// keepHistory returns the records to restore, oldest first: the last record
// of each id, submitted within historyMaxAge of now, at most limit of them.
func keepHistory(recs []historyRecord, now time.Time, limit int) []historyRecord {
	seen := make(map[string]bool, len(recs))
	kept := make([]historyRecord, 0, min(len(recs), limit))
	for i := len(recs) - 1; i >= 0; i-- {
		r := recs[i]
		if seen[r.ID] || now.Sub(r.Submitted) > historyMaxAge {
			continue
		}
		seen[r.ID] = true
		kept = append(kept, r)
	}
	slices.Reverse(kept)
	// Records are appended as queries end; ListQueryExecutions orders by
	// submission.
	slices.SortStableFunc(kept, func(a, b historyRecord) int { return a.Submitted.Compare(b.Submitted) })
	if len(kept) > limit {
		kept = kept[len(kept)-limit:]
	}
	return kept
}

// writeHistory replaces the file at path with recs, atomically.
func writeHistory(path string, recs []historyRecord) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), historyFileName+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriter(tmp)
	enc := json.NewEncoder(w) // Encode ends each record with a newline
	for i := range recs {
		if err = enc.Encode(&recs[i]); err != nil {
			tmp.Close()
			return err
		}
	}
	if err = w.Flush(); err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// historyOf is q's record; snap must be terminal.
func historyOf(q *query, snap snapshot) historyRecord {
	queue, total := q.timeline(snap, snap.completed)
	r := historyRecord{
		Version: historyVersion, ID: q.id, Token: q.token, QueryString: q.raw, Query: q.sql,
		StatementType: q.class.StatementType, Substatement: q.class.Substatement, WorkGroup: q.workGroup,
		Catalog: q.catalogIn, Database: q.dbIn, DatabaseShown: q.dbShown, RunDatabase: q.database,
		OutputLocation: q.outputIn, OutputBucket: q.output.Bucket, OutputKey: q.output.Key, Managed: q.managed,
		EncryptionOption: q.encOption, KMSKey: q.kmsKey, ExpectedBucketOwner: q.owner, Parameters: q.params,
		ReuseEnabled: q.reuseOn, ReuseMaxAge: q.reuseAge, Engine: q.engine,
		Submitted: q.submitted, Running: snap.running, Completed: snap.completed, State: snap.state, Reason: snap.reason,
		HiveFailure: snap.hiveFailure, ResultKind: resultKindNames[snap.kind], ResultKey: snap.resultKey,
		ResultSize: snap.resultSize, UpdateCount: snap.updateCount, Rows: snap.rows, Scanned: snap.scanned,
		QueueMillis: queue, TotalMillis: total, PlanningMillis: snap.planningMS, Reused: snap.reused,
		Manifest: snap.manifest, ManifestSize: snap.manifestSize,
	}
	if e := snap.qerr; e != nil {
		r.Error = &historyError{Name: e.Name, Message: e.Message, Category: e.Category, Type: e.Type,
			Retryable: e.Retryable, ErrorMessage: e.ErrorMessage}
	}
	for _, c := range snap.columns {
		r.Columns = append(r.Columns, historyColumn{Name: c.Name, Type: c.Type, Precision: c.Precision,
			Scale: c.Scale, CaseSensitive: c.CaseSensitive})
	}
	return r
}

// query rebuilds the terminal query that r records.
func (r *historyRecord) query() *query {
	done := make(chan struct{})
	close(done)
	q := &query{
		id: r.ID, token: r.Token, raw: r.QueryString, sql: r.Query,
		class:     sqltext.Class{StatementType: r.StatementType, Substatement: r.Substatement},
		catalogIn: r.Catalog, dbIn: r.Database, dbShown: r.DatabaseShown, database: r.RunDatabase,
		workGroup: r.WorkGroup, outputIn: r.OutputLocation, output: objstore.URI{Bucket: r.OutputBucket, Key: r.OutputKey},
		managed: r.Managed, encOption: r.EncryptionOption, kmsKey: r.KMSKey, owner: r.ExpectedBucketOwner,
		params: r.Parameters, reuseOn: r.ReuseEnabled, reuseAge: r.ReuseMaxAge, engine: r.Engine, submitted: r.Submitted, done: done,
		restored: true, queueMS: r.QueueMillis, totalMS: r.TotalMillis,

		state: r.State, reason: r.Reason, hiveFailure: r.HiveFailure, running: r.Running, completed: r.Completed,
		kind: resultKind(slices.Index(resultKindNames[:], r.ResultKind)), resultKey: r.ResultKey,
		resultSize: r.ResultSize, updateCount: r.UpdateCount, rows: r.Rows, scanned: r.Scanned,
		planningMS: r.PlanningMillis, reused: r.Reused, manifest: r.Manifest, manifestSize: r.ManifestSize,
	}
	if e := r.Error; e != nil {
		q.qerr = &athena.QueryError{Name: e.Name, Message: e.Message, Category: e.Category, Type: e.Type,
			Retryable: e.Retryable, ErrorMessage: e.ErrorMessage}
	}
	for _, c := range r.Columns {
		q.columns = append(q.columns, athena.Column{Name: c.Name, Type: c.Type, Precision: c.Precision,
			Scale: c.Scale, CaseSensitive: c.CaseSensitive})
	}
	return q
}

// restore adds the queries of an earlier run, oldest first, to an empty
// store. They are terminal, and Stats does not count them: it counts what
// this run has served.
func (st *queryStore) restore(qs []*query) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, q := range qs {
		st.byID[q.id] = q
		st.byToken[q.token] = q
		st.order = append(st.order, q)
	}
}
