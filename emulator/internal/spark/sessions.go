package spark

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/athenaq/athenaq/emulator/internal/objstore"
	"github.com/athenaq/athenaq/emulator/internal/protocol"
	"github.com/athenaq/athenaq/internal/uuid"
)

// EngineVersion is the engine of Spark work groups and sessions.
const EngineVersion = "PySpark engine version 3"

const (
	// defaultIdleMinutes is the idle timeout of a session that sends none
	// (unverified: the console's default).
	defaultIdleMinutes = 20
	// defaultMaxDpus is the MaxConcurrentDpus GetSession shows when
	// StartSession sent none (unverified: the console's default).
	defaultMaxDpus = 20
)

// session is one Spark session. The fields above the marker never change
// after StartSession; the others are guarded by Service.mu.
type session struct {
	id              string
	workGroup       string
	description     string
	notebookVersion string
	executionRole   string
	token           string
	fingerprint     string // the StartSession request without its token
	engine          protocol.EngineConfiguration
	idleMinutes     int32
	output          objstore.URI // the work group's location: <L>
	workDir         objstore.URI // <L><session id>/
	started         time.Time
	cancel          context.CancelFunc // ends the worker: TerminateSession and Close
	wake            chan struct{}      // a calculation was queued; capacity 1
	py              *pyProcess         // the Python process; only the worker uses it

	// Guarded by Service.mu.
	state, reason string
	modified      time.Time
	idleSince     time.Time // when the session last became IDLE; zero unless IDLE
	ended         time.Time
	queue         []*calculation // QUEUED calculations not yet taken by the worker
	calcs         []*calculation // every calculation, in submission order
	current       *calculation   // the calculation the worker holds
	dpuMillis     int64          // of finished calculations
}

// StartSession starts a session in a Spark work group. The session is
// CREATING for Config.StartDelay, then IDLE (FACTS §2.11).
func (s *Service) StartSession(in *protocol.StartSessionInput) (*protocol.StartSessionOutput, *protocol.Error) {
	fp := fingerprint(in, &in.ClientRequestToken)
	if prev, perr := s.sessionByToken(in.ClientRequestToken, fp); prev != nil || perr != nil {
		return prev, perr
	}
	wg, ok := s.cfg.WorkGroup(in.WorkGroup)
	if !ok {
		return nil, protocol.InvalidRequest(protocol.CodeInvalidInput, "WorkGroup is not found.")
	}
	if !wg.Spark {
		// The text Athena sends here is unverified.
		return nil, protocol.InvalidRequest(protocol.CodeInvalidInput, fmt.Sprintf(
			"Sessions are not supported in workgroup %s: its engine is not Apache Spark. Start sessions in a workgroup with %s.",
			wg.Name, EngineVersion))
	}
	loc, err := objstore.ParseURI(wg.OutputLocation)
	if err != nil {
		// Athena requires a calculation results location on Spark work
		// groups; the emulator lets one be made without.
		return nil, protocol.InvalidRequest(protocol.CodeInvalidInput, fmt.Sprintf(
			"Workgroup %s has no calculation results location (OutputLocation).", wg.Name))
	}
	now := time.Now()
	id := uuid.NewV4()
	sess := &session{
		id: id, workGroup: wg.Name, description: in.Description, notebookVersion: in.NotebookVersion,
		executionRole: in.ExecutionRole, token: in.ClientRequestToken, fingerprint: fp,
		engine: withEngineDefaults(in.EngineConfiguration), idleMinutes: defaultIdleMinutes,
		output: loc.Folder(), started: now, wake: make(chan struct{}, 1),
		state: protocol.SessionCreating, modified: now,
	}
	if sess.notebookVersion == "" {
		sess.notebookVersion = "Athena notebook version 1"
	}
	if in.SessionIdleTimeoutInMinutes != nil {
		sess.idleMinutes = *in.SessionIdleTimeoutInMinutes
	}
	sess.workDir = objstore.URI{Bucket: sess.output.Bucket, Key: sess.output.Key + id + "/"}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, protocol.Internal("the emulator is shutting down")
	}
	if sess.token != "" {
		if prev, ok := s.sessionTokens[sess.token]; ok {
			// Another request with the same token won the race.
			if prev.fingerprint != fp {
				return nil, idempotentMismatch()
			}
			return &protocol.StartSessionOutput{SessionId: prev.id, State: prev.state}, nil
		}
		s.sessionTokens[sess.token] = sess
	}
	s.sessions[id] = sess
	s.sessionOrder = append(s.sessionOrder, sess)
	ctx, cancel := context.WithCancel(s.ctx)
	sess.cancel = cancel
	s.wg.Add(1)
	go s.runSession(ctx, sess)
	return &protocol.StartSessionOutput{SessionId: id, State: protocol.SessionCreating}, nil
}

// sessionByToken returns the answer to a repeated StartSession: the session
// that holds token, or the mismatch error when the request differs.
func (s *Service) sessionByToken(token, fp string) (*protocol.StartSessionOutput, *protocol.Error) {
	if token == "" {
		return nil, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	prev, ok := s.sessionTokens[token]
	if !ok {
		return nil, nil
	}
	if prev.fingerprint != fp {
		return nil, idempotentMismatch()
	}
	return &protocol.StartSessionOutput{SessionId: prev.id, State: prev.state}, nil
}

// GetSession describes a session.
func (s *Service) GetSession(in *protocol.GetSessionInput) (*protocol.GetSessionOutput, *protocol.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[in.SessionId]
	if !ok {
		return nil, sessionNotFound(in.SessionId)
	}
	engine := sess.engine
	return &protocol.GetSessionOutput{
		Description:         sess.description,
		EngineConfiguration: &engine,
		EngineVersion:       EngineVersion,
		NotebookVersion:     sess.notebookVersion,
		SessionConfiguration: &protocol.SessionConfiguration{
			ExecutionRole:               sess.executionRole,
			IdleTimeoutSeconds:          protocol.Ptr(int64(sess.idleMinutes) * 60),
			SessionIdleTimeoutInMinutes: protocol.Ptr(sess.idleMinutes),
			WorkingDirectory:            sess.workDir.String(),
		},
		SessionId:  sess.id,
		Statistics: &protocol.SessionStatistics{DpuExecutionInMillis: protocol.Ptr(s.sessionDPUMillisLocked(sess, time.Now()))},
		Status:     sess.statusLocked(),
		WorkGroup:  sess.workGroup,
	}, nil
}

// GetSessionStatus returns the state of a session and its dates.
func (s *Service) GetSessionStatus(in *protocol.GetSessionStatusInput) (*protocol.GetSessionStatusOutput, *protocol.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[in.SessionId]
	if !ok {
		return nil, sessionNotFound(in.SessionId)
	}
	return &protocol.GetSessionStatusOutput{SessionId: sess.id, Status: sess.statusLocked()}, nil
}

// TerminateSession ends a session: it is TERMINATING at once and TERMINATED
// when its worker has stopped. A running calculation ends FAILED and queued
// ones CANCELED. A session already FAILED, TERMINATING or TERMINATED is
// left as it is (FACTS §2.11).
func (s *Service) TerminateSession(in *protocol.TerminateSessionInput) (*protocol.TerminateSessionOutput, *protocol.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[in.SessionId]
	if !ok {
		return nil, sessionNotFound(in.SessionId)
	}
	switch sess.state {
	case protocol.SessionFailed, protocol.SessionTerminating, protocol.SessionTerminated:
		return &protocol.TerminateSessionOutput{State: sess.state}, nil
	}
	sess.setStateLocked(protocol.SessionTerminating, time.Now())
	sess.cancel()
	return &protocol.TerminateSessionOutput{State: protocol.SessionTerminating}, nil
}

// ListSessions lists the sessions of a work group, newest first.
func (s *Service) ListSessions(in *protocol.ListSessionsInput) (*protocol.ListSessionsOutput, *protocol.Error) {
	if _, ok := s.cfg.WorkGroup(in.WorkGroup); !ok {
		return nil, protocol.InvalidRequest(protocol.CodeInvalidInput, "WorkGroup is not found.")
	}
	s.mu.Lock()
	var all []protocol.SessionSummary
	for i := len(s.sessionOrder) - 1; i >= 0; i-- {
		sess := s.sessionOrder[i]
		if sess.workGroup != in.WorkGroup || (in.StateFilter != "" && sess.state != in.StateFilter) {
			continue
		}
		all = append(all, protocol.SessionSummary{
			Description:     sess.description,
			EngineVersion:   &protocol.EngineVersion{SelectedEngineVersion: EngineVersion, EffectiveEngineVersion: EngineVersion},
			NotebookVersion: sess.notebookVersion,
			SessionId:       sess.id,
			Status:          sess.statusLocked(),
		})
	}
	s.mu.Unlock()
	page, next, perr := paginate(s.cfg.Tokens, all, in.NextToken, in.MaxResults, "sessions")
	if perr != nil {
		return nil, perr
	}
	return &protocol.ListSessionsOutput{Sessions: page, NextToken: next}, nil
}

// runSession is a session's worker: it brings the session up, runs its
// calculations one at a time in submission order, and ends it on
// TerminateSession, on Close, or after the idle timeout.
func (s *Service) runSession(ctx context.Context, sess *session) {
	defer s.wg.Done()
	reason := ""
	defer func() { s.endSession(sess, reason) }()
	defer func() {
		sess.stopPython()
		if s.cfg.Release != nil {
			s.cfg.Release(sess.id)
		}
	}()
	if !sleepCtx(ctx, s.cfg.StartDelay) {
		return
	}
	if s.cfg.FailSession != nil && s.cfg.FailSession() {
		s.mu.Lock()
		sess.setStateLocked(protocol.SessionFailed, time.Now())
		sess.reason = "Session failed to start: injected failure (emulator session fail rate)"
		s.mu.Unlock()
		return
	}
	s.mu.Lock()
	now := time.Now()
	sess.setStateLocked(protocol.SessionCreated, now)
	if sess.state == protocol.SessionCreated {
		sess.setStateLocked(protocol.SessionIdle, now)
	}
	s.mu.Unlock()
	timeout := time.Duration(sess.idleMinutes) * s.cfg.Minute
	idle := time.NewTimer(timeout)
	defer idle.Stop()
	for {
		for c := s.take(sess); c != nil; c = s.take(sess) {
			s.runCalculation(ctx, sess, c)
		}
		if ctx.Err() != nil {
			return
		}
		idle.Reset(timeout)
		select {
		case <-ctx.Done():
			return
		case <-sess.wake:
		case <-idle.C:
			s.mu.Lock()
			expired := len(sess.queue) == 0
			s.mu.Unlock()
			if expired {
				// The text Athena gives is unverified.
				reason = fmt.Sprintf("Session terminated after being idle for %d minutes (SessionIdleTimeoutInMinutes).", sess.idleMinutes)
				return
			}
		}
	}
}

// take hands the worker the next queued calculation and makes the session
// BUSY, or makes it IDLE and returns nil when none is queued.
func (s *Service) take(sess *session) *calculation {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if sess.state != protocol.SessionIdle && sess.state != protocol.SessionBusy {
		return nil // TERMINATING
	}
	if len(sess.queue) == 0 {
		sess.current = nil
		sess.setStateLocked(protocol.SessionIdle, now)
		return nil
	}
	c := sess.queue[0]
	sess.queue = sess.queue[1:]
	sess.current = c
	sess.setStateLocked(protocol.SessionBusy, now)
	return c
}

// endSession ends a session whose worker has stopped: queued calculations
// are CANCELED and the session is TERMINATED (a FAILED one stays FAILED).
func (s *Service) endSession(sess *session, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	for _, c := range sess.queue {
		c.endLocked(protocol.CalculationCanceled, "The session ended before the calculation ran.", now)
	}
	sess.queue = nil
	sess.current = nil
	if sess.state != protocol.SessionFailed {
		sess.setStateLocked(protocol.SessionTerminated, now)
		if reason != "" {
			sess.reason = reason
		}
	}
	sess.ended = now
	sess.cancel()
}

// setStateLocked moves the session to state at now. TERMINATING,
// TERMINATED and FAILED are not left, except TERMINATING for TERMINATED.
func (sess *session) setStateLocked(state string, now time.Time) {
	switch sess.state {
	case protocol.SessionTerminated, protocol.SessionFailed:
		return
	case protocol.SessionTerminating:
		if state != protocol.SessionTerminated {
			return
		}
	}
	if sess.state == state {
		return
	}
	sess.state = state
	sess.modified = now
	sess.idleSince = time.Time{}
	if state == protocol.SessionIdle {
		sess.idleSince = now
	}
}

func (sess *session) statusLocked() *protocol.SessionStatus {
	st := &protocol.SessionStatus{
		StartDateTime:        protocol.NewTime(sess.started),
		LastModifiedDateTime: protocol.NewTime(sess.modified),
		State:                sess.state,
		StateChangeReason:    sess.reason,
	}
	if !sess.idleSince.IsZero() {
		st.IdleSinceDateTime = protocol.NewTime(sess.idleSince)
	}
	if !sess.ended.IsZero() {
		st.EndDateTime = protocol.NewTime(sess.ended)
	}
	return st
}

// sessionDPUMillisLocked is the DPU time of the session's calculations:
// the emulator counts one DPU per running calculation.
func (s *Service) sessionDPUMillisLocked(sess *session, now time.Time) int64 {
	n := sess.dpuMillis
	if c := sess.current; c != nil {
		n += c.dpuMillisLocked(now)
	}
	return n
}

// withEngineDefaults returns the engine configuration GetSession shows:
// the request's, with Athena's defaults for the DPU sizes left out.
func withEngineDefaults(in *protocol.EngineConfiguration) protocol.EngineConfiguration {
	var e protocol.EngineConfiguration
	if in != nil {
		e = *in
	}
	if e.CoordinatorDpuSize == nil {
		e.CoordinatorDpuSize = protocol.Ptr(int32(1))
	}
	if e.DefaultExecutorDpuSize == nil {
		e.DefaultExecutorDpuSize = protocol.Ptr(int32(1))
	}
	if e.MaxConcurrentDpus == nil {
		e.MaxConcurrentDpus = protocol.Ptr(int32(defaultMaxDpus))
	}
	return e
}

// fingerprint is the JSON of a request with its token cleared, for the
// idempotency check of a repeated token.
func fingerprint[T any](in *T, token *string) string {
	saved := *token
	*token = ""
	b, _ := json.Marshal(in)
	*token = saved
	return string(b)
}

func idempotentMismatch() *protocol.Error {
	return protocol.InvalidRequest(protocol.CodeIdempotentParameterMismatch, "Idempotent parameters do not match")
}

// sessionNotFound answers an unknown session id. FACTS §1.4 gives
// ResourceNotFoundException for Spark resources; the message is unverified.
func sessionNotFound(id string) *protocol.Error {
	return protocol.ResourceNotFound("Session "+id+" was not found", id)
}
