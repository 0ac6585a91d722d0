package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// pyathenaDriver runs one measurement with PyAthena's cursors; it is
// written to a temporary file and run with python3.
//
//go:embed pyathena_driver.py
var pyathenaDriver []byte

// goPeers are the Go Athena clients considered as peers, none of which can
// be measured here; the reasons were checked against their sources.
var goPeers = []Peer{
	{Name: "uber/athenadriver v1.1.4", Status: "skipped", Reason: "cannot point at an endpoint: its Connector builds an " +
		"aws-sdk-go v1 session from Region and static credentials alone (or from AWS_SDK_LOAD_CONFIG's shared config), " +
		"its Config has no endpoint setting, and aws-sdk-go v1 (through v1.55.8) reads no endpoint from the environment " +
		"or shared config, so it always calls athena.<region>.amazonaws.com"},
	{Name: "segmentio/go-athena", Status: "skipped", Reason: "not served by the module proxy here"},
	{Name: "speee/go-athena", Status: "skipped", Reason: "not served by the module proxy here"},
	{Name: "CorkCyber/athenadriver", Status: "skipped", Reason: "not served by the module proxy here"},
}

// pyathenaCursors are PyAthena's cursors measured, by driver argument.
var pyathenaCursors = []struct{ arg, name string }{
	{"cursor", "PyAthena Cursor"},
	{"async", "PyAthena AsyncCursor (threads)"},
	{"aio", "PyAthena AioCursor (asyncio)"},
}

// pyathenaPeer checks that python3 can import boto3 and PyAthena from src,
// and says why not.
func pyathenaPeer(src string) Peer {
	p := Peer{Name: "PyAthena (PYATHENA_SRC)"}
	if src == "" {
		p.Status, p.Reason = "skipped", "PYATHENA_SRC is not set (it names a PyAthena source tree)"
		return p
	}
	if _, err := exec.LookPath("python3"); err != nil {
		p.Status, p.Reason = "skipped", "python3 is not on PATH"
		return p
	}
	cmd := exec.Command("python3", "-c", "import boto3, pyathena, pyathena.async_cursor, pyathena.aio; print(pyathena.__version__)")
	cmd.Env = pythonEnv(src, "")
	out, err := cmd.CombinedOutput()
	if err != nil {
		p.Status, p.Reason = "skipped", "python3 cannot import boto3 and pyathena: "+lastLine(string(out))
		return p
	}
	p.Status = "measured"
	p.Reason = "from " + src
	if v := strings.TrimSpace(string(out)); v != "unknown" {
		p.Reason = "version " + v + " " + p.Reason
	}
	return p
}

// pythonEnv is the environment of the PyAthena driver: src first on
// PYTHONPATH, the emulator as boto3's endpoint, dummy credentials.
func pythonEnv(src, endpoint string) []string {
	env := os.Environ()
	path := src
	if old := os.Getenv("PYTHONPATH"); old != "" {
		path += string(os.PathListSeparator) + old
	}
	env = append(env, "PYTHONPATH="+path, "AWS_ACCESS_KEY_ID=bench", "AWS_SECRET_ACCESS_KEY=bench", "AWS_DEFAULT_REGION="+region,
		"BENCH_OUTPUT="+output, "AWS_EC2_METADATA_DISABLED=true")
	if endpoint != "" {
		env = append(env, "AWS_ENDPOINT_URL="+endpoint)
	}
	return env
}

// pyathenaRows measures each PyAthena cursor in scenario with n queries,
// each against a fresh emulator.
func pyathenaRows(ctx context.Context, p plan, scenario string, n int) []Row {
	script := filepath.Join(os.TempDir(), "athenaq-bench-pyathena.py")
	if err := os.WriteFile(script, pyathenaDriver, 0o644); err != nil {
		return []Row{{System: "PyAthena", Error: err.Error()}}
	}
	var rows []Row
	for _, c := range pyathenaCursors {
		progress("%s: %s, N=%d", scenario, c.name, n)
		srv, err := startEmulator(realistic(shortQuery))
		if err != nil {
			rows = append(rows, Row{System: c.name, Error: err.Error()})
			continue
		}
		cmd := exec.CommandContext(ctx, "python3", script, c.arg, scenario, strconv.Itoa(n))
		cmd.Env = pythonEnv(p.PyAthena, srv.URL())
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		runErr := cmd.Run()
		st := srv.Stats()
		srv.Close()
		var res struct {
			Seconds    float64   `json:"seconds"`
			Latencies  []float64 `json:"latencies"`
			PeakRSSMiB float64   `json:"peakRSSMiB"`
			Error      string    `json:"error"`
		}
		if runErr == nil {
			runErr = json.Unmarshal(stdout.Bytes(), &res)
		}
		if runErr != nil {
			runErr = fmt.Errorf("%w: %s", runErr, lastLine(stderr.String()))
		}
		observed, limit := res.Seconds, concurrencyIdeal(n)
		if scenario == scLatency {
			observed, limit = median(res.Latencies), shortIdeal
		}
		calls, throttled := callsPerQuery(st, n)
		rows = append(rows, withRatio(Row{System: c.name, Size: strconv.Itoa(n), Seconds: observed, LimitSeconds: limit.Seconds(),
			CallsPerQuery: calls, Throttled: throttled, PeakRSSMiB: res.PeakRSSMiB, Error: errText(runErr, res.Error)}))
	}
	return rows
}
