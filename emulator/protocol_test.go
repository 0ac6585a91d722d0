package emulator_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
)

const jsonType = "application/x-amz-json-1.1"

func TestErrorBodiesAreAthenaShaped(t *testing.T) {
	h := newHarness(t)
	missing := "11111111-2222-4333-8444-555555555555"
	cases := []struct {
		name, target, body string
		status             int
		want               string
	}{
		{"no target", "", "{}", 400, `{"__type":"UnknownOperationException"}`},
		{"unknown operation", "AmazonAthena.Nope", "{}", 400, `{"__type":"UnknownOperationException"}`},
		{"no prefix", "ListWorkGroups", "{}", 400, `{"__type":"UnknownOperationException"}`},
		{"wrong case", "AmazonAthena.listWorkGroups", "{}", 400, `{"__type":"UnknownOperationException"}`},
		{"not JSON", "AmazonAthena.GetQueryExecution", "{", 400, `{"__type":"SerializationException"}`},
		{"empty body", "AmazonAthena.GetQueryExecution", "", 400, `{"__type":"SerializationException"}`},
		{"array body", "AmazonAthena.GetQueryExecution", "[]", 400, `{"__type":"SerializationException","Message":"Start of list found where not expected"}`},
		{"wrong type", "AmazonAthena.GetQueryExecution", `{"QueryExecutionId":1}`, 400,
			`{"__type":"SerializationException","Message":"NUMBER_VALUE can not be converted to a String"}`},
		{"missing member", "AmazonAthena.GetQueryExecution", `{}`, 400,
			`{"__type":"InvalidRequestException","AthenaErrorCode":"INVALID_INPUT","ErrorCode":"INVALID_INPUT","Message":"1 validation error detected: Value null at 'queryExecutionId' failed to satisfy constraint: Member must not be null"}`},
		{"unknown id", "AmazonAthena.GetQueryResults", `{"QueryExecutionId":"` + missing + `"}`, 400,
			`{"__type":"InvalidRequestException","AthenaErrorCode":"QUERY_EXECUTION_NOT_FOUND","ErrorCode":"QUERY_EXECUTION_NOT_FOUND","Message":"QueryExecution ` + missing + ` was not found"}`},
		{"unknown id, get", "AmazonAthena.GetQueryExecution", `{"QueryExecutionId":"` + missing + `"}`, 400,
			`{"__type":"InvalidRequestException","AthenaErrorCode":"QUERY_EXECUTION_NOT_FOUND","ErrorCode":"QUERY_EXECUTION_NOT_FOUND","Message":"QueryExecution ` + missing + ` was not found"}`},
		{"no token", "AmazonAthena.StartQueryExecution", `{"QueryString":"SELECT 1"}`, 400,
			`{"__type":"InvalidRequestException","AthenaErrorCode":"INVALID_INPUT","ErrorCode":"INVALID_INPUT","Message":"clientRequestToken is null or empty"}`},
		{"short token", "AmazonAthena.StartQueryExecution", `{"QueryString":"SELECT 1","ClientRequestToken":"abc"}`, 400,
			`{"__type":"InvalidRequestException","AthenaErrorCode":"INVALID_INPUT","ErrorCode":"INVALID_INPUT","Message":"1 validation error detected: Value at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32"}`},
		{"bad output location", "AmazonAthena.StartQueryExecution", `{"QueryString":"SELECT 1","ClientRequestToken":"` + strings.Repeat("a", 32) + `","ResultConfiguration":{"OutputLocation":"not-a-valid-s3-path"}}`, 400,
			`{"__type":"InvalidRequestException","AthenaErrorCode":"INVALID_INPUT","ErrorCode":"INVALID_INPUT","Message":"outputLocation is not a valid S3 path."}`},
		{"no output location", "AmazonAthena.StartQueryExecution", `{"QueryString":"SELECT 1","ClientRequestToken":"` + strings.Repeat("b", 32) + `"}`, 400,
			`{"__type":"InvalidRequestException","AthenaErrorCode":"INVALID_INPUT","ErrorCode":"INVALID_INPUT","Message":"No output location provided. You did not provide an output location for  your query results. Either specify an S3 bucket location or enable Athena managed query results in your workgroup settings."}`},
		{"two statements", "AmazonAthena.StartQueryExecution", `{"QueryString":"SELECT 1; SELECT 2","ClientRequestToken":"` + strings.Repeat("c", 32) + `","ResultConfiguration":{"OutputLocation":"s3://b-1/x/"}}`, 400,
			`{"__type":"InvalidRequestException","AthenaErrorCode":"MALFORMED_QUERY","ErrorCode":"MALFORMED_QUERY","Message":"Only one sql statement is allowed. Got: SELECT 1; SELECT 2"}`},
		{"unknown work group", "AmazonAthena.GetWorkGroup", `{"WorkGroup":"nope"}`, 400,
			`{"__type":"InvalidRequestException","AthenaErrorCode":"INVALID_INPUT","ErrorCode":"INVALID_INPUT","Message":"WorkGroup is not found."}`},
		{"max results over 1000", "AmazonAthena.GetQueryResults", `{"QueryExecutionId":"` + missing + `","MaxResults":5000}`, 400,
			`{"__type":"InvalidRequestException","AthenaErrorCode":"QUERY_EXECUTION_NOT_FOUND","ErrorCode":"QUERY_EXECUTION_NOT_FOUND","Message":"QueryExecution ` + missing + ` was not found"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body, hdr := h.raw(c.target, jsonType, c.body)
			if status != c.status || body != c.want {
				t.Errorf("got %d %s\nwant %d %s", status, body, c.status, c.want)
			}
			if ct := hdr.Get("Content-Type"); ct != jsonType {
				t.Errorf("Content-Type = %q", ct)
			}
			if hdr.Get("X-Amzn-Requestid") == "" {
				t.Errorf("no x-amzn-RequestId header")
			}
		})
	}
}

func TestSyntaxErrorsAreRejectedAtStart(t *testing.T) {
	h := newHarness(t)
	for _, sql := range []string{"SELEC 1", "SELECT FROM WHERE", "-- only a comment", ";"} {
		_, err := h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{QueryString: aws.String(sql),
			ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(h.env.Config.OutputLocation)}})
		var ire *types.InvalidRequestException
		if !errors.As(err, &ire) {
			t.Errorf("%q: err = %v, want InvalidRequestException", sql, err)
			continue
		}
		if code := aws.ToString(ire.AthenaErrorCode); code != "MALFORMED_QUERY" && code != "INVALID_INPUT" {
			t.Errorf("%q: AthenaErrorCode = %q", sql, code)
		}
	}
	if n := h.env.Server.Stats().Queries; len(n) != 0 {
		t.Errorf("rejected starts created queries: %v", n)
	}
}

func TestRuntimeErrorsEndFailedWithAthenaError(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		sql, prefix string
		typ         int32
	}{
		{"SELECT * FROM nosuchtable", "TABLE_NOT_FOUND: ", 1301},
		{"SELECT nosuchcolumn FROM (SELECT 1 AS a)", "COLUMN_NOT_FOUND: ", 1006},
		{"SELECT CAST('abc' AS INTEGER)", "INVALID_CAST_ARGUMENT: ", 1100},
		{"SELECT nosuchfunction(1)", "FUNCTION_NOT_FOUND: ", 1303},
	}
	for _, c := range cases {
		qe := h.fail(c.sql)
		reason := aws.ToString(qe.Status.StateChangeReason)
		ae := qe.Status.AthenaError
		if !strings.HasPrefix(reason, c.prefix) || ae == nil || aws.ToInt32(ae.ErrorType) != c.typ || aws.ToInt32(ae.ErrorCategory) != 2 ||
			ae.Retryable || aws.ToString(ae.ErrorMessage) != reason {
			t.Errorf("%q: reason %q, AthenaError %+v; want prefix %q type %d", c.sql, reason, ae, c.prefix, c.typ)
		}
		_, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: qe.QueryExecutionId})
		var ire *types.InvalidRequestException
		if !errors.As(err, &ire) || aws.ToString(ire.Message) != "Query did not finish successfully. Final query state: FAILED" {
			t.Errorf("%q: GetQueryResults err = %v", c.sql, err)
		}
	}
}

func TestOversizedAndDeepBodiesGet400(t *testing.T) {
	h := newHarness(t)
	token := `"ClientRequestToken":"` + strings.Repeat("d", 32) + `"`
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	cases := []struct {
		name, body, wantType string
	}{
		{"body over 4 MiB", `{"QueryString":"SELECT '` + strings.Repeat("x", 4<<20) + `'",` + token + `}`, "InvalidRequestException"},
		{"body of 64 MiB", `{"QueryString":"` + strings.Repeat("x", 64<<20) + `"}`, "InvalidRequestException"},
		{"query string over 262,144 bytes", `{"QueryString":"SELECT '` + strings.Repeat("x", 262144) + `'",` + token + `}`, "InvalidRequestException"},
		{"nesting 100,000 deep", `{"QueryString":"SELECT 1",` + token + `,"ExecutionParameters":` + deep(100000) + `}`, "SerializationException"},
		{"nesting 1,000,000 deep", deep(1000000), "SerializationException"},
		// Parsed and ignored: the request then lacks an output location.
		{"deep unknown member", `{"QueryString":"SELECT 1",` + token + `,"X":` + deep(9000) + `}`, "InvalidRequestException"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			status, body, _ := h.raw("AmazonAthena.StartQueryExecution", jsonType, c.body)
			if status != 400 || !strings.Contains(body, `"__type":"`+c.wantType) {
				t.Errorf("got %d %.200s, want 400 %s", status, body, c.wantType)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	if n := h.env.Server.Stats().Queries; len(n) != 0 {
		t.Errorf("bad bodies started queries: %v", n)
	}
	// The server still answers.
	if got := joinRows(h.query("SELECT 1")); got != "1" {
		t.Errorf("SELECT 1 after the bodies: %q", got)
	}
}
