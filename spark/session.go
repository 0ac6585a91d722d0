package spark

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/internal/clientcore"
	"github.com/athenaq/athenaq/internal/uuid"
)

// SessionConfig configures a session that Start creates. Zero fields are
// left to Athena's defaults, except MaxConcurrentDPUs.
type SessionConfig struct {
	// WorkGroup is a Spark-enabled work group; empty means the client's
	// Config.WorkGroup.
	WorkGroup string
	// CoordinatorDPUSize, MaxConcurrentDPUs and DefaultExecutorDPUSize
	// size the session's engine (Athena's CoordinatorDpuSize,
	// MaxConcurrentDpus and DefaultExecutorDpuSize). MaxConcurrentDPUs is
	// 2 to 5000 and defaults to 20; the sizes default to Athena's 1.
	CoordinatorDPUSize     int32
	MaxConcurrentDPUs      int32
	DefaultExecutorDPUSize int32
	// AdditionalConfigs, SparkProperties and Classifications (name to
	// properties) go into the engine configuration as they are. Work
	// groups on Spark 3.5 and later take settings in Classifications and
	// reject SparkProperties and the DPU sizes.
	AdditionalConfigs map[string]string
	SparkProperties   map[string]string
	Classifications   map[string]map[string]string
	// IdleTimeout ends the session after it has been idle this long:
	// 1 minute to 8 hours, rounded up to whole minutes. Zero leaves it to
	// Athena.
	IdleTimeout time.Duration
	// Description, NotebookVersion and ExecutionRole (an IAM role ARN) are
	// sent as they are when set.
	Description     string
	NotebookVersion string
	ExecutionRole   string
}

// Session is a handle on an Athena Spark session. Its methods are safe for
// concurrent use: many goroutines may Run calculations on one session at
// once. Athena runs a session's calculations one at a time; the others
// wait in Athena, so their Wait takes that much longer.
type Session struct {
	reg       *registry
	id        string
	workGroup string
	owned     bool      // made by Start: Close terminates it
	begun     time.Time // when Start sent StartSession

	mu     sync.Mutex // guards status, closed, terminated, tctx
	status SessionStatus
	// tctx is the Tracer's context from TraceSessionStart, nil once
	// TraceSessionEnd has been called (or without a Tracer).
	tctx       context.Context
	closed     bool // Close or Terminate was called: Run refuses
	terminated bool
}

// Start creates a session with StartSession and waits until it is IDLE,
// ready for calculations. A session that becomes FAILED, DEGRADED,
// TERMINATING or TERMINATED instead gives a *SessionError with Athena's
// reason. If ctx ends, or anything else fails, after Athena created the
// session, Start terminates that session in the background (the client's
// Close waits for that call) and returns the error: no half-made session
// is left running.
//
// The StartSession request carries a ClientRequestToken that every retry
// reuses. A session whose creation answer was cut off by ctx is looked up
// by its token and terminated too.
func Start(ctx context.Context, client *athenaq.Client, cfg SessionConfig) (*Session, error) {
	reg, err := registryOf(client)
	if err != nil {
		return nil, err
	}
	in, err := cfg.input(client.Config().WorkGroup)
	if err != nil {
		return nil, err
	}
	tctx := reg.tracing.sessionStart(ctx, aws.ToString(in.WorkGroup))
	begun := time.Now()
	var out *athena.StartSessionOutput
	var sent clientcore.SendState
	err = reg.core.Call(ctx, "StartSession", func(ctx context.Context) error {
		var err error
		out, err = reg.core.Athena().StartSession(sent.Watch(ctx), in)
		sent.Settle(err, reg.core.Transient)
		return err
	})
	if err != nil {
		err = fmt.Errorf("athenaq: spark: start session: %w", contextErr(ctx, err))
		if ctx.Err() != nil && sent.MayHaveStarted() {
			reg.terminateOrphan(in)
		}
		if tctx != nil {
			reg.tracing.tracer.TraceSessionEnd(tctx, TraceSessionEndData{WorkGroup: aws.ToString(in.WorkGroup),
				Duration: time.Since(begun), Err: err})
		}
		return nil, err
	}
	s := &Session{reg: reg, id: aws.ToString(out.SessionId), workGroup: aws.ToString(in.WorkGroup), owned: true, begun: begun, tctx: tctx}
	s.status = SessionStatus{SessionID: s.id, State: SessionState(out.State)}
	if reg.tracing.debug() {
		reg.tracing.log.Debug("athenaq: spark: session started", "session", s.id, "workgroup", s.workGroup)
	}
	if tctx != nil {
		reg.remember(s)
	}
	if err := s.waitReady(ctx, begun); err != nil {
		if !s.lastStatus().State.Ended() {
			s.terminateInBackground()
		}
		s.traceEnd(err)
		return nil, err
	}
	return s, nil
}

// Attach returns a handle on a session created elsewhere, after checking
// that it exists; it waits until the session can take calculations, as
// Start does. Close leaves an attached session running; Terminate ends it.
func Attach(ctx context.Context, client *athenaq.Client, sessionID string) (*Session, error) {
	reg, err := registryOf(client)
	if err != nil {
		return nil, err
	}
	var out *athena.GetSessionOutput
	err = reg.core.Call(ctx, "GetSession", func(ctx context.Context) error {
		var err error
		out, err = reg.core.Athena().GetSession(ctx, &athena.GetSessionInput{SessionId: aws.String(sessionID)})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("athenaq: spark: attach session %s: %w", sessionID, err)
	}
	s := &Session{reg: reg, id: sessionID, workGroup: aws.ToString(out.WorkGroup)}
	s.status = sessionStatusFrom(sessionID, out.Status)
	since := s.status.Started
	if since.IsZero() {
		since = time.Now()
	}
	if err := s.waitReady(ctx, since); err != nil {
		return nil, err
	}
	return s, nil
}

// ID returns Athena's SessionId.
func (s *Session) ID() string { return s.id }

// WorkGroup returns the session's work group.
func (s *Session) WorkGroup() string { return s.workGroup }

// Status asks Athena for the session's status (GetSessionStatus).
func (s *Session) Status(ctx context.Context) (SessionStatus, error) {
	st, err := sessionStatus(ctx, s.reg.core, s.id)
	if err != nil {
		return SessionStatus{}, fmt.Errorf("athenaq: spark: session %s: %w", s.id, err)
	}
	s.setStatus(st)
	return st, nil
}

// RunOptions set per-calculation options for RunWith.
type RunOptions struct {
	// Description is sent with the calculation.
	Description string
	// DetachOnCancel, when non-nil, replaces the client's
	// Config.DetachOnCancel for this calculation's Wait.
	DetachOnCancel *bool
}

// MaxCodeBlock is the longest code block Athena takes, in characters.
const MaxCodeBlock = 68000

// Run submits code (Python, or SQL after a "%%sql" line) as a calculation
// and returns as soon as Athena has accepted it; the client then polls its
// status in the background. Use Wait, Done, Cancel, Stdout and Result on
// the handle. Run is safe to call from many goroutines at once (see
// Session).
//
// The request carries a ClientRequestToken that every retry reuses. If ctx
// ends while Run waits for Athena's answer, a calculation that Athena may
// have accepted is looked up by its token and stopped.
func (s *Session) Run(ctx context.Context, code string) (*Calculation, error) {
	return s.RunWith(ctx, RunOptions{}, code)
}

// RunWith is Run with per-calculation options.
func (s *Session) RunWith(ctx context.Context, opts RunOptions, code string) (*Calculation, error) {
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return nil, ErrSessionClosed
	}
	if n := utf8.RuneCountInString(code); n > MaxCodeBlock {
		return nil, fmt.Errorf("athenaq: spark: the code block has %d characters; Athena takes at most %d", n, MaxCodeBlock)
	}
	in := &athena.StartCalculationExecutionInput{SessionId: aws.String(s.id), CodeBlock: aws.String(code),
		ClientRequestToken: aws.String(uuid.NewV4())}
	if opts.Description != "" {
		in.Description = aws.String(opts.Description)
	}
	core := s.reg.core
	tctx := s.reg.tracing.calculationStart(ctx, s.id, code, opts.Description)
	var out *athena.StartCalculationExecutionOutput
	var sent clientcore.SendState
	err := core.Call(ctx, "StartCalculationExecution", func(ctx context.Context) error {
		var err error
		out, err = core.Athena().StartCalculationExecution(sent.Watch(ctx), in)
		sent.Settle(err, core.Transient)
		return err
	})
	if err != nil {
		err = fmt.Errorf("athenaq: spark: session %s: start calculation: %w", s.id, contextErr(ctx, err))
		if ctx.Err() != nil && sent.MayHaveStarted() {
			s.reg.stopOrphan(in)
		}
		if tctx != nil {
			s.reg.tracing.tracer.TraceCalculationEnd(tctx, TraceCalculationEndData{SessionID: s.id, Err: err})
		}
		return nil, err
	}
	detach := s.reg.detach
	if opts.DetachOnCancel != nil {
		detach = *opts.DetachOnCancel
	}
	c := newCalculation(s.reg, aws.ToString(out.CalculationExecutionId), s.id, CalculationState(out.State), detach)
	c.tctx = tctx
	if s.reg.tracing.debug() {
		s.reg.tracing.log.Debug("athenaq: spark: calculation started", "calculation", c.id, "session", s.id)
	}
	if err := s.reg.track(c); err != nil {
		c.finish(CalculationStatus{}, err)
		return nil, fmt.Errorf("athenaq: spark: calculation %s: %w", c.id, err)
	}
	return c, nil
}

// Close ends the handle: Run refuses from then on. A session that Start
// created is terminated (as Terminate does); an attached one is left
// running in Athena for its other users. Close does not wait for the
// session's calculations; terminating stops them.
func (s *Session) Close(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	done := !s.owned || s.terminated
	s.mu.Unlock()
	if done {
		return nil
	}
	return s.Terminate(ctx)
}

// Terminate ends the session in Athena (TerminateSession), whoever created
// it, and waits until Athena reports it TERMINATED (or FAILED). Its running
// calculations are stopped. Run refuses from then on.
func (s *Session) Terminate(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	core := s.reg.core
	err := core.Call(ctx, "TerminateSession", func(ctx context.Context) error {
		_, err := core.Athena().TerminateSession(ctx, &athena.TerminateSessionInput{SessionId: aws.String(s.id)})
		return err
	})
	if err != nil {
		return fmt.Errorf("athenaq: spark: terminate session %s: %w", s.id, err)
	}
	st, err := s.reg.waitSession(ctx, s.id, time.Now(), func(st SessionStatus) (bool, error) {
		s.tracePoll(st)
		return st.State == SessionTerminated || st.State == SessionFailed, nil
	})
	s.setStatus(st)
	if err != nil {
		return fmt.Errorf("athenaq: spark: terminate session %s: %w", s.id, err)
	}
	s.mu.Lock()
	s.terminated = true
	s.mu.Unlock()
	s.traceEnd(nil)
	return nil
}

// waitReady polls the session until it can take calculations (IDLE or
// BUSY) and fails when it cannot (FAILED, DEGRADED, TERMINATING,
// TERMINATED). The polling stops as soon as the answer is known.
func (s *Session) waitReady(ctx context.Context, since time.Time) error {
	if err := s.readiness(s.lastStatus()); err != nil || s.ready() {
		return err
	}
	st, err := s.reg.waitSession(ctx, s.id, since, func(st SessionStatus) (bool, error) {
		s.tracePoll(st)
		if err := s.readiness(st); err != nil {
			return true, err
		}
		return st.State == SessionIdle || st.State == SessionBusy, nil
	})
	s.setStatus(st)
	var serr *SessionError
	switch {
	case err == nil || errors.As(err, &serr):
		return err
	case ctx.Err() != nil:
		return &SessionError{SessionID: s.id, State: s.lastStatus().State, Cause: err}
	}
	return fmt.Errorf("athenaq: spark: session %s: %w", s.id, err)
}

// readiness returns a *SessionError for a state in which the session will
// not take calculations.
func (s *Session) readiness(st SessionStatus) error {
	if st.State.Ended() || st.State == SessionDegraded {
		return &SessionError{SessionID: s.id, State: st.State, Reason: st.Reason}
	}
	return nil
}

func (s *Session) ready() bool {
	st := s.lastStatus().State
	return st == SessionIdle || st == SessionBusy
}

func (s *Session) lastStatus() SessionStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

func (s *Session) setStatus(st SessionStatus) {
	if st.SessionID == "" {
		return // nothing seen
	}
	s.mu.Lock()
	s.status = st
	s.mu.Unlock()
}

// terminateInBackground has the client send TerminateSession for a
// session that Start could not finish setting up.
func (s *Session) terminateInBackground() {
	core, id := s.reg.core, s.id
	started := core.Go(func(ctx context.Context) {
		if err := terminate(ctx, core, id); err != nil {
			core.Logger().Warn("athenaq: spark: terminate a session that did not become ready", "session", id, "err", err)
		}
	})
	if !started {
		core.Logger().Warn("athenaq: spark: client closed: a session that did not become ready may keep running", "session", id)
	}
}

// terminateOrphan resends the StartSession of a cancelled Start: with the
// same token Athena answers with the session it created, which is then
// terminated.
func (r *registry) terminateOrphan(in *athena.StartSessionInput) {
	core := r.core
	started := core.Go(func(ctx context.Context) {
		var out *athena.StartSessionOutput
		err := core.Call(ctx, "StartSession", func(ctx context.Context) error {
			var err error
			out, err = core.Athena().StartSession(ctx, in)
			return err
		})
		if err == nil {
			err = terminate(ctx, core, aws.ToString(out.SessionId))
		}
		if err != nil {
			core.Logger().Warn("athenaq: spark: could not terminate the session of a cancelled Start", "err", err)
		}
	})
	if !started {
		core.Logger().Warn("athenaq: spark: client closed: the session of a cancelled Start may keep running")
	}
}

// terminate is TerminateSession.
func terminate(ctx context.Context, core clientcore.Core, id string) error {
	return core.Call(ctx, "TerminateSession", func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, callTimeout)
		defer cancel()
		_, err := core.Athena().TerminateSession(ctx, &athena.TerminateSessionInput{SessionId: aws.String(id)})
		return err
	})
}

// callTimeout bounds one background stop or terminate request.
const callTimeout = 10 * time.Second

// input builds the StartSession request, with a fresh token.
func (cfg SessionConfig) input(defaultWorkGroup string) (*athena.StartSessionInput, error) {
	wg := cfg.WorkGroup
	if wg == "" {
		wg = defaultWorkGroup
	}
	dpus := cfg.MaxConcurrentDPUs
	if dpus == 0 {
		dpus = 20
	}
	if dpus < 2 || dpus > 5000 {
		return nil, fmt.Errorf("athenaq: spark: SessionConfig.MaxConcurrentDPUs %d: want 2 to 5000", dpus)
	}
	for _, f := range []struct {
		name string
		v    int32
	}{{"CoordinatorDPUSize", cfg.CoordinatorDPUSize}, {"DefaultExecutorDPUSize", cfg.DefaultExecutorDPUSize}} {
		if f.v < 0 {
			return nil, fmt.Errorf("athenaq: spark: SessionConfig.%s %d: want a positive size, or 0 for Athena's default", f.name, f.v)
		}
	}
	ec := &types.EngineConfiguration{MaxConcurrentDpus: aws.Int32(dpus), AdditionalConfigs: cfg.AdditionalConfigs,
		SparkProperties: cfg.SparkProperties}
	if cfg.CoordinatorDPUSize > 0 {
		ec.CoordinatorDpuSize = aws.Int32(cfg.CoordinatorDPUSize)
	}
	if cfg.DefaultExecutorDPUSize > 0 {
		ec.DefaultExecutorDpuSize = aws.Int32(cfg.DefaultExecutorDPUSize)
	}
	for _, name := range slices.Sorted(maps.Keys(cfg.Classifications)) {
		ec.Classifications = append(ec.Classifications, types.Classification{Name: aws.String(name), Properties: cfg.Classifications[name]})
	}
	in := &athena.StartSessionInput{WorkGroup: aws.String(wg), EngineConfiguration: ec, ClientRequestToken: aws.String(uuid.NewV4())}
	if cfg.IdleTimeout != 0 {
		minutes := (cfg.IdleTimeout + time.Minute - 1) / time.Minute
		if cfg.IdleTimeout < 0 || minutes > 480 {
			return nil, fmt.Errorf("athenaq: spark: SessionConfig.IdleTimeout %v: want 1m to 8h", cfg.IdleTimeout)
		}
		in.SessionIdleTimeoutInMinutes = aws.Int32(int32(minutes))
	}
	if cfg.Description != "" {
		in.Description = aws.String(cfg.Description)
	}
	if cfg.NotebookVersion != "" {
		in.NotebookVersion = aws.String(cfg.NotebookVersion)
	}
	if cfg.ExecutionRole != "" {
		in.ExecutionRole = aws.String(cfg.ExecutionRole)
	}
	return in, nil
}

// contextErr prefers the context's own error, so errors.Is works on it.
func contextErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}
