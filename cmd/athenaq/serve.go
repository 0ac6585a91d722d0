package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/athenaq/athenaq/emulator"
)

// serveFlags binds the emulator's knobs to flags; query --local uses the
// same set.
func serveFlags(fs *flag.FlagSet, o *emulator.Options) {
	fs.StringVar(&o.DataDir, "data-dir", "", "keep the catalog and S3 objects in `DIR` across restarts (default: in memory)")
	fs.StringVar(&o.S3Endpoint, "s3-endpoint", "", "use an external S3-compatible endpoint (`URL`) instead of the embedded store")
	fs.DurationVar(&o.QueueDelay, "queue-delay", 0, "how long each query stays QUEUED")
	fs.DurationVar(&o.QueryDelay, "query-delay", 0, "each query stays QUEUED or RUNNING at least this long")
	fs.DurationVar(&o.APILatency, "api-latency", 0, "added to every Athena API call")
	fs.DurationVar(&o.PageLatency, "page-latency", 0, "added to each GetQueryResults page")
	fs.BoolVar(&o.AthenaQuotas, "athena-quotas", false, "throttle API calls beyond Athena's default per-operation rates")
	fs.IntVar(&o.MaxActiveQueries, "max-active-queries", 0, "answer TooManyRequestsException beyond this many queued+running queries (0: no limit)")
	fs.Float64Var(&o.Faults.ThrottleRate, "throttle-rate", 0, "`fraction` of API calls answered with ThrottlingException")
	fs.Float64Var(&o.Faults.ErrorRate, "error-rate", 0, "`fraction` of API calls answered with HTTP 500")
	fs.Float64Var(&o.Faults.FailRate, "fail-rate", 0, "`fraction` of queries that end FAILED with a retryable error")
	fs.Float64Var(&o.Faults.SpikeRate, "spike-rate", 0, "`fraction` of API calls delayed by --spike")
	fs.DurationVar(&o.Faults.Spike, "spike", 0, "latency added to the calls that --spike-rate picks")
	fs.Float64Var(&o.Faults.S3CutRate, "s3-cut-rate", 0, "`fraction` of S3 GetObject bodies cut off after a random part of them")
	fs.Func("deny", "answer every call of this Athena `operation` with AccessDeniedException (repeatable)", func(op string) error {
		o.Faults.Deny = append(o.Faults.Deny, op)
		return nil
	})
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("athenaq serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:4566", "listen `address`")
	verbose := fs.Bool("v", false, "log failed requests and queries to stderr")
	var opts emulator.Options
	serveFlags(fs, &opts)
	fs.StringVar(&opts.OutputLocation, "output-location", "", "result location of the primary work group (`s3://bucket/prefix/`)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() != 0 {
		fmt.Fprintf(stderr, "athenaq serve: unexpected arguments %q\n", fs.Args())
		return errUsage
	}
	if *verbose {
		opts.Logger = slog.New(slog.NewTextHandler(stderr, nil))
	}
	srv, err := emulator.New(opts)
	if err != nil {
		return err
	}
	defer srv.Close()
	if err := srv.Start(*addr); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "athenaq: local Athena and S3 listening on %s\n", srv.URL())
	fmt.Fprintf(stdout, "athenaq: try: aws --endpoint-url %s athena start-query-execution --query-string 'SELECT 1' --result-configuration OutputLocation=s3://results/\n", srv.URL())
	<-ctx.Done()
	fmt.Fprintln(stdout, "athenaq: shutting down")
	return nil
}
