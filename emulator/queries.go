package emulator

import (
	"context"
	"sync"
	"time"

	"github.com/athenaq/athenaq/emulator/internal/athena"
	"github.com/athenaq/athenaq/emulator/internal/catalog"
	"github.com/athenaq/athenaq/emulator/internal/objstore"
	"github.com/athenaq/athenaq/internal/sqltext"
)

// Query states, as Athena spells them.
const (
	stateQueued    = "QUEUED"
	stateRunning   = "RUNNING"
	stateSucceeded = "SUCCEEDED"
	stateFailed    = "FAILED"
	stateCancelled = "CANCELLED"
)

func terminal(state string) bool {
	return state == stateSucceeded || state == stateFailed || state == stateCancelled
}

// resultKind says what a finished query left in its output location.
type resultKind int

const (
	resultNone  resultKind = iota // DDL: nothing to read
	resultCSV                     // <id>.csv with a header row
	resultText                    // <id>.txt, one GetQueryResults row per line
	resultWrite                   // CTAS, INSERT, UNLOAD: a manifest and an UpdateCount
)

// query is one query execution. The fields above mu never change after the
// query is stored; those below are guarded by mu.
type query struct {
	id        string
	token     string
	raw       string // QueryString as received, for idempotency checks
	sql       string // normalized text, as GetQueryExecution's Query shows it
	class     sqltext.Class
	stmt      catalog.Statement // parsed catalog statement, or nil
	catalogIn *string           // QueryExecutionContext.Catalog as sent
	dbIn      *string           // QueryExecutionContext.Database as sent
	dbShown   *string           // QueryExecutionContext.Database as GetQueryExecution shows it
	database  string            // the database the statement runs in
	workGroup string
	// engine is the work group's SelectedEngineVersion when the query
	// started; "" (a query restored from the history) means AUTO.
	engine    string
	outputIn  string       // ResultConfiguration.OutputLocation as sent
	output    objstore.URI // effective result folder
	managed   bool         // results go to the managed store (managed.go), not S3
	encOption string
	kmsKey    string
	owner     string
	params    []string
	reuseOn   bool
	reuseAge  int32
	submitted time.Time
	done      chan struct{} // closed at a terminal state
	cancel    context.CancelFunc
	// restored marks a query of an earlier run (history.go), whose timeline
	// is the one that run reported.
	restored         bool
	queueMS, totalMS int64

	mu           sync.Mutex
	state        string
	reason       string
	qerr         *athena.QueryError
	hiveFailure  bool // FAILED on the Hive DDL path: GetQueryResults answers an empty set
	running      time.Time
	completed    time.Time
	committing   bool // results are being written; a stop no longer cancels
	kind         resultKind
	resultKey    string // object key of the result body (or the reused query's)
	resultSize   int64  // bytes of the result body
	columns      []athena.Column
	updateCount  *int64
	rows         int64
	scanned      int64
	planningMS   *int64
	reused       bool
	manifest     string // s3:// URI of the data manifest, or ""
	manifestSize int64
}

// snapshot is a consistent copy of a query's mutable fields.
type snapshot struct {
	state, reason string
	qerr          *athena.QueryError
	hiveFailure   bool
	running       time.Time
	completed     time.Time
	kind          resultKind
	resultKey     string
	resultSize    int64
	columns       []athena.Column
	updateCount   *int64
	rows          int64
	scanned       int64
	planningMS    *int64
	reused        bool
	manifest      string
	manifestSize  int64
}

func (q *query) snapshot() snapshot {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.snapshotLocked()
}

// snapshotLocked is snapshot for a caller that holds q.mu.
func (q *query) snapshotLocked() snapshot {
	return snapshot{
		state: q.state, reason: q.reason, qerr: q.qerr, hiveFailure: q.hiveFailure,
		running: q.running, completed: q.completed, kind: q.kind, resultKey: q.resultKey, resultSize: q.resultSize,
		columns: q.columns, updateCount: q.updateCount, rows: q.rows, scanned: q.scanned,
		planningMS: q.planningMS, reused: q.reused, manifest: q.manifest, manifestSize: q.manifestSize,
	}
}

// queryStore indexes queries by id and by ClientRequestToken.
type queryStore struct {
	mu      sync.Mutex
	byID    map[string]*query
	byToken map[string]*query
	order   []*query // submission order
	states  map[string]int64
	managed []*query // queries with managed results whose files are not yet expired
}

func newQueryStore() *queryStore {
	return &queryStore{byID: map[string]*query{}, byToken: map[string]*query{}, states: map[string]int64{}}
}

func (st *queryStore) get(id string) (*query, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	q, ok := st.byID[id]
	return q, ok
}

func (st *queryStore) byClientToken(token string) (*query, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	q, ok := st.byToken[token]
	return q, ok
}

// add stores q unless its token is already taken, in which case it returns
// the query that holds the token.
func (st *queryStore) add(q *query) (existing *query, added bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if prev, ok := st.byToken[q.token]; ok {
		return prev, false
	}
	st.byID[q.id] = q
	st.byToken[q.token] = q
	st.order = append(st.order, q)
	if q.managed {
		st.managed = append(st.managed, q)
	}
	st.states[q.state]++
	return q, true
}

// transition records a state change for the per-state counters.
func (st *queryStore) transition(from, to string) {
	st.mu.Lock()
	st.states[from]--
	st.states[to]++
	st.mu.Unlock()
}

func (st *queryStore) countByState() map[string]int64 {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := map[string]int64{}
	for k, v := range st.states {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

func (st *queryStore) active() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return int(st.states[stateQueued] + st.states[stateRunning])
}

// inWorkGroup lists the ids of a work group's queries, newest first.
func (st *queryStore) inWorkGroup(wg string) []string {
	st.mu.Lock()
	defer st.mu.Unlock()
	var ids []string
	for i := len(st.order) - 1; i >= 0; i-- {
		if st.order[i].workGroup == wg {
			ids = append(ids, st.order[i].id)
		}
	}
	return ids
}

// reusable finds the newest SUCCEEDED query that q may reuse (FACTS §2.1:
// same work group, query text, catalog, database and output location; a
// result-set statement; completed within the maximum age).
func (st *queryStore) reusable(q *query, now time.Time) *query {
	maxAge := time.Duration(q.reuseAge) * time.Minute
	st.mu.Lock()
	candidates := make([]*query, 0, 8)
	for i := len(st.order) - 1; i >= 0; i-- {
		p := st.order[i]
		if p != q && p.workGroup == q.workGroup && p.sql == q.sql && p.output == q.output &&
			strEq(p.catalogIn, q.catalogIn) && p.database == q.database {
			candidates = append(candidates, p)
		}
	}
	st.mu.Unlock()
	for _, p := range candidates {
		s := p.snapshot()
		if s.state == stateSucceeded && s.kind == resultCSV && now.Sub(s.completed) <= maxAge {
			return p
		}
	}
	return nil
}

func strEq(a, b *string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// setState moves q to state under q.mu and keeps the counters right. It
// returns false if q was already terminal.
func (s *Server) setState(q *query, state string, update func(q *query)) bool {
	q.mu.Lock()
	from := q.state
	if terminal(from) {
		q.mu.Unlock()
		return false
	}
	q.state = state
	now := time.Now()
	if state == stateRunning {
		q.running = now
	}
	if update != nil {
		update(q)
	}
	if terminal(state) {
		q.completed = now
		q.committing = false
		// Before anyone can see the terminal state, so that a crash never
		// loses a query that a client saw finish.
		s.recordHistory(q, q.snapshotLocked())
	}
	q.mu.Unlock()
	s.queries.transition(from, state)
	if terminal(state) {
		close(q.done)
		if q.cancel != nil {
			q.cancel()
		}
	}
	return true
}

// stop cancels q if it has not finished (StopQueryExecution). A query that is
// already writing its results finishes normally.
func (s *Server) stop(q *query) {
	q.mu.Lock()
	committing := q.committing
	q.mu.Unlock()
	if committing {
		return
	}
	s.setState(q, stateCancelled, func(q *query) {
		q.reason = "Query cancelled by user"
		q.kind = resultNone
	})
}
