package athenaq

import (
	"errors"
	"fmt"
)

// ErrClosed is returned by calls on a closed Client.
var ErrClosed = errors.New("athenaq: client closed")

// QueryError reports a query that ended FAILED or CANCELLED. For a query
// cancelled because the caller's context ended, Unwrap returns that
// context's error, so errors.Is(err, context.Canceled) (or
// context.DeadlineExceeded) holds.
type QueryError struct {
	QueryID string
	State   State
	// ErrorCategory is 1 (system), 2 (user) or 3 (other); ErrorType is
	// Athena's error type number. Both are 0 for a cancelled query.
	ErrorCategory int32
	ErrorType     int32
	// Retryable reports whether Athena marked the failure as retryable.
	Retryable bool
	// Message is Athena's StateChangeReason. When Wait's context ended
	// first, it says what happens to the query: "stopping" (the client
	// stops it in the background) or "left running (DetachOnCancel)";
	// State is then the last state seen.
	Message string
	// Cause is the context error when Wait's context ended first; nil
	// otherwise.
	Cause error
}

// Error describes the failure with the query id.
func (e *QueryError) Error() string {
	if e.Cause != nil && !e.State.Terminal() {
		// Wait's context ended before the query did.
		return fmt.Sprintf("athenaq: query %s %s: %v", e.QueryID, e.Message, e.Cause)
	}
	if e.Cause != nil {
		return fmt.Sprintf("athenaq: query %s %s: %v", e.QueryID, stateVerb(e.State), e.Cause)
	}
	return fmt.Sprintf("athenaq: query %s %s: %s", e.QueryID, stateVerb(e.State), e.Message)
}

// Unwrap returns the context error that ended the query, if any.
func (e *QueryError) Unwrap() error { return e.Cause }

func stateVerb(s State) string {
	switch s {
	case StateCancelled:
		return "cancelled"
	case StateFailed:
		return "failed"
	}
	return "ended " + string(s)
}

// ConfigError reports an invalid Config field or DSN key: which field, the
// value it had, and the form that is expected.
type ConfigError struct {
	Field string
	Value string
	Want  string
	// Redacted reports that the value is left out, because it may hold a
	// secret: Value is empty, and Error says "value not shown" where it
	// would quote it. Every error from ParseConfig is redacted, as a DSN
	// may carry a secret in any of its parts; Want then also says what is
	// wrong.
	Redacted bool
}

// Error names the field, its value (unless Redacted) and the expected
// form.
func (e *ConfigError) Error() string {
	if e.Redacted {
		return fmt.Sprintf("athenaq: Config.%s (value not shown): want %s", e.Field, e.Want)
	}
	return fmt.Sprintf("athenaq: Config.%s %q: want %s", e.Field, e.Value, e.Want)
}
