package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq/emulator"
)

type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// localBucket is where query --local keeps results inside its emulator.
const localOutput = "s3://athenaq-local/results/"

func runQuery(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("athenaq query", flag.ContinueOnError)
	fs.SetOutput(stderr)
	local := fs.Bool("local", false, "run on an embedded local Athena (no AWS account needed)")
	endpoint := fs.String("endpoint", "", "Athena endpoint `URL` (e.g. a running athenaq serve)")
	region := fs.String("region", "", "AWS region (default: from the AWS configuration, or us-east-1)")
	output := fs.String("output-location", "", "result location `s3://bucket/prefix/`")
	workGroup := fs.String("workgroup", "primary", "work group")
	database := fs.String("database", "default", "database")
	format := fs.String("format", "table", "output format: table, csv or tsv")
	timeout := fs.Duration("timeout", 0, "give up (and stop the query) after this long; 0 waits forever")
	var params stringList
	fs.Var(&params, "param", "a value for the next `?` (repeatable)")
	var opts emulator.Options
	serveFlags(fs, &opts)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: athenaq query [flags] SQL\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	switch *format {
	case "table", "csv", "tsv":
	default:
		fmt.Fprintf(stderr, "athenaq query: --format %q: want table, csv or tsv\n", *format)
		return errUsage
	}
	if *timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *timeout)
		defer cancel()
	}
	var client *athena.Client
	if *local {
		if opts.OutputLocation == "" {
			opts.OutputLocation = localOutput
		}
		srv, err := emulator.New(opts)
		if err != nil {
			return err
		}
		defer srv.Close()
		if err := srv.Start("127.0.0.1:0"); err != nil {
			return err
		}
		*endpoint = srv.URL()
		if *region == "" {
			*region = "us-east-1"
		}
		client = athena.New(athena.Options{Region: *region, BaseEndpoint: aws.String(*endpoint),
			Credentials: credentials.NewStaticCredentialsProvider("local", "local", "")})
	} else {
		var loadOpts []func(*config.LoadOptions) error
		if *region != "" {
			loadOpts = append(loadOpts, config.WithRegion(*region))
		}
		cfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
		if err != nil {
			return fmt.Errorf("load AWS configuration: %w", err)
		}
		if cfg.Region == "" {
			cfg.Region = "us-east-1"
		}
		if *endpoint != "" {
			if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
				// A local endpoint accepts any credentials.
				cfg.Credentials = credentials.NewStaticCredentialsProvider("local", "local", "")
			}
		}
		client = athena.NewFromConfig(cfg, func(o *athena.Options) {
			if *endpoint != "" {
				o.BaseEndpoint = aws.String(*endpoint)
			}
		})
	}
	return query(ctx, client, fs.Arg(0), queryOptions{output: *output, workGroup: *workGroup, database: *database,
		params: params, format: *format}, stdout)
}

type queryOptions struct {
	output, workGroup, database, format string
	params                              []string
}

// query starts sql, waits for it, and prints its result. If ctx ends first,
// the query is stopped in Athena.
func query(ctx context.Context, client *athena.Client, sql string, o queryOptions, stdout io.Writer) error {
	in := &athena.StartQueryExecutionInput{
		QueryString:           aws.String(sql),
		WorkGroup:             aws.String(o.workGroup),
		QueryExecutionContext: &types.QueryExecutionContext{Database: aws.String(o.database)},
	}
	if o.output != "" {
		in.ResultConfiguration = &types.ResultConfiguration{OutputLocation: aws.String(o.output)}
	}
	if len(o.params) > 0 {
		in.ExecutionParameters = o.params
	}
	started, err := client.StartQueryExecution(ctx, in)
	if err != nil {
		var ire *types.InvalidRequestException
		if errors.As(err, &ire) {
			return fmt.Errorf("query rejected: %s: %s", aws.ToString(ire.AthenaErrorCode), aws.ToString(ire.Message))
		}
		return fmt.Errorf("start query: %w", err)
	}
	id := aws.ToString(started.QueryExecutionId)
	qe, err := wait(ctx, client, id)
	if err != nil {
		return err
	}
	switch qe.Status.State {
	case types.QueryExecutionStateFailed:
		return fmt.Errorf("query %s failed: %s", id, aws.ToString(qe.Status.StateChangeReason))
	case types.QueryExecutionStateCancelled:
		return fmt.Errorf("query %s was cancelled", id)
	}
	return printResults(ctx, client, id, qe, o.format, stdout)
}

// wait polls the query until it ends, quickly at first and then less often.
func wait(ctx context.Context, client *athena.Client, id string) (*types.QueryExecution, error) {
	interval := 20 * time.Millisecond
	for {
		out, err := client.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		if err == nil {
			switch out.QueryExecution.Status.State {
			case types.QueryExecutionStateSucceeded, types.QueryExecutionStateFailed, types.QueryExecutionStateCancelled:
				return out.QueryExecution, nil
			}
		} else if ctx.Err() == nil {
			return nil, fmt.Errorf("query %s: %w", id, err)
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			_, _ = client.StopQueryExecution(stopCtx, &athena.StopQueryExecutionInput{QueryExecutionId: aws.String(id)})
			cancel()
			return nil, fmt.Errorf("query %s stopped: %w", id, ctx.Err())
		case <-t.C:
		}
		interval = min(interval*2, time.Second)
	}
}

// printResults pages through GetQueryResults. The header row of a DML
// result is recognised by statement type, never by its values.
func printResults(ctx context.Context, client *athena.Client, id string, qe *types.QueryExecution, format string, stdout io.Writer) error {
	skipHeader := qe.StatementType == types.StatementTypeDml || aws.ToString(qe.SubstatementType) == "SHOW_FUNCTIONS"
	var labels []string
	var rows [][]*string
	p := athena.NewGetQueryResultsPaginator(client, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id)})
	first := true
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("results of %s: %w", id, err)
		}
		if first && page.ResultSet != nil && page.ResultSet.ResultSetMetadata != nil {
			for _, c := range page.ResultSet.ResultSetMetadata.ColumnInfo {
				labels = append(labels, aws.ToString(c.Label))
			}
		}
		for i, r := range page.ResultSet.Rows {
			if first && i == 0 && skipHeader {
				continue
			}
			row := make([]*string, len(r.Data))
			for j, d := range r.Data {
				row[j] = d.VarCharValue
			}
			rows = append(rows, row)
		}
		first = false
	}
	if !skipHeader && len(labels) > 1 {
		// UTILITY rows come as one TAB-joined datum (FACTS §2.4).
		for i, r := range rows {
			if len(r) == 1 && r[0] != nil {
				parts := strings.Split(*r[0], "\t")
				rows[i] = make([]*string, len(parts))
				for j := range parts {
					rows[i][j] = &parts[j]
				}
			}
		}
	}
	switch format {
	case "csv", "tsv":
		w := csv.NewWriter(stdout)
		if format == "tsv" {
			w.Comma = '\t'
		}
		if len(labels) > 0 {
			_ = w.Write(labels)
		}
		for _, r := range rows {
			_ = w.Write(texts(r, ""))
		}
		w.Flush()
		return w.Error()
	}
	if len(labels) == 0 {
		if qe.Statistics != nil {
			fmt.Fprintln(stdout, "OK")
		}
		return nil
	}
	return printTable(stdout, labels, rows)
}

func texts(r []*string, null string) []string {
	out := make([]string, len(r))
	for i, v := range r {
		if v == nil {
			out[i] = null
		} else {
			out[i] = *v
		}
	}
	return out
}

// printTable draws rows as an aligned text table, NULL shown as "NULL".
func printTable(w io.Writer, labels []string, rows [][]*string) error {
	widths := make([]int, len(labels))
	for i, l := range labels {
		widths[i] = utf8.RuneCountInString(l)
	}
	cells := make([][]string, len(rows))
	for i, r := range rows {
		cells[i] = texts(r, "NULL")
		for j, c := range cells[i] {
			if j < len(widths) {
				widths[j] = max(widths[j], utf8.RuneCountInString(c))
			}
		}
	}
	line := func(vals []string) string {
		var b strings.Builder
		for j := range widths {
			v := ""
			if j < len(vals) {
				v = vals[j]
			}
			if j > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(v)
			b.WriteString(strings.Repeat(" ", widths[j]-utf8.RuneCountInString(v)))
		}
		return strings.TrimRight(b.String(), " ")
	}
	var b strings.Builder
	b.WriteString(line(labels) + "\n")
	seps := make([]string, len(widths))
	for j, n := range widths {
		seps[j] = strings.Repeat("-", n)
	}
	b.WriteString(strings.ReplaceAll(line(seps), " | ", "-+-") + "\n")
	for _, c := range cells {
		b.WriteString(line(c) + "\n")
	}
	noun := "rows"
	if len(rows) == 1 {
		noun = "row"
	}
	fmt.Fprintf(&b, "(%d %s)\n", len(rows), noun)
	_, err := io.WriteString(w, b.String())
	return err
}
