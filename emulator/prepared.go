package emulator

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/athenaq/athenaq/emulator/internal/athena"
	"github.com/athenaq/athenaq/emulator/internal/protocol"
	"github.com/athenaq/athenaq/internal/sqltext"
)

// Prepared statements (FACTS §2.10) belong to a work group; names are unique
// per work group and a work group holds at most maxPrepared of them.
const maxPrepared = 1000

var preparedName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_@:]{1,256}$`)

// prepared is one stored prepared statement.
type prepared struct {
	query       string
	description string
	modified    time.Time
}

// preparedStore holds the prepared statements of every work group. It is
// safe for concurrent use.
type preparedStore struct {
	mu      sync.Mutex
	byGroup map[string]map[string]prepared
}

func newPreparedStore() *preparedStore {
	return &preparedStore{byGroup: map[string]map[string]prepared{}}
}

// Errors of preparedStore; the callers turn them into Athena's.
var (
	errPreparedExists  = fmt.Errorf("prepared statement exists")
	errPreparedMissing = fmt.Errorf("prepared statement not found")
	errPreparedTooMany = fmt.Errorf("too many prepared statements")
	errPreparedBadName = fmt.Errorf("bad prepared statement name")
)

// put stores name in group. create demands that name be new; otherwise an
// existing statement is replaced (SQL PREPARE).
func (p *preparedStore) put(group, name, query, description string, create bool) error {
	if !preparedName.MatchString(name) {
		return errPreparedBadName
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	g := p.byGroup[group]
	if g == nil {
		g = map[string]prepared{}
		p.byGroup[group] = g
	}
	if _, ok := g[name]; ok {
		if create {
			return errPreparedExists
		}
	} else if len(g) >= maxPrepared {
		return errPreparedTooMany
	}
	g[name] = prepared{query: query, description: description, modified: time.Now()}
	return nil
}

// update replaces an existing statement.
func (p *preparedStore) update(group, name, query, description string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	g := p.byGroup[group]
	if _, ok := g[name]; !ok {
		return errPreparedMissing
	}
	g[name] = prepared{query: query, description: description, modified: time.Now()}
	return nil
}

func (p *preparedStore) get(group, name string) (prepared, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ps, ok := p.byGroup[group][name]
	return ps, ok
}

func (p *preparedStore) remove(group, name string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	g := p.byGroup[group]
	if _, ok := g[name]; !ok {
		return false
	}
	delete(g, name)
	return true
}

// dropGroup forgets every statement of group.
func (p *preparedStore) dropGroup(group string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.byGroup, group)
}

// names returns the statement names of group, sorted.
func (p *preparedStore) names(group string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	names := make([]string, 0, len(p.byGroup[group]))
	for n := range p.byGroup[group] {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// The API operations. Athena's exact messages for these errors are not in
// FACTS; the texts below are Athena-like choices (unverified).

func (s *Server) checkWorkGroup(name string) *protocol.Error {
	if _, ok := s.groups.get(name); !ok {
		return protocol.InvalidRequest("INVALID_INPUT", "WorkGroup is not found.")
	}
	return nil
}

func preparedNotFound(name, group string) *protocol.Error {
	return protocol.ResourceNotFound(fmt.Sprintf("Prepared statement %s was not found in work group %s.", name, group), name)
}

func preparedPutError(err error, name, group string) *protocol.Error {
	switch err {
	case errPreparedExists:
		return protocol.InvalidRequest("INVALID_INPUT", fmt.Sprintf("Prepared statement %s already exists in work group %s.", name, group))
	case errPreparedTooMany:
		return protocol.InvalidRequest("INVALID_INPUT", fmt.Sprintf("Work group %s has reached the limit of %d prepared statements.", group, maxPrepared))
	case errPreparedMissing:
		return preparedNotFound(name, group)
	}
	return protocol.InvalidRequest("INVALID_INPUT", "Invalid prepared statement name: "+name)
}

func (s *Server) createPreparedStatement(in *protocol.CreatePreparedStatementInput) (any, *protocol.Error) {
	if perr := s.checkWorkGroup(in.WorkGroup); perr != nil {
		return nil, perr
	}
	if err := s.prepared.put(in.WorkGroup, in.StatementName, in.QueryStatement, in.Description, true); err != nil {
		return nil, preparedPutError(err, in.StatementName, in.WorkGroup)
	}
	return &protocol.CreatePreparedStatementOutput{}, nil
}

func (s *Server) updatePreparedStatement(in *protocol.UpdatePreparedStatementInput) (any, *protocol.Error) {
	if perr := s.checkWorkGroup(in.WorkGroup); perr != nil {
		return nil, perr
	}
	if err := s.prepared.update(in.WorkGroup, in.StatementName, in.QueryStatement, in.Description); err != nil {
		return nil, preparedPutError(err, in.StatementName, in.WorkGroup)
	}
	return &protocol.UpdatePreparedStatementOutput{}, nil
}

func (s *Server) getPreparedStatement(in *protocol.GetPreparedStatementInput) (any, *protocol.Error) {
	if perr := s.checkWorkGroup(in.WorkGroup); perr != nil {
		return nil, perr
	}
	ps, ok := s.prepared.get(in.WorkGroup, in.StatementName)
	if !ok {
		return nil, preparedNotFound(in.StatementName, in.WorkGroup)
	}
	out := ps.describe(in.StatementName, in.WorkGroup)
	return &protocol.GetPreparedStatementOutput{PreparedStatement: &out}, nil
}

func (p prepared) describe(name, group string) protocol.PreparedStatement {
	return protocol.PreparedStatement{StatementName: name, QueryStatement: p.query, WorkGroupName: group,
		Description: p.description, LastModifiedTime: epoch(p.modified)}
}

func (s *Server) listPreparedStatements(in *protocol.ListPreparedStatementsInput) (any, *protocol.Error) {
	if perr := s.checkWorkGroup(in.WorkGroup); perr != nil {
		return nil, perr
	}
	names := s.prepared.names(in.WorkGroup)
	page, next, perr := paginate(s.pages, names, in.NextToken, in.MaxResults, 50, "listPreparedStatements")
	if perr != nil {
		return nil, perr
	}
	out := &protocol.ListPreparedStatementsOutput{PreparedStatements: make([]protocol.PreparedStatementSummary, 0, len(page)), NextToken: next}
	for _, name := range page {
		ps, ok := s.prepared.get(in.WorkGroup, name)
		if !ok {
			continue // deleted since the names were read
		}
		out.PreparedStatements = append(out.PreparedStatements, protocol.PreparedStatementSummary{
			StatementName: name, LastModifiedTime: epoch(ps.modified)})
	}
	return out, nil
}

func (s *Server) deletePreparedStatement(in *protocol.DeletePreparedStatementInput) (any, *protocol.Error) {
	if perr := s.checkWorkGroup(in.WorkGroup); perr != nil {
		return nil, perr
	}
	if !s.prepared.remove(in.WorkGroup, in.StatementName) {
		return nil, preparedNotFound(in.StatementName, in.WorkGroup)
	}
	return &protocol.DeletePreparedStatementOutput{}, nil
}

func (s *Server) batchGetPreparedStatement(in *protocol.BatchGetPreparedStatementInput) (any, *protocol.Error) {
	if perr := s.checkWorkGroup(in.WorkGroup); perr != nil {
		return nil, perr
	}
	out := &protocol.BatchGetPreparedStatementOutput{PreparedStatements: []protocol.PreparedStatement{},
		UnprocessedPreparedStatementNames: []protocol.UnprocessedPreparedStatementName{}}
	for _, name := range in.PreparedStatementNames {
		ps, ok := s.prepared.get(in.WorkGroup, name)
		if !ok {
			// STATEMENT_NOT_FOUND is a documented ErrorCode; the message is
			// an Athena-like choice (unverified).
			out.UnprocessedPreparedStatementNames = append(out.UnprocessedPreparedStatementNames, protocol.UnprocessedPreparedStatementName{
				StatementName: name, ErrorCode: "STATEMENT_NOT_FOUND",
				ErrorMessage: fmt.Sprintf("Prepared statement %s was not found in work group %s.", name, in.WorkGroup)})
			continue
		}
		out.PreparedStatements = append(out.PreparedStatements, ps.describe(name, in.WorkGroup))
	}
	return out, nil
}

// preparedSQL is a parsed PREPARE, EXECUTE or DEALLOCATE PREPARE statement.
type preparedSQL struct {
	kind  sqltext.StatementKind
	name  string
	body  string   // PREPARE: the statement text after FROM
	using []string // EXECUTE: the texts of the USING expressions; nil without USING
}

// parsePreparedSQL parses the prepared-statement forms of sql, a normalized
// statement of class kind. Errors are Trino-like syntax errors.
func parsePreparedSQL(sql string, kind sqltext.StatementKind) (*preparedSQL, error) {
	toks, err := sqltext.Tokenize(sql)
	if err != nil {
		return nil, err
	}
	var sig []sqltext.Token
	for _, t := range toks {
		if t.Kind != sqltext.Whitespace && t.Kind != sqltext.Comment {
			sig = append(sig, t)
		}
	}
	for len(sig) > 0 && sig[len(sig)-1].IsOp(";") {
		sig = sig[:len(sig)-1]
	}
	i := 0
	expected := func(want string) error {
		line, col, word := 1, len([]rune(sql))+1, "<EOF>"
		if i < len(sig) {
			line, col, word = sig[i].Line, sig[i].Col, sig[i].Text
		} else if len(sig) > 0 {
			last := sig[len(sig)-1]
			line, col = last.Line, last.Col+len([]rune(last.Text))
		}
		return &sqltext.SyntaxError{Line: line, Col: col, Code: sqltext.CodeMalformedQuery,
			Msg: fmt.Sprintf("mismatched input '%s'. Expecting: %s", word, want)}
	}
	word := func(w string) bool {
		if i < len(sig) && (sig[i].Kind == sqltext.Keyword || sig[i].Kind == sqltext.Ident) && strings.EqualFold(sig[i].Text, w) {
			i++
			return true
		}
		return false
	}
	ident := func() (string, bool) {
		if i >= len(sig) {
			return "", false
		}
		t := sig[i]
		switch t.Kind {
		case sqltext.Ident:
			i++
			return t.Text, true
		case sqltext.QuotedIdent:
			i++
			return strings.ReplaceAll(t.Text[1:len(t.Text)-1], `""`, `"`), true
		}
		return "", false
	}
	p := &preparedSQL{kind: kind}
	var ok bool
	switch kind {
	case sqltext.StmtPrepare:
		word("PREPARE")
		if p.name, ok = ident(); !ok {
			return nil, expected("<identifier>")
		}
		if !word("FROM") {
			return nil, expected("'FROM'")
		}
		if i >= len(sig) {
			return nil, expected("<query>")
		}
		p.body = strings.TrimSpace(sql[sig[i].Pos:sig[len(sig)-1].End()])
		return p, nil
	case sqltext.StmtExecute:
		word("EXECUTE")
		if p.name, ok = ident(); !ok {
			return nil, expected("<identifier>")
		}
		if i == len(sig) {
			return p, nil
		}
		if !word("USING") {
			return nil, expected("'USING', <EOF>")
		}
		p.using = []string{}
		for {
			start, depth := i, 0
			for ; i < len(sig); i++ {
				t := sig[i]
				if t.IsOp("(") || t.IsOp("[") {
					depth++
				} else if t.IsOp(")") || t.IsOp("]") {
					depth--
				} else if t.IsOp(",") && depth == 0 {
					break
				}
			}
			if i == start {
				return nil, expected("<expression>")
			}
			p.using = append(p.using, sql[sig[start].Pos:sig[i-1].End()])
			if i == len(sig) {
				return p, nil
			}
			i++ // the comma
		}
	case sqltext.StmtDeallocate:
		word("DEALLOCATE")
		if !word("PREPARE") {
			return nil, expected("'PREPARE'")
		}
		if p.name, ok = ident(); !ok {
			return nil, expected("<identifier>")
		}
		if i != len(sig) {
			return nil, expected("<EOF>")
		}
		return p, nil
	}
	return nil, fmt.Errorf("not a prepared statement form")
}

// isPreparedKind reports whether kind is PREPARE, EXECUTE or DEALLOCATE.
func isPreparedKind(kind sqltext.StatementKind) bool {
	return kind == sqltext.StmtPrepare || kind == sqltext.StmtExecute || kind == sqltext.StmtDeallocate
}

// checkPrepared checks a prepared-statement form at start: it must parse,
// and a PREPARE must hold a statement of a known kind.
func checkPrepared(sql string, class sqltext.Class) *protocol.Error {
	p, err := parsePreparedSQL(sql, class.Kind)
	if err != nil {
		return rejection(err)
	}
	if p.kind == sqltext.StmtPrepare && sqltext.Classify(p.body).StatementType == "" {
		return protocol.InvalidRequest("MALFORMED_QUERY", unknownStatement(p.body))
	}
	return nil
}

// executePrepared runs PREPARE, EXECUTE and DEALLOCATE PREPARE in q's work
// group. The error names and texts follow Trino's (unverified for Athena).
func (s *Server) executePrepared(ctx context.Context, q *query) (*outcome, error) {
	p, err := parsePreparedSQL(q.sql, q.class.Kind)
	if err != nil {
		return nil, athena.NewQueryError("SYNTAX_ERROR", err.Error())
	}
	if p.using != nil && len(q.params) > 0 {
		// The ExecutionParameters bind to the ? markers of the USING list,
		// as to those of any statement (FACTS §2.1; unverified for EXECUTE).
		bound, err := sqltext.BindParameters(q.sql, q.params)
		if err != nil {
			return nil, athena.NewQueryError("INVALID_PARAMETER_USAGE", err.Error())
		}
		if p, err = parsePreparedSQL(bound, q.class.Kind); err != nil {
			return nil, athena.NewQueryError("SYNTAX_ERROR", err.Error())
		}
	}
	switch p.kind {
	case sqltext.StmtPrepare:
		// SQL PREPARE replaces a statement of the same name, as Trino's
		// session PREPARE does (unverified for Athena).
		switch err := s.prepared.put(q.workGroup, p.name, p.body, "", false); err {
		case nil:
		case errPreparedTooMany:
			return nil, athena.NewQueryError("INVALID_SESSION_PROPERTY", fmt.Sprintf(
				"Work group %s has reached the limit of %d prepared statements", q.workGroup, maxPrepared))
		default:
			return nil, athena.NewQueryError("SYNTAX_ERROR", "Invalid prepared statement name: "+p.name)
		}
		return &outcome{kind: resultNone}, nil
	case sqltext.StmtDeallocate:
		if !s.prepared.remove(q.workGroup, p.name) {
			return nil, athena.NewQueryError("NOT_FOUND", "Prepared statement not found: "+p.name)
		}
		return &outcome{kind: resultNone}, nil
	}
	ps, ok := s.prepared.get(q.workGroup, p.name)
	if !ok {
		return nil, athena.NewQueryError("NOT_FOUND", "Prepared statement not found: "+p.name)
	}
	body, err := sqltext.Normalize(ps.query)
	if err != nil {
		return nil, athena.NewQueryError("SYNTAX_ERROR", err.Error())
	}
	class := sqltext.Classify(body)
	if class.Substatement != "SELECT" {
		return nil, athena.NewQueryError("NOT_SUPPORTED", fmt.Sprintf(
			"EXECUTE of %s statements is not supported by the emulator yet", strings.ReplaceAll(class.Substatement, "_", " ")))
	}
	// The USING values are bound to the statement's ? markers in order, as
	// ExecutionParameters are; without USING the query's own
	// ExecutionParameters apply.
	params := q.params
	if p.using != nil {
		params = p.using
	}
	inner := &query{id: q.id, sql: body, class: class, database: q.database, workGroup: q.workGroup,
		params: params, submitted: q.submitted}
	return s.executeSelect(ctx, inner)
}
