package emulator

import (
	"os"
	"path/filepath"
	"time"

	"github.com/athenaq/athenaq/emulator/internal/diskstore"
	"github.com/athenaq/athenaq/emulator/internal/objstore"
	"github.com/athenaq/athenaq/emulator/internal/protocol"
)

// Managed query results (WorkGroup.ManagedResults, FACTS §6): Athena keeps a
// query's results in storage of its own for 24 hours instead of writing them
// to an S3 output location. The emulator writes the same files it would write
// to S3 (so that GetQueryResults reads them the same way) into a second
// object store on local disk, which the S3 API does not serve: no S3 client
// can list or read them. Each query's files sit under the prefix "<id>/" of
// managedBucket, so that expiry removes them with one listing.

// managedBucket is the only bucket of the managed result store.
const managedBucket = "athena-managed-results"

// defaultManagedTTL is how long Athena keeps managed query results.
const defaultManagedTTL = 24 * time.Hour

// managedOutputLocation is the answer to a query that sends an
// OutputLocation to an enforcing work group with managed query results.
// Athena's text is not known (unverified); INVALID_INPUT is its code for
// other output location problems (FACTS §2.1).
const managedOutputLocation = "OutputLocation cannot be specified when the workgroup uses managed query results and overrides client-side settings."

// managedResultsTTL is Options.ManagedResultsTTL or its default.
func (s *Server) managedResultsTTL() time.Duration {
	if s.opts.ManagedResultsTTL > 0 {
		return s.opts.ManagedResultsTTL
	}
	return defaultManagedTTL
}

// openManagedStore creates the managed result store under the temporary
// directory. The files of an earlier run are not kept: the queries that
// wrote them, restored from the history (history.go), answer as if their
// results had expired.
func (s *Server) openManagedStore() error {
	dir := filepath.Join(s.tmpDir, "managed")
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	st, err := diskstore.Open(dir, s.log)
	if err != nil {
		return err
	}
	s.managed = objstore.NewBackend(st)
	return nil
}

// resultStore returns the store that holds q's result files.
func (s *Server) resultStore(q *query) objstore.Store {
	if q.managed {
		return s.managed
	}
	return s.store
}

// managedResultsGone reports whether the results of a managed query have
// outlived the TTL, or an earlier run of the server. GetQueryResults then
// answers as for a result that was deleted: RESULT_NOT_FOUND (what Athena
// answers here is unverified).
func (s *Server) managedResultsGone(q *query, snap snapshot, now time.Time) *protocol.Error {
	if !q.managed || snap.state != stateSucceeded || (!q.restored && now.Sub(snap.completed) < s.managedResultsTTL()) {
		return nil
	}
	return protocol.InvalidRequest("RESULT_NOT_FOUND", "Could not find results")
}

// sweepManaged deletes the files of expired managed results until the server
// closes. GetQueryResults checks the age itself, so the sweep only frees
// space and may run late. It runs in the Server's WaitGroup.
func (s *Server) sweepManaged() {
	defer s.wg.Done()
	ttl := s.managedResultsTTL()
	t := time.NewTicker(min(max(ttl/2, 10*time.Millisecond), time.Minute))
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case now := <-t.C:
			for _, q := range s.queries.expiredManaged(now, ttl) {
				s.deleteManaged(q)
			}
		}
	}
}

// deleteManaged removes every file of a managed query.
func (s *Server) deleteManaged(q *query) {
	objs, err := s.managed.List(s.ctx, managedBucket, q.output.Key)
	if err != nil {
		s.log.Warn("emulator: list expired managed results", "query", q.id, "err", err)
		return
	}
	for _, o := range objs {
		if err := s.managed.Delete(s.ctx, managedBucket, o.Key); err != nil {
			s.log.Warn("emulator: delete expired managed results", "query", q.id, "key", o.Key, "err", err)
		}
	}
}

// expiredManaged removes from the managed list, and returns, the managed
// queries that ended at least ttl before now.
func (st *queryStore) expiredManaged(now time.Time, ttl time.Duration) []*query {
	st.mu.Lock()
	list := st.managed
	st.mu.Unlock()
	var gone []*query
	keep := make(map[*query]bool, len(list))
	for _, q := range list {
		snap := q.snapshot()
		if terminal(snap.state) && now.Sub(snap.completed) >= ttl {
			gone = append(gone, q)
		} else {
			keep[q] = true
		}
	}
	if len(gone) == 0 {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	// Queries added since the copy was taken stay.
	kept := st.managed[:0]
	for i, q := range st.managed {
		if i >= len(list) || keep[q] {
			kept = append(kept, q)
		}
	}
	clear(st.managed[len(kept):])
	st.managed = kept
	return gone
}
