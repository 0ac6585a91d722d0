package protocol

import (
	"net/http"

	"github.com/athenaq/athenaq/internal/jsontext"
)

// AthenaErrorCode values seen on the wire (FACTS §1.4).
const (
	CodeInvalidInput                = "INVALID_INPUT"
	CodeMalformedQuery              = "MALFORMED_QUERY"
	CodeIdempotentParameterMismatch = "IDEMPOTENT_PARAMETER_MISMATCH"
	CodeQueryExecutionNotFound      = "QUERY_EXECUTION_NOT_FOUND"
	CodeInvalidQueryExecutionState  = "INVALID_QUERY_EXECUTION_STATE"
	CodeResultNotFound              = "RESULT_NOT_FOUND"
	CodeDataCatalogNotFound         = "DATACATALOG_NOT_FOUND"
)

// ReasonConcurrentQueryLimitExceeded is the only value of the Reason member
// of TooManyRequestsException in the service model.
const ReasonConcurrentQueryLimitExceeded = "CONCURRENT_QUERY_LIMIT_EXCEEDED"

// Error is an Athena error response: the HTTP status and the members of the
// JSON body. Build one with the constructors below (InvalidRequest,
// Serialization, ...) and send it with WriteError. Body gives the exact bytes.
type Error struct {
	// Type is the bare shape name sent as __type, e.g. "InvalidRequestException".
	Type string
	// Status is the HTTP status code.
	Status int
	// Code is the AthenaErrorCode. When set it is also sent as ErrorCode with
	// the same value, as the real service does.
	Code string
	// Message is sent as the Message member unless NoMessage is set.
	Message string
	// NoMessage leaves the Message member out of the body altogether, as in
	// {"__type":"SerializationException"}.
	NoMessage bool
	// Reason is the TooManyRequestsException reason; omitted when empty.
	Reason string
	// ResourceName is the ResourceNotFoundException resource; omitted when empty.
	ResourceName string
}

// InvalidRequest returns a 400 InvalidRequestException with the given
// AthenaErrorCode (see the Code constants) and message.
func InvalidRequest(code, msg string) *Error {
	return &Error{Type: "InvalidRequestException", Status: http.StatusBadRequest, Code: code, Message: msg}
}

// Serialization returns a 400 SerializationException. An empty msg gives a
// body with no Message member: {"__type":"SerializationException"}, which is
// what Athena sends for a body that is not JSON.
func Serialization(msg string) *Error {
	return &Error{Type: "SerializationException", Status: http.StatusBadRequest, Message: msg, NoMessage: msg == ""}
}

// UnknownOperation returns the 400 error for a missing, malformed or unknown
// X-Amz-Target: {"__type":"UnknownOperationException"}.
func UnknownOperation() *Error {
	return &Error{Type: "UnknownOperationException", Status: http.StatusBadRequest, NoMessage: true}
}

// Throttling returns the 400 ThrottlingException for API calls over the rate
// quota, with the message "Rate exceeded".
func Throttling() *Error {
	// The Message key casing is unverified (FACTS §1.4); Message matches every
	// other measured Athena error.
	return &Error{Type: "ThrottlingException", Status: http.StatusBadRequest, Message: "Rate exceeded"}
}

// TooManyRequests returns the 400 TooManyRequestsException for the active
// query quota, with Reason CONCURRENT_QUERY_LIMIT_EXCEEDED.
func TooManyRequests(msg string) *Error {
	// HTTP status 400 is unverified (FACTS §1.6); it is what the common-error
	// pages give for throttling.
	return &Error{Type: "TooManyRequestsException", Status: http.StatusBadRequest, Message: msg, Reason: ReasonConcurrentQueryLimitExceeded}
}

// Internal returns a 500 InternalServerException.
func Internal(msg string) *Error {
	return &Error{Type: "InternalServerException", Status: http.StatusInternalServerError, Message: msg}
}

// ResourceNotFound returns a 400 ResourceNotFoundException naming the
// resource; an empty name leaves ResourceName out.
func ResourceNotFound(msg, name string) *Error {
	// Status 400 is unverified (FACTS §1.4).
	return &Error{Type: "ResourceNotFoundException", Status: http.StatusBadRequest, Message: msg, ResourceName: name}
}

// Metadata returns a 400 MetadataException, the error of the catalog
// operations for a missing database or table.
func Metadata(msg string) *Error {
	// Status 400 is unverified (FACTS §1.4).
	return &Error{Type: "MetadataException", Status: http.StatusBadRequest, Message: msg}
}

// AccessDenied returns the 400 AccessDeniedException that IAM's
// authorization answers for an operation the caller may not call.
func AccessDenied(op string) *Error {
	// The 400 status and the message shape are IAM's common ones; the
	// account and user in the ARN are the emulator's own (unverified).
	return &Error{Type: "AccessDeniedException", Status: http.StatusBadRequest,
		Message: "User: arn:aws:iam::123456789012:user/emulator is not authorized to perform: athena:" + op +
			" because no identity-based policy allows the athena:" + op + " action"}
}

// Error returns the type, the code when there is one, and the message.
func (e *Error) Error() string {
	if e == nil {
		return "<nil>"
	}
	s := e.Type
	if e.Code != "" {
		s += " (" + e.Code + ")"
	}
	if !e.NoMessage && e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Body returns the JSON body of the error. Members come in the order Athena
// sends them: __type, AthenaErrorCode, ErrorCode, Message, Reason,
// ResourceName; absent ones are left out, never null. HTML characters are not
// escaped.
func (e *Error) Body() []byte {
	if e == nil {
		return Internal("").Body()
	}
	b := make([]byte, 0, 64+len(e.Message))
	b = append(b, `{"__type":`...)
	b = appendString(b, e.Type)
	if e.Code != "" {
		b = append(b, `,"AthenaErrorCode":`...)
		b = appendString(b, e.Code)
		b = append(b, `,"ErrorCode":`...)
		b = appendString(b, e.Code)
	}
	if !e.NoMessage {
		b = append(b, `,"Message":`...)
		b = appendString(b, e.Message)
	}
	if e.Reason != "" {
		b = append(b, `,"Reason":`...)
		b = appendString(b, e.Reason)
	}
	if e.ResourceName != "" {
		b = append(b, `,"ResourceName":`...)
		b = appendString(b, e.ResourceName)
	}
	return append(b, '}')
}

// appendString appends s as a JSON string (jsontext.AppendString). It is
// the hot path of GetQueryResults pages.
func appendString(b []byte, s string) []byte { return jsontext.AppendString(b, s) }
