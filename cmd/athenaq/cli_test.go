package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
)

// The tests below drive the built binary, as a user at a shell would.

// binDir holds the binaries that the tests build; TestMain makes it.
var binDir string

// raceBuild is set when the tests run with -race; the binary that most
// tests run is then built with it too, so that they find its races.
var raceBuild bool

var (
	buildBin      = sync.OnceValues(func() (string, error) { return buildCLI("athenaq", raceBuild) })
	buildPlainBin = sync.OnceValues(func() (string, error) { return buildCLI("athenaq-plain", false) })
)

// buildCLI builds cmd/athenaq into binDir.
func buildCLI(name string, race bool) (string, error) {
	bin := filepath.Join(binDir, name)
	args := []string{"build", "-o", bin}
	if race {
		args = append(args, "-race")
	}
	out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
}

// binary returns the binary that the tests run (built with -race when
// they run with it).
func binary(t testing.TB) string {
	t.Helper()
	bin, err := buildBin()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// plainBinary returns a binary built without -race, for measurements.
func plainBinary(t testing.TB) string {
	t.Helper()
	bin, err := buildPlainBin()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// result is what one run of the binary left.
type result struct {
	stdout, stderr string
	code           int
}

// cli runs the binary with args and stdin, in a clean environment (no AWS
// settings, a HOME of its own), plus env.
func cli(t testing.TB, stdin string, env []string, args ...string) result {
	t.Helper()
	return cliWith(t, binary(t), stdin, env, args...)
}

// cliWith is cli with the binary bin.
func cliWith(t testing.TB, bin, stdin string, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(cleanEnv(t), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errOut.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		t.Fatalf("athenaq %q: %v", args, err)
	}
	return r
}

// cleanEnv is an environment without AWS or athenaq settings, whose HOME
// and XDG_DATA_HOME are fresh directories.
func cleanEnv(t testing.TB) []string {
	home := t.TempDir()
	env := []string{"HOME=" + home, "XDG_DATA_HOME=" + filepath.Join(home, "data"), "PATH=" + os.Getenv("PATH"),
		"AWS_EC2_METADATA_DISABLED=", "TZ=UTC"}
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "GOCACHE=") || strings.HasPrefix(kv, "TMPDIR=") {
			env = append(env, kv)
		}
	}
	return env
}

// serverFlags point the binary at env's emulator.
func serverFlags(env *athenatest.Env) []string {
	return []string{"--endpoint", env.Config.Endpoint, "--output-location", env.Config.OutputLocation}
}

// mustRun runs the binary and fails t unless it exits 0.
func mustRun(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	r := cli(t, stdin, nil, args...)
	if r.code != 0 {
		t.Fatalf("athenaq %q: exit %d\nstderr: %s", args, r.code, r.stderr)
	}
	return r
}

// command returns the binary's command for args in a clean environment,
// for tests that signal it or attach a terminal.
func command(t testing.TB, args ...string) *exec.Cmd {
	cmd := exec.Command(binary(t), args...)
	cmd.Env = cleanEnv(t)
	t.Cleanup(func() {
		if cmd.Process != nil && cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd
}

// syncBuffer is a bytes.Buffer safe for one writer and readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// sampleTemplate is a --local data directory in which the sample database
// has been built once per test run (by the binary built without -race, in
// a few seconds); localData copies it for each test.
var sampleTemplate = sync.OnceValues(func() (string, error) {
	bin, err := buildPlainBin()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(binDir, "sample-data")
	out, err := exec.Command(bin, "query", "--local", "--data-dir", dir, "SELECT 1").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("build the sample data: %v\n%s", err, out)
	}
	return dir, nil
})

// localData returns a fresh --local data directory that already holds the
// sample database.
func localData(t testing.TB) string {
	t.Helper()
	src, err := sampleTemplate()
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "data")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// emulatorClient starts an emulator for t and opens a native client on it,
// for the tests' own setup and for the writers' tests.
func emulatorClient(t testing.TB) (*athenaq.Client, *athenatest.Env) {
	t.Helper()
	env := athenatest.Start(t)
	cfg := env.ClientConfig()
	cfg.PollInterval = 10 * time.Millisecond
	c, err := athenaq.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, env
}
