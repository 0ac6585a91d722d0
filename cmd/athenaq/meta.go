package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/athenaq/athenaq"
)

// listing is a small result that the CLI builds itself (databases, tables,
// history), written in the formats that have no need for column types.
type listing struct {
	columns []string
	rows    [][]string
}

// listingFlags are the flags of the commands that print a listing.
type listingFlags struct {
	conn   connOptions
	format string
}

func bindListing(cmd *cobra.Command, o *listingFlags) {
	bindConn(cmd, &o.conn)
	cmd.Flags().StringVarP(&o.format, "format", "F", "table", "output format: table, csv, tsv, json or jsonl")
}

// print checks --format and writes l to stdout.
func (o *listingFlags) print(cmd *cobra.Command, s streams, l listing) error {
	f, err := parseFormat(o.format)
	if err != nil {
		return &usageError{msg: err.Error(), cmd: cmd.CommandPath()}
	}
	if isBinary(f) {
		return usageErrorf(cmd, "--format %s is for query results; use table, csv, tsv, json or jsonl", f)
	}
	return writeListing(s.out, f, l)
}

func newDatabasesCmd(s streams) *cobra.Command {
	var o listingFlags
	cmd := &cobra.Command{
		Use:   "databases",
		Short: "List the databases of the data catalog",
		Example: `  athenaq databases --local
  athenaq databases --catalog AwsDataCatalog --format json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sess, err := o.conn.connect(cmd.Context(), cmd, s.err)
			if err != nil {
				return err
			}
			defer sess.Close()
			dbs, err := sess.client.Databases(cmd.Context(), o.conn.catalog)
			if err != nil {
				return err
			}
			return o.print(cmd, s, databasesListing(dbs))
		},
	}
	bindListing(cmd, &o)
	return cmd
}

func newTablesCmd(s streams) *cobra.Command {
	var (
		o       listingFlags
		pattern string
	)
	cmd := &cobra.Command{
		Use:   "tables [DATABASE]",
		Short: "List the tables and views of a database",
		Long: `tables lists the tables and views of DATABASE (default: --database, or "default"),
with their type, number of columns and partition keys.`,
		Example: `  athenaq tables --local sample
  athenaq tables --database logs --like 'access_*'`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageErrorf(cmd, "unexpected argument %q: tables takes one database name", args[1])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			sess, err := o.conn.connect(cmd.Context(), cmd, s.err)
			if err != nil {
				return err
			}
			defer sess.Close()
			db := sess.client.Config().Database
			if len(args) == 1 {
				db = args[0]
			}
			tables, err := sess.client.Tables(cmd.Context(), o.conn.catalog, db, pattern)
			if err != nil {
				return err
			}
			return o.print(cmd, s, tablesListing(tables))
		},
	}
	bindListing(cmd, &o)
	cmd.Flags().StringVar(&pattern, "like", "", "only tables whose names match this `pattern` (* matches any text, | separates alternatives)")
	return cmd
}

func newDescribeCmd(s streams) *cobra.Command {
	var o listingFlags
	cmd := &cobra.Command{
		Use:   "describe [DATABASE.]TABLE",
		Short: "Show the columns of a table or view",
		Long: `describe lists the columns of a table or view with their types and comments; the
partition keys follow, marked as such. The table's location and storage formats are
printed after the columns in table format.`,
		Example: `  athenaq describe --local sample.orders
  athenaq describe --database sample customers --format json`,
		Args: exactArgs(1, "the table name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			sess, err := o.conn.connect(cmd.Context(), cmd, s.err)
			if err != nil {
				return err
			}
			defer sess.Close()
			db, name := splitTableName(sess.client.Config().Database, args[0])
			t, err := sess.client.Table(cmd.Context(), o.conn.catalog, db, name)
			if err != nil {
				return err
			}
			if err := o.print(cmd, s, describeListing(t)); err != nil {
				return err
			}
			if o.format == "table" {
				writeTableFooter(s.out, db, t)
			}
			return nil
		},
	}
	bindListing(cmd, &o)
	return cmd
}

// databasesListing lists databases with their descriptions.
func databasesListing(dbs []athenaq.Database) listing {
	l := listing{columns: []string{"database", "description"}}
	for _, d := range dbs {
		l.rows = append(l.rows, []string{d.Name, d.Description})
	}
	return l
}

// tablesListing lists tables with their type, number of columns and
// partition keys.
func tablesListing(tables []athenaq.Table) listing {
	l := listing{columns: []string{"table", "type", "columns", "partitioned_by"}}
	for _, t := range tables {
		keys := make([]string, len(t.PartitionKeys))
		for i, k := range t.PartitionKeys {
			keys[i] = k.Name
		}
		l.rows = append(l.rows, []string{t.Name, t.Type, strconv.Itoa(len(t.Columns)), strings.Join(keys, ", ")})
	}
	return l
}

// writeTableFooter follows describe's table format with the table's type,
// name and location.
func writeTableFooter(w io.Writer, db string, t athenaq.Table) {
	fmt.Fprintf(w, "\n%s %s.%s", t.Type, db, t.Name)
	if t.Location != "" {
		fmt.Fprintf(w, " at %s", t.Location)
	}
	fmt.Fprintln(w)
}

// describeListing lists t's columns, then its partition keys.
func describeListing(t athenaq.Table) listing {
	l := listing{columns: []string{"column", "type", "partition_key", "comment"}}
	for _, c := range t.Columns {
		l.rows = append(l.rows, []string{c.Name, c.Type, "false", c.Comment})
	}
	for _, c := range t.PartitionKeys {
		l.rows = append(l.rows, []string{c.Name, c.Type, "true", c.Comment})
	}
	return l
}

// splitTableName reads "db.table" or "table" (in db). Back-quotes and
// double quotes around either part are removed.
func splitTableName(db, name string) (string, string) {
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		return unquoteName(name[:i]), unquoteName(name[i+1:])
	}
	return db, unquoteName(name)
}

// unquoteName removes back-quotes or double quotes around a name.
func unquoteName(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '`') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

func newHistoryCmd(s streams) *cobra.Command {
	var (
		o     listingFlags
		limit int
	)
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List recent queries of the work group",
		Long: `history lists the most recent queries of the work group (--workgroup, default primary),
newest first, with their state, submission time, run time and data scanned.`,
		Example: `  athenaq history --local
  athenaq history --workgroup analytics --limit 100 --format csv`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if limit < 1 {
				return usageErrorf(cmd, "--limit %d: want 1 or more", limit)
			}
			sess, err := o.conn.connect(cmd.Context(), cmd, s.err)
			if err != nil {
				return err
			}
			defer sess.Close()
			qs, err := sess.client.Queries(cmd.Context(), sess.client.Config().WorkGroup, limit)
			if err != nil {
				return err
			}
			l := listing{columns: []string{"query_id", "state", "submitted", "run_time", "data_scanned", "query"}}
			for _, q := range qs {
				l.rows = append(l.rows, []string{q.QueryID, string(q.State), formatTime(q.Submitted),
					runTime(q), formatBytes(q.Statistics.DataScannedBytes), oneLine(q.Query, 60)})
			}
			return o.print(cmd, s, l)
		},
	}
	bindListing(cmd, &o)
	cmd.Flags().IntVarP(&limit, "limit", "n", 20, "how many queries to list")
	return cmd
}

// runTime is how long a query ran, or has been running.
func runTime(st athenaq.Status) string {
	if st.Statistics.TotalExecution > 0 {
		return formatElapsed(st.Statistics.TotalExecution)
	}
	if !st.Completed.IsZero() && !st.Submitted.IsZero() {
		return formatElapsed(st.Completed.Sub(st.Submitted))
	}
	return ""
}

// formatTime prints t in UTC to the second, or nothing for the zero time.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}

// oneLine squeezes a statement into one line of at most n runes.
func oneLine(sql string, n int) string {
	s := strings.Join(strings.Fields(sql), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
