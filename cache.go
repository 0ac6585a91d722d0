package athenaq

import (
	"context"
	"strings"
	"time"
)

// cached looks for a query that Config.CacheTTL lets Start reuse: a
// SUCCEEDED query of the same work group with the same text, catalog and
// database, completed within the TTL, among the CacheScan most recent ones.
// Queries with arguments are never reused, because Athena does not report
// the ExecutionParameters a query ran with.
func (c *Client) cached(ctx context.Context, sql string) (string, bool) {
	ids, err := c.recentQueryIDs(ctx, c.cfg.WorkGroup, c.cfg.CacheScan)
	if err != nil {
		c.log.Debug("athenaq: cache lookup", "err", err)
		return "", false
	}
	statuses, err := c.statuses(ctx, ids)
	if err != nil {
		c.log.Debug("athenaq: cache lookup", "err", err)
		return "", false
	}
	want := normalizeSQL(sql)
	for _, st := range statuses {
		if st.State != StateSucceeded || st.StatementType != "DML" || time.Since(st.Completed) > c.cfg.CacheTTL {
			continue
		}
		if normalizeSQL(st.Query) == want && strings.EqualFold(st.Catalog, c.cfg.Catalog) && st.Database == c.cfg.Database {
			return st.QueryID, true
		}
	}
	return "", false
}

// normalizeSQL trims what Athena trims from a query's text: surrounding
// whitespace and a trailing ';'.
func normalizeSQL(sql string) string {
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(sql), ";"))
}
