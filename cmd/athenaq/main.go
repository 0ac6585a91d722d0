// Command athenaq is Amazon Athena at a terminal: run SQL and see it
// progress, get the result as a table, CSV, TSV, JSON, Parquet or Arrow,
// look around the catalog, and run a local Athena to test against.
//
//	athenaq query --local "SELECT country, count(*) FROM sample.customers GROUP BY 1"
//	athenaq query --workgroup primary --output-location s3://bucket/results/ -f report.sql --format csv
//	athenaq shell --local
//	athenaq serve --addr 127.0.0.1:4566 --data-dir ./athena-data
//
// Every command has --help with examples. The CLI is built on the athenaq
// client and the records package; it has no query logic of its own.
package main

import (
	"os"
	"runtime/debug"
)

// memoryLimit is the Go runtime's soft memory limit unless GOMEMLIMIT sets
// one: the CLI streams results of any size, and a collector that runs
// sooner keeps its peak RSS low at little cost to a program that mostly
// waits on the network.
const memoryLimit = 32 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	os.Exit(execute(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
