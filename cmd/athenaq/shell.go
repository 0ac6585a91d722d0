package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/chzyer/readline"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/internal/sqltext"
)

const shellLong = `shell is an interactive SQL prompt. A statement ends with a semicolon and may
span lines; the prompt shows the database that unqualified names resolve in.

Lines that start with a dot are commands of the shell:
` + shellCommands + `
On a terminal, a progress line shows each query's state, time, data scanned and
cost, and a summary line follows it. Ctrl-C stops the running query in Athena
(StopQueryExecution) and keeps the shell open; at the prompt it clears the input.
Ctrl-D on an empty line, .quit or .exit leave the shell.

The lines entered are kept in a history file, by default shell_history in the
per-user data directory ($XDG_DATA_HOME/athenaq, ~/.local/share/athenaq on Unix).
--history FILE keeps it elsewhere; --no-history or --history "" keeps none.

When stdin is not a terminal, the shell reads statements and commands from it
without a prompt and runs them in order. A statement that fails is reported and
the next one runs; the exit status then says that one failed (1 for a failed
query). Ctrl-C stops the running query and the script, with status 130.`

// shellCommands is the help of the shell's dot commands.
const shellCommands = `  .databases          list the databases of the catalog
  .tables [DATABASE]  list the tables of DATABASE (default: the current one)
  .describe [DB.]T    show the columns of table or view T
  .use DATABASE       run the following statements in DATABASE
  .format FORMAT      write results as ` + shellFormats + `
  .timer on|off       print the time each statement took
  .help               show this help
  .quit, .exit        leave the shell (as does Ctrl-D)
`

// shellFormats are the formats that the shell writes; the binary ones hold
// one result in a file, which is the query command's business.
const shellFormats = "table, csv, tsv, json or jsonl"

func newShellCmd(s streams) *cobra.Command {
	var o shellOptions
	cmd := &cobra.Command{
		Use:   "shell",
		Short: "Run SQL at an interactive prompt",
		Long:  shellLong,
		Example: `  athenaq shell --local
  athenaq shell --workgroup analytics --database logs
  athenaq shell --local --format csv --no-history
  athenaq shell --local < script.sql`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return o.run(cmd, s) },
	}
	bindConn(cmd, &o.conn)
	bindOutput(cmd, &o.out)
	fs := cmd.Flags()
	fs.Lookup("format").Usage = "result format: " + shellFormats + " (.format changes it)"
	fs.Lookup("output").Usage = "write the results to `FILE` instead of stdout; it is complete when the shell ends"
	def, _ := defaultHistoryFile()
	fs.StringVar(&o.history, "history", def, "keep the history of the lines entered in `FILE` (\"\" for none)")
	fs.BoolVar(&o.noHistory, "no-history", false, "keep no history of the lines entered")
	return cmd
}

// shellOptions are the flags of the shell command.
type shellOptions struct {
	conn      connOptions
	out       outputOptions
	history   string
	noHistory bool
}

// defaultHistoryFile is shell_history beside the local Athena's data, in
// the per-user data directory.
func defaultHistoryFile() (string, error) {
	dir, err := defaultDataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(dir), "shell_history"), nil
}

func (o *shellOptions) run(cmd *cobra.Command, s streams) error {
	if o.noHistory && cmd.Flags().Changed("history") {
		return usageErrorf(cmd, "--history %s and --no-history: give one of them", o.history)
	}
	if f, err := parseFormat(o.out.format); err == nil && isBinary(f) {
		return usageErrorf(cmd, "--format %s writes one result to a file: use athenaq query for it; the shell writes %s", f, shellFormats)
	}
	ctx := cmd.Context()
	sess, err := o.conn.connect(ctx, cmd, s.err)
	if err != nil {
		return err
	}
	defer sess.Close()
	r, done, err := o.out.runnerFor(cmd, s, sess.client)
	if err != nil {
		return err
	}
	cfg := sess.client.Config()
	r.database = cfg.Database
	sh := &shell{s: s, client: sess.client, catalog: cfg.Catalog, runner: r}
	if !isTerminal(s.in) {
		return done(sh.script(ctx, s.in))
	}
	history := o.history
	if o.noHistory {
		history = ""
	}
	where := fmt.Sprintf("Athena in %s, work group %s", cfg.Region, cfg.WorkGroup)
	if sess.local != nil {
		where = "the local Athena"
	}
	fmt.Fprintf(s.err, "Connected to %s. End statements with \";\"; .help lists the commands, Ctrl-D quits.\n", where)
	return done(sh.interact(ctx, history))
}

// shell reads statements and dot commands and runs them, one at a time.
type shell struct {
	s       streams
	client  *athenaq.Client
	catalog string
	runner  *runner // its database and format change with .use and .format
	timer   bool
	// remember adds an entry to the history (interactive only).
	remember func(entry string)

	// Of a script: how many statements and commands ran, how many failed,
	// and the first error.
	ran, failed int
	firstErr    error

	mu sync.Mutex
	// cancel ends the running statement's context; nil between
	// statements.
	cancel context.CancelCauseFunc
}

// errQuit is what .quit returns.
var errQuit = errors.New("quit")

// errTerminated ends the shell at SIGTERM.
var errTerminated = fmt.Errorf("%w by SIGTERM", errInterrupted)

// interact runs the prompt until .quit, Ctrl-D or SIGTERM. It takes SIGINT
// over from interruptContext: Ctrl-C stops the running statement, and the
// shell carries on.
func (sh *shell) interact(ctx context.Context, history string) error {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	ownInterrupts(ctx)
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	if history != "" {
		if err := prepareHistory(history); err != nil {
			fmt.Fprintf(sh.s.err, "athenaq: no history is kept: %v\n", err)
			history = ""
		}
	}
	// readline's own stdin wrapper can be closed while a read is pending,
	// which Close and SIGTERM need.
	in := readline.NewCancelableStdin(sh.s.in)
	screen := sh.s.out
	if !isTerminal(screen) {
		screen = sh.s.err
	}
	rl, err := readline.NewEx(&readline.Config{
		Prompt:                 sh.prompt(),
		HistoryFile:            history,
		HistoryLimit:           1000,
		DisableAutoSaveHistory: true,
		EOFPrompt:              "\n",
		Stdin:                  in,
		Stdout:                 screen,
		Stderr:                 sh.s.err,
		FuncIsTerminal:         func() bool { return true },
		FuncGetWidth:           func() int { return terminalWidth(screen) },
	})
	if err != nil {
		in.Close()
		return fmt.Errorf("start the prompt: %w", err)
	}
	defer func() {
		in.Close()
		rl.Close()
	}()
	if history != "" {
		sh.remember = func(entry string) { _ = rl.SaveHistory(entry) }
	}

	var wg sync.WaitGroup
	quit := make(chan struct{})
	defer func() {
		close(quit)
		wg.Wait()
	}()
	wg.Go(func() {
		terminated := false
		for {
			select {
			case sig := <-sigs:
				switch {
				case sig != syscall.SIGTERM:
					sh.interrupt()
				case terminated:
					fmt.Fprintln(sh.s.err, "\nathenaq: terminated again; exiting without waiting")
					os.Exit(exitInterrupted)
				default:
					terminated = true
					cancel(errTerminated)
					in.Close() // ends a pending Readline
				}
			case <-quit:
				return
			}
		}
	})

	var pending strings.Builder
	for {
		if pending.Len() == 0 {
			rl.SetPrompt(sh.prompt())
		} else {
			rl.SetPrompt(continuationPrompt(sh.prompt()))
		}
		line, err := rl.Readline()
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		switch {
		case errors.Is(err, readline.ErrInterrupt):
			pending.Reset()
			continue
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return fmt.Errorf("read the input: %w", err)
		}
		if errors.Is(sh.feed(ctx, &pending, line), errQuit) {
			return nil
		}
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
	}
}

// script runs the statements and commands read from r, which is not a
// terminal. A failure is reported and the script goes on; the error
// returned counts the failures and wraps the first. It stops when ctx ends.
func (sh *shell) script(ctx context.Context, r io.Reader) error {
	br := bufio.NewReader(r)
	var pending strings.Builder
	for {
		line, rerr := br.ReadString('\n')
		if rerr != nil && rerr != io.EOF {
			return fmt.Errorf("read stdin: %w", rerr)
		}
		if line != "" {
			if errors.Is(sh.feed(ctx, &pending, strings.TrimSuffix(line, "\n")), errQuit) {
				break
			}
			if ctx.Err() != nil {
				return context.Cause(ctx)
			}
		}
		if rerr == io.EOF {
			// The last statement needs no semicolon.
			sh.runText(ctx, pending.String())
			break
		}
	}
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	if sh.failed > 0 {
		return &scriptError{failed: sh.failed, ran: sh.ran, first: sh.firstErr}
	}
	return nil
}

// scriptError says that statements of a script failed; each was reported
// when it did. It unwraps to the first, which sets the exit status.
type scriptError struct {
	failed, ran int
	first       error
}

func (e *scriptError) Error() string {
	if e.ran == 1 {
		return "the statement failed"
	}
	return fmt.Sprintf("%d of %d statements failed", e.failed, e.ran)
}

func (e *scriptError) Unwrap() error { return e.first }

// feed takes one line of input. A dot command on a line of its own runs at
// once; SQL collects in pending until a semicolon ends it, and then each
// statement runs. It returns errQuit for .quit and the error of the last
// statement or command run.
func (sh *shell) feed(ctx context.Context, pending *strings.Builder, line string) error {
	trimmed := strings.TrimSpace(line)
	if pending.Len() == 0 {
		if trimmed == "" {
			return nil
		}
		if strings.HasPrefix(trimmed, ".") {
			sh.addHistory(trimmed)
			return sh.exec(ctx, false, func(ctx context.Context) error { return sh.command(ctx, trimmed) })
		}
	}
	pending.WriteString(line)
	pending.WriteByte('\n')
	text := pending.String()
	if !sqltext.Complete(text) {
		if stmts, err := sqltext.Split(text); err == nil && len(stmts) == 0 {
			// Only comments so far: the next line starts afresh.
			pending.Reset()
		}
		return nil
	}
	pending.Reset()
	sh.addHistory(historyEntry(text))
	return sh.runText(ctx, text)
}

// runText runs the statements of text one after the other, until one is
// interrupted. It returns the last one's error.
func (sh *shell) runText(ctx context.Context, text string) error {
	stmts, err := sqltext.Split(text)
	if err != nil {
		return sh.exec(ctx, false, func(context.Context) error { return &usageError{msg: "the SQL does not parse: " + err.Error()} })
	}
	for _, stmt := range stmts {
		err = sh.exec(ctx, true, func(ctx context.Context) error { return sh.runner.run(ctx, stmt, nil) })
		if ctx.Err() != nil || errors.Is(err, errInterrupted) {
			// Ctrl-C stops the rest of the line too.
			break
		}
	}
	return err
}

func (sh *shell) addHistory(entry string) {
	if sh.remember != nil && entry != "" {
		sh.remember(entry)
	}
}

// exec runs one statement or command with a context of its own, which
// Ctrl-C ends, and reports its error and, for a statement (timed) with
// .timer on, its time.
func (sh *shell) exec(ctx context.Context, timed bool, f func(ctx context.Context) error) error {
	start := time.Now()
	ctx, cancel := context.WithCancelCause(ctx)
	sh.mu.Lock()
	sh.cancel = cancel
	sh.mu.Unlock()
	err := f(ctx)
	sh.mu.Lock()
	sh.cancel = nil
	sh.mu.Unlock()
	cancel(nil)

	if errors.Is(err, errQuit) {
		return err
	}
	if timed && sh.timer {
		fmt.Fprintf(sh.s.err, "Time: %.3fs\n", time.Since(start).Seconds())
	}
	sh.ran++
	if err == nil {
		return nil
	}
	sh.failed++
	if sh.firstErr == nil {
		sh.firstErr = err
	}
	switch {
	case errors.Is(err, errInterrupted):
		// The runner has said what it stopped.
	case context.Cause(ctx) == errInterrupted || context.Cause(ctx) == errTerminated:
		fmt.Fprintln(sh.s.err, "athenaq: interrupted")
	default:
		printError(sh.s.err, err)
	}
	return err
}

// interrupt ends the running statement's context, if one runs.
func (sh *shell) interrupt() {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.cancel != nil {
		sh.cancel(errInterrupted)
	}
}

// command runs a dot command.
func (sh *shell) command(ctx context.Context, line string) error {
	fields := strings.Fields(strings.TrimRight(line, "; \t"))
	name, args := fields[0], fields[1:]
	want := func(lo, hi int, usage string) error {
		if len(args) < lo || len(args) > hi {
			return &usageError{msg: "usage: " + usage}
		}
		return nil
	}
	switch name {
	case ".quit", ".exit":
		return errQuit
	case ".help":
		fmt.Fprint(sh.s.out, shellCommands)
		return nil
	case ".databases":
		if err := want(0, 0, ".databases"); err != nil {
			return err
		}
		dbs, err := sh.client.Databases(ctx, sh.catalog)
		if err != nil {
			return err
		}
		return sh.list(databasesListing(dbs))
	case ".tables":
		if err := want(0, 1, ".tables [DATABASE]"); err != nil {
			return err
		}
		db := sh.runner.database
		if len(args) == 1 {
			db = unquoteName(args[0])
		}
		tables, err := sh.client.Tables(ctx, sh.catalog, db, "")
		if err != nil {
			return err
		}
		return sh.list(tablesListing(tables))
	case ".describe":
		if err := want(1, 1, ".describe [DATABASE.]TABLE"); err != nil {
			return err
		}
		db, name := splitTableName(sh.runner.database, args[0])
		t, err := sh.client.Table(ctx, sh.catalog, db, name)
		if err != nil {
			return err
		}
		if err := sh.list(describeListing(t)); err != nil {
			return err
		}
		if sh.runner.format == "table" {
			writeTableFooter(sh.s.out, db, t)
		}
		return nil
	case ".use":
		if err := want(0, 1, ".use DATABASE"); err != nil {
			return err
		}
		if len(args) == 0 {
			fmt.Fprintf(sh.s.out, "database %s\n", sh.runner.database)
			return nil
		}
		return sh.use(ctx, args[0])
	case ".format":
		if err := want(0, 1, ".format "+strings.ReplaceAll(shellFormats, ", ", "|")); err != nil {
			return err
		}
		if len(args) == 0 {
			fmt.Fprintf(sh.s.out, "format %s\n", sh.runner.format)
			return nil
		}
		f, err := parseFormat(args[0])
		if err != nil || isBinary(f) {
			return &usageError{msg: fmt.Sprintf(".format %s: want %s (athenaq query writes the binary formats)", args[0], shellFormats)}
		}
		sh.runner.format = f
		return nil
	case ".timer":
		if err := want(0, 1, ".timer on|off"); err != nil {
			return err
		}
		if len(args) == 0 {
			fmt.Fprintf(sh.s.out, "timer %s\n", onOff(sh.timer))
			return nil
		}
		switch strings.ToLower(args[0]) {
		case "on":
			sh.timer = true
		case "off":
			sh.timer = false
		default:
			return &usageError{msg: fmt.Sprintf(".timer %s: want on or off", args[0])}
		}
		return nil
	}
	return &usageError{msg: fmt.Sprintf("unknown command %s: .help lists the commands", name)}
}

// use makes db the database of the following statements, once the catalog
// has confirmed that it exists.
func (sh *shell) use(ctx context.Context, arg string) error {
	db := unquoteName(arg)
	dbs, err := sh.client.Databases(ctx, sh.catalog)
	if err != nil {
		return fmt.Errorf(".use %s: %w", arg, err)
	}
	for _, d := range dbs {
		if strings.EqualFold(d.Name, db) {
			sh.runner.database = d.Name
			return nil
		}
	}
	return fmt.Errorf(".use %s: catalog %s has no database %q; .databases lists them", arg, sh.catalog, db)
}

// list writes a listing in the current format.
func (sh *shell) list(l listing) error {
	bw := bufio.NewWriter(sh.s.out)
	err := writeListing(bw, sh.runner.format, l)
	if ferr := bw.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("write the listing: %w", ferr)
	}
	return err
}

// prompt shows the current database: "athenaq:default> ".
func (sh *shell) prompt() string { return "athenaq:" + sh.runner.database + "> " }

// continuationPrompt lines up "...> " with the end of prompt.
func continuationPrompt(prompt string) string {
	const tail = "...> "
	return strings.Repeat(" ", max(0, len([]rune(prompt))-len(tail))) + tail
}

// historyEntry puts a statement typed over several lines on one line of the
// history file: line breaks become spaces and line comments, which would
// swallow what follows them, are dropped.
func historyEntry(text string) string {
	toks, err := sqltext.Tokenize(text)
	if err != nil {
		return strings.Join(strings.Fields(text), " ")
	}
	var b strings.Builder
	space := false // a space is due before the next token
	for _, t := range toks {
		switch {
		case t.Kind == sqltext.Whitespace, t.Kind == sqltext.Comment && strings.HasPrefix(t.Text, "--"):
			space = b.Len() > 0
			continue
		case space:
			b.WriteByte(' ')
			space = false
		}
		if t.Kind == sqltext.Comment {
			b.WriteString(strings.Join(strings.Fields(t.Text), " "))
		} else {
			b.WriteString(t.Text)
		}
	}
	return b.String()
}

// prepareHistory creates the history file, readable by its owner only, and
// its directory.
func prepareHistory(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	return f.Close()
}

// printError prints err on a line that starts "athenaq:" once.
func printError(w io.Writer, err error) {
	fmt.Fprintln(w, "athenaq:", strings.TrimPrefix(err.Error(), "athenaq: "))
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// terminalWidth is the width of the terminal w writes to, or 80.
func terminalWidth(w io.Writer) int {
	if f, ok := w.(interface{ Fd() uintptr }); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return cols
		}
	}
	return 80
}
