package emulator

import (
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/athenaq/athenaq/emulator/internal/protocol"
)

// maxBody bounds an Athena request body. The largest member, QueryString, is
// at most 262,144 bytes; the rest is small.
const maxBody = 4 << 20

// serveAthena answers one Athena JSON 1.1 request: route on X-Amz-Target,
// apply quotas, faults and latency, decode, dispatch, encode.
func (s *Server) serveAthena(w http.ResponseWriter, r *http.Request) {
	op, ok := protocol.Route(r.Header.Get("X-Amz-Target"))
	if !ok {
		protocol.WriteError(w, protocol.UnknownOperation())
		return
	}
	s.counters.call(op)
	if d := s.opts.APILatency + s.limits.spike(); d > 0 && !sleepCtx(r.Context(), d) {
		return
	}
	if !s.limits.allow(op) || s.limits.roll(s.opts.Faults.ThrottleRate) {
		s.counters.throttle(op)
		protocol.WriteError(w, protocol.Throttling())
		return
	}
	if slices.Contains(s.opts.Faults.Deny, op) {
		s.counters.fault(op)
		protocol.WriteError(w, protocol.AccessDenied(op))
		return
	}
	if s.limits.roll(s.opts.Faults.ErrorRate) {
		s.counters.fault(op)
		protocol.WriteError(w, protocol.Internal("Injected internal error (emulator error rate)"))
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		protocol.WriteError(w, protocol.Serialization(""))
		return
	}
	if len(body) > maxBody {
		protocol.WriteError(w, protocol.InvalidRequest("INVALID_INPUT", "Request body exceeds the maximum size of 4194304 bytes"))
		return
	}
	in, perr := protocol.Decode(op, body)
	if perr != nil {
		protocol.WriteError(w, perr)
		return
	}
	out, perr := s.dispatch(r, op, in)
	if perr != nil {
		if perr.Status >= 500 {
			s.log.Error("emulator: "+op, "err", perr.Error())
			perr.Message = s.redact(perr.Message)
		}
		protocol.WriteError(w, perr)
		return
	}
	protocol.WriteJSON(w, out)
}

// dispatch calls the handler of op with its decoded input.
func (s *Server) dispatch(r *http.Request, op string, in any) (any, *protocol.Error) {
	ctx := r.Context()
	if out, perr, ok := s.spark.Serve(ctx, in); ok {
		return out, perr
	}
	switch in := in.(type) {
	case *protocol.StartQueryExecutionInput:
		return s.startQueryExecution(ctx, in)
	case *protocol.GetQueryExecutionInput:
		return s.getQueryExecution(in)
	case *protocol.BatchGetQueryExecutionInput:
		return s.batchGetQueryExecution(in)
	case *protocol.GetQueryResultsInput:
		if d := s.opts.PageLatency; d > 0 && !sleepCtx(ctx, d) {
			return nil, protocol.Internal("request cancelled")
		}
		return s.getQueryResults(ctx, in)
	case *protocol.StopQueryExecutionInput:
		return s.stopQueryExecution(in)
	case *protocol.ListQueryExecutionsInput:
		return s.listQueryExecutions(in)
	case *protocol.GetQueryRuntimeStatisticsInput:
		return s.getQueryRuntimeStatistics(in)
	case *protocol.ListDataCatalogsInput:
		return s.listDataCatalogs(in)
	case *protocol.GetDataCatalogInput:
		return s.getDataCatalog(in)
	case *protocol.ListDatabasesInput:
		return s.listDatabases(in)
	case *protocol.GetDatabaseInput:
		return s.getDatabase(in)
	case *protocol.ListTableMetadataInput:
		return s.listTableMetadata(in)
	case *protocol.GetTableMetadataInput:
		return s.getTableMetadata(in)
	case *protocol.GetWorkGroupInput:
		return s.getWorkGroup(in)
	case *protocol.ListWorkGroupsInput:
		return s.listWorkGroups(in)
	case *protocol.ListEngineVersionsInput:
		return s.listEngineVersions(in)
	case *protocol.CreateWorkGroupInput:
		return s.createWorkGroup(in)
	case *protocol.UpdateWorkGroupInput:
		return s.updateWorkGroup(in)
	case *protocol.DeleteWorkGroupInput:
		return s.deleteWorkGroup(in)
	case *protocol.CreatePreparedStatementInput:
		return s.createPreparedStatement(in)
	case *protocol.GetPreparedStatementInput:
		return s.getPreparedStatement(in)
	case *protocol.ListPreparedStatementsInput:
		return s.listPreparedStatements(in)
	case *protocol.UpdatePreparedStatementInput:
		return s.updatePreparedStatement(in)
	case *protocol.DeletePreparedStatementInput:
		return s.deletePreparedStatement(in)
	case *protocol.BatchGetPreparedStatementInput:
		return s.batchGetPreparedStatement(in)
	}
	// Known to the protocol layer but not served yet.
	return nil, protocol.InvalidRequest("INVALID_INPUT", op+" is not supported by the emulator yet")
}

func epoch(t time.Time) protocol.Time { return protocol.NewTime(t) }
