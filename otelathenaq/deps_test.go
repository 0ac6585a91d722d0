package otelathenaq_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLibrariesDoNotLinkOpenTelemetry checks that only this package brings
// OpenTelemetry in: the client and its sibling libraries take a Tracer
// interface. .ci/run checks the same.
func TestLibrariesDoNotLinkOpenTelemetry(t *testing.T) {
	gotool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	const module = "github.com/athenaq/athenaq"
	for _, pkg := range []string{module, module + "/athenatype", module + "/stdlib", module + "/spark", module + "/records"} {
		out, err := exec.Command(gotool, "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			if strings.HasPrefix(dep, "go.opentelemetry.io/") {
				t.Errorf("%s depends on %s", pkg, dep)
			}
		}
	}
	// The check would see OpenTelemetry where it is.
	out, err := exec.Command(gotool, "list", "-deps", module+"/otelathenaq").Output()
	if err != nil || !strings.Contains(string(out), "go.opentelemetry.io/otel/trace") {
		t.Fatalf("go list -deps otelathenaq: %v; no go.opentelemetry.io/otel/trace in\n%s", err, out)
	}
}
