package athenaq

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/athenaq/athenaq/internal/sqltext"
)

// resultCache is Config.CacheTTL's index of reusable results: SUCCEEDED
// read-only queries by work group, catalog, database, text and
// parameters. It holds the queries this client ran, and those of other
// clients that a scan of ListQueryExecutions found. A lookup answers from
// the index; it scans only when the index has no entry, at most once per
// scanEvery, and only when the ListQueryExecutions quota has a token at
// once, so the cache never holds Start below its own quota.
type resultCache struct {
	ttl  time.Duration
	scan int // how many recent queries a scan looks at

	mu       sync.Mutex // guards entries, lastScan
	entries  map[cacheKey]Status
	lastScan time.Time
}

// cacheKey identifies the queries whose results are interchangeable.
type cacheKey struct {
	workGroup, catalog, database string
	sql                          string // normalized text, then NUL and the ExecutionParameters
}

const (
	// scanEvery spaces the scans of ListQueryExecutions (quota 5/s).
	scanEvery = time.Second
	// maxCacheEntries bounds the index; expired entries are swept first.
	maxCacheEntries = 10000
)

func newResultCache(ttl time.Duration, scan int) *resultCache {
	return &resultCache{ttl: ttl, scan: scan, entries: map[cacheKey]Status{}}
}

// keyOf returns the cache key of a StartQueryExecution request.
func keyOf(in *athena.StartQueryExecutionInput) cacheKey {
	k := cacheKey{workGroup: aws.ToString(in.WorkGroup), sql: normalizeSQL(aws.ToString(in.QueryString))}
	if c := in.QueryExecutionContext; c != nil {
		k.catalog, k.database = strings.ToLower(aws.ToString(c.Catalog)), aws.ToString(c.Database)
	}
	for _, p := range in.ExecutionParameters {
		k.sql += "\x00" + p
	}
	return k
}

// lookup returns the status of a reusable query for key. A statement that
// is not read-only is never looked up. Queries with parameters are found
// only among this client's own, because Athena does not report the
// parameters a query ran with.
func (rc *resultCache) lookup(ctx context.Context, c *Client, key cacheKey, sql string, hasArgs bool) (Status, bool) {
	if !readOnlyStatement(sql) {
		return Status{}, false
	}
	if st, ok := rc.get(key); ok || hasArgs {
		return st, ok
	}
	if !rc.scanDue() {
		return Status{}, false
	}
	if lim := c.limits["ListQueryExecutions"]; lim != nil && !lim.Allow() {
		return Status{}, false // no token now: skip the scan rather than wait
	}
	rc.scanRecent(ctx, c, key.workGroup)
	return rc.get(key)
}

// get returns an unexpired entry.
func (rc *resultCache) get(key cacheKey) (Status, bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	st, ok := rc.entries[key]
	if !ok {
		return Status{}, false
	}
	if time.Since(st.Completed) > rc.ttl {
		delete(rc.entries, key)
		return Status{}, false
	}
	return st, true
}

// scanDue reports whether the last scan is older than scanEvery, and
// claims the next one.
func (rc *resultCache) scanDue() bool {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if time.Since(rc.lastScan) < scanEvery {
		return false
	}
	rc.lastScan = time.Now()
	return true
}

// scanRecent adds the recent reusable queries of a work group to the index:
// one ListQueryExecutions call (its token already taken) and one
// BatchGetQueryExecution per 50 ids.
func (rc *resultCache) scanRecent(ctx context.Context, c *Client, workGroup string) {
	out, err := c.api.ListQueryExecutions(ctx, &athena.ListQueryExecutionsInput{WorkGroup: aws.String(workGroup),
		MaxResults: aws.Int32(int32(min(rc.scan, 50)))})
	if err != nil {
		c.log.Debug("athenaq: cache scan", "err", err)
		return
	}
	statuses, err := c.statuses(ctx, out.QueryExecutionIds)
	if err != nil {
		c.log.Debug("athenaq: cache scan", "err", err)
		return
	}
	for _, st := range statuses {
		// A text with '?' ran with parameters that Athena does not report.
		if !strings.Contains(st.Query, "?") {
			rc.remember(cacheKey{workGroup: st.WorkGroup, catalog: strings.ToLower(st.Catalog), database: st.Database,
				sql: normalizeSQL(st.Query)}, st)
		}
	}
}

// remember indexes a final status if it is a reusable result: SUCCEEDED,
// read-only as Athena classified it, and within the TTL.
func (rc *resultCache) remember(key cacheKey, st Status) {
	if st.State != StateSucceeded || !readOnlyClass(st) || time.Since(st.Completed) > rc.ttl {
		return
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if old, ok := rc.entries[key]; ok && old.Completed.After(st.Completed) {
		return
	}
	if len(rc.entries) >= maxCacheEntries {
		for k, e := range rc.entries {
			if time.Since(e.Completed) > rc.ttl {
				delete(rc.entries, k)
			}
		}
		if len(rc.entries) >= maxCacheEntries {
			return
		}
	}
	rc.entries[key] = st
}

// readOnlyClass reports whether Athena classified st as a statement that
// writes nothing: SELECT (WITH, VALUES, TABLE), EXPLAIN, SHOW and
// DESCRIBE. INSERT, UPDATE, DELETE, MERGE, UNLOAD, CTAS, DDL and EXECUTE
// (which may run any of them) are never reused.
func readOnlyClass(st Status) bool {
	switch st.StatementType {
	case "DML":
		return st.SubstatementType == "SELECT" || st.SubstatementType == "EXPLAIN"
	case "UTILITY":
		return true
	}
	return false
}

// normalizeSQL trims what Athena trims from a query's text: surrounding
// whitespace and a trailing ';'.
func normalizeSQL(sql string) string {
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(sql), ";"))
}

// readOnlyStatement reports whether sql is a statement that writes
// nothing: SELECT (WITH, VALUES, TABLE), EXPLAIN, SHOW or DESCRIBE.
// remember checks Athena's own classification too before anything is
// reused.
func readOnlyStatement(sql string) bool {
	switch sqltext.Classify(sql).Kind {
	case sqltext.StmtSelect, sqltext.StmtExplain, sqltext.StmtShow, sqltext.StmtDescribe:
		return true
	}
	return false
}
