package stdlib_test

import (
	"database/sql"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/stdlib"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"),
	)
}

// longQuery runs until it is cancelled.
const longQuery = "SELECT count(*) FROM range(100000000) a, range(100000) b"

// openDB starts an emulator and returns a *sql.DB on it through OpenDB,
// with cfg's fields over the emulator's.
func openDB(t testing.TB, cfg athenaq.Config, opts []stdlib.Option, envOpts ...athenatest.Option) (*sql.DB, *athenatest.Env) {
	t.Helper()
	env := athenatest.Start(t, envOpts...)
	db := stdlib.OpenDB(withEnv(env, cfg), opts...)
	t.Cleanup(func() { db.Close() })
	return db, env
}

// withEnv fills cfg with the emulator's endpoint, region, credentials and
// output location, and a short poll interval.
func withEnv(env *athenatest.Env, cfg athenaq.Config) athenaq.Config {
	base := env.ClientConfig()
	cfg.Endpoint, cfg.Region, cfg.AWS = base.Endpoint, base.Region, base.AWS
	if cfg.OutputLocation == "" {
		cfg.OutputLocation = base.OutputLocation
	}
	if cfg.PollInterval == 0 {
		cfg.PollInterval = 10 * time.Millisecond
	}
	return cfg
}

// dsn returns a DSN for the emulator with extra query keys.
func dsn(env *athenatest.Env, extra string) string {
	s := "athena://" + env.Config.Region + "/default?endpoint=" + env.Config.Endpoint +
		"&output_location=" + env.Config.OutputLocation + "&poll_interval=10ms"
	if extra != "" {
		s += "&" + extra
	}
	return s
}
