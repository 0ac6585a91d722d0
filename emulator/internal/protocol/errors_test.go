package protocol

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// recordError writes e through WriteError and returns the recorder.
func recordError(t *testing.T, e *Error) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	WriteError(rec, e)
	return rec
}

func TestErrorBodiesMatchAthenaByteForByte(t *testing.T) {
	tests := []struct {
		name   string
		err    *Error
		status int
		body   string
	}{
		{
			name:   "InvalidRequest repeats the code as ErrorCode",
			err:    InvalidRequest(CodeIdempotentParameterMismatch, "Idempotent parameters do not match"),
			status: 400,
			body:   `{"__type":"InvalidRequestException","AthenaErrorCode":"IDEMPOTENT_PARAMETER_MISMATCH","ErrorCode":"IDEMPOTENT_PARAMETER_MISMATCH","Message":"Idempotent parameters do not match"}`,
		},
		{
			name:   "Serialization without message has no Message key",
			err:    Serialization(""),
			status: 400,
			body:   `{"__type":"SerializationException"}`,
		},
		{
			name:   "Serialization with message",
			err:    Serialization("Expected null"),
			status: 400,
			body:   `{"__type":"SerializationException","Message":"Expected null"}`,
		},
		{
			name:   "UnknownOperation",
			err:    UnknownOperation(),
			status: 400,
			body:   `{"__type":"UnknownOperationException"}`,
		},
		{
			name:   "Throttling",
			err:    Throttling(),
			status: 400,
			body:   `{"__type":"ThrottlingException","Message":"Rate exceeded"}`,
		},
		{
			name:   "TooManyRequests carries the reason",
			err:    TooManyRequests("Too many active queries"),
			status: 400,
			body:   `{"__type":"TooManyRequestsException","Message":"Too many active queries","Reason":"CONCURRENT_QUERY_LIMIT_EXCEEDED"}`,
		},
		{
			name:   "Internal is a 500",
			err:    Internal("boom"),
			status: 500,
			body:   `{"__type":"InternalServerException","Message":"boom"}`,
		},
		{
			name:   "ResourceNotFound names the resource",
			err:    ResourceNotFound("PreparedStatement p was not found", "p"),
			status: 400,
			body:   `{"__type":"ResourceNotFoundException","Message":"PreparedStatement p was not found","ResourceName":"p"}`,
		},
		{
			name:   "ResourceNotFound without a name",
			err:    ResourceNotFound("not found", ""),
			status: 400,
			body:   `{"__type":"ResourceNotFoundException","Message":"not found"}`,
		},
		{
			name:   "Metadata",
			err:    Metadata("Database x not found."),
			status: 400,
			body:   `{"__type":"MetadataException","Message":"Database x not found."}`,
		},
		{
			name:   "HTML characters stay raw, quotes are escaped",
			err:    InvalidRequest(CodeMalformedQuery, `line 1:8: mismatched input '<EOF>' & "x"`),
			status: 400,
			body:   `{"__type":"InvalidRequestException","AthenaErrorCode":"MALFORMED_QUERY","ErrorCode":"MALFORMED_QUERY","Message":"line 1:8: mismatched input '<EOF>' & \"x\""}`,
		},
		{
			name:   "nil is an internal error",
			err:    nil,
			status: 500,
			body:   `{"__type":"InternalServerException","Message":""}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := recordError(t, tt.err)
			if rec.Code != tt.status {
				t.Errorf("status = %d, want %d", rec.Code, tt.status)
			}
			if got := rec.Body.String(); got != tt.body {
				t.Errorf("body =\n%s\nwant\n%s", got, tt.body)
			}
			checkHeaders(t, rec)
		})
	}
}

// checkHeaders checks the headers every Athena response carries.
func checkHeaders(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	h := rec.Result().Header
	if got := h.Get("Content-Type"); got != "application/x-amz-json-1.1" {
		t.Errorf("Content-Type = %q", got)
	}
	//lint:ignore SA1008 the wire spelling is what is checked
	ids := rec.Header()["x-amzn-RequestId"]
	if len(ids) != 1 || !uuidV4.MatchString(ids[0]) {
		t.Errorf("x-amzn-RequestId = %q, want one UUID v4", ids)
	}
	if h.Get("X-Amzn-Errortype") != "" {
		t.Errorf("unexpected x-amzn-errortype header")
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{InvalidRequest(CodeInvalidInput, "bad"), "InvalidRequestException (INVALID_INPUT): bad"},
		{Serialization(""), "SerializationException"},
		{UnknownOperation(), "UnknownOperationException"},
		{nil, "<nil>"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestWriteErrorKeepsARequestIDChosenByTheServer(t *testing.T) {
	rec := httptest.NewRecorder()
	rec.Header()[RequestIDHeader] = []string{"11111111-2222-4333-8444-555555555555"}
	WriteError(rec, UnknownOperation())
	//lint:ignore SA1008 the wire spelling is what is checked
	if got := rec.Header()[RequestIDHeader]; len(got) != 1 || got[0] != "11111111-2222-4333-8444-555555555555" {
		t.Errorf("request id = %q", got)
	}
	if rec.Code != http.StatusBadRequest {
		t.Errorf("status = %d", rec.Code)
	}
}
