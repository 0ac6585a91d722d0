package emulator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/athenaq/athenaq/emulator/internal/athena"
	"github.com/athenaq/athenaq/emulator/internal/catalog"
	"github.com/athenaq/athenaq/emulator/internal/engine"
	"github.com/athenaq/athenaq/emulator/internal/results"
	"github.com/athenaq/athenaq/emulator/internal/trino"
	"github.com/athenaq/athenaq/internal/sqltext"
)

// outcome is what executing a statement produced, before it is committed to
// the output location.
type outcome struct {
	kind        resultKind
	columns     []athena.Column
	rows        int64
	updateCount *int64
	dataFile    string   // resultCSV: local file of data rows, no header
	text        []string // resultText: the rows
	scanned     int64
	planningMS  *int64
	engineID    string // the .metadata query id; "" writes no companion
	updateType  *string
	literal     bool // written without the planner (binary/octet-stream)
	// resultWrite: the key of the (absent) result body, beside which the
	// companion goes; the manifest's key and its lines.
	resultKey   string
	manifestKey string
	manifest    []string
}

// run drives q from QUEUED to a terminal state. It owns the query's
// goroutine, which the Server's WaitGroup tracks.
func (s *Server) run(ctx context.Context, q *query) {
	defer s.wg.Done()
	if !sleepCtx(ctx, s.opts.QueueDelay) {
		return // stopped (the state is already CANCELLED) or the server closed
	}
	if !s.setState(q, stateRunning, nil) {
		return
	}
	out, err := s.executeTimed(ctx, q)
	if rest := s.opts.QueryDelay - time.Since(q.submitted); rest > 0 && !sleepCtx(ctx, rest) {
		s.discard(out)
		return
	}
	if ctx.Err() != nil {
		s.discard(out)
		return
	}
	if err == nil && s.limits.failQuery() {
		err = &athena.QueryError{Name: "GENERIC_INTERNAL_ERROR", Message: "Injected failure (emulator fail rate)",
			Category: 1, Type: 200, Retryable: true}
	}
	if err != nil {
		s.discard(out)
		s.fail(ctx, q, err)
		return
	}
	if !s.beginCommit(q) {
		s.discard(out)
		return
	}
	key, size, err := s.commit(ctx, q, out)
	var manifest string
	var manifestSize int64
	if err == nil && out.kind == resultWrite && out.manifestKey != "" {
		manifest = "s3://" + q.output.Bucket + "/" + out.manifestKey
		manifestSize = int64(len(strings.Join(out.manifest, "\n")))
	}
	s.discard(out)
	if err != nil {
		s.fail(ctx, q, &athena.QueryError{Name: "GENERIC_INTERNAL_ERROR", Message: "Failed to write results: " + err.Error(),
			Category: 1, Type: 401})
		return
	}
	s.setState(q, stateSucceeded, func(q *query) {
		q.kind, q.resultKey, q.resultSize, q.columns, q.rows = out.kind, key, size, out.columns, out.rows
		q.updateCount, q.scanned, q.planningMS = out.updateCount, out.scanned, out.planningMS
		q.manifest, q.manifestSize = manifest, manifestSize
	})
}

// defaultQueryTimeout is Athena's default DML query timeout (FACTS §6).
const defaultQueryTimeout = 30 * time.Minute

// errQueryTimeout is the cause of a query context that ran out of time.
var errQueryTimeout = errors.New("query timeout")

// executeTimed runs executeSlot within the query timeout: a query that
// outlives it is interrupted and fails with EXCEEDED_TIME_LIMIT.
func (s *Server) executeTimed(ctx context.Context, q *query) (*outcome, error) {
	limit := s.opts.QueryTimeout
	if limit == 0 {
		limit = defaultQueryTimeout
	}
	if limit < 0 {
		return s.executeSlot(ctx, q)
	}
	tctx, cancel := context.WithTimeoutCause(ctx, limit, errQueryTimeout)
	defer cancel()
	out, err := s.executeSlot(tctx, q)
	if ctx.Err() == nil && errors.Is(context.Cause(tctx), errQueryTimeout) {
		s.discard(out)
		return nil, timeLimitError(limit)
	}
	return out, err
}

// timeLimitError is the failure of a query that ran out of time. Athena
// reports ErrorType 206, "Query timed out" (FACTS §2.2); the name and text
// are Trino's (unverified for Athena).
func timeLimitError(limit time.Duration) *athena.QueryError {
	return athena.NewQueryError("EXCEEDED_TIME_LIMIT", "Query exceeded maximum time limit of "+trinoDuration(limit))
}

// trinoDuration spells d as Trino's Duration does: in its largest unit
// that keeps the value at least 1, with two decimals ("30.00m", "1.50s").
func trinoDuration(d time.Duration) string {
	units := []struct {
		name string
		size time.Duration
	}{{"d", 24 * time.Hour}, {"h", time.Hour}, {"m", time.Minute}, {"s", time.Second},
		{"ms", time.Millisecond}, {"us", time.Microsecond}}
	for _, u := range units {
		if d >= u.size {
			return strconv.FormatFloat(float64(d)/float64(u.size), 'f', 2, 64) + u.name
		}
	}
	return strconv.FormatInt(int64(d), 10) + ".00ns"
}

// executeSlot runs the statement while holding one of the engine slots.
func (s *Server) executeSlot(ctx context.Context, q *query) (*outcome, error) {
	select {
	case s.runSlots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-s.runSlots }()
	return s.execute(ctx, q)
}

// beginCommit marks q as writing its results, after which a stop no longer
// cancels it. It returns false if q already ended.
func (s *Server) beginCommit(q *query) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if terminal(q.state) {
		return false
	}
	q.committing = true
	return true
}

// fail ends q FAILED with err. Hive DDL failures also leave their text in
// <id>.txt, as Athena does (FACTS §4.8).
func (s *Server) fail(ctx context.Context, q *query, err error) {
	if ctx.Err() != nil {
		return // stopped or closing: the state is not ours to set
	}
	var qe *athena.QueryError
	if !errors.As(err, &qe) {
		qe = athena.NewQueryError("GENERIC_INTERNAL_ERROR", err.Error())
		qe.Category, qe.Type = 1, 200
	}
	qe = s.redactQueryError(qe)
	hive := qe.Name == "" && athena.IsHiveFailure(qe.Message)
	if hive && s.beginCommit(q) {
		body := []byte(qe.Error())
		key := q.output.Key + q.id + ".txt"
		if perr := s.resultStore(q).Put(ctx, q.output.Bucket, key, bytes.NewReader(body), int64(len(body)), "application/octet-stream"); perr != nil {
			s.log.Warn("emulator: write failure text", "query", q.id, "err", perr)
		}
	}
	s.log.Info("emulator: query failed", "query", q.id, "reason", qe.Error())
	s.setState(q, stateFailed, func(q *query) {
		q.reason, q.qerr, q.hiveFailure = qe.Error(), qe, hive
	})
}

func (s *Server) discard(out *outcome) {
	if out != nil && out.dataFile != "" {
		os.Remove(out.dataFile)
	}
}

// execute runs q's statement and returns what it produced.
func (s *Server) execute(ctx context.Context, q *query) (*outcome, error) {
	if isDuckDB(q.engine) {
		return s.executeDuckDB(ctx, q)
	}
	if q.stmt != nil {
		return s.executeCatalog(ctx, q)
	}
	if isPreparedKind(q.class.Kind) {
		return s.executePrepared(ctx, q)
	}
	if timeTravel(q.sql) {
		return nil, timeTravelError()
	}
	switch q.class.Kind {
	case sqltext.StmtCreateTableAs, sqltext.StmtInsert, sqltext.StmtUnload:
		return s.executeWrite(ctx, q)
	case sqltext.StmtUpdate, sqltext.StmtDelete, sqltext.StmtMerge:
		return s.executeIcebergDML(ctx, q)
	case sqltext.StmtVacuum, sqltext.StmtOptimize:
		return s.executeIcebergMaintenance(ctx, q)
	case sqltext.StmtCreateTable:
		// The catalog parser leaves Iceberg CREATE TABLE to us.
		return s.executeIcebergCreate(ctx, q)
	}
	switch q.class.Substatement {
	case "SELECT":
		return s.executeSelect(ctx, q)
	case "EXPLAIN":
		return s.executeExplain(ctx, q)
	}
	return nil, athena.NewQueryError("NOT_SUPPORTED",
		fmt.Sprintf("%s statements are not supported by the emulator yet", strings.ReplaceAll(q.class.Substatement, "_", " ")))
}

// engineSQL turns Athena SQL into the text the engine runs: parameters bound,
// Trino constructs rewritten for DuckDB (trino.Rewrite; Trino's analysis
// errors, NOT_SUPPORTED when a construct cannot run), names made DuckDB's (sqltext.EngineNames), unnamed columns
// marked, decimal literals typed as DOUBLE.
func engineSQL(sql string, params []string) (string, error) {
	bound, err := sqltext.BindParameters(sql, params)
	if err != nil {
		return "", athena.NewQueryError("INVALID_PARAMETER_USAGE", err.Error())
	}
	// Trino syntax and functions become DuckDB's; statements that need no
	// rewriting come back unchanged.
	duck, err := trino.Rewrite(bound)
	if ae, ok := errors.AsType[*trino.AnalysisError](err); ok {
		return "", athena.NewQueryError(ae.Name, ae.Message)
	}
	if err != nil {
		return "", athena.NewQueryError("NOT_SUPPORTED", err.Error())
	}
	return sqltext.DoubleLiterals(sqltext.NameUnnamedColumns(sqltext.EngineNames(duck))), nil
}

func (s *Server) executeSelect(ctx context.Context, q *query) (*outcome, error) {
	sql, err := engineSQL(q.sql, q.params)
	if err != nil {
		return nil, err
	}
	planStart := time.Now()
	scanned, err := s.prepareTables(ctx, q.database, sql)
	if err != nil {
		return nil, err
	}
	file := filepath.Join(s.tmpDir, q.id+".csv")
	res, err := s.engine.Query(ctx, engine.Query{Schema: q.database, SQL: sql, OutFile: file})
	if err != nil {
		os.Remove(file)
		return nil, err
	}
	out := &outcome{kind: resultCSV, columns: s.applyTextLengths(res.Columns, q.database, q.sql, q.params), rows: res.Rows,
		dataFile: file, scanned: scanned,
		updateCount: ptr(int64(0))}
	out.literal = literalOnly(q.sql)
	if out.literal {
		// Literal-only SELECTs are answered without the planner: their
		// companion carries the QueryExecutionId, an empty update type and a
		// zero count (FACTS §4.5, §4.6).
		out.engineID, out.updateType = q.id, ptr("")
	} else {
		out.engineID = results.EngineQueryID(q.submitted)
		out.planningMS = ptr(max(1, time.Since(planStart).Milliseconds()/4))
	}
	return out, nil
}

func (s *Server) executeExplain(ctx context.Context, q *query) (*outcome, error) {
	sql, err := engineSQL(explainTarget(q.sql), q.params)
	if err != nil {
		return nil, err
	}
	if _, err := s.prepareTables(ctx, q.database, sql); err != nil {
		return nil, err
	}
	plan, err := s.engine.Explain(ctx, q.database, sql)
	if err != nil {
		return nil, err
	}
	// The plan gets one "\n" appended and is split into rows under a
	// "Query Plan" header (FACTS §4.3).
	lines := strings.Split(plan+"\n", "\n")
	text := append([]string{"Query Plan"}, lines...)
	col := athena.NewColumn("Query Plan", "varchar", len([]rune(plan)), 0)
	return &outcome{kind: resultText, columns: []athena.Column{col}, rows: int64(len(lines)), text: text,
		engineID: results.EngineQueryID(q.submitted), planningMS: ptr(int64(1))}, nil
}

// explainTarget strips "EXPLAIN [ANALYZE] [(options)]" from an EXPLAIN
// statement, leaving the statement to plan.
func explainTarget(sql string) string {
	toks, err := sqltext.Tokenize(sql)
	if err != nil {
		return sql
	}
	i := 0
	skip := func() {
		for i < len(toks) && (toks[i].Kind == sqltext.Whitespace || toks[i].Kind == sqltext.Comment) {
			i++
		}
	}
	skip()
	if i < len(toks) && strings.EqualFold(toks[i].Text, "EXPLAIN") {
		i++
		skip()
	}
	if i < len(toks) && strings.EqualFold(toks[i].Text, "ANALYZE") {
		i++
		skip()
		if i < len(toks) && strings.EqualFold(toks[i].Text, "VERBOSE") {
			i++
			skip()
		}
	}
	if i < len(toks) && toks[i].Text == "(" {
		// EXPLAIN (TYPE ..., FORMAT ...) vs EXPLAIN (SELECT ...): options
		// start with a keyword other than SELECT, WITH or VALUES.
		j := i + 1
		for j < len(toks) && toks[j].Kind == sqltext.Whitespace {
			j++
		}
		if j < len(toks) {
			w := strings.ToUpper(toks[j].Text)
			if w == "TYPE" || w == "FORMAT" {
				depth := 0
				for ; i < len(toks); i++ {
					if toks[i].Text == "(" {
						depth++
					} else if toks[i].Text == ")" {
						depth--
						if depth == 0 {
							i++
							break
						}
					}
				}
			}
		}
	}
	if i >= len(toks) {
		return sql
	}
	return sql[toks[i].Pos:]
}

// literalOnly reports whether a SELECT reads no table and calls no
// function, which Athena answers without its planner. This is a token-level
// approximation.
func literalOnly(sql string) bool {
	toks, err := sqltext.Tokenize(sql)
	if err != nil {
		return false
	}
	prevIdent := false
	for _, t := range toks {
		switch t.Kind {
		case sqltext.Whitespace, sqltext.Comment:
			continue
		case sqltext.Keyword, sqltext.Ident:
			switch strings.ToUpper(t.Text) {
			case "FROM", "CAST", "ARRAY", "MAP", "ROW", "NULL", "VALUES", "WHERE", "DATE", "TIMESTAMP", "INTERVAL", "UNION", "LIMIT":
				return false
			}
			prevIdent = true
			continue
		case sqltext.Operator:
			if t.Text == "(" && prevIdent {
				return false
			}
			if t.Text == "(" {
				return false
			}
		}
		prevIdent = false
	}
	return true
}

// commit writes out's files to q's output location (or the managed result
// store) and returns the key and size of the result body.
func (s *Server) commit(ctx context.Context, q *query, out *outcome) (string, int64, error) {
	bucket, store := q.output.Bucket, s.resultStore(q)
	contentType := "application/octet-stream"
	if out.literal {
		contentType = "binary/octet-stream"
	}
	var key string
	var size int64
	switch out.kind {
	case resultCSV:
		key = q.output.Key + q.id + ".csv"
		labels := make([]string, len(out.columns))
		for i, c := range out.columns {
			labels[i] = c.Name
		}
		header := results.AppendHeader(nil, labels)
		f, err := os.Open(out.dataFile)
		if err != nil {
			return "", 0, err
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil {
			return "", 0, err
		}
		size = int64(len(header)) + fi.Size()
		if err := store.Put(ctx, bucket, key, io.MultiReader(bytes.NewReader(header), f), size, contentType); err != nil {
			return "", 0, err
		}
	case resultText:
		key = q.output.Key + q.id + ".txt"
		var buf bytes.Buffer
		if err := results.WriteText(&buf, rowsOf(out.text)); err != nil {
			return "", 0, err
		}
		size = int64(buf.Len())
		if err := store.Put(ctx, bucket, key, bytes.NewReader(buf.Bytes()), size, contentType); err != nil {
			return "", 0, err
		}
	case resultWrite:
		// CTAS, INSERT and UNLOAD: a manifest listing the data files, one
		// s3:// URI a line, and the companion; no body (FACTS §4.1, §4.7).
		// Writes to Iceberg tables have no manifest.
		key = out.resultKey
		if out.manifestKey != "" {
			body := []byte(strings.Join(out.manifest, "\n"))
			if err := store.Put(ctx, bucket, out.manifestKey, bytes.NewReader(body), int64(len(body)), contentType); err != nil {
				return "", 0, err
			}
		}
	case resultNone:
		// DDL leaves a 0-byte <id>.txt and no companion (FACTS §4.1).
		key = q.output.Key + q.id + ".txt"
		return key, 0, store.Put(ctx, bucket, key, bytes.NewReader(nil), 0, "binary/octet-stream")
	}
	if out.engineID != "" {
		meta := results.Metadata{QueryID: out.engineID, UpdateType: out.updateType, Columns: out.columns}
		if out.literal {
			meta.UpdateCount = ptr(int64(0))
		}
		if out.kind == resultWrite {
			meta.UpdateCount = out.updateCount
		}
		b := meta.Marshal()
		if err := store.Put(ctx, bucket, key+".metadata", bytes.NewReader(b), int64(len(b)), contentType); err != nil {
			return "", 0, err
		}
	}
	return key, size, nil
}

// rowsOf wraps single-datum text rows for results.WriteText.
func rowsOf(text []string) [][]string {
	rows := make([][]string, len(text))
	for i, t := range text {
		rows[i] = []string{t}
	}
	return rows
}

// executeCatalog runs a DDL or metadata statement against the catalog.
func (s *Server) executeCatalog(ctx context.Context, q *query) (*outcome, error) {
	iceberg := false
	if st, ok := q.stmt.(*catalog.DropTable); ok {
		db := q.database
		if st.Database != "" {
			db = st.Database
		}
		t, found := s.catalog.Table(strings.ToLower(db), strings.ToLower(st.Name))
		iceberg = found && isIceberg(t)
	}
	rows, cols, err := s.runCatalogStatement(ctx, q)
	if err != nil {
		return nil, err
	}
	if iceberg {
		// DROP TABLE of an Iceberg table runs in the engine: a 1-byte
		// "\n" body and a companion with the engine id and the update
		// type (FACTS §4.1, §4.5).
		return &outcome{kind: resultText, text: []string{"", ""}, rows: 2, engineID: results.EngineQueryID(q.submitted),
			updateType: ptr("DROP TABLE"), planningMS: ptr(int64(1))}, nil
	}
	if _, isMSCK := q.stmt.(*catalog.MSCKRepair); isMSCK {
		// MSCK REPAIR TABLE reports what it found in its .txt, with a
		// companion that holds only the query id, no columns and no
		// UpdateCount (FACTS §2.4, §4.1).
		return &outcome{kind: resultText, text: rows, rows: int64(len(rows)), engineID: q.id}, nil
	}
	if q.class.StatementType == "DDL" {
		return &outcome{kind: resultNone}, nil
	}
	out := &outcome{kind: resultText, columns: cols, text: rows, rows: int64(len(rows)), engineID: q.id, literal: true}
	// Hive answers DESCRIBE and SHOW CREATE TABLE of a table through its
	// planner; DESCRIBE of a view (DESC_VIEW) is not (FACTS §2.4, §4.6).
	if _, isDescribe := q.stmt.(*catalog.Describe); isDescribe && q.class.Substatement != "DESC_VIEW" {
		out.literal = false
	}
	if _, isShowCreate := q.stmt.(*catalog.ShowCreateTable); isShowCreate {
		out.literal = false
	}
	if out.literal {
		out.updateCount = ptr(int64(0))
	}
	return out, nil
}

func ptr[T any](v T) *T { return &v }

// sleepCtx waits d or until ctx ends, reporting whether the full wait passed.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
