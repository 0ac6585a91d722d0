// Package protocol is the emulator's awsJson1_1 codec for Amazon Athena: it
// routes X-Amz-Target, decodes and validates request bodies with Athena's
// exact error messages, and writes success and error responses byte for byte
// as Athena does. The wire facts are those of the project notes (FACTS §1 and §2).
//
// A handler for POST / reads like this:
//
//	op, ok := protocol.Route(r.Header.Get("X-Amz-Target"))
//	if !ok {
//		protocol.WriteError(w, protocol.UnknownOperation())
//		return
//	}
//	body, _ := io.ReadAll(r.Body)
//	in, perr := protocol.Decode(op, body)
//	if perr != nil {
//		protocol.WriteError(w, perr)
//		return
//	}
//	switch in := in.(type) {
//	case *protocol.GetQueryExecutionInput:
//		protocol.WriteJSON(w, &protocol.GetQueryExecutionOutput{QueryExecution: lookup(in.QueryExecutionId)})
//	}
//
// # Routing
//
// Route accepts only "AmazonAthena.<Operation>" with exact case and an
// operation listed in Operations. Everything else is answered with
// UnknownOperation(), as Athena does. Content-Type handling (Athena answers
// application/json and a missing type with other protocols) is left to the
// server.
//
// # Decoding and validation
//
// Decode returns a pointer to the operation's input struct (inputs.go) after
// the checks Athena makes before any operation logic, in its order: JSON
// syntax, then member types, then the framework constraints of the service
// model (shapes.go), then a few service-level input checks. The
// constraints that real Athena leaves to the service, such as GetQueryResults'
// MaxResults above 1000 or a missing ClientRequestToken, pass Decode and are
// the service's to answer. Struct and field names are Athena's member names
// (QueryExecutionId, not QueryExecutionID) so that they read like the wire.
//
// # Errors
//
// An *Error carries the HTTP status and the members of an Athena error body.
// Its constructors cover the error shapes Athena sends; InvalidRequest takes
// an AthenaErrorCode such as CodeInvalidInput. Bodies list members in
// Athena's order and never contain null.
//
// # Responses
//
// WriteJSON and WriteError set Content-Type application/x-amz-json-1.1,
// Content-Length and x-amzn-RequestId, and write JSON without HTML escaping.
// The output structs (outputs.go) declare fields alphabetically, the order
// Athena sends, and omit absent members rather than sending null: nil
// pointers, empty strings, nil slices and maps and zero Times are left out,
// while an empty non-nil slice is sent as []. Members that Athena sends even
// when zero (ColumnInfo's ten members, WorkGroupConfiguration's booleans,
// AthenaError.Retryable) are always written.
//
// # Timestamps
//
// Time wraps time.Time and is written as epoch seconds in Java double
// notation with millisecond precision, 1.764025983123E9, as Athena writes it.
package protocol
