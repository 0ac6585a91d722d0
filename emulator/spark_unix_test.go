//go:build unix

package emulator_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
)

func TestSparkStopKillsPythonAndCancels(t *testing.T) {
	needPython(t)
	h := newSparkHarness(t)
	session := h.startSession()
	pidFile := filepath.Join(t.TempDir(), "pid")
	id := h.calculate(session, fmt.Sprintf(`
import os, subprocess, time
child = subprocess.Popen(["sleep", "60"])
with open(%q, "w") as f:
    f.write("%%d %%d" %% (os.getpid(), child.pid))
print("started")
time.sleep(60)
`, pidFile))
	var pids []int
	deadline := time.Now().Add(20 * time.Second)
	for len(pids) < 2 && time.Now().Before(deadline) {
		if b, err := os.ReadFile(pidFile); err == nil && strings.Count(string(b), " ") == 1 {
			for _, f := range strings.Fields(string(b)) {
				n, _ := strconv.Atoi(f)
				pids = append(pids, n)
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	if len(pids) != 2 {
		t.Fatal("the calculation did not start its processes")
	}
	st, err := h.ath.GetCalculationExecutionStatus(h.ctx, &athena.GetCalculationExecutionStatusInput{CalculationExecutionId: aws.String(id)})
	if err != nil || st.Status.State != types.CalculationExecutionStateRunning {
		t.Fatalf("status before stop = %v, %v; want RUNNING", st, err)
	}
	stopped := time.Now()
	stop, err := h.ath.StopCalculationExecution(h.ctx, &athena.StopCalculationExecutionInput{CalculationExecutionId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	if stop.State != types.CalculationExecutionStateCanceling {
		t.Errorf("StopCalculationExecution State = %s, want CANCELING", stop.State)
	}
	c := h.waitCalculation(id)
	if c.Status.State != types.CalculationExecutionStateCanceled {
		t.Fatalf("state = %s, want CANCELED", c.Status.State)
	}
	if d := time.Since(stopped); d > 5*time.Second {
		t.Errorf("CANCELED %v after the stop", d)
	}
	for _, pid := range pids {
		if !processGone(pid, 5*time.Second) {
			t.Errorf("process %d still runs after CANCELED", pid)
		}
	}
	if got := h.uriText(aws.ToString(c.Result.StdOutS3Uri)); got != "started\n" {
		t.Errorf("stdout = %q, want what it printed before the stop", got)
	}
	again, err := h.ath.StopCalculationExecution(h.ctx, &athena.StopCalculationExecutionInput{CalculationExecutionId: aws.String(id)})
	if err != nil || again.State != types.CalculationExecutionStateCanceled {
		t.Errorf("second stop = %v, %v; want CANCELED", again, err)
	}
	// The session is IDLE again and runs the next calculation.
	h.waitSession(session, types.SessionStateIdle)
	h.runCode(session, "%%sql\nSELECT 1")
}

// processGone waits up to d for process pid to end, and reports whether it
// did. A zombie (dead, waiting for its reaper) counts as gone: SIGKILL
// reaches the processes of a group at once, but they die when next
// scheduled.
func processGone(pid int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			return true
		}
		if stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
			// The state follows the parenthesized command name.
			if i := strings.LastIndexByte(string(stat), ')'); i > 0 && strings.HasPrefix(string(stat[i+1:]), " Z") {
				return true
			}
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestSparkPythonOutputIsBounded: a block that prints without end fails
// once its stdout file reaches the emulator's file size limit, instead of
// filling the disk, and the session runs the next block.
func TestSparkPythonOutputIsBounded(t *testing.T) {
	needPython(t)
	h := newSparkHarness(t)
	session := h.startSession()
	c := h.waitCalculation(h.calculate(session, "line = 'x' * 1023\nwhile True:\n    print(line)\n"))
	if c.Status.State != types.CalculationExecutionStateFailed {
		t.Fatalf("state = %s, want FAILED", c.Status.State)
	}
	if got, want := aws.ToString(c.Status.StateChangeReason), "OSError: [Errno 27] File too large"; got != want {
		t.Errorf("StateChangeReason = %q, want %q", got, want)
	}
	if got := h.uriText(aws.ToString(c.Result.StdOutS3Uri)); !strings.HasSuffix(got, "bytes of this output]\n") {
		t.Errorf("stdout ends %q, want the note that it was cut", got[max(0, len(got)-80):])
	}
	next := h.runCode(session, "print('still here')")
	if next.Status.State != types.CalculationExecutionStateCompleted {
		t.Fatalf("next calculation: %s, want COMPLETED", next.Status.State)
	}
}
