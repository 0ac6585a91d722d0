package athenaq

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/athenaq/athenaq/internal/sqltext"
)

// modeFor returns the result mode of a query started with opts.
func (c *Client) modeFor(opts StartOptions) (ResultMode, error) {
	switch opts.ResultMode {
	case "":
		return c.cfg.ResultMode, nil
	case ResultAPI, ResultCSV:
		return opts.ResultMode, nil
	case ResultUnload:
		if registeredUnloadReader() == nil {
			return "", fmt.Errorf("athenaq: StartOptions.ResultMode unload: %w", errNoUnloadReader)
		}
		return opts.ResultMode, nil
	}
	return "", &ConfigError{Field: "StartOptions.ResultMode", Value: string(opts.ResultMode), Want: "api, csv or unload"}
}

// wrapUnload rewrites a query's request into the UNLOAD that the unload
// transport reads, and reports whether it did. Only a query (SELECT,
// WITH, VALUES, TABLE) can be unloaded, and the target needs the client's
// OutputLocation; anything else runs as it is and is read through the API.
//
// UNLOAD is engine v3 SQL: a query in a DuckDB work group runs as it is,
// and is read through the API. The engine that will run a query is known
// for sure only once it has started, so the work group's selected engine
// is looked up before (GetWorkGroup, cached; see workGroupEngine). When
// the lookup fails, the query is wrapped as before.
func (c *Client) wrapUnload(ctx context.Context, sql string, in *athena.StartQueryExecutionInput) bool {
	if sqltext.Classify(sql).Kind != sqltext.StmtSelect {
		c.log.Debug("athenaq: not a query, read through the API instead of UNLOAD", "sql", abbreviate(sql))
		return false
	}
	if wg := aws.ToString(in.WorkGroup); c.workGroupEngine(ctx, wg) == EngineDuckDB {
		c.log.Info("athenaq: UNLOAD is not DuckDB SQL; reading the result of a DuckDB work group through the API", "workgroup", wg)
		return false
	}
	loc := ""
	if rc := in.ResultConfiguration; rc != nil {
		loc = aws.ToString(rc.OutputLocation)
	}
	if loc == "" {
		c.log.Warn("athenaq: ResultUnload needs Config.OutputLocation for its target; reading through the API")
		return false
	}
	// UNLOAD's target must be empty: the request token is unique.
	target := strings.TrimSuffix(loc, "/") + "/unload/" + aws.ToString(in.ClientRequestToken) + "/"
	// The query goes on lines of its own, so that a trailing line comment
	// cannot swallow the closing parenthesis.
	text := strings.TrimRight(strings.TrimSpace(aws.ToString(in.QueryString)), "; \t\r\n")
	in.QueryString = aws.String(fmt.Sprintf("UNLOAD (\n%s\n) TO '%s' WITH (format = 'PARQUET', compression = 'SNAPPY')", text, target))
	return true
}

// engineTTL is how long a work group's engine is taken as known.
const engineTTL = 5 * time.Minute

// engineCache remembers the engine each work group selects.
type engineCache struct {
	mu sync.Mutex
	m  map[string]engineEntry // by work group name
}

type engineEntry struct {
	engine string
	at     time.Time
}

// workGroupEngine returns the engine that work group wg runs queries on,
// EngineV3 or EngineDuckDB, from GetWorkGroup (at most once per engineTTL
// per work group), or "" when that call fails (the caller then assumes
// what it did before engines could differ).
func (c *Client) workGroupEngine(ctx context.Context, wg string) string {
	if wg == "" {
		wg = c.cfg.WorkGroup
	}
	c.engines.mu.Lock()
	e, ok := c.engines.m[wg]
	c.engines.mu.Unlock()
	if ok && time.Since(e.at) < engineTTL {
		return e.engine
	}
	var out *athena.GetWorkGroupOutput
	err := c.call(ctx, "GetWorkGroup", func(ctx context.Context) error {
		var err error
		out, err = c.api.GetWorkGroup(ctx, &athena.GetWorkGroupInput{WorkGroup: aws.String(wg)})
		return err
	})
	if err != nil {
		c.log.Debug("athenaq: engine of work group unknown", "workgroup", wg, "err", err)
		return ""
	}
	engine := EngineV3
	if w := out.WorkGroup; w != nil && w.Configuration != nil && w.Configuration.EngineVersion != nil {
		ev := w.Configuration.EngineVersion
		if v := aws.ToString(ev.EffectiveEngineVersion); v != "" {
			engine = v
		} else if v := aws.ToString(ev.SelectedEngineVersion); v != "" && v != "AUTO" {
			engine = v
		}
	}
	c.engines.mu.Lock()
	if c.engines.m == nil {
		c.engines.m = make(map[string]engineEntry)
	}
	c.engines.m[wg] = engineEntry{engine: engine, at: time.Now()}
	c.engines.mu.Unlock()
	return engine
}

// rowsFor opens the transport that fits q's mode and final status st.
func (c *Client) rowsFor(ctx context.Context, q *Query, st Status) (*Rows, error) {
	if c.readTracer == nil && !c.debug() {
		return c.openRows(ctx, q, st)
	}
	begun := time.Now()
	r, err := c.openRows(ctx, q, st)
	if err == nil {
		r.trace = &rowsTrace{ctx: ctx, begun: begun}
	}
	return r, err
}

// openRows opens the transport that fits q's mode and final status st.
func (c *Client) openRows(ctx context.Context, q *Query, st Status) (*Rows, error) {
	// The transports: GetQueryResults pages (rows), the S3 CSV file
	// (csvRows) and UNLOAD's Parquet files (unloadRows, a ResultSource
	// from package records). A fourth, GetQueryResultStream's Arrow IPC
	// stream for DuckDB work groups with managed results, would plug in
	// like UNLOAD: a ResultSource registered by package records, chosen
	// here when st.EngineVersion is EngineDuckDB and the result has no S3
	// object. No AWS SDK has the operation yet (docs/ARCHITECTURE.md,
	// "Result transports").
	switch q.mode {
	case ResultUnload:
		if st.SubstatementType == "UNLOAD" && st.ManifestLocation != "" {
			return c.unloadRows(ctx, q, st)
		}
	case ResultCSV:
		if st.StatementType == "DML" && st.SubstatementType == "SELECT" {
			if st.OutputLocation == "" {
				// A work group with managed query results keeps no S3
				// object to read.
				c.log.Warn("athenaq: no result object in S3 (managed query results?); reading through the API", "query", q.ID())
				break
			}
			return c.csvRows(ctx, q, st)
		}
	}
	return c.rows(ctx, q, st)
}
