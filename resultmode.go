package athenaq

import (
	"context"
	"fmt"
	"strings"
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
func (c *Client) wrapUnload(sql string, in *athena.StartQueryExecutionInput) bool {
	if sqltext.Classify(sql).Kind != sqltext.StmtSelect {
		c.log.Debug("athenaq: not a query, read through the API instead of UNLOAD", "sql", abbreviate(sql))
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
