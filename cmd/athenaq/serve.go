package main

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/emulator"
)

// bindEmulatorKnobs binds the local Athena's knobs to flags: serve shows
// them, and every --local command accepts them.
func bindEmulatorKnobs(fs *pflag.FlagSet, o *emulator.Options) {
	fs.StringVar(&o.S3Endpoint, "s3-endpoint", "", "keep data on an external S3-compatible endpoint (`URL`) instead of the embedded store")
	fs.DurationVar(&o.QueueDelay, "queue-delay", 0, "how long each query stays QUEUED")
	fs.DurationVar(&o.QueryDelay, "query-delay", 0, "each query stays QUEUED or RUNNING at least this long")
	fs.DurationVar(&o.APILatency, "api-latency", 0, "latency added to every Athena API call")
	fs.DurationVar(&o.PageLatency, "page-latency", 0, "latency added to each GetQueryResults page")
	fs.BoolVar(&o.AthenaQuotas, "athena-quotas", false, "throttle API calls beyond Athena's default per-operation rates")
	fs.IntVar(&o.MaxActiveQueries, "max-active-queries", 0, "answer TooManyRequestsException beyond this many queued+running queries (0: no limit)")
	fs.Float64Var(&o.Faults.ThrottleRate, "throttle-rate", 0, "`fraction` of API calls answered with ThrottlingException")
	fs.Float64Var(&o.Faults.ErrorRate, "error-rate", 0, "`fraction` of API calls answered with HTTP 500")
	fs.Float64Var(&o.Faults.FailRate, "fail-rate", 0, "`fraction` of queries that end FAILED with a retryable error")
	fs.Float64Var(&o.Faults.SpikeRate, "spike-rate", 0, "`fraction` of API calls delayed by --spike")
	fs.DurationVar(&o.Faults.Spike, "spike", 0, "latency added to the calls that --spike-rate picks")
	fs.Float64Var(&o.Faults.S3CutRate, "s3-cut-rate", 0, "`fraction` of S3 GetObject bodies cut off after a random part of them")
	fs.StringSliceVar(&o.Faults.Deny, "deny", nil, "answer every call of these Athena `operations` with AccessDeniedException (repeatable, comma-separated)")
}

func newServeCmd(s streams) *cobra.Command {
	var (
		opts    emulator.Options
		addr    string
		verbose bool
		sample  bool
		sparkWG string
		python  string
		groups  workGroupsFlag
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the local Athena: the Athena and S3 APIs on one address",
		Long: `serve runs the local Athena until interrupted. One address answers the Athena JSON
API (any AWS SDK, the AWS CLI, PyAthena, JDBC-less tools) and the S3 API for the
result files and table data. SQL runs on embedded DuckDB; results are written as
Athena writes them. Credentials are not checked: any access key works.

The knobs below add latency, queueing, quotas and faults, to test how a program
copes with a slow or failing Athena.`,
		Example: `  athenaq serve
  athenaq serve --addr 127.0.0.1:4566 --data-dir ./athena-data --sample
  athenaq serve --query-delay 2s --throttle-rate 0.1 --fail-rate 0.05
  athenaq serve --workgroup etl:output=s3://results/etl/,enforce=true \
      --workgroup 'adhoc:managed=true,bytes-cutoff=10GB,description=ad hoc\, small' \
      --workgroup 'old:engine=Athena engine version 3,state=disabled'
  aws --endpoint-url http://127.0.0.1:4566 athena start-query-execution \
      --query-string 'SELECT 1' --result-configuration OutputLocation=s3://results/`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if verbose {
				opts.Logger = slog.New(slog.NewTextHandler(s.err, nil))
			}
			if opts.Faults.ThrottleRate < 0 || opts.Faults.ThrottleRate > 1 || opts.Faults.ErrorRate < 0 || opts.Faults.ErrorRate > 1 ||
				opts.Faults.FailRate < 0 || opts.Faults.FailRate > 1 || opts.Faults.SpikeRate < 0 || opts.Faults.SpikeRate > 1 ||
				opts.Faults.S3CutRate < 0 || opts.Faults.S3CutRate > 1 {
				return usageErrorf(cmd, "a fault rate (--throttle-rate, --error-rate, --fail-rate, --spike-rate, --s3-cut-rate) is outside 0..1")
			}
			if sparkWG != "" && !slices.ContainsFunc(groups.groups, func(g emulator.WorkGroup) bool { return g.Name == sparkWG }) {
				if sparkWG == "primary" {
					return usageErrorf(cmd, "--spark-workgroup: primary runs SQL; name another work group")
				}
				loc := opts.OutputLocation
				if loc == "" {
					loc = localOutput
				}
				opts.WorkGroups = append(opts.WorkGroups, emulator.WorkGroup{Name: sparkWG, Spark: true, OutputLocation: loc,
					Description: "Apache Spark sessions and calculations"})
			}
			opts.WorkGroups = append(opts.WorkGroups, groups.groups...)
			runPython, err := pythonAllowed(python, addr)
			if err != nil {
				return usageErrorf(cmd, "%v", err)
			}
			opts.Spark.DisablePython = !runPython
			switch {
			case opts.QueryTimeout < 0:
				return usageErrorf(cmd, "--query-timeout %s is negative", opts.QueryTimeout)
			case opts.QueryTimeout == 0:
				opts.QueryTimeout = -1 // no limit
			}
			srv, err := emulator.New(opts)
			if err != nil {
				return fmt.Errorf("start the local Athena: %w", err)
			}
			defer srv.Close()
			if err := srv.Start(addr); err != nil {
				return fmt.Errorf("listen on %s: %w (choose another with --addr)", addr, err)
			}
			if sample {
				if err := serveSample(cmd.Context(), srv); err != nil {
					return err
				}
			}
			fmt.Fprintf(s.out, "athenaq: local Athena and S3 listening on %s\n", srv.URL())
			fmt.Fprintf(s.out, "athenaq: try: athenaq query --endpoint %s --output-location s3://results/ \"SELECT 1\"\n", srv.URL())
			<-cmd.Context().Done()
			fmt.Fprintln(s.out, "athenaq: shutting down")
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&addr, "addr", "127.0.0.1:4566", "listen `address` (host:port; port 0 picks a free one)")
	fs.StringVar(&opts.DataDir, "data-dir", "", "keep the catalog and S3 objects in `DIR` across restarts (default: in memory)")
	fs.StringVar(&opts.OutputLocation, "output-location", "", "result location of the primary work group (`s3://bucket/prefix/`)")
	fs.BoolVar(&sample, "sample", false, "create the sample database (as --local does) before serving")
	fs.Var(&groups, "workgroup", "define a work group at start: `NAME[:key=value,...]` with keys output=s3://..., enforce=true|false, "+
		"engine=<SelectedEngineVersion>, description=TEXT (\\, for a comma), managed=true|false, bytes-cutoff=N, state=enabled|disabled (repeatable)")
	fs.StringVar(&sparkWG, "spark-workgroup", "spark", "create an Apache Spark work group `NAME` for sessions and calculations (empty: none)")
	fs.StringVar(&python, "spark-python", "auto", "run Python calculation blocks with python3, as this server's user: on, off, or auto (on only when --addr is a loopback address)")
	fs.BoolVarP(&verbose, "verbose", "v", false, "log failed requests and queries to stderr")
	fs.DurationVar(&opts.QueryTimeout, "query-timeout", 30*time.Minute, "a query running longer fails with EXCEEDED_TIME_LIMIT, as in Athena (0: no limit)")
	fs.Var((*byteSize)(&opts.MemoryLimit), "memory-limit", "memory the SQL engine may use (`SIZE` such as 4GiB or 512MB; default a quarter of the machine's)")
	fs.Var((*byteSize)(&opts.MaxTempSize), "max-temp-size", "disk space for the SQL engine's spill files (`SIZE`; default a quarter of the free space)")
	bindEmulatorKnobs(fs, &opts)
	return cmd
}

// byteSize is a flag value of bytes, written as a number with an optional
// unit: 1000-based KB, MB, GB, TB or 1024-based KiB, MiB, GiB, TiB (case
// and a missing "B" do not matter: 4g, 4GB and 4GiB all work).
type byteSize int64

func (b *byteSize) String() string {
	if *b == 0 {
		return ""
	}
	return strconv.FormatInt(int64(*b), 10)
}

func (b *byteSize) Type() string { return "size" }

func (b *byteSize) Set(s string) error {
	text := strings.ToLower(strings.TrimSpace(s))
	num := strings.TrimRight(text, "abcdefghijklmnopqrstuvwxyz ")
	unit := strings.TrimSpace(text[len(num):])
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v < 0 {
		return fmt.Errorf("%q: want a size such as 4GiB, 512MB or 1073741824", s)
	}
	mult := map[string]float64{"": 1, "b": 1,
		"k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12,
		"ki": 1 << 10, "kib": 1 << 10, "mi": 1 << 20, "mib": 1 << 20, "gi": 1 << 30, "gib": 1 << 30, "ti": 1 << 40, "tib": 1 << 40}
	m, ok := mult[unit]
	if !ok || v*m > math.MaxInt64 {
		return fmt.Errorf("%q: want a size such as 4GiB, 512MB or 1073741824", s)
	}
	*b = byteSize(v * m)
	return nil
}

// serveSample creates the sample database on a served local Athena, as
// --local does for its embedded one.
func serveSample(ctx context.Context, srv *emulator.Server) error {
	c, err := athenaq.Open(ctx, athenaq.Config{
		Endpoint:       srv.URL(),
		Region:         "us-east-1",
		OutputLocation: localOutput,
		AWS:            &aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("local", "local", "")},
	})
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := ensureSample(ctx, c, localSample); err != nil {
		return fmt.Errorf("create the sample database: %w", err)
	}
	return nil
}

// pythonAllowed decides --spark-python. Python blocks run any code a caller
// sends, as the server's user, so "auto" allows them only on a loopback
// address, where the callers are this machine's own users.
func pythonAllowed(flag, addr string) (bool, error) {
	switch flag {
	case "on", "true":
		return true, nil
	case "off", "false":
		return false, nil
	case "auto":
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return false, nil
		}
		if host == "localhost" {
			return true, nil
		}
		ip, err := netip.ParseAddr(host)
		return err == nil && ip.IsLoopback(), nil
	}
	return false, fmt.Errorf("--spark-python %q: want on, off or auto", flag)
}
