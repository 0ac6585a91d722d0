// Command athenaq is the athenaq command line: run SQL on Amazon Athena or
// on the embedded local Athena, and serve that local Athena to other
// programs.
//
//	athenaq query --local "SELECT 42 AS answer"
//	athenaq serve --addr 127.0.0.1:4566 --data-dir ./athena-data
//	athenaq query --endpoint http://127.0.0.1:4566 --output-location s3://bucket/results/ "SHOW DATABASES"
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `athenaq: Amazon Athena from the command line, and a local Athena to test against.

Usage:
  athenaq query [flags] SQL    run one statement and print its result
  athenaq serve [flags]        run the local Athena (Athena and S3 APIs on one address)

Run "athenaq COMMAND -h" for the flags of a command.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if err != nil && !errors.Is(err, errUsage) {
		fmt.Fprintln(os.Stderr, "athenaq:", err)
	}
	if err != nil {
		os.Exit(exitCode(err))
	}
}

var errUsage = errors.New("usage")

func exitCode(err error) int {
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}

// run executes one command line; it is main without the process around it,
// so that tests can call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "query":
		return runQuery(ctx, args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "athenaq: unknown command %q\n\n%s", args[0], usage)
	return errUsage
}
