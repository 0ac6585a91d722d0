package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"go.uber.org/goleak"
)

func TestShellRunsStatementsAndCommandsAtATerminal(t *testing.T) {
	home := t.TempDir()
	history := filepath.Join(home, "hist", "shell_history")
	sh := startShell(t, home, "--history", history)

	sh.expect("athenaq:default> ")
	sh.send("CREATE DATABASE shop;\r")
	sh.expect("SUCCEEDED")
	sh.expect("athenaq:default> ")
	// A statement over several lines, with the continuation prompt.
	sh.send("CREATE TABLE shop.items WITH (external_location = 's3://athenaq-local/shop/items/', format = 'PARQUET') AS\r")
	sh.expect("...> ")
	sh.send("SELECT * FROM (VALUES (1, 'apple'), (2, 'pear')) AS t(id, name)\r")
	sh.expect("...> ")
	sh.send(";\r")
	sh.expect("SUCCEEDED")
	sh.expect("athenaq:default> ")

	// Ctrl-C at the prompt drops the input typed so far, in one line or
	// over several.
	sh.send("SELECT 'never")
	sh.expect("never")
	sh.send("\x03")
	sh.expect("athenaq:default> ")
	sh.send("SELECT\r")
	sh.expect("...> ")
	sh.send("\x03")
	sh.expect("athenaq:default> ")
	// Results are checked by upper-case words, which neither the typed
	// text nor the query ids hold.
	sh.send("SELECT upper('forty two') AS answer;\r")
	if out := sh.expect("SUCCEEDED"); !strings.Contains(out, "FORTY TWO") {
		t.Errorf("a statement after Ctrl-C at the prompt printed %q; want FORTY TWO", out)
	}

	sh.send(".databases\r")
	sh.expect("shop")
	sh.expect("athenaq:default> ")
	sh.send(".use shop\r")
	sh.expect("athenaq:shop> ")
	sh.send(".tables\r")
	sh.expect("EXTERNAL_TABLE")
	sh.send(".describe items\r")
	sh.expect("EXTERNAL_TABLE shop.items at s3://athenaq-local/shop/items")
	// Unqualified names now resolve in shop.
	sh.send("SELECT upper(name) AS up\r")
	sh.expect("...> ")
	sh.send("FROM items WHERE id = 2;\r")
	sh.expect("PEAR")
	sh.expect("SUCCEEDED")

	sh.send(".format csv\r")
	sh.expect("athenaq:shop> ")
	sh.send(".tables shop\r")
	sh.expect("table,type,columns,partitioned_by")
	sh.send(".timer on\r")
	sh.expect("athenaq:shop> ")
	sh.send("SELECT upper('forty two') AS answer;\r")
	sh.expect("FORTY TWO")
	sh.expect("Time: ")

	// Mistakes are reported and the shell stays open.
	sh.send(".frobnicate\r")
	sh.expect(`unknown command .frobnicate: .help lists the commands`)
	sh.send("SELECT * FROM missing_table;\r")
	sh.expect("does not exist")
	sh.send(".help\r")
	sh.expect(".describe [DB.]T")
	sh.send("SELECT upper('still open') AS n;\r")
	sh.expect("STILL OPEN")
	sh.expect("athenaq:shop> ")

	sh.send("\x04") // Ctrl-D
	if code := sh.wait(); code != 0 {
		t.Errorf("Ctrl-D: exit status %d, want 0", code)
	}
	if strings.Contains(sh.output(), "athenaq: athenaq:") {
		t.Errorf("an error message repeats its prefix:\n%s", sh.output())
	}

	b, err := os.ReadFile(history)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSpace(string(b)), "\n")
	want := []string{
		"CREATE DATABASE shop;",
		"CREATE TABLE shop.items WITH (external_location = 's3://athenaq-local/shop/items/', format = 'PARQUET') AS SELECT * FROM (VALUES (1, 'apple'), (2, 'pear')) AS t(id, name) ;",
		"SELECT upper('forty two') AS answer;",
		".databases",
		".use shop",
		".tables",
		".describe items",
		"SELECT upper(name) AS up FROM items WHERE id = 2;",
		".format csv",
		".tables shop",
		".timer on",
		"SELECT upper('forty two') AS answer;",
		".frobnicate",
		"SELECT * FROM missing_table;",
		".help",
		"SELECT upper('still open') AS n;",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("history file holds\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if fi, err := os.Stat(history); err == nil && fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("history file mode %v: want it readable by its owner only", fi.Mode().Perm())
	}
}

func TestShellCtrlCStopsTheRunningQueryAndStaysOpen(t *testing.T) {
	home := t.TempDir()
	// Every query stays RUNNING 5 s: long enough to be interrupted.
	sh := startShell(t, home, "--query-delay", "5s")

	sh.expect("athenaq:default> ")
	sh.send("SELECT upper('forty two') AS answer;\r")
	sh.expect(" scanned ") // the progress line: the query is running
	sh.send("\x03")
	out := sh.expect("CANCELLED")
	if strings.Contains(out, "FORTY TWO") || strings.Contains(out, "SUCCEEDED") {
		t.Errorf("the interrupted query printed a result: %q", out)
	}
	sh.expect("athenaq:default> ")

	sh.send("SELECT 1;\r")
	sh.expect("SUCCEEDED")
	sh.expect("athenaq:default> ")
	sh.send(".quit\r")
	if code := sh.wait(); code != 0 {
		t.Errorf(".quit: exit status %d, want 0", code)
	}

	// The history is kept in the per-user data directory by default.
	b, err := os.ReadFile(filepath.Join(home, "xdg", "athenaq", "shell_history"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), "SELECT upper('forty two') AS answer;\nSELECT 1;\n.quit\n"; got != want {
		t.Errorf("history %q, want %q", got, want)
	}
}

func TestShellSIGTERMStopsTheRunningQueryAndExits(t *testing.T) {
	home := t.TempDir()
	sh := startShell(t, home, "--query-delay", "5s", "--no-history")

	sh.expect("athenaq:default> ")
	sh.send("SELECT 1;\r")
	sh.expect(" scanned ")
	if err := sh.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	sh.expect("CANCELLED")
	if code := sh.wait(); code != exitInterrupted {
		t.Errorf("SIGTERM: exit status %d, want %d", code, exitInterrupted)
	}
	if _, err := os.Stat(filepath.Join(home, "xdg", "athenaq", "shell_history")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("--no-history: the history file exists (%v)", err)
	}
}

func TestShellReadsAScriptFromStdin(t *testing.T) {
	tests := []struct {
		name     string
		script   string
		code     int
		stdout   []string // lines that must be printed, in order
		stderr   []string
		noStdout []string
	}{
		{
			name:   "statements over lines and commands",
			script: "SELECT 6 * 7\n  AS answer;\n-- a comment\n.timer on\n.format csv\nSELECT 1 + 1 AS two; SELECT 'x' || 'y' AS xy\n",
			stdout: []string{"42", "2", "xy"},
			stderr: []string{"Time: ", "Time: "},
		},
		{
			name:   "a failed statement does not stop the script",
			script: "SELECT * FROM missing_table;\nSELECT 6 * 7 AS answer;\n.use nosuch\nSELECT 100 + 23;\n",
			code:   exitQuery,
			stdout: []string{"42", "123"},
			stderr: []string{"does not exist", `.use nosuch: catalog AwsDataCatalog has no database "nosuch"`, "athenaq: 2 of 4 statements failed"},
		},
		{
			name:     "an unknown command",
			script:   ".frobnicate\nSELECT 6 * 7;\n.quit\nSELECT 100 + 23;\n",
			code:     exitUsage,
			stdout:   []string{"42"},
			stderr:   []string{"unknown command .frobnicate: .help lists the commands", "athenaq: 1 of 2 statements failed"},
			noStdout: []string{"123"},
		},
		{
			name:   "an unterminated string at the end",
			script: "SELECT 6 * 7;\nSELECT 'open\n",
			code:   exitUsage,
			stdout: []string{"42"},
			stderr: []string{"the SQL does not parse"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer goleak.VerifyNone(t,
				goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
				goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
				goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"),
				goleak.IgnoreAnyFunction("os/signal.loop"),
			)
			var stdout, stderr bytes.Buffer
			code := execute([]string{"shell", "--local", "--data-dir", localData(t)}, strings.NewReader(tc.script), &stdout, &stderr)
			if code != tc.code {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			inOrder(t, "stdout", stdout.String(), tc.stdout)
			inOrder(t, "stderr", stderr.String(), tc.stderr)
			for _, s := range tc.noStdout {
				if strings.Contains(stdout.String(), s) {
					t.Errorf("stdout holds %q:\n%s", s, stdout.String())
				}
			}
			if strings.Contains(stdout.String()+stderr.String(), "athenaq:default>") {
				t.Errorf("a prompt was printed without a terminal:\n%s%s", stdout.String(), stderr.String())
			}
		})
	}
}

func TestShellFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"binary format", []string{"shell", "--local", "--format", "parquet"}, "--format parquet writes one result to a file"},
		{"history and no history", []string{"shell", "--local", "--history", "h", "--no-history"}, "--history h and --no-history: give one of them"},
		{"an argument", []string{"shell", "SELECT 1"}, `unexpected argument "SELECT 1"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := execute(tc.args, strings.NewReader(""), &stdout, &stderr); code != exitUsage {
				t.Errorf("exit status %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("stderr %q does not say %q", stderr.String(), tc.want)
			}
		})
	}
}

func TestShellHelpHasExamplesAndCommands(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := execute([]string{"shell", "--help"}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("exit status %d; stderr %s", code, stderr.String())
	}
	for _, want := range []string{"athenaq shell --local", ".use DATABASE", "--history FILE", "--no-history", "--format"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("shell --help lacks %q:\n%s", want, stdout.String())
		}
	}
}

func TestShellDefaultHistoryFileFollowsXDGDataHome(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	got, err := defaultHistoryFile()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "athenaq", "shell_history"); got != want {
		t.Errorf("defaultHistoryFile() = %q, want %q", got, want)
	}
}

func TestShellHistoryEntry(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"one line", "SELECT 1;\n", "SELECT 1;"},
		{"lines joined", "SELECT a,\n  b\nFROM t;\n", "SELECT a, b FROM t;"},
		{"line comment dropped", "SELECT a -- the key\nFROM t;\n", "SELECT a FROM t;"},
		{"block comment kept", "SELECT /* two\nlines */ 1;\n", "SELECT /* two lines */ 1;"},
		{"string kept", "SELECT 'a  -- b';\n", "SELECT 'a  -- b';"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := historyEntry(tc.text); got != tc.want {
				t.Errorf("historyEntry(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestShellContinuationPromptLinesUp(t *testing.T) {
	tests := []struct{ prompt, want string }{
		{"athenaq:default> ", "            ...> "},
		{"athenaq:x> ", "      ...> "},
		{"> ", "...> "},
	}
	for _, tc := range tests {
		t.Run(tc.prompt, func(t *testing.T) {
			if got := continuationPrompt(tc.prompt); got != tc.want {
				t.Errorf("continuationPrompt(%q) = %q, want %q", tc.prompt, got, tc.want)
			}
		})
	}
}

// inOrder checks that out holds each of want, one after the other.
func inOrder(t *testing.T, what, out string, want []string) {
	t.Helper()
	rest := out
	for _, w := range want {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Errorf("%s lacks %q (in order):\n%s", what, w, out)
			return
		}
		rest = rest[i+len(w):]
	}
}

// ptyShell is an athenaq shell --local running on a pseudo-terminal.
type ptyShell struct {
	t      *testing.T
	cmd    *exec.Cmd
	tty    *os.File
	read   chan struct{} // closed when the output is read to its end
	exited chan struct{} // closed when the shell has exited, with err set
	err    error         // of cmd.Wait

	mu   sync.Mutex
	out  bytes.Buffer
	seen int // expect has matched the output up to here
}

// startShell runs athenaq shell --local with its data, HOME and
// XDG_DATA_HOME under home.
func startShell(t *testing.T, home string, args ...string) *ptyShell {
	t.Helper()
	bin, err := buildBin()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"shell", "--local", "--data-dir", localData(t)}, args...)...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ATHENAQ_") && !strings.HasPrefix(kv, "AWS_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, "xdg"), "TERM=xterm")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 250})
	if errors.Is(err, pty.ErrUnsupported) {
		t.Skip("no pseudo-terminals here")
	}
	if err != nil {
		t.Fatal(err)
	}
	sh := &ptyShell{t: t, cmd: cmd, tty: tty, read: make(chan struct{}), exited: make(chan struct{})}
	go func() {
		defer close(sh.exited)
		sh.err = cmd.Wait()
	}()
	go func() {
		defer close(sh.read)
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			sh.mu.Lock()
			sh.out.Write(buf[:n])
			sh.mu.Unlock()
			if err != nil {
				return // EIO once the shell has exited
			}
		}
	}()
	t.Cleanup(func() {
		select {
		case <-sh.exited:
		default:
			cmd.Process.Kill()
			<-sh.exited
		}
		tty.Close()
		<-sh.read
	})
	return sh
}

func (sh *ptyShell) send(keys string) {
	sh.t.Helper()
	if _, err := io.WriteString(sh.tty, keys); err != nil {
		sh.t.Fatalf("type %q: %v", keys, err)
	}
}

// expect waits for want in the output after the last match and returns
// the output up to and including it.
func (sh *ptyShell) expect(want string) string {
	sh.t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		sh.mu.Lock()
		rest := sh.out.String()[sh.seen:]
		if i := strings.Index(rest, want); i >= 0 {
			sh.seen += i + len(want)
			sh.mu.Unlock()
			return rest[:i+len(want)]
		}
		sh.mu.Unlock()
		select {
		case <-sh.read:
			sh.t.Fatalf("the shell ended without printing %q; after the last match it printed:\n%s", want, readable(rest))
		default:
		}
		if time.Now().After(deadline) {
			sh.t.Fatalf("no %q in the output; after the last match it printed:\n%s", want, readable(rest))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// output is everything the shell printed.
func (sh *ptyShell) output() string {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return sh.out.String()
}

// wait waits for the shell to exit and returns its exit status.
func (sh *ptyShell) wait() int {
	sh.t.Helper()
	select {
	case <-sh.exited:
		var ee *exec.ExitError
		if errors.As(sh.err, &ee) {
			return ee.ExitCode()
		}
		if sh.err != nil {
			sh.t.Fatal(sh.err)
		}
		return 0
	case <-time.After(60 * time.Second):
		sh.t.Fatalf("the shell did not exit; it printed:\n%s", readable(sh.output()))
		return -1
	}
}

var escapes = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// readable drops terminal escapes from out.
func readable(out string) string {
	return escapes.ReplaceAllString(out, "")
}
