package emulator

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/athenaq/athenaq/internal/uuid"

	"github.com/athenaq/athenaq/emulator/internal/catalog"
	"github.com/athenaq/athenaq/emulator/internal/engine"
	"github.com/athenaq/athenaq/emulator/internal/objstore"
	"github.com/athenaq/athenaq/emulator/internal/protocol"
	"github.com/athenaq/athenaq/internal/sqltext"
)

// maxQueryBytes is Athena's query string limit: 262,144 bytes of UTF-8
// (FACTS §6); the framework check counts characters.
const maxQueryBytes = 262144

const noOutputLocation = "No output location provided. You did not provide an output location for  your query results. Either specify an S3 bucket location or enable Athena managed query results in your workgroup settings."

// startQueryExecution validates in, in Athena's order (FACTS §2.1), and
// starts the query, or returns the query that already holds its token.
func (s *Server) startQueryExecution(ctx context.Context, in *protocol.StartQueryExecutionInput) (any, *protocol.Error) {
	// 2. The token.
	if in.ClientRequestToken == "" {
		return nil, protocol.InvalidRequest("INVALID_INPUT", "clientRequestToken is null or empty")
	}
	if len(in.QueryString) > maxQueryBytes {
		return nil, protocol.InvalidRequest("INVALID_INPUT", fmt.Sprintf("queryString exceeds maximum allowed length %d", maxQueryBytes))
	}
	// 3. The output location, when one is sent.
	var outputIn string
	var output objstore.URI
	if rc := in.ResultConfiguration; rc != nil && rc.OutputLocation != nil {
		outputIn = *rc.OutputLocation
		u, err := objstore.ParseURI(outputIn)
		if err != nil {
			return nil, protocol.InvalidRequest("INVALID_INPUT", "outputLocation is not a valid S3 path.")
		}
		output = u
	}
	// 4. The SQL.
	database := "default"
	var dbIn, catIn *string
	if qc := in.QueryExecutionContext; qc != nil {
		dbIn, catIn = qc.Database, qc.Catalog
		if dbIn != nil {
			database = strings.ToLower(*dbIn)
		}
	}
	// A DuckDB work group accepts any text: DuckDB's errors show when the
	// query runs (DUCKDB.md). A missing work group fails below.
	wgName := cmp.Or(in.WorkGroup, "primary")
	var sql string
	var class sqltext.Class
	var stmt catalog.Statement
	var stored string
	var storedDB *string
	if wg, ok := s.groups.get(wgName); ok && isDuckDB(wg.Engine) {
		sql, stored, storedDB = in.QueryString, in.QueryString, dbIn
		class = duckStatementClass(sql)
	} else {
		var perr *protocol.Error
		if sql, class, stmt, perr = s.acceptStatement(ctx, in.QueryString, database); perr != nil {
			return nil, perr
		}
		stored, storedDB = storedQuery(sql, class, dbIn)
	}
	// 5. Idempotency.
	if prev, ok := s.queries.byClientToken(in.ClientRequestToken); ok {
		if prev.raw != in.QueryString || !strEq(prev.dbIn, dbIn) || !strEq(prev.catalogIn, catIn) || prev.outputIn != outputIn {
			return nil, protocol.InvalidRequest("IDEMPOTENT_PARAMETER_MISMATCH", "Idempotent parameters do not match")
		}
		return &protocol.StartQueryExecutionOutput{QueryExecutionId: prev.id}, nil
	}
	// 6. The work group and the effective output location.
	wg, ok := s.groups.get(wgName)
	if !ok {
		return nil, protocol.InvalidRequest("INVALID_INPUT", workGroupNotFound)
	}
	if wg.Disabled {
		// The text is unverified.
		return nil, protocol.InvalidRequest("INVALID_INPUT", "WorkGroup "+wgName+" is disabled.")
	}
	if rr := in.ResultReuseConfiguration; isDuckDB(wg.Engine) && rr != nil && rr.ResultReuseByAgeConfiguration != nil && rr.ResultReuseByAgeConfiguration.Enabled {
		// DuckDB work groups do not support result reuse (DUCKDB.md); that
		// Athena refuses the request, and this text, are unverified.
		return nil, protocol.InvalidRequest("INVALID_INPUT", "Query result reuse is not supported in DuckDB workgroups.")
	}
	id := newQueryID()
	managed := false
	switch {
	case wg.ManagedResults && outputIn != "" && wg.Enforce:
		// What Athena answers here is not known (unverified): an enforcing
		// work group replaces other client settings silently, but it has
		// no location to replace this one with.
		return nil, protocol.InvalidRequest("INVALID_INPUT", managedOutputLocation)
	case wg.ManagedResults && outputIn == "":
		managed = true
		output = objstore.URI{Bucket: managedBucket, Key: id}
	case wg.OutputLocation != "" && (wg.Enforce || outputIn == ""):
		output, _ = objstore.ParseURI(wg.OutputLocation)
	case outputIn == "":
		return nil, protocol.InvalidRequest("INVALID_INPUT", noOutputLocation)
	}
	output = output.Folder()
	if n := s.opts.MaxActiveQueries; n > 0 && s.queries.active() >= n {
		s.counters.throttle("StartQueryExecution")
		return nil, protocol.TooManyRequests(fmt.Sprintf("You have exceeded the limit for the number of queries you can run concurrently. Reduce the number of concurrent queries submitted by this account. Limit: %d", n))
	}
	q := &query{
		id: id, token: in.ClientRequestToken, raw: in.QueryString, sql: stored, class: class, stmt: stmt,
		catalogIn: catIn, dbIn: dbIn, dbShown: storedDB, database: database, workGroup: wgName, engine: wg.Engine, outputIn: outputIn, output: output,
		managed: managed, params: in.ExecutionParameters, submitted: time.Now(), done: make(chan struct{}), state: stateQueued,
	}
	if rc := in.ResultConfiguration; rc != nil {
		if ec := rc.EncryptionConfiguration; ec != nil {
			q.encOption, q.kmsKey = ec.EncryptionOption, ec.KmsKey
		}
		if rc.ExpectedBucketOwner != nil {
			q.owner = *rc.ExpectedBucketOwner
		}
	}
	if rr := in.ResultReuseConfiguration; rr != nil && rr.ResultReuseByAgeConfiguration != nil && rr.ResultReuseByAgeConfiguration.Enabled {
		q.reuseOn, q.reuseAge = true, 60
		if age := rr.ResultReuseByAgeConfiguration.MaxAgeInMinutes; age != nil {
			q.reuseAge = *age
		}
	}
	existing, added := s.queries.add(q)
	if !added {
		// Another request with the same token won the race.
		return &protocol.StartQueryExecutionOutput{QueryExecutionId: existing.id}, nil
	}
	// Managed query results do not support result reuse (FACTS §6). The
	// configuration is accepted and echoed, and the query simply runs, as
	// any query that cannot reuse a result does; whether Athena refuses it
	// instead is unverified.
	if q.reuseOn && q.class.Substatement == "SELECT" && !wg.ManagedResults {
		if prev := s.queries.reusable(q, q.submitted); prev != nil {
			ps := prev.snapshot()
			s.setState(q, stateSucceeded, func(q *query) {
				q.reused, q.kind, q.resultKey, q.resultSize, q.columns, q.rows = true, ps.kind, ps.resultKey, ps.resultSize, ps.columns, ps.rows
				q.updateCount = ps.updateCount
			})
			return &protocol.StartQueryExecutionOutput{QueryExecutionId: q.id}, nil
		}
	}
	ctx, cancel := context.WithCancel(s.ctx)
	q.cancel = cancel
	s.wg.Add(1)
	go s.run(ctx, q)
	return &protocol.StartQueryExecutionOutput{QueryExecutionId: q.id}, nil
}

// acceptStatement normalizes, classifies and checks one statement as
// Athena does before it accepts it (FACTS §2.1, step 4), for database as the
// context database.
func (s *Server) acceptStatement(ctx context.Context, raw, database string) (string, sqltext.Class, catalog.Statement, *protocol.Error) {
	if perr := checkNUL(raw); perr != nil {
		return "", sqltext.Class{}, nil, perr
	}
	sql, err := sqltext.Normalize(raw)
	if err != nil {
		return "", sqltext.Class{}, nil, rejection(err)
	}
	class := sqltext.Classify(sql)
	stmt, perr := s.checkStatement(ctx, sql, class, database)
	if perr != nil {
		return "", sqltext.Class{}, nil, perr
	}
	return sql, s.catalogClass(stmt, class, database), stmt, nil
}

// checkStatement applies the checks Athena makes before it accepts a
// statement: it must be of a known kind and parse; catalog statements must
// name existing tables where Athena checks that at start (FACTS §1.7).
func (s *Server) checkStatement(ctx context.Context, sql string, class sqltext.Class, database string) (catalog.Statement, *protocol.Error) {
	if class.StatementType == "" {
		return nil, protocol.InvalidRequest("MALFORMED_QUERY", unknownStatement(sql))
	}
	switch class.Substatement {
	case "SELECT", "EXPLAIN":
		target := sql
		if class.Substatement == "EXPLAIN" {
			target = explainTarget(sql)
		}
		// Parameters are bound at run time; check the text with NULLs in
		// their place so that DuckDB's parser sees a complete statement.
		check, err := engineSQL(target, nil)
		if err != nil || timeTravel(target) {
			return nil, nil // fails when it runs
		}
		if err := s.engine.CheckSyntax(ctx, database, check); err != nil {
			var se *engine.SyntaxError
			if !errors.As(err, &se) {
				// The parser could not be asked (the request ended, the
				// server is closing): a server fault, not a bad query.
				return nil, protocol.Internal("could not check the query: " + err.Error())
			}
			return nil, rejection(err)
		}
		return nil, nil
	}
	if isPreparedKind(class.Kind) {
		return nil, checkPrepared(sql, class)
	}
	stmt, err := catalog.Parse(sql)
	if err != nil {
		if errors.Is(err, catalog.ErrNotDDL) {
			return nil, nil // a statement kind that runs and fails as NOT_SUPPORTED
		}
		return nil, rejection(err)
	}
	if perr := s.checkEntity(stmt, database); perr != nil {
		return nil, perr
	}
	return stmt, nil
}

// checkEntity rejects DESCRIBE and SHOW COLUMNS of a missing table at start,
// with the Glue error text Athena passes through.
func (s *Server) checkEntity(stmt catalog.Statement, database string) *protocol.Error {
	db, table, ok := describeTarget(stmt, database)
	if !ok {
		return nil
	}
	if _, ok := s.catalog.Table(db, table); ok {
		return nil
	}
	return protocol.InvalidRequest("INVALID_INPUT", fmt.Sprintf(
		"Entity Not Found (Service: AmazonDataCatalog; Status Code: 400; Error Code: EntityNotFoundException; Request ID: %s; Proxy: null)",
		protocol.NewRequestID()))
}

// checkNUL rejects a query string that holds a NUL byte, as bad SQL: the
// engine's C API would cut the text there. Trino's lexer reports a
// character it does not accept as below; whether Athena accepts a NUL
// inside a string literal is unverified.
func checkNUL(sql string) *protocol.Error {
	i := strings.IndexByte(sql, 0)
	if i < 0 {
		return nil
	}
	line := 1 + strings.Count(sql[:i], "\n")
	col := 1 + utf8.RuneCountInString(sql[strings.LastIndexByte(sql[:i], '\n')+1:i])
	return protocol.InvalidRequest("MALFORMED_QUERY", fmt.Sprintf(`line %d:%d: token recognition error at: '\u0000'`, line, col))
}

// rejection turns a start-time SQL error into Athena's error.
func rejection(err error) *protocol.Error {
	var se *sqltext.SyntaxError
	if errors.As(err, &se) {
		code := se.Code
		if code == "" {
			code = "MALFORMED_QUERY"
		}
		return protocol.InvalidRequest(code, se.Error())
	}
	var re *catalog.RejectError
	if errors.As(err, &re) {
		return protocol.InvalidRequest(re.Code, re.Message)
	}
	return protocol.InvalidRequest("MALFORMED_QUERY", err.Error())
}

// unknownStatement is Athena's text for a statement whose first word starts
// no statement it knows (FACTS §1.7).
func unknownStatement(sql string) string {
	line, col, word := 1, 1, "<EOF>"
	if toks, err := sqltext.Tokenize(sql); err == nil {
		for _, t := range toks {
			if t.Kind == sqltext.Whitespace || t.Kind == sqltext.Comment {
				continue
			}
			line, col, word = t.Line, t.Col, t.Text
			break
		}
	}
	return fmt.Sprintf("line %d:%d: mismatched input '%s'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UPDATE', 'USE', <query>", line, col, word)
}

// newQueryID returns a lowercase UUID v4, as Athena's query ids are.
func newQueryID() string { return uuid.NewV4() }

func notFound(id string) *protocol.Error {
	return protocol.InvalidRequest("QUERY_EXECUTION_NOT_FOUND", "QueryExecution "+id+" was not found")
}

func (s *Server) getQueryExecution(in *protocol.GetQueryExecutionInput) (any, *protocol.Error) {
	q, ok := s.queries.get(in.QueryExecutionId)
	if !ok {
		return nil, notFound(in.QueryExecutionId)
	}
	qe := s.describe(q)
	return &protocol.GetQueryExecutionOutput{QueryExecution: &qe}, nil
}

func (s *Server) batchGetQueryExecution(in *protocol.BatchGetQueryExecutionInput) (any, *protocol.Error) {
	out := &protocol.BatchGetQueryExecutionOutput{QueryExecutions: []protocol.QueryExecution{}, UnprocessedQueryExecutionIds: []protocol.UnprocessedQueryExecutionId{}}
	for _, id := range in.QueryExecutionIds {
		q, ok := s.queries.get(id)
		if !ok {
			// The ErrorCode real Athena uses here is not known (FACTS §2.3);
			// this mirrors GetQueryExecution's code and message.
			out.UnprocessedQueryExecutionIds = append(out.UnprocessedQueryExecutionIds, protocol.UnprocessedQueryExecutionId{
				QueryExecutionId: id, ErrorCode: "QUERY_EXECUTION_NOT_FOUND", ErrorMessage: "QueryExecution " + id + " was not found"})
			continue
		}
		out.QueryExecutions = append(out.QueryExecutions, s.describe(q))
	}
	return out, nil
}

func (s *Server) stopQueryExecution(in *protocol.StopQueryExecutionInput) (any, *protocol.Error) {
	q, ok := s.queries.get(in.QueryExecutionId)
	if !ok {
		return nil, notFound(in.QueryExecutionId)
	}
	s.stop(q)
	return &protocol.StopQueryExecutionOutput{}, nil
}

func (s *Server) listQueryExecutions(in *protocol.ListQueryExecutionsInput) (any, *protocol.Error) {
	wg := in.WorkGroup
	if wg == "" {
		wg = "primary"
	}
	if _, ok := s.groups.get(wg); !ok {
		return nil, protocol.InvalidRequest("INVALID_INPUT", "WorkGroup is not found.")
	}
	ids := s.queries.inWorkGroup(wg)
	page, next, perr := paginate(s.pages, ids, in.NextToken, in.MaxResults, 50, "listQueryExecutions")
	if perr != nil {
		return nil, perr
	}
	return &protocol.ListQueryExecutionsOutput{QueryExecutionIds: page, NextToken: next}, nil
}

func (s *Server) getQueryRuntimeStatistics(in *protocol.GetQueryRuntimeStatisticsInput) (any, *protocol.Error) {
	q, ok := s.queries.get(in.QueryExecutionId)
	if !ok {
		return nil, notFound(in.QueryExecutionId)
	}
	st := s.statistics(q, q.snapshot())
	out := &protocol.QueryRuntimeStatistics{Timeline: &protocol.QueryRuntimeStatisticsTimeline{
		EngineExecutionTimeInMillis: st.EngineExecutionTimeInMillis, QueryPlanningTimeInMillis: st.QueryPlanningTimeInMillis,
		QueryQueueTimeInMillis: st.QueryQueueTimeInMillis, ServicePreProcessingTimeInMillis: st.ServicePreProcessingTimeInMillis,
		ServiceProcessingTimeInMillis: st.ServiceProcessingTimeInMillis, TotalExecutionTimeInMillis: st.TotalExecutionTimeInMillis,
	}}
	return &protocol.GetQueryRuntimeStatisticsOutput{QueryRuntimeStatistics: out}, nil
}

// describe renders q as GetQueryExecution returns it (FACTS §2.2).
func (s *Server) describe(q *query) protocol.QueryExecution {
	snap := q.snapshot()
	qe := protocol.QueryExecution{
		QueryExecutionId: q.id,
		Query:            q.sql,
		StatementType:    q.class.StatementType,
		SubstatementType: q.class.Substatement,
		WorkGroup:        q.workGroup,
		EngineVersion:    &protocol.EngineVersion{SelectedEngineVersion: cmp.Or(q.engine, engineAuto), EffectiveEngineVersion: effectiveEngine(q.engine)},
		ResultReuseConfiguration: &protocol.ResultReuseConfiguration{ResultReuseByAgeConfiguration: &protocol.ResultReuseByAgeConfiguration{
			Enabled: q.reuseOn}},
		Statistics: s.statistics(q, snap),
		Status: &protocol.QueryExecutionStatus{State: snap.state, StateChangeReason: snap.reason,
			SubmissionDateTime: epoch(q.submitted)},
	}
	if q.reuseOn {
		qe.ResultReuseConfiguration.ResultReuseByAgeConfiguration.MaxAgeInMinutes = protocol.Ptr(q.reuseAge)
	}
	if q.catalogIn != nil || q.dbShown != nil {
		qc := &protocol.QueryExecutionContext{Database: q.dbShown}
		if q.catalogIn != nil {
			qc.Catalog = protocol.Ptr(strings.ToLower(*q.catalogIn))
		}
		qe.QueryExecutionContext = qc
	}
	rc := &protocol.ResultConfiguration{}
	if q.managed {
		// No S3 object to point at: ResultConfiguration stays, without
		// OutputLocation, as a work group's does when it has none (FACTS
		// §2.8), and the model's ManagedQueryResultsConfiguration says why
		// (both unverified for GetQueryExecution).
		qe.ManagedQueryResultsConfiguration = &protocol.ManagedQueryResultsConfiguration{Enabled: true}
	} else {
		rc.OutputLocation = protocol.Ptr(s.outputLocation(q, snap))
	}
	if q.encOption != "" {
		rc.EncryptionConfiguration = &protocol.EncryptionConfiguration{EncryptionOption: q.encOption, KmsKey: q.kmsKey}
	}
	if q.owner != "" {
		rc.ExpectedBucketOwner = protocol.Ptr(q.owner)
	}
	qe.ResultConfiguration = rc
	if terminal(snap.state) {
		qe.Status.CompletionDateTime = epoch(snap.completed)
	}
	if snap.qerr != nil {
		msg := snap.qerr.ErrorMessage
		if msg == "" {
			msg = snap.qerr.Error()
		}
		qe.Status.AthenaError = &protocol.AthenaError{ErrorCategory: snap.qerr.Category, ErrorType: snap.qerr.Type,
			Retryable: snap.qerr.Retryable, ErrorMessage: msg}
	}
	return qe
}

// outputLocation is the full path of q's result object (FACTS §4.1): the
// reused query's object for a reused result.
func (s *Server) outputLocation(q *query, snap snapshot) string {
	if snap.reused && snap.resultKey != "" {
		return "s3://" + q.output.Bucket + "/" + snap.resultKey
	}
	base := q.output.String() + q.id
	switch q.class.StatementType {
	case "DML":
		switch q.class.Substatement {
		case "SELECT", "UPDATE", "DELETE", "MERGE":
			return base + ".csv"
		case "EXPLAIN":
			return base + ".txt"
		case "INSERT", "UNLOAD":
			return base
		}
		return base + ".csv"
	case "DDL":
		if q.class.Substatement == "CREATE_TABLE_AS_SELECT" {
			return q.output.String() + "tables/" + q.id
		}
	case "UTILITY":
		if q.class.Substatement == "SHOW_FUNCTIONS" {
			return base + ".csv"
		}
	}
	return base + ".txt"
}

// statistics fills QueryExecution.Statistics; times never decrease and add
// up (FACTS §3).
func (s *Server) statistics(q *query, snap snapshot) *protocol.QueryExecutionStatistics {
	// The history keeps the measured times; the reported ones have the
	// 1 ms floor.
	queue, total := atLeastOneQueued(q.timeline(snap, time.Now()))
	// Derive engine time from the total so that the parts add up exactly.
	engine := total - queue
	st := &protocol.QueryExecutionStatistics{
		QueryQueueTimeInMillis:           protocol.Ptr(queue),
		EngineExecutionTimeInMillis:      protocol.Ptr(engine),
		ServicePreProcessingTimeInMillis: protocol.Ptr(int64(0)),
		ServiceProcessingTimeInMillis:    protocol.Ptr(int64(0)),
		TotalExecutionTimeInMillis:       protocol.Ptr(total),
		DataScannedInBytes:               protocol.Ptr(snap.scanned),
		QueryPlanningTimeInMillis:        snap.planningMS,
		ResultReuseInformation:           &protocol.ResultReuseInformation{ReusedPreviousResult: snap.reused},
	}
	if snap.manifest != "" && !q.managed {
		// A managed query's manifest is in the managed store, where no S3
		// URI leads (unverified: Athena may send some other location).
		st.DataManifestLocation = snap.manifest
	}
	return st
}

// timeline returns q's time in the queue and in total, in milliseconds, up
// to now or to its end; a restored query's as its first run reported them.
func (q *query) timeline(snap snapshot, now time.Time) (queue, total int64) {
	if q.restored {
		return q.queueMS, q.totalMS
	}
	end := now
	if terminal(snap.state) {
		end = snap.completed
	}
	queueEnd := end
	if !snap.running.IsZero() {
		queueEnd = snap.running
	}
	return queueEnd.Sub(q.submitted).Milliseconds(), end.Sub(q.submitted).Milliseconds()
}

// atLeastOneQueued raises a queue time under 1 ms to 1 ms, and the total
// with it: real Athena always reports some time in its queue (FACTS §3).
func atLeastOneQueued(queue, total int64) (int64, int64) {
	queue = max(queue, 1)
	return queue, max(total, queue)
}
