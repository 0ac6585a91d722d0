package spark

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/athenaq/athenaq/emulator/internal/objstore"
	"github.com/athenaq/athenaq/emulator/internal/protocol"
)

// Table is a result set: its columns and its rows of values as Athena
// renders them in text (FACTS §5), with nil for NULL.
type Table struct {
	Columns []Column    `json:"columns"`
	Rows    [][]*string `json:"rows"`
}

// Column is a result column: its name and its Athena type name ("integer",
// "varchar", "timestamp", ...).
type Column struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// SQLRequest is one SQL statement that a calculation runs: the text of a
// %%sql block or of spark.sql(q).
type SQLRequest struct {
	SQL       string
	Database  string       // the database unqualified names resolve in
	WorkGroup string       // the session's work group
	Output    objstore.URI // the folder under which statements that write (CTAS) may put files
}

// ReadRequest is a spark.read call: the data at Path (s3://bucket/key, an
// object or a folder) in Format ("csv", "json" or "parquet") with the
// reader's options (header, inferSchema, sep, ...; keys in lower case).
type ReadRequest struct {
	Session string
	Path    string
	Format  string
	Options map[string]string
}

// WriteRequest is a DataFrameWriter call: the rows of SQL, written in
// Format to Path and, when Table is set, registered as that table
// (saveAsTable). Mode is "error", "ignore", "overwrite" or "append".
type WriteRequest struct {
	SQLRequest
	Mode, Format, Path, Table string
	Options                   map[string]string
}

// SQLRunner runs one SQL statement on the emulator's engine and catalog and
// returns its result; statements without rows return a Table without
// columns. Errors carry the text the calculation reports.
type SQLRunner func(ctx context.Context, req SQLRequest) (*Table, error)

// WorkGroup is what the service needs to know of a work group.
type WorkGroup struct {
	Name string
	// Spark reports whether the work group runs Apache Spark (its engine
	// is "PySpark engine version 3"); sessions start only in these.
	Spark bool
	// OutputLocation is where sessions keep their working directories
	// (s3://bucket/prefix/), or "" when the work group has none.
	OutputLocation string
}

// Config is what the service is given by the Server.
type Config struct {
	// SQL runs %%sql blocks and spark.sql calls.
	SQL SQLRunner
	// Read registers the data of spark.read (a file or a folder of the
	// object store) as a relation that SQL can query, for the session; nil
	// makes spark.read fail.
	Read func(ctx context.Context, req ReadRequest) (relation string, err error)
	// Write writes a DataFrame (DataFrameWriter.save, saveAsTable); nil
	// makes df.write fail.
	Write func(ctx context.Context, req WriteRequest) error
	// Release drops the relations Read registered for a session; the
	// service calls it when the session ends.
	Release func(session string)
	// Store receives stdout, stderr and result objects.
	Store objstore.Store
	// WorkGroup looks a work group up by name.
	WorkGroup func(name string) (WorkGroup, bool)

	// Python is the interpreter of Python blocks, a path or a name looked
	// up in PATH; "" means "python3". DisablePython makes every Python block
	// fail without running anything.
	Python        string
	DisablePython bool
	// TempDir holds the working directories of Python processes; "" uses
	// the system's.
	TempDir string

	// StartDelay is how long a new session stays CREATING.
	StartDelay time.Duration
	// QueueDelay is the least time a calculation stays QUEUED, and RunDelay
	// the least time from its submission to a terminal state, as for
	// queries.
	QueueDelay, RunDelay time.Duration
	// Minute is the length of one minute of SessionIdleTimeoutInMinutes;
	// 0 means time.Minute. Tests shorten it.
	Minute time.Duration

	// FailSession and FailCalculation, when set, are rolled once per session
	// start and per calculation; true makes it end FAILED (fault injection).
	FailSession, FailCalculation func() bool

	// Tokens signs and checks the NextToken of the List operations, so
	// that a forged token is refused; nil leaves tokens unsigned (tests).
	Tokens TokenSigner

	Logger *slog.Logger
}

// TokenSigner makes page tokens tamper-evident: Encode returns the token
// that resumes a listing of kind at pos, and Decode gives pos back only for
// a token it issued for kind.
type TokenSigner interface {
	Encode(kind string, pos int64) string
	Decode(kind, token string) (pos int64, ok bool)
}

// Service holds the sessions and calculations of one emulator. Its methods
// are safe for concurrent use. Close ends every session and waits for the
// goroutines and processes it started.
type Service struct {
	cfg    Config
	log    *slog.Logger
	python *interpreter

	ctx    context.Context // ended by Close; parent of every session
	cancel context.CancelFunc
	wg     sync.WaitGroup // session workers

	// mu guards the maps below and the mutable fields of every session and
	// calculation (those documented as guarded by Service.mu).
	mu            sync.Mutex
	sessions      map[string]*session
	sessionOrder  []*session // start order
	calcs         map[string]*calculation
	sessionTokens map[string]*session
	calcTokens    map[string]*calculation
	closed        bool
}

// New returns a Service with cfg. Call Close when done.
func New(cfg Config) *Service {
	if cfg.Minute <= 0 {
		cfg.Minute = time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Service{
		cfg: cfg, log: cfg.Logger, python: newInterpreter(cfg.Python, cfg.DisablePython),
		sessions: map[string]*session{}, calcs: map[string]*calculation{},
		sessionTokens: map[string]*session{}, calcTokens: map[string]*calculation{},
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s
}

// Serve answers one Spark operation: in is the decoded input of a session
// or calculation operation. ok is false when in belongs to no Spark
// operation.
func (s *Service) Serve(ctx context.Context, in any) (out any, perr *protocol.Error, ok bool) {
	switch in := in.(type) {
	case *protocol.StartSessionInput:
		out, perr = s.StartSession(in)
	case *protocol.GetSessionInput:
		out, perr = s.GetSession(in)
	case *protocol.GetSessionStatusInput:
		out, perr = s.GetSessionStatus(in)
	case *protocol.TerminateSessionInput:
		out, perr = s.TerminateSession(in)
	case *protocol.ListSessionsInput:
		out, perr = s.ListSessions(in)
	case *protocol.StartCalculationExecutionInput:
		out, perr = s.StartCalculationExecution(in)
	case *protocol.GetCalculationExecutionInput:
		out, perr = s.GetCalculationExecution(in)
	case *protocol.GetCalculationExecutionStatusInput:
		out, perr = s.GetCalculationExecutionStatus(in)
	case *protocol.GetCalculationExecutionCodeInput:
		out, perr = s.GetCalculationExecutionCode(in)
	case *protocol.StopCalculationExecutionInput:
		out, perr = s.StopCalculationExecution(in)
	case *protocol.ListCalculationExecutionsInput:
		out, perr = s.ListCalculationExecutions(in)
	default:
		return nil, nil, false
	}
	return out, perr, true
}

// Counts returns the number of sessions and of calculations in each state.
func (s *Service) Counts() (sessions, calculations map[string]int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sessions, calculations = map[string]int64{}, map[string]int64{}
	for _, sess := range s.sessions {
		sessions[sess.state]++
	}
	for _, c := range s.calcs {
		calculations[c.state]++
	}
	return sessions, calculations
}

// Close terminates every session, stops their calculations (killing Python
// processes) and waits for all of it. It is safe to call more than once.
func (s *Service) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
	return nil
}

// sleepCtx waits d or until ctx ends, reporting whether the full wait
// passed.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
