package spark_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/emulator"
	"github.com/athenaq/athenaq/spark"
)

func TestStartWaitsUntilIdleAndCloseTerminates(t *testing.T) {
	c, env := open(t, athenaq.Config{})
	ctx := context.Background()
	s, err := spark.Start(ctx, c, spark.SessionConfig{Description: "lifecycle", IdleTimeout: 15 * time.Minute,
		MaxConcurrentDPUs: 4, SparkProperties: map[string]string{"spark.executor.cores": "2"}})
	if err != nil {
		t.Fatal(err)
	}
	if s.ID() == "" || s.WorkGroup() != sparkGroup {
		t.Fatalf("session %q in work group %q", s.ID(), s.WorkGroup())
	}
	st, err := s.Status(ctx)
	if err != nil || st.State != spark.SessionIdle || st.Started.IsZero() {
		t.Fatalf("Status = %+v, %v; want IDLE with a start time", st, err)
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if got := sessionState(t, env, s.ID()); got != spark.SessionTerminated {
		t.Fatalf("after Close the emulator says %s, want TERMINATED", got)
	}
	if _, err := s.Run(ctx, "print(1)"); !errors.Is(err, spark.ErrSessionClosed) {
		t.Fatalf("Run after Close = %v, want ErrSessionClosed", err)
	}
	if err := s.Close(ctx); err != nil {
		t.Fatalf("second Close = %v", err)
	}
}

func TestCloseLeavesAttachedSessionRunningAndTerminateEndsIt(t *testing.T) {
	owner, env := open(t, athenaq.Config{})
	other := client(t, env, athenaq.Config{})
	ctx := context.Background()
	s := start(t, owner)

	shared, err := spark.Attach(ctx, other, s.ID())
	if err != nil {
		t.Fatal(err)
	}
	calc, err := shared.Run(ctx, "print('from the attached handle')")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := calc.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if err := shared.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if got := sessionState(t, env, s.ID()); got != spark.SessionIdle {
		t.Fatalf("after the attached handle's Close the session is %s, want IDLE", got)
	}
	// The owner's handle still works.
	calc, err = s.Run(ctx, "print('owner')")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := calc.Wait(ctx); err != nil {
		t.Fatal(err)
	}

	again, err := spark.Attach(ctx, other, s.ID())
	if err != nil {
		t.Fatal(err)
	}
	if err := again.Terminate(ctx); err != nil {
		t.Fatal(err)
	}
	if got := sessionState(t, env, s.ID()); got != spark.SessionTerminated {
		t.Fatalf("after Terminate the session is %s, want TERMINATED", got)
	}
}

func TestAttachRefusesUnknownAndEndedSessions(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	ctx := context.Background()
	s, err := spark.Start(ctx, c, spark.SessionConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Terminate(ctx); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, id string
		check    func(error) bool
	}{
		{"unknown", "00000000-0000-0000-0000-000000000000", func(err error) bool { return err != nil && strings.Contains(err.Error(), "00000000") }},
		{"terminated", s.ID(), func(err error) bool {
			var serr *spark.SessionError
			return errors.As(err, &serr) && serr.State == spark.SessionTerminated && serr.SessionID == s.ID()
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := spark.Attach(ctx, c, tc.id)
			if !tc.check(err) {
				t.Fatalf("Attach(%s) = %v", tc.id, err)
			}
		})
	}
}

func TestStartRejectsBadSessionConfig(t *testing.T) {
	c, env := open(t, athenaq.Config{})
	cases := []struct {
		name string
		cfg  spark.SessionConfig
		want string
	}{
		{"too few DPUs", spark.SessionConfig{MaxConcurrentDPUs: 1}, "SessionConfig.MaxConcurrentDPUs 1: want 2 to 5000"},
		{"too many DPUs", spark.SessionConfig{MaxConcurrentDPUs: 5001}, "SessionConfig.MaxConcurrentDPUs 5001: want 2 to 5000"},
		{"negative coordinator", spark.SessionConfig{CoordinatorDPUSize: -1}, "SessionConfig.CoordinatorDPUSize -1"},
		{"idle timeout too long", spark.SessionConfig{IdleTimeout: 9 * time.Hour}, "SessionConfig.IdleTimeout 9h0m0s: want 1m to 8h"},
		{"negative idle timeout", spark.SessionConfig{IdleTimeout: -time.Minute}, "SessionConfig.IdleTimeout -1m0s"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := spark.Start(context.Background(), c, tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Start = %v, want an error with %q", err, tc.want)
			}
		})
	}
	if n := env.Server.Stats().Calls["StartSession"]; n != 0 {
		t.Fatalf("%d StartSession calls for invalid configs, want 0", n)
	}
}

func TestStartOnClosedClientFails(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	c.Close()
	if _, err := spark.Start(context.Background(), c, spark.SessionConfig{}); !errors.Is(err, athenaq.ErrClosed) {
		t.Fatalf("Start on a closed client = %v, want ErrClosed", err)
	}
}

func TestStartWaitsForACreatingSession(t *testing.T) {
	const delay = 300 * time.Millisecond
	c, _ := open(t, athenaq.Config{}, func(o *emulator.Options) { o.Spark.SessionStartDelay = delay })
	begun := time.Now()
	s := start(t, c)
	if took := time.Since(begun); took < delay {
		t.Fatalf("Start returned after %v, before the session could be IDLE (%v)", took, delay)
	}
	st, err := s.Status(context.Background())
	if err != nil || st.State != spark.SessionIdle {
		t.Fatalf("Status = %+v, %v; want IDLE", st, err)
	}
}

// TestStartFailsAndStopsPollingWhenSessionFails is PyAthena's bug the
// other way round: readiness polling must end when the session FAILs.
func TestStartFailsAndStopsPollingWhenSessionFails(t *testing.T) {
	c, env := open(t, athenaq.Config{}, func(o *emulator.Options) {
		o.Spark.SessionStartDelay = 100 * time.Millisecond
		o.Faults.SessionFailRate = 1
	})
	s, err := spark.Start(context.Background(), c, spark.SessionConfig{})
	var serr *spark.SessionError
	if s != nil || !errors.As(err, &serr) || serr.State != spark.SessionFailed || serr.Reason == "" || serr.SessionID == "" {
		t.Fatalf("Start = %v, %v; want a FAILED *SessionError with a reason", s, err)
	}
	if !strings.Contains(err.Error(), serr.Reason) {
		t.Fatalf("Error() = %q does not give the reason %q", err.Error(), serr.Reason)
	}
	polls := env.Server.Stats().Calls["GetSessionStatus"]
	time.Sleep(500 * time.Millisecond) // 2.5 MaxPollIntervals
	if later := env.Server.Stats().Calls["GetSessionStatus"]; later != polls {
		t.Fatalf("GetSessionStatus went from %d to %d calls after Start failed: polling goes on", polls, later)
	}
	if n := env.Server.Stats().Calls["TerminateSession"]; n != 0 {
		t.Fatalf("%d TerminateSession calls for a FAILED session, want 0", n)
	}
}

func TestStartTerminatesSessionWhenContextEndsWhileCreating(t *testing.T) {
	c, env := open(t, athenaq.Config{}, func(o *emulator.Options) { o.Spark.SessionStartDelay = 5 * time.Second })
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	s, err := spark.Start(ctx, c, spark.SessionConfig{})
	var serr *spark.SessionError
	if s != nil || !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &serr) || serr.State != spark.SessionCreating {
		t.Fatalf("Start = %v, %v; want a *SessionError for DeadlineExceeded while CREATING", s, err)
	}
	eventually(t, "the half-made session to be TERMINATED", func() bool {
		return sessionState(t, env, serr.SessionID) == spark.SessionTerminated
	})
}

func TestStartTerminatesSessionWhoseAnswerWasCutOff(t *testing.T) {
	c, env := open(t, athenaq.Config{}, func(o *emulator.Options) { o.APILatency = 300 * time.Millisecond })
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if s, err := spark.Start(ctx, c, spark.SessionConfig{}); s != nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Start = %v, %v; want DeadlineExceeded", s, err)
	}
	// The client resends the request with its token in the background, and
	// terminates the session that Athena answers with: still one session.
	eventually(t, "the session of the cut-off Start to be TERMINATED", func() bool {
		out, err := env.Athena().ListSessions(context.Background(), &athena.ListSessionsInput{WorkGroup: aws.String(sparkGroup)})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Sessions) > 1 {
			t.Fatalf("%d sessions, want 1: the resend created another", len(out.Sessions))
		}
		return len(out.Sessions) == 1 && out.Sessions[0].Status.State == types.SessionStateTerminated
	})
}

// TestOperationsAreKnownToAPILimits reads the package's source: every
// operation passed to Call must be one that athenaq.Config.APILimits
// accepts, or its limit could not be set.
func TestOperationsAreKnownToAPILimits(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`\.Call\(ctx, "([A-Za-z]+)"`)
	limits := map[string]athenaq.Limit{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			limits[m[1]] = athenaq.Limit{PerSecond: 1, Burst: 1}
		}
	}
	if len(limits) < 8 {
		t.Fatalf("found only %d operations passed to Call: %v", len(limits), limits)
	}
	c, err := athenaq.Open(context.Background(), athenaq.Config{Region: "us-east-1", Endpoint: "http://127.0.0.1:1", WorkGroup: "spark",
		APILimits: limits})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}
