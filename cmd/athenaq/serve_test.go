package main

import (
	"bufio"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

func TestByteSizeFlagParsesUnits(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1073741824", 1 << 30, true},
		{"4GiB", 4 << 30, true},
		{"4gib", 4 << 30, true},
		{"4Gi", 4 << 30, true},
		{"512MB", 512e6, true},
		{"512 MB", 512e6, true},
		{"2g", 2e9, true},
		{"1.5GiB", 3 << 29, true},
		{"100b", 100, true},
		{"", 0, false},
		{"GiB", 0, false},
		{"-1GiB", 0, false},
		{"4 parsecs", 0, false},
		{"1e30TiB", 0, false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			var b byteSize
			err := b.Set(c.in)
			if (err == nil) != c.ok || int64(b) != c.want {
				t.Errorf("Set(%q) = %d, %v; want %d, ok=%v", c.in, b, err, c.want, c.ok)
			}
		})
	}
}

// startServe starts `athenaq serve` on a free port with args and returns
// its command once it listens.
func startServe(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd, _ := startServeURL(t, args...)
	return cmd
}

// startServeURL is startServe that also returns the server's URL.
func startServeURL(t *testing.T, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := command(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Path = plainBinary(t)
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
	if !lines.Scan() || !strings.Contains(lines.Text(), "listening on ") {
		t.Fatalf("serve did not start: %q %s", lines.Text(), errOut.String())
	}
	_, url, _ := strings.Cut(lines.Text(), "listening on ")
	go io.Copy(io.Discard, stdout)
	return cmd, strings.TrimSpace(url)
}

func TestServeRefusesADataDirInUse(t *testing.T) {
	dir := t.TempDir()
	first := startServe(t, "--data-dir", dir)
	r := cliWith(t, plainBinary(t), "", nil, "serve", "--addr", "127.0.0.1:0", "--data-dir", dir)
	want := fmt.Sprintf("DataDir %s is in use by another server (process %d)", dir, first.Process.Pid)
	if r.code == 0 || !strings.Contains(r.stderr, want) {
		t.Errorf("second serve: exit %d, stderr %q; want it to name process %d", r.code, r.stderr, first.Process.Pid)
	}
	// The kernel drops the lock of a killed server: the next one starts.
	if err := first.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	first.Wait()
	next := startServe(t, "--data-dir", dir)
	if err := next.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := next.Wait(); err != nil {
		t.Errorf("serve after SIGINT: %v", err)
	}
}
