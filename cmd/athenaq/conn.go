package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/smithy-go/logging"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/emulator"
)

// Where --local keeps results and the sample database inside its emulator.
const (
	localOutput = "s3://athenaq-local/results/"
	// localDuckDBWorkGroup is the local Athena's work group whose engine is
	// DuckDB: --workgroup duckdb runs DuckDB SQL.
	localDuckDBWorkGroup = "duckdb"
	localSample          = "s3://athenaq-local/sample/"
)

// The CLI's CSV-transport settings (see connect).
const (
	cliS3PartSize    = 2 << 20
	cliS3Concurrency = 4
)

// connOptions are the flags that say which Athena to talk to, shared by
// every command that runs or looks at queries.
type connOptions struct {
	region, profile, workGroup, outputLocation string
	database, catalog, endpoint                string
	local                                      bool
	dataDir                                    string
	verbose                                    bool
	mode                                       athenaq.ResultMode // for Attach; Start takes it per query
	emu                                        emulator.Options
}

// bindConn adds the connection flags to cmd. The emulator's knobs (those of
// athenaq serve) apply with --local and are hidden from --help.
func bindConn(cmd *cobra.Command, o *connOptions) {
	fs := cmd.Flags()
	fs.StringVar(&o.region, "region", "", "AWS Region (env ATHENAQ_REGION, AWS_REGION)")
	fs.StringVar(&o.profile, "profile", "", "AWS shared-config profile (env ATHENAQ_PROFILE, AWS_PROFILE)")
	fs.StringVar(&o.workGroup, "workgroup", "", "work group (env ATHENAQ_WORKGROUP; default primary)")
	fs.StringVar(&o.outputLocation, "output-location", "", "result location `s3://bucket/prefix/` (env ATHENAQ_OUTPUT_LOCATION; default: the work group's)")
	fs.StringVarP(&o.database, "database", "d", "", "database (env ATHENAQ_DATABASE; default \"default\")")
	fs.StringVar(&o.catalog, "catalog", "", "data catalog (env ATHENAQ_CATALOG; default AwsDataCatalog)")
	fs.StringVar(&o.endpoint, "endpoint", "", "Athena endpoint `URL`, e.g. a running athenaq serve (env ATHENAQ_ENDPOINT)")
	fs.BoolVar(&o.local, "local", false, "run on an embedded local Athena, no AWS account needed (env ATHENAQ_LOCAL=1)")
	fs.StringVar(&o.dataDir, "data-dir", "", "with --local, keep the local Athena's data in `DIR` (default: a per-user data directory)")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "log AWS SDK messages and retries to stderr")
	knobs := pflag.NewFlagSet("knobs", pflag.ContinueOnError)
	bindEmulatorKnobs(knobs, &o.emu)
	knobs.VisitAll(func(f *pflag.Flag) { f.Hidden = true })
	fs.AddFlagSet(knobs)
}

// resolve fills the settings not given as flags from the environment.
func (o *connOptions) resolve(cmd *cobra.Command) error {
	fs := cmd.Flags()
	env := func(dst *string, flag string, names ...string) {
		if fs.Changed(flag) {
			return
		}
		for _, n := range names {
			if v := os.Getenv(n); v != "" {
				*dst = v
				return
			}
		}
	}
	env(&o.region, "region", "ATHENAQ_REGION")
	env(&o.profile, "profile", "ATHENAQ_PROFILE")
	env(&o.workGroup, "workgroup", "ATHENAQ_WORKGROUP")
	env(&o.outputLocation, "output-location", "ATHENAQ_OUTPUT_LOCATION")
	env(&o.database, "database", "ATHENAQ_DATABASE")
	env(&o.catalog, "catalog", "ATHENAQ_CATALOG")
	env(&o.endpoint, "endpoint", "ATHENAQ_ENDPOINT")
	if !fs.Changed("local") {
		if v := os.Getenv("ATHENAQ_LOCAL"); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return usageErrorf(cmd, "ATHENAQ_LOCAL=%q: want 1, true, 0 or false", v)
			}
			o.local = b
		}
	}
	if o.local && o.endpoint != "" {
		return usageErrorf(cmd, "--local and --endpoint %s both say where Athena is: give one of them", o.endpoint)
	}
	if o.dataDir != "" && !o.local {
		return usageErrorf(cmd, "--data-dir is for the local Athena: add --local, or drop --data-dir")
	}
	return nil
}

// logger is where SDK and client messages go: stderr with --verbose,
// nowhere otherwise (so that no "SDK WARN" line reaches a terminal).
func (o *connOptions) logger(stderr io.Writer) *slog.Logger {
	if !o.verbose {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// session is an open client, and the local Athena behind it with --local.
type session struct {
	client *athenaq.Client
	local  *emulator.Server
	log    *slog.Logger
}

// Close closes the client, then the local Athena.
func (s *session) Close() error {
	err := s.client.Close()
	if s.local != nil {
		err = errors.Join(err, s.local.Close())
	}
	return err
}

// connect opens a client as the flags say: on the embedded local Athena
// (with the sample database) or on Athena.
func (o *connOptions) connect(ctx context.Context, cmd *cobra.Command, stderr io.Writer) (*session, error) {
	if err := o.resolve(cmd); err != nil {
		return nil, err
	}
	log := o.logger(stderr)
	cfg := athenaq.Config{
		Region:         o.region,
		Profile:        o.profile,
		Endpoint:       o.endpoint,
		OutputLocation: o.outputLocation,
		WorkGroup:      o.workGroup,
		Database:       o.database,
		Catalog:        o.catalog,
		ResultMode:     o.mode,
		Logger:         log,
		// The CSV transport holds (S3Concurrency+2) parts: 12 MiB with
		// these, against 24 MiB with the client's defaults, so that a
		// result of any size streams within the CLI's memory budget.
		S3PartSize:    cliS3PartSize,
		S3Concurrency: cliS3Concurrency,
	}
	s := &session{log: log}
	if o.local {
		srv, err := o.startLocal(ctx, log)
		if err != nil {
			return nil, err
		}
		s.local = srv
		cfg.Endpoint = srv.URL()
		if cfg.Region == "" {
			cfg.Region = "us-east-1"
		}
		if cfg.OutputLocation == "" {
			cfg.OutputLocation = localOutput
		}
		cfg.AWS = &aws.Config{
			Region:      cfg.Region,
			Credentials: credentials.NewStaticCredentialsProvider("local", "local", ""),
			Logger:      sdkLogger{log},
		}
	} else {
		awsCfg, err := o.loadAWS(ctx, log)
		if err != nil {
			return nil, err
		}
		cfg.AWS = &awsCfg
	}
	c, err := athenaq.Open(ctx, cfg)
	if err != nil {
		if s.local != nil {
			s.local.Close()
		}
		return nil, configUsage(cmd, err)
	}
	s.client = c
	if s.local != nil {
		if _, err := ensureSample(ctx, c, localSample); err != nil {
			s.Close()
			return nil, fmt.Errorf("create the sample database: %w", err)
		}
	}
	return s, nil
}

// loadAWS loads the AWS configuration with SDK messages sent to log.
func (o *connOptions) loadAWS(ctx context.Context, log *slog.Logger) (aws.Config, error) {
	opts := []func(*config.LoadOptions) error{config.WithLogger(sdkLogger{log})}
	if o.region != "" {
		opts = append(opts, config.WithRegion(o.region))
	}
	if o.profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(o.profile))
	}
	if o.endpoint != "" {
		// A custom endpoint is local or private: never ask the EC2 instance
		// metadata service for credentials on its behalf.
		opts = append(opts, config.WithEC2IMDSClientEnableState(imds.ClientDisabled))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return cfg, fmt.Errorf("load the AWS configuration (profile %q): %w", o.profile, err)
	}
	if cfg.Region == "" && o.endpoint != "" {
		cfg.Region = "us-east-1"
	}
	return cfg, nil
}

// startLocal starts the embedded local Athena on a loopback port, with its
// data in the per-user data directory unless --data-dir says otherwise.
func (o *connOptions) startLocal(ctx context.Context, log *slog.Logger) (*emulator.Server, error) {
	opts := o.emu
	opts.DataDir = o.dataDir
	if opts.DataDir == "" {
		dir, err := defaultDataDir()
		if err != nil {
			return nil, err
		}
		opts.DataDir = dir
	}
	if err := os.MkdirAll(opts.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("local Athena data directory: %w (choose another with --data-dir)", err)
	}
	if opts.OutputLocation == "" {
		opts.OutputLocation = localOutput
	}
	if !slices.ContainsFunc(opts.WorkGroups, func(g emulator.WorkGroup) bool { return g.Name == localDuckDBWorkGroup }) {
		opts.WorkGroups = append(opts.WorkGroups, emulator.WorkGroup{Name: localDuckDBWorkGroup, Engine: athenaq.EngineDuckDB,
			OutputLocation: opts.OutputLocation, Description: "Queries in DuckDB's SQL, as Athena's DuckDB engine runs them"})
	}
	opts.Logger = log
	srv, err := newLocal(ctx, opts)
	if err != nil {
		var inUse *emulator.DataDirInUseError
		if errors.As(err, &inUse) {
			return nil, fmt.Errorf("the local Athena's data in %s is in use by another athenaq (%w); wait for it to end, or give --data-dir", opts.DataDir, err)
		}
		return nil, fmt.Errorf("start the local Athena in %s: %w", opts.DataDir, err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		srv.Close()
		return nil, fmt.Errorf("start the local Athena: %w", err)
	}
	return srv, nil
}

// defaultDataDir is the per-user home of --local's data:
// $XDG_DATA_HOME/athenaq/local, ~/.local/share/athenaq/local on Unix,
// the user's application-support or AppData directory on macOS and Windows.
func defaultDataDir() (string, error) {
	base := os.Getenv("XDG_DATA_HOME")
	if base == "" {
		switch runtime.GOOS {
		case "darwin", "windows", "ios", "plan9":
			dir, err := os.UserConfigDir()
			if err != nil {
				return "", fmt.Errorf("no per-user data directory (%w); give --data-dir", err)
			}
			base = dir
		default:
			home, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("no home directory for the local Athena's data (%w); give --data-dir", err)
			}
			base = filepath.Join(home, ".local", "share")
		}
	}
	return filepath.Join(base, "athenaq", "local"), nil
}

// sdkLogger passes the AWS SDK's log lines to slog.
type sdkLogger struct{ log *slog.Logger }

func (l sdkLogger) Logf(c logging.Classification, format string, v ...any) {
	level := slog.LevelDebug
	if c == logging.Warn {
		level = slog.LevelWarn
	}
	l.log.Log(context.Background(), level, fmt.Sprintf(format, v...), "source", "aws-sdk")
}

// configUsage restates the client's configuration errors in terms of the
// flags that set the field at fault.
func configUsage(cmd *cobra.Command, err error) error {
	var ce *athenaq.ConfigError
	if !errors.As(err, &ce) {
		return err
	}
	switch {
	case ce.Field == "Region":
		return usageErrorf(cmd, "no AWS Region: give --region, set AWS_REGION or ATHENAQ_REGION, or name one in your AWS profile")
	case ce.Field == "OutputLocation" && ce.Value == "":
		return usageErrorf(cmd, "no result location: give --output-location s3://bucket/prefix/ (or set ATHENAQ_OUTPUT_LOCATION), or a --workgroup whose configuration sets one")
	}
	flag, ok := map[string]string{"OutputLocation": "--output-location", "Endpoint": "--endpoint", "S3Endpoint": "--s3-endpoint"}[ce.Field]
	if !ok {
		return err
	}
	return usageErrorf(cmd, "%s %q: want %s", flag, ce.Value, ce.Want)
}

// localLockWait is how long --local waits for another athenaq that holds
// the data directory (one exclusive user at a time): a short command ends
// within it; a shell or a server does not.
const localLockWait = 5 * time.Second

// newLocal starts an emulator on opts, waiting up to localLockWait while
// another process holds its data directory.
func newLocal(ctx context.Context, opts emulator.Options) (*emulator.Server, error) {
	deadline := time.Now().Add(localLockWait)
	for {
		srv, err := emulator.New(opts)
		var inUse *emulator.DataDirInUseError
		if err == nil || !errors.As(err, &inUse) || time.Now().After(deadline) {
			return srv, err
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(100 * time.Millisecond):
		}
	}
}
