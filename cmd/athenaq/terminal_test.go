package main

import (
	"bufio"
	"io"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

func TestProgressOnTerminalOnly(t *testing.T) {
	env := athenatest.Start(t, athenatest.WithOptions(emulator.Options{QueryDelay: 1500 * time.Millisecond}))
	args := append(serverFlags(env), "query", "--format", "csv", "SELECT 42 AS answer")

	// stderr on a terminal: the progress line and a summary.
	cmd := command(t, args...)
	var out syncBuffer
	cmd.Stdout = &out
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	cmd.Stderr = tty
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	screen, _ := io.ReadAll(ptmx) // until the child closes its side
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%v: %s", err, screen)
	}
	if out.String() != "answer\n42\n" {
		t.Errorf("stdout %q", out.String())
	}
	s := string(screen)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`RUNNING +\d+\.\ds +0 B scanned +\$0`), // the live line
		regexp.MustCompile(`SUCCEEDED in \d+\.\ds, 1 row, .* scanned \(\$[0-9.]+\), query [0-9a-f-]{36}`),
	} {
		if !want.MatchString(s) {
			t.Errorf("terminal shows no %s:\n%q", want, s)
		}
	}

	// --quiet, and stderr piped: nothing at all.
	if r := mustRun(t, "", args...); r.stderr != "" {
		t.Errorf("piped stderr %q", r.stderr)
	}
	cmd = command(t, append(args, "--quiet")...)
	ptmx2, tty2, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx2.Close()
	cmd.Stdout, cmd.Stderr = io.Discard, tty2
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty2.Close()
	quiet, _ := io.ReadAll(ptmx2)
	cmd.Wait()
	if len(quiet) != 0 {
		t.Errorf("--quiet still drew %q", quiet)
	}
}

func TestBinaryFormatRefusesTerminal(t *testing.T) {
	env := athenatest.Start(t)
	cmd := command(t, append(serverFlags(env), "query", "--format", "parquet", "SELECT 1")...)
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	cmd.Stdout, cmd.Stderr = tty, tty
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	screen, _ := io.ReadAll(ptmx)
	cmd.Wait()
	if cmd.ProcessState.ExitCode() != exitUsage || !strings.Contains(string(screen), "--output FILE") {
		t.Errorf("exit %d, %q", cmd.ProcessState.ExitCode(), screen)
	}
}

func TestServe(t *testing.T) {
	cmd := command(t, "serve", "--addr", "127.0.0.1:0", "--sample")
	cmd.Path = plainBinary(t) // the sample builds in seconds without -race
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errOut syncBuffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatalf("serve printed nothing: %s", errOut.String())
	}
	m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(lines.Text())
	if m == nil {
		t.Fatalf("first line %q names no address", lines.Text())
	}
	drained := make(chan struct{})
	go func() {
		io.Copy(io.Discard, stdout)
		close(drained)
	}()
	r := mustRun(t, "", "query", "--endpoint", m[1], "--output-location", "s3://results/", "--format", "csv",
		"SELECT count(*) > 0 AS ok FROM sample.orders")
	if r.stdout != "ok\ntrue\n" {
		t.Errorf("query on the served Athena: %q", r.stdout)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	<-drained
	if err := cmd.Wait(); err != nil {
		t.Errorf("serve after SIGINT: %v (%s)", err, errOut.String())
	}
}
