package spark_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"go.uber.org/goleak"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
	"github.com/athenaq/athenaq/spark"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"),
	)
}

// sparkGroup is the Spark-enabled work group of every test emulator.
const sparkGroup = "spark"

// open starts an emulator with a Spark-enabled work group (and opts on top
// of it) and a client whose default work group it is.
func open(t testing.TB, cfg athenaq.Config, opts ...func(*emulator.Options)) (*athenaq.Client, *athenatest.Env) {
	t.Helper()
	eo := emulator.Options{WorkGroups: []emulator.WorkGroup{{Name: sparkGroup, Spark: true, OutputLocation: "s3://" + athenatest.Bucket + "/spark/"}}}
	for _, o := range opts {
		o(&eo)
	}
	env := athenatest.Start(t, athenatest.WithOptions(eo))
	return client(t, env, cfg), env
}

// client opens another client on env.
func client(t testing.TB, env *athenatest.Env, cfg athenaq.Config) *athenaq.Client {
	t.Helper()
	base := env.ClientConfig()
	cfg.Endpoint, cfg.Region, cfg.AWS = base.Endpoint, base.Region, base.AWS
	if cfg.WorkGroup == "" {
		cfg.WorkGroup = sparkGroup
	}
	if cfg.PollInterval == 0 {
		cfg.PollInterval = 10 * time.Millisecond
	}
	if cfg.MaxPollInterval == 0 {
		cfg.MaxPollInterval = 200 * time.Millisecond
	}
	c, err := athenaq.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// start starts a session and closes it when the test ends.
func start(t testing.TB, c *athenaq.Client) *spark.Session {
	t.Helper()
	s, err := spark.Start(context.Background(), c, spark.SessionConfig{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	return s
}

// sessionState asks the emulator, past the client, for a session's state.
func sessionState(t testing.TB, env *athenatest.Env, id string) spark.SessionState {
	t.Helper()
	out, err := env.Athena().GetSessionStatus(context.Background(), &athena.GetSessionStatusInput{SessionId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	return spark.SessionState(out.Status.State)
}

// calculationState asks the emulator, past the client, for a calculation's
// state.
func calculationState(t testing.TB, env *athenatest.Env, id string) spark.CalculationState {
	t.Helper()
	out, err := env.Athena().GetCalculationExecutionStatus(context.Background(),
		&athena.GetCalculationExecutionStatusInput{CalculationExecutionId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	return spark.CalculationState(out.Status.State)
}

// eventually polls cond every 10 ms for up to 10 s.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// running runs code and waits until the calculation is RUNNING.
func running(t testing.TB, s *spark.Session, opts spark.RunOptions, code string) *spark.Calculation {
	t.Helper()
	calc, err := s.RunWith(context.Background(), opts, code)
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "RUNNING", func() bool { return calc.Status().State == spark.CalculationRunning })
	return calc
}

// sleepCode is a Python block that runs for a minute unless stopped.
const sleepCode = "import time\ntime.sleep(60)\nprint('woke up')"
