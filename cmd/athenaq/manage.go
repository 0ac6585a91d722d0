package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/athenaq/athenaq"
)

func newStatusCmd(s streams) *cobra.Command {
	var o listingFlags
	cmd := &cobra.Command{
		Use:   "status QUERY_ID",
		Short: "Show the state and statistics of a query",
		Example: `  athenaq status 9f1c2d3e-0000-4000-8000-000000000000
  athenaq status --format json 9f1c2d3e-0000-4000-8000-000000000000`,
		Args: exactArgs(1, "the query id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			sess, err := o.conn.connect(cmd.Context(), cmd, s.err)
			if err != nil {
				return err
			}
			defer sess.Close()
			q, err := sess.client.Attach(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return o.print(cmd, s, statusListing(q.Status()))
		},
	}
	bindListing(cmd, &o)
	return cmd
}

// statusListing lists a status as field/value pairs.
func statusListing(st athenaq.Status) listing {
	l := listing{columns: []string{"field", "value"}}
	add := func(k, v string) { l.rows = append(l.rows, []string{k, v}) }
	add("query_id", st.QueryID)
	add("state", string(st.State))
	if st.StateReason != "" {
		add("state_reason", st.StateReason)
	}
	if st.Error != nil {
		add("error", fmt.Sprintf("%s (category %d, type %d, retryable %t)", st.Error.Message, st.Error.Category, st.Error.Type, st.Error.Retryable))
	}
	add("statement_type", st.StatementType)
	add("substatement_type", st.SubstatementType)
	add("workgroup", st.WorkGroup)
	add("catalog", st.Catalog)
	add("database", st.Database)
	add("submitted", formatTime(st.Submitted))
	add("completed", formatTime(st.Completed))
	add("run_time", runTime(st))
	add("queue_time", formatElapsed(st.Statistics.QueryQueue))
	add("data_scanned_bytes", strconv.FormatInt(st.Statistics.DataScannedBytes, 10))
	add("cost", formatCost(st.Statistics.DataScannedBytes))
	add("output_location", st.OutputLocation)
	if st.ManifestLocation != "" {
		add("manifest_location", st.ManifestLocation)
	}
	add("engine_version", st.EngineVersion)
	add("reused_previous_result", strconv.FormatBool(st.ReusedPreviousResult))
	add("query", st.Query)
	return l
}

func newCancelCmd(s streams) *cobra.Command {
	var conn connOptions
	cmd := &cobra.Command{
		Use:   "cancel QUERY_ID",
		Short: "Stop a running query (StopQueryExecution)",
		Long: `cancel stops a queued or running query and waits until Athena reports it CANCELLED.
A query that has already ended is left as it is, and its state is printed.`,
		Example: `  athenaq cancel 9f1c2d3e-0000-4000-8000-000000000000`,
		Args:    exactArgs(1, "the query id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			sess, err := conn.connect(cmd.Context(), cmd, s.err)
			if err != nil {
				return err
			}
			defer sess.Close()
			q, err := sess.client.Attach(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if err := q.Cancel(cmd.Context()); err != nil {
				return fmt.Errorf("cancel query %s: %w", q.ID(), err)
			}
			fmt.Fprintf(s.out, "%s %s\n", q.ID(), q.Status().State)
			return nil
		},
	}
	bindConn(cmd, &conn)
	return cmd
}

func newResultsCmd(s streams) *cobra.Command {
	var (
		conn connOptions
		out  outputOptions
	)
	cmd := &cobra.Command{
		Use:   "results QUERY_ID",
		Short: "Print the result of a query, in any format",
		Long: `results writes the result of an earlier query, as query does. A query that is still
running is waited for; Ctrl-C then leaves it running.`,
		Example: `  athenaq results 9f1c2d3e-0000-4000-8000-000000000000
  athenaq results --format parquet -o result.parquet 9f1c2d3e-0000-4000-8000-000000000000`,
		Args: exactArgs(1, "the query id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			mode, err := parseResultMode(out.resultMode)
			if err != nil {
				return usageErrorf(cmd, "%v", err)
			}
			conn.mode = mode
			sess, err := conn.connect(cmd.Context(), cmd, s.err)
			if err != nil {
				return err
			}
			defer sess.Close()
			r, done, err := out.runnerFor(cmd, s, sess.client)
			if err != nil {
				return err
			}
			r.detach = true
			q, err := sess.client.Attach(cmd.Context(), args[0])
			if err != nil {
				return done(err)
			}
			return done(r.finish(cmd.Context(), q, time.Now()))
		},
	}
	bindConn(cmd, &conn)
	bindOutput(cmd, &out)
	return cmd
}
