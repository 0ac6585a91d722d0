package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/internal/sqltext"
)

// outputOptions are the flags that say how results are written.
type outputOptions struct {
	format     string
	output     string
	resultMode string
	quiet      bool
}

func bindOutput(cmd *cobra.Command, o *outputOptions) {
	fs := cmd.Flags()
	fs.StringVarP(&o.format, "format", "F", "table", "result format: "+strings.Join(formatNames, ", "))
	fs.StringVarP(&o.output, "output", "o", "", "write the result to `FILE` instead of stdout")
	fs.StringVar(&o.resultMode, "result-mode", "api", "how results are fetched: api (GetQueryResults pages), csv (the S3 result file, parallel ranged reads) or unload (UNLOAD to Parquet)")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress line or summary on a terminal")
}

// runnerFor checks the output flags and returns a runner writing to stdout
// or to --output. done closes the output: with err == nil it moves the
// finished file into place; otherwise it removes it, so that a failed
// query leaves no half-written file.
func (o *outputOptions) runnerFor(cmd *cobra.Command, s streams, client *athenaq.Client) (r *runner, done func(err error) error, err error) {
	f, err := parseFormat(o.format)
	if err != nil {
		return nil, nil, &usageError{msg: err.Error(), cmd: cmd.CommandPath()}
	}
	mode, err := parseResultMode(o.resultMode)
	if err != nil {
		return nil, nil, usageErrorf(cmd, "%v", err)
	}
	r = &runner{client: client, out: s.out, errw: s.err, format: f, mode: mode,
		progress: !o.quiet && isTerminal(s.err)}
	if o.output == "" {
		if isBinary(f) && isTerminal(s.out) {
			return nil, nil, usageErrorf(cmd, "--format %s is binary: give --output FILE, or redirect stdout to a file", f)
		}
		return r, func(err error) error { return err }, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(o.output), "."+filepath.Base(o.output)+".tmp-*")
	if err != nil {
		return nil, nil, fmt.Errorf("--output %s: %w", o.output, err)
	}
	r.out = tmp
	return r, func(err error) error {
		cerr := tmp.Close()
		if err == nil && cerr != nil {
			err = fmt.Errorf("--output %s: %w", o.output, cerr)
		}
		if err == nil {
			if rerr := os.Rename(tmp.Name(), o.output); rerr != nil {
				err = fmt.Errorf("--output %s: %w", o.output, rerr)
			}
		}
		if err != nil {
			os.Remove(tmp.Name())
		}
		return err
	}, nil
}

// parseResultMode checks --result-mode.
func parseResultMode(s string) (athenaq.ResultMode, error) {
	switch m := athenaq.ResultMode(strings.ToLower(s)); m {
	case athenaq.ResultAPI, athenaq.ResultCSV, athenaq.ResultUnload:
		return m, nil
	}
	return "", fmt.Errorf("--result-mode %q: want api, csv or unload", s)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w any) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}

func newQueryCmd(s streams) *cobra.Command {
	var (
		conn       connOptions
		out        outputOptions
		file       string
		params     []string
		paramTypes []string
		timeout    time.Duration
	)
	cmd := &cobra.Command{
		Use:   "query [flags] [SQL]",
		Short: "Run SQL and print the result",
		Long: `query runs SQL on Athena and streams the result to stdout or to --output.

The SQL comes from the argument, from -f FILE (- for stdin), or from stdin when it
is not a terminal. A script of several statements separated by semicolons runs them
one after the other and stops at the first that fails.

On a terminal, a progress line on stderr shows the query's state, the time spent,
the data scanned and its cost at Athena's $5 per TB (billed per MB, at least 10 MB);
a summary line follows. Nothing is drawn when stderr is not a terminal, or with
--quiet. Ctrl-C stops the query in Athena (StopQueryExecution) and exits with 130.

Parameters: each --param gives the value of the next ? in the statement. Its type
is inferred: true/false are booleans, whole numbers are bigint, anything else is
varchar. --param-type gives the type of the parameter in the same position
(varchar, bigint, integer, double, decimal, boolean, date, timestamp or auto).

The local Athena (--local) has a work group named duckdb whose engine is DuckDB:
--workgroup duckdb runs DuckDB's SQL over the same databases, as Athena's DuckDB
engine does, and prints DuckDB's value text.

` + formatHelp,
		Example: `  athenaq query --local "SELECT 42 AS answer"
  athenaq query --local "SELECT * FROM sample.orders WHERE status = ? LIMIT 5" --param shipped
  athenaq query --local --format csv -o customers.csv "SELECT * FROM sample.customers"
  athenaq query --local --format parquet -o orders.parquet --result-mode unload "SELECT * FROM sample.orders"
  athenaq query --local --workgroup duckdb "FROM sample.orders SELECT status, count(*) GROUP BY ALL"
  athenaq query --workgroup analytics --database logs -f report.sql --format json
  echo "SHOW DATABASES" | athenaq query --region eu-west-1 --output-location s3://my-bucket/athena/`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageErrorf(cmd, "unexpected argument %q: give the SQL as one argument (quote it), with -f FILE, or on stdin", args[1])
			}
			if len(args) == 1 && file != "" {
				return usageErrorf(cmd, "both an SQL argument and -f %s: give one of them", file)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			script, err := readSQL(cmd, s, args, file)
			if err != nil {
				return err
			}
			stmts, err := sqltext.Split(script)
			if err != nil {
				return usageErrorf(cmd, "the SQL does not parse: %v", err)
			}
			if len(stmts) == 0 {
				return usageErrorf(cmd, "no SQL statement: the input holds only whitespace or comments")
			}
			values, err := paramValues(params, paramTypes)
			if err != nil {
				return usageErrorf(cmd, "%v", err)
			}
			if len(values) > 0 && len(stmts) > 1 {
				return usageErrorf(cmd, "--param applies to one statement; the input has %d", len(stmts))
			}
			if f, _ := parseFormat(out.format); isBinary(f) && len(stmts) > 1 {
				return usageErrorf(cmd, "--format %s writes one result; the input has %d statements", f, len(stmts))
			}
			ctx := cmd.Context()
			if timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, timeout)
				defer cancel()
			}
			sess, err := conn.connect(ctx, cmd, s.err)
			if err != nil {
				return err
			}
			defer sess.Close()
			r, done, err := out.runnerFor(cmd, s, sess.client)
			if err != nil {
				return err
			}
			for _, stmt := range stmts {
				if err = r.run(ctx, stmt, values); err != nil {
					break
				}
			}
			return done(err)
		},
	}
	bindConn(cmd, &conn)
	bindOutput(cmd, &out)
	fs := cmd.Flags()
	fs.StringVarP(&file, "file", "f", "", "read the SQL from `FILE` (- for stdin)")
	fs.StringArrayVarP(&params, "param", "p", nil, "value of the next ? in the statement (repeatable)")
	fs.StringArrayVar(&paramTypes, "param-type", nil, "type of the --param in the same position (repeatable; default: inferred)")
	fs.DurationVar(&timeout, "timeout", 0, "stop the query after this long (e.g. 30s, 5m); 0 waits as long as it runs")
	return cmd
}

// readSQL returns the statement text from the argument, -f or stdin.
func readSQL(cmd *cobra.Command, s streams, args []string, file string) (string, error) {
	switch {
	case len(args) == 1:
		return args[0], nil
	case file == "-":
		return readAll(s.in, "stdin")
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return "", usageErrorf(cmd, "-f %s: %v", file, err)
		}
		return string(b), nil
	case !isTerminal(s.in):
		return readAll(s.in, "stdin")
	}
	return "", usageErrorf(cmd, "no SQL: give it as an argument, with -f FILE, or on stdin")
}

func readAll(r io.Reader, what string) (string, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return "", fmt.Errorf("read the SQL from %s: %w", what, err)
	}
	return string(b), nil
}
