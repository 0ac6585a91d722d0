package spark

import (
	"errors"
	"fmt"
	"strings"
)

// ErrSessionClosed is returned by Run on a Session after its Close or
// Terminate.
var ErrSessionClosed = errors.New("athenaq: spark session closed")

// SessionError reports a session that cannot take calculations: it ended
// FAILED, DEGRADED, TERMINATING or TERMINATED while Start or Attach waited
// for it to become ready, or the context of that wait ended first. Start
// has then already begun terminating a session that it created.
type SessionError struct {
	SessionID string
	// State is the session's state; when Cause is set, the last state
	// seen.
	State SessionState
	// Reason is Athena's StateChangeReason, if any.
	Reason string
	// Cause is the context error when the context of Start or Attach ended
	// first; nil otherwise.
	Cause error
}

// Error names the session, its state and the reason.
func (e *SessionError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "athenaq: spark session %s", e.SessionID)
	if e.Cause != nil {
		fmt.Fprintf(&b, " not ready (last seen %s): %v", e.State, e.Cause)
		return b.String()
	}
	fmt.Fprintf(&b, " is %s", e.State)
	if e.Reason != "" {
		fmt.Fprintf(&b, ": %s", e.Reason)
	}
	return b.String()
}

// Unwrap returns the context error, if any.
func (e *SessionError) Unwrap() error { return e.Cause }

// CalculationError reports a calculation that ended FAILED or CANCELED, or
// whose Wait context ended first. For a FAILED calculation Stderr holds
// what the code wrote to stderr (the Python traceback), and Error ends
// with its last line.
type CalculationError struct {
	CalculationID string
	SessionID     string
	// State is the final state; when Cause is set, the last state seen.
	State CalculationState
	// Reason is Athena's StateChangeReason, if any. When Wait's context
	// ended first, it says what happens to the calculation: "stopping" or
	// "left running (DetachOnCancel)".
	Reason string
	// Stderr is the text of the calculation's stderr file, for FAILED.
	Stderr string
	// Cause is the context error when Wait's context ended first; nil
	// otherwise.
	Cause error
}

// Error names the calculation, its state, the reason and the last line of
// stderr.
func (e *CalculationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "athenaq: spark calculation %s", e.CalculationID)
	if e.Cause != nil {
		fmt.Fprintf(&b, " %s: %v", e.Reason, e.Cause)
		return b.String()
	}
	switch e.State {
	case CalculationFailed:
		b.WriteString(" failed")
	case CalculationCanceled:
		b.WriteString(" canceled")
	default:
		fmt.Fprintf(&b, " ended %s", e.State)
	}
	if e.Reason != "" {
		fmt.Fprintf(&b, ": %s", e.Reason)
	}
	if line := lastLine(e.Stderr); line != "" && line != e.Reason {
		fmt.Fprintf(&b, ": %s", line)
	}
	return b.String()
}

// Unwrap returns the context error, if any.
func (e *CalculationError) Unwrap() error { return e.Cause }

// lastLine returns the last non-blank line of s, trimmed: the exception of
// a Python traceback.
func lastLine(s string) string {
	s = strings.TrimRight(s, " \t\r\n")
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return strings.TrimSpace(s)
}
