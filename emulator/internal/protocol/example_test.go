package protocol_test

import (
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/athenaq/athenaq/emulator/internal/protocol"
)

func ExampleDecode() {
	op, ok := protocol.Route("AmazonAthena.GetQueryResults")
	if !ok {
		return
	}
	in, perr := protocol.Decode(op, []byte(`{"QueryExecutionId":"q1","MaxResults":1.5}`))
	if perr != nil {
		return
	}
	req := in.(*protocol.GetQueryResultsInput)
	fmt.Println(req.QueryExecutionId, *req.MaxResults)

	_, perr = protocol.Decode(op, []byte(`{"NextToken":""}`))
	fmt.Println(string(perr.Body()))
	// Output:
	// q1 1
	// {"__type":"InvalidRequestException","AthenaErrorCode":"INVALID_INPUT","ErrorCode":"INVALID_INPUT","Message":"2 validation errors detected: Value null at 'queryExecutionId' failed to satisfy constraint: Member must not be null; Value at 'nextToken' failed to satisfy constraint: Member must have length greater than or equal to 1"}
}

func ExampleWriteJSON() {
	rec := httptest.NewRecorder()
	protocol.WriteJSON(rec, &protocol.GetQueryExecutionOutput{QueryExecution: &protocol.QueryExecution{
		QueryExecutionId: "q1",
		Status: &protocol.QueryExecutionStatus{
			State:              "QUEUED",
			SubmissionDateTime: protocol.NewTime(time.UnixMilli(1764025983123)),
		},
	}})
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Println(rec.Body)
	// Output:
	// 200 application/x-amz-json-1.1
	// {"QueryExecution":{"QueryExecutionId":"q1","Status":{"State":"QUEUED","SubmissionDateTime":1.764025983123E9}}}
}
