package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	"github.com/spf13/cobra"
)

// streams are the command's standard input and outputs; tests give their
// own.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

const rootLong = `athenaq runs SQL on Amazon Athena from a terminal, and runs a local Athena
(with --local, or as a server with "athenaq serve") for work without an AWS account.

Connection settings come from flags, or else from the environment:
  --region           ATHENAQ_REGION, AWS_REGION, or the AWS profile's region
  --profile          ATHENAQ_PROFILE, AWS_PROFILE
  --workgroup        ATHENAQ_WORKGROUP (default primary)
  --output-location  ATHENAQ_OUTPUT_LOCATION
  --database         ATHENAQ_DATABASE (default "default")
  --catalog          ATHENAQ_CATALOG (default AwsDataCatalog)
  --endpoint         ATHENAQ_ENDPOINT (a running "athenaq serve", say)
  --local            ATHENAQ_LOCAL=1
Credentials come from the AWS default chain (environment, profile, SSO, role).

Exit status:
  0    success
  1    the query FAILED, or Athena refused it as invalid
  2    usage error: a bad flag, argument or setting
  3    Athena could not be reached or refused the caller: network, credentials,
       permissions, throttling
  4    any other error (writing the output, starting the local Athena)
  130  interrupted (Ctrl-C); a running query was stopped in Athena`

// newRoot builds the command tree.
func newRoot(s streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "athenaq",
		Short: "Amazon Athena at a terminal, and a local Athena to test against",
		Long:  rootLong,
		Example: `  athenaq query --local "SELECT 42 AS answer"
  athenaq query --local --format json "SELECT * FROM sample.customers LIMIT 3"
  athenaq shell --local
  athenaq tables --local sample
  athenaq serve --addr 127.0.0.1:4566`,
		SilenceErrors:     true,
		SilenceUsage:      true,
		CompletionOptions: cobra.CompletionOptions{HiddenDefaultCmd: false},
	}
	root.SetIn(s.in)
	root.SetOut(s.out)
	root.SetErr(s.err)
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(
		newQueryCmd(s),
		newShellCmd(s),
		newDatabasesCmd(s),
		newTablesCmd(s),
		newDescribeCmd(s),
		newHistoryCmd(s),
		newStatusCmd(s),
		newCancelCmd(s),
		newResultsCmd(s),
		newServeCmd(s),
	)
	return root
}

// execute runs one command line and returns the process's exit status.
func execute(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := interruptContext(context.Background(), stderr)
	defer stop()
	root := newRoot(streams{in: stdin, out: stdout, err: stderr})
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	if isCobraUsage(err) {
		err = &usageError{msg: err.Error(), cmd: cmd.CommandPath()}
	}
	if context.Cause(ctx) == errInterrupted {
		// The command has said what it stopped; the error is only the
		// interruption seen through the context.
		return exitInterrupted
	}
	fmt.Fprintln(stderr, "athenaq:", errorText(err))
	return exitCode(err)
}

// flagError turns pflag's parse errors into usage errors that say where to
// look, instead of printing the whole usage.
func flagError(cmd *cobra.Command, err error) error {
	return &usageError{msg: err.Error(), cmd: cmd.CommandPath()}
}

// isCobraUsage recognises the errors that cobra itself returns for a bad
// command line (it has no types for them).
func isCobraUsage(err error) bool {
	var ue *usageError
	if errors.As(err, &ue) {
		return false
	}
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "invalid argument", "flag needs an argument", "required flag"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// interruptContext returns a context that ends at the first SIGINT or
// SIGTERM; a second one exits at once with status 130. stop releases the
// signal handler. A command that handles the signals itself calls
// ownInterrupts with the context.
func interruptContext(parent context.Context, stderr io.Writer) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	release := sync.OnceFunc(func() {
		signal.Stop(sig)
		close(done)
	})
	ctx = context.WithValue(ctx, interruptKey{}, release)
	go func() {
		select {
		case <-sig:
			cancel(errInterrupted)
		case <-done:
			return
		}
		select {
		case <-sig:
			fmt.Fprintln(stderr, "\nathenaq: interrupted again; exiting without waiting")
			os.Exit(exitInterrupted)
		case <-done:
		}
	}()
	return ctx, func() {
		release()
		cancel(nil)
	}
}

type interruptKey struct{}

// ownInterrupts makes interruptContext stop handling SIGINT and SIGTERM for
// ctx: the context no longer ends at a signal, and a second one no longer
// exits. The caller must have its own signal.Notify in place first, or a
// signal would kill the process. A signal that came before the call has
// already ended ctx.
func ownInterrupts(ctx context.Context) {
	if release, ok := ctx.Value(interruptKey{}).(func()); ok {
		release()
	}
}

// noArgs is cobra.NoArgs with a usage error that names the command.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf(cmd, "unexpected argument %q: %s takes no arguments", args[0], cmd.CommandPath())
	}
	return nil
}

// exactArgs wants n arguments, described by what.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) < n:
			return usageErrorf(cmd, "missing %s: usage is %s", what, cmd.UseLine())
		case len(args) > n:
			return usageErrorf(cmd, "unexpected argument %q: usage is %s (quote SQL and names with spaces)", args[n], cmd.UseLine())
		}
		return nil
	}
}
