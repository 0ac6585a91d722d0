package spark

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
)

// SessionState is the state of a Spark session, as Athena names it.
type SessionState string

// The session states. A session goes CREATING → CREATED → IDLE, then
// between IDLE and BUSY while it runs calculations, and ends TERMINATING →
// TERMINATED. DEGRADED means it has no healthy coordinator; FAILED that it
// ended in a failure.
const (
	SessionCreating    SessionState = "CREATING"
	SessionCreated     SessionState = "CREATED"
	SessionIdle        SessionState = "IDLE"
	SessionBusy        SessionState = "BUSY"
	SessionTerminating SessionState = "TERMINATING"
	SessionTerminated  SessionState = "TERMINATED"
	SessionDegraded    SessionState = "DEGRADED"
	SessionFailed      SessionState = "FAILED"
)

// Ended reports whether a session in state s will take no more
// calculations: TERMINATING, TERMINATED or FAILED.
func (s SessionState) Ended() bool {
	return s == SessionTerminating || s == SessionTerminated || s == SessionFailed
}

// SessionStatus is a session's state and its times. A zero time is one
// Athena did not send.
type SessionStatus struct {
	SessionID string
	State     SessionState
	// Reason is Athena's StateChangeReason.
	Reason       string
	Started      time.Time
	LastModified time.Time
	IdleSince    time.Time
	Ended        time.Time
}

// CalculationState is the state of a calculation, as Athena names it. Note
// the spelling CANCELED, where queries have CANCELLED.
type CalculationState string

// The calculation states: CREATING → CREATED → QUEUED → RUNNING, ending
// COMPLETED or FAILED; a stop goes through CANCELING to CANCELED.
const (
	CalculationCreating  CalculationState = "CREATING"
	CalculationCreated   CalculationState = "CREATED"
	CalculationQueued    CalculationState = "QUEUED"
	CalculationRunning   CalculationState = "RUNNING"
	CalculationCanceling CalculationState = "CANCELING"
	CalculationCanceled  CalculationState = "CANCELED"
	CalculationCompleted CalculationState = "COMPLETED"
	CalculationFailed    CalculationState = "FAILED"
)

// Terminal reports whether s is a final state: COMPLETED, FAILED or
// CANCELED. Athena's documentation also names a STOPPED state that its API
// model lacks; it counts as final too.
func (s CalculationState) Terminal() bool {
	switch s {
	case CalculationCompleted, CalculationFailed, CalculationCanceled, "STOPPED":
		return true
	}
	return false
}

// CalculationStatus is a calculation's state, times and statistics as the
// poller last saw them.
type CalculationStatus struct {
	CalculationID string
	SessionID     string
	State         CalculationState
	// Reason is Athena's StateChangeReason.
	Reason    string
	Submitted time.Time
	Completed time.Time
	// DPUTime is the data processing unit time used so far
	// (DpuExecutionInMillis); Progress is Athena's progress text.
	DPUTime  time.Duration
	Progress string
}

func sessionStatusFrom(id string, s *types.SessionStatus) SessionStatus {
	st := SessionStatus{SessionID: id}
	if s == nil {
		return st
	}
	st.State = SessionState(s.State)
	st.Reason = aws.ToString(s.StateChangeReason)
	st.Started = aws.ToTime(s.StartDateTime)
	st.LastModified = aws.ToTime(s.LastModifiedDateTime)
	st.IdleSince = aws.ToTime(s.IdleSinceDateTime)
	st.Ended = aws.ToTime(s.EndDateTime)
	return st
}

func calculationStatusFrom(id, session string, s *types.CalculationStatus, stats *types.CalculationStatistics) CalculationStatus {
	st := CalculationStatus{CalculationID: id, SessionID: session}
	if s != nil {
		st.State = CalculationState(s.State)
		st.Reason = aws.ToString(s.StateChangeReason)
		st.Submitted = aws.ToTime(s.SubmissionDateTime)
		st.Completed = aws.ToTime(s.CompletionDateTime)
	}
	if stats != nil {
		st.DPUTime = time.Duration(aws.ToInt64(stats.DpuExecutionInMillis)) * time.Millisecond
		st.Progress = aws.ToString(stats.Progress)
	}
	return st
}
