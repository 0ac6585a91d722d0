package spark

import (
	"context"
	"log/slog"
	"time"

	"github.com/athenaq/athenaq"
)

// Tracer receives the lifecycle events of sessions and calculations, as
// athenaq.Tracer does for queries. Set a value that implements both as the
// client's athenaq.Config.Tracer: the spark package finds this interface
// with a type assertion when it first uses the client. Its methods are
// called from the caller's goroutine or the client's poller, often
// concurrently, and must not block. Package otelathenaq implements it.
//
// Handles made by Attach were not started by this client and produce no
// events.
type Tracer interface {
	// TraceSessionStart is called before StartSession. The context it
	// returns is passed to the session's later events.
	TraceSessionStart(ctx context.Context, data TraceSessionStartData) context.Context
	// TraceSessionPoll is called for each status of the session that the
	// client sees while Start or Terminate waits for it.
	TraceSessionPoll(ctx context.Context, data TraceSessionPollData)
	// TraceSessionEnd is called exactly once for each TraceSessionStart:
	// when Start fails (TraceSessionEndData.SessionID is then empty unless
	// Athena created the session, which Start terminates), when Terminate
	// or Close sees the session end, or when the client closes.
	TraceSessionEnd(ctx context.Context, data TraceSessionEndData)

	// TraceCalculationStart is called before StartCalculationExecution.
	// The context it returns is passed to the calculation's later events.
	TraceCalculationStart(ctx context.Context, data TraceCalculationStartData) context.Context
	// TraceCalculationPoll is called for each status the poller sees.
	TraceCalculationPoll(ctx context.Context, data TraceCalculationPollData)
	// TraceCalculationEnd is called exactly once for each
	// TraceCalculationStart: when Run fails (CalculationID is then empty),
	// when the calculation ends, or when the client closes.
	TraceCalculationEnd(ctx context.Context, data TraceCalculationEndData)
}

// TraceSessionStartData describes a session about to start.
type TraceSessionStartData struct {
	WorkGroup string
}

// TraceSessionPollData is one status of a session.
type TraceSessionPollData struct {
	SessionID string
	State     SessionState
	// Age is the time since Start sent StartSession.
	Age time.Duration
}

// TraceSessionEndData is the end of a session: Status is the last one
// seen, and Err says why Start failed or that the client closed; it is nil
// when Terminate or Close ended the session.
type TraceSessionEndData struct {
	SessionID string
	WorkGroup string
	Status    SessionStatus
	// Duration is the time since Start sent StartSession.
	Duration time.Duration
	Err      error
}

// TraceCalculationStartData describes a calculation about to start. Code
// is the code block, which may hold data: tracers should not record it
// unless told to.
type TraceCalculationStartData struct {
	SessionID   string
	Code        string
	Description string
}

// TraceCalculationPollData is one status check of a calculation.
type TraceCalculationPollData struct {
	CalculationID string
	SessionID     string
	State         CalculationState
	Age           time.Duration
	// Status is the whole status the check returned.
	Status CalculationStatus
}

// TraceCalculationEndData is a calculation's outcome: Err is a
// *CalculationError for FAILED and CANCELED (without the stderr text,
// which Wait reads), athenaq.ErrClosed when the client closed, Run's error
// when Run failed, and nil for COMPLETED.
type TraceCalculationEndData struct {
	CalculationID string
	SessionID     string
	Status        CalculationStatus
	Err           error
}

// tracing is the registry's view of the client's Tracer and Logger.
type tracing struct {
	tracer Tracer             // nil unless Config.Tracer implements Tracer
	poll   athenaq.PollTracer // nil unless it implements athenaq.PollTracer
	log    *slog.Logger
}

func newTracing(t athenaq.Tracer, log *slog.Logger) tracing {
	tr := tracing{log: log}
	tr.tracer, _ = t.(Tracer)
	tr.poll, _ = t.(athenaq.PollTracer)
	return tr
}

// debug reports whether the Logger takes debug lines.
func (t *tracing) debug() bool { return t.log.Enabled(context.Background(), slog.LevelDebug) }

// sessionStart calls TraceSessionStart, returning nil without a Tracer.
func (t *tracing) sessionStart(ctx context.Context, wg string) context.Context {
	if t.tracer == nil {
		return nil
	}
	return t.tracer.TraceSessionStart(ctx, TraceSessionStartData{WorkGroup: wg})
}

// calculationStart calls TraceCalculationStart, returning nil without a
// Tracer.
func (t *tracing) calculationStart(ctx context.Context, session, code, description string) context.Context {
	if t.tracer == nil {
		return nil
	}
	return t.tracer.TraceCalculationStart(ctx, TraceCalculationStartData{SessionID: session, Code: code, Description: description})
}

// pollBatch reports one status check of the registry's poller.
func (t *tracing) pollBatch(ctx context.Context, op string, size int, err error) {
	if size == 0 {
		return
	}
	if t.debug() {
		t.log.Debug("athenaq: spark: status check", "op", op, "ids", size, "err", err)
	}
	if t.poll != nil {
		t.poll.TracePollBatch(ctx, athenaq.TracePollBatchData{Operation: op, Size: size, Err: err})
	}
}

// tracePoll reports a status of a session that Start created.
func (s *Session) tracePoll(st SessionStatus) {
	s.mu.Lock()
	prev := s.status.State
	s.status = st
	tctx := s.tctx
	s.mu.Unlock()
	t := &s.reg.tracing
	if st.State != prev && t.debug() {
		t.log.Debug("athenaq: spark: session state", "session", s.id, "state", st.State)
	}
	if tctx != nil {
		t.tracer.TraceSessionPoll(tctx, TraceSessionPollData{SessionID: s.id, State: st.State, Age: time.Since(s.begun)})
	}
}

// traceEnd reports the end of a session that Start created, once.
func (s *Session) traceEnd(err error) {
	s.mu.Lock()
	tctx, st := s.tctx, s.status
	s.tctx = nil
	s.mu.Unlock()
	t := &s.reg.tracing
	if t.debug() {
		t.log.Debug("athenaq: spark: session ended", "session", s.id, "state", st.State, "err", err)
	}
	if tctx == nil {
		return
	}
	s.reg.forget(s)
	t.tracer.TraceSessionEnd(tctx, TraceSessionEndData{SessionID: s.id, WorkGroup: s.workGroup, Status: st,
		Duration: time.Since(s.begun), Err: err})
}

// tracePoll reports a status of a calculation.
func (c *Calculation) tracePoll(st CalculationStatus, prev CalculationState) {
	t := &c.reg.tracing
	if st.State != prev && t.debug() {
		t.log.Debug("athenaq: spark: calculation state", "calculation", c.id, "session", c.sessionID, "state", st.State)
	}
	if c.tctx != nil {
		t.tracer.TraceCalculationPoll(c.tctx, TraceCalculationPollData{CalculationID: c.id, SessionID: c.sessionID, State: st.State,
			Age: time.Since(c.submitted), Status: st})
	}
}

// traceEnd reports the end of a calculation; finish calls it once.
func (c *Calculation) traceEnd(st CalculationStatus, err error) {
	if err == nil && (st.State == CalculationFailed || st.State == CalculationCanceled) {
		err = &CalculationError{CalculationID: c.id, SessionID: c.sessionID, State: st.State, Reason: st.Reason}
	}
	t := &c.reg.tracing
	if t.debug() {
		t.log.Debug("athenaq: spark: calculation ended", "calculation", c.id, "session", c.sessionID, "state", st.State,
			"dpu_time", st.DPUTime, "err", err)
	}
	if c.tctx != nil {
		t.tracer.TraceCalculationEnd(c.tctx, TraceCalculationEndData{CalculationID: c.id, SessionID: c.sessionID, Status: st, Err: err})
	}
}
