package spark

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/athenaq/athenaq/emulator/internal/objstore"
	"github.com/athenaq/athenaq/emulator/internal/protocol"
	"github.com/athenaq/athenaq/emulator/internal/results"
	"github.com/athenaq/athenaq/internal/uuid"
)

// calculation is one calculation execution. The fields above the marker
// never change after StartCalculationExecution; the others are guarded by
// Service.mu.
type calculation struct {
	id          string
	description string
	code        string
	token       string
	fingerprint string // the request without its token
	session     *session
	submitted   time.Time

	// Guarded by Service.mu.
	state, reason string
	started       time.Time // RUNNING since; zero before
	completed     time.Time
	cancel        context.CancelFunc // set while the worker holds it
	stopped       bool               // StopCalculationExecution asked for it
	result        *protocol.CalculationResult
	progress      string
}

// Object names under a session's working directory <L><session-id>/, for
// calculation <id> (the real names are unverified):
//
//	<id>/stdout.txt          what the code printed (text/plain)
//	<id>/stderr.txt          the error output, e.g. a Python traceback (text/plain)
//	<id>/result/             ResultS3Uri, a folder holding one object:
//	<id>/result/result.csv   a table, in Athena's CSV format (ResultType text/csv)
//	<id>/result/result.txt   the repr of a Python value, or empty (ResultType text/plain)
const (
	stdoutName      = "stdout.txt"
	stderrName      = "stderr.txt"
	resultFolder    = "result/"
	resultCSVName   = "result.csv"
	resultTextName  = "result.txt"
	contentTypeText = "text/plain"
	contentTypeCSV  = "text/csv"
)

// StartCalculationExecution queues a calculation in a session. The session
// runs its calculations one at a time, in submission order.
func (s *Service) StartCalculationExecution(in *protocol.StartCalculationExecutionInput) (*protocol.StartCalculationExecutionOutput, *protocol.Error) {
	// Both messages are unverified.
	var code *string
	if cc := in.CalculationConfiguration; cc != nil && cc.CodeBlock != nil {
		code = cc.CodeBlock
	}
	switch {
	case code != nil && in.CodeBlock != nil:
		return nil, protocol.InvalidRequest(protocol.CodeInvalidInput,
			"Only one of CodeBlock or CalculationConfiguration can be set.")
	case in.CodeBlock != nil:
		code = in.CodeBlock
	case code == nil:
		return nil, protocol.InvalidRequest(protocol.CodeInvalidInput,
			"CodeBlock is required: set CodeBlock (or the deprecated CalculationConfiguration.CodeBlock).")
	}
	fp := fingerprint(in, &in.ClientRequestToken)
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if in.ClientRequestToken != "" {
		if prev, ok := s.calcTokens[in.ClientRequestToken]; ok {
			if prev.fingerprint != fp {
				return nil, idempotentMismatch()
			}
			return &protocol.StartCalculationExecutionOutput{CalculationExecutionId: prev.id, State: prev.state}, nil
		}
	}
	sess, ok := s.sessions[in.SessionId]
	if !ok {
		return nil, sessionNotFound(in.SessionId)
	}
	switch sess.state {
	case protocol.SessionTerminating, protocol.SessionTerminated, protocol.SessionFailed, protocol.SessionDegraded:
		// The text Athena gives is unverified.
		return nil, protocol.InvalidRequest(protocol.CodeInvalidInput, fmt.Sprintf(
			"Session %s is %s and cannot run calculations.", sess.id, sess.state))
	}
	c := &calculation{
		id: uuid.NewV4(), description: in.Description, code: *code, token: in.ClientRequestToken, fingerprint: fp,
		session: sess, submitted: now,
		// CREATING and CREATED pass at once: the calculation waits in
		// QUEUED until the session's worker takes it.
		state: protocol.CalculationQueued,
	}
	if c.token != "" {
		s.calcTokens[c.token] = c
	}
	s.calcs[c.id] = c
	sess.calcs = append(sess.calcs, c)
	sess.queue = append(sess.queue, c)
	select {
	case sess.wake <- struct{}{}:
	default:
	}
	return &protocol.StartCalculationExecutionOutput{CalculationExecutionId: c.id, State: protocol.CalculationCreating}, nil
}

// GetCalculationExecution describes a calculation. Result appears once the
// calculation has written its files, before its state is terminal.
func (s *Service) GetCalculationExecution(in *protocol.GetCalculationExecutionInput) (*protocol.GetCalculationExecutionOutput, *protocol.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.calcs[in.CalculationExecutionId]
	if !ok {
		return nil, calculationNotFound(in.CalculationExecutionId)
	}
	out := &protocol.GetCalculationExecutionOutput{
		CalculationExecutionId: c.id,
		Description:            c.description,
		SessionId:              c.session.id,
		Statistics:             c.statisticsLocked(time.Now()),
		Status:                 c.statusLocked(),
		WorkingDirectory:       c.session.workDir.String(),
	}
	if c.result != nil {
		r := *c.result
		out.Result = &r
	}
	return out, nil
}

// GetCalculationExecutionStatus returns a calculation's state and
// statistics.
func (s *Service) GetCalculationExecutionStatus(in *protocol.GetCalculationExecutionStatusInput) (*protocol.GetCalculationExecutionStatusOutput, *protocol.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.calcs[in.CalculationExecutionId]
	if !ok {
		return nil, calculationNotFound(in.CalculationExecutionId)
	}
	return &protocol.GetCalculationExecutionStatusOutput{Statistics: c.statisticsLocked(time.Now()), Status: c.statusLocked()}, nil
}

// GetCalculationExecutionCode returns a calculation's code block.
func (s *Service) GetCalculationExecutionCode(in *protocol.GetCalculationExecutionCodeInput) (*protocol.GetCalculationExecutionCodeOutput, *protocol.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.calcs[in.CalculationExecutionId]
	if !ok {
		return nil, calculationNotFound(in.CalculationExecutionId)
	}
	return &protocol.GetCalculationExecutionCodeOutput{CodeBlock: protocol.Ptr(c.code)}, nil
}

// StopCalculationExecution cancels a calculation: a queued one is CANCELED
// at once; a running one is CANCELING until its work (a Python process is
// killed) has stopped, then CANCELED. A finished one is left as it is.
func (s *Service) StopCalculationExecution(in *protocol.StopCalculationExecutionInput) (*protocol.StopCalculationExecutionOutput, *protocol.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.calcs[in.CalculationExecutionId]
	if !ok {
		return nil, calculationNotFound(in.CalculationExecutionId)
	}
	if c.terminalLocked() || c.state == protocol.CalculationCanceling {
		return &protocol.StopCalculationExecutionOutput{State: c.state}, nil
	}
	sess := c.session
	if sess.current != c {
		// Still in the queue.
		for i, q := range sess.queue {
			if q == c {
				sess.queue = append(sess.queue[:i:i], sess.queue[i+1:]...)
				break
			}
		}
		c.endLocked(protocol.CalculationCanceled, "", time.Now())
		return &protocol.StopCalculationExecutionOutput{State: c.state}, nil
	}
	c.stopped = true
	c.state = protocol.CalculationCanceling
	if c.cancel != nil {
		c.cancel()
	}
	return &protocol.StopCalculationExecutionOutput{State: c.state}, nil
}

// ListCalculationExecutions lists a session's calculations, newest first.
func (s *Service) ListCalculationExecutions(in *protocol.ListCalculationExecutionsInput) (*protocol.ListCalculationExecutionsOutput, *protocol.Error) {
	s.mu.Lock()
	sess, ok := s.sessions[in.SessionId]
	if !ok {
		s.mu.Unlock()
		return nil, sessionNotFound(in.SessionId)
	}
	var all []protocol.CalculationSummary
	for i := len(sess.calcs) - 1; i >= 0; i-- {
		c := sess.calcs[i]
		if in.StateFilter != "" && c.state != in.StateFilter {
			continue
		}
		all = append(all, protocol.CalculationSummary{CalculationExecutionId: c.id, Description: c.description, Status: c.statusLocked()})
	}
	s.mu.Unlock()
	page, next, perr := paginate(s.cfg.Tokens, all, in.NextToken, in.MaxResults, "calculations")
	if perr != nil {
		return nil, perr
	}
	return &protocol.ListCalculationExecutionsOutput{Calculations: page, NextToken: next}, nil
}

// runCalculation runs c, which the session's worker has taken, to a
// terminal state. sessCtx ends when the session ends.
func (s *Service) runCalculation(sessCtx context.Context, sess *session, c *calculation) {
	ctx, cancel := context.WithCancel(sessCtx)
	defer cancel()
	s.mu.Lock()
	c.cancel = cancel
	if c.stopped {
		cancel()
	}
	s.mu.Unlock()
	if !sleepCtx(ctx, s.cfg.QueueDelay-time.Since(c.submitted)) {
		s.finish(ctx, sess, c, nil)
		return
	}
	s.mu.Lock()
	if c.state == protocol.CalculationQueued {
		c.state = protocol.CalculationRunning
		c.started = time.Now()
	}
	s.mu.Unlock()
	out := s.execute(ctx, sess, c)
	sleepCtx(ctx, s.cfg.RunDelay-time.Since(c.submitted))
	s.finish(ctx, sess, c, out)
}

// output is what running a code block produced.
type output struct {
	stdout, stderr []byte
	// failure, when set, ends the calculation FAILED with this reason.
	failure string
	// table or text is the calculation's value, for the result folder.
	table *Table
	text  string
}

// execute runs c's code block: a %%sql block on the engine, any other cell
// magic fails as IPython would, and the rest is Python.
func (s *Service) execute(ctx context.Context, sess *session, c *calculation) *output {
	magic, body, ok := cellMagic(c.code)
	if !ok {
		return s.runPython(ctx, sess, c.code)
	}
	if magic != "sql" {
		msg := "UsageError: Cell magic `%%" + magic + "` not found."
		return &output{stderr: []byte(msg + "\n"), failure: msg}
	}
	t, err := s.cfg.SQL(ctx, SQLRequest{SQL: body, Database: "default", WorkGroup: sess.workGroup, Output: sess.output})
	if err != nil {
		msg := "AnalysisException: " + err.Error()
		return &output{stderr: []byte(msg + "\n"), failure: msg}
	}
	return &output{stdout: []byte(Show(t, 20, 20, false) + "\n"), table: t}
}

// cellMagic splits a code block that starts with a cell magic ("%%sql"),
// after any blank lines, into the magic's name and the rest of the block.
func cellMagic(code string) (name, body string, ok bool) {
	rest := code
	for {
		line, after, found := strings.Cut(rest, "\n")
		if strings.TrimSpace(line) != "" || !found {
			break
		}
		rest = after
	}
	line, body, _ := strings.Cut(rest, "\n")
	line = strings.TrimSpace(line)
	name, found := strings.CutPrefix(line, "%%")
	if !found {
		return "", "", false
	}
	name, _, _ = strings.Cut(name, " ")
	return name, body, true
}

// finish writes c's output objects and then moves c to its terminal state,
// so that a client that sees the state can read the objects at once.
func (s *Service) finish(ctx context.Context, sess *session, c *calculation, out *output) {
	state, reason := protocol.CalculationCompleted, ""
	switch {
	case ctx.Err() != nil:
		s.mu.Lock()
		stopped := c.stopped
		s.mu.Unlock()
		if stopped {
			state = protocol.CalculationCanceled
		} else {
			// The session ended under it (FACTS §2.11: running calculations
			// are stopped and may show FAILED); the reason is unverified.
			state, reason = protocol.CalculationFailed, "The session ended while the calculation was running."
		}
	case out.failure != "":
		state, reason = protocol.CalculationFailed, out.failure
	case s.cfg.FailCalculation != nil && s.cfg.FailCalculation():
		state, reason = protocol.CalculationFailed, "Injected failure (emulator fail rate)"
		out.stderr = append(out.stderr, reason+"\n"...)
	}
	var result *protocol.CalculationResult
	if out != nil {
		var err error
		result, err = s.write(sess, c, out, state == protocol.CalculationCompleted)
		if err != nil {
			s.log.Warn("spark: write calculation output", "calculation", c.id, "err", err)
			if state == protocol.CalculationCompleted {
				state, reason = protocol.CalculationFailed, "Failed to write the calculation output: "+err.Error()
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if !c.started.IsZero() {
		sess.dpuMillis += c.dpuMillisLocked(now)
	}
	c.result = result
	if state == protocol.CalculationCompleted {
		c.progress = "100%"
	}
	c.endLocked(state, reason, now)
	c.cancel = nil
}

// write puts c's stdout and stderr objects, and its result object when
// withResult is set, under the session's working directory.
func (s *Service) write(sess *session, c *calculation, out *output, withResult bool) (*protocol.CalculationResult, error) {
	// The service's context, not the calculation's: a cancelled
	// calculation still leaves what it printed.
	ctx := s.ctx
	dir := objstore.URI{Bucket: sess.workDir.Bucket, Key: sess.workDir.Key + c.id + "/"}
	put := func(name, contentType string, body []byte) error {
		return s.cfg.Store.Put(ctx, dir.Bucket, dir.Key+name, bytes.NewReader(body), int64(len(body)), contentType)
	}
	if err := put(stdoutName, contentTypeText, out.stdout); err != nil {
		return nil, err
	}
	if err := put(stderrName, contentTypeText, out.stderr); err != nil {
		return nil, err
	}
	r := &protocol.CalculationResult{
		StdOutS3Uri:   dir.String() + stdoutName,
		StdErrorS3Uri: dir.String() + stderrName,
	}
	if !withResult {
		return r, nil
	}
	name, contentType, body := resultTextName, contentTypeText, []byte(out.text)
	if out.table != nil {
		name, contentType, body = resultCSVName, contentTypeCSV, tableCSV(out.table)
	}
	if err := put(resultFolder+name, contentType, body); err != nil {
		return nil, err
	}
	r.ResultS3Uri, r.ResultType = dir.String()+resultFolder, contentType
	return r, nil
}

// tableCSV writes t in Athena's CSV result format (FACTS §4.2).
func tableCSV(t *Table) []byte {
	labels := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		labels[i] = c.Name
	}
	b := results.AppendHeader(nil, labels)
	for _, r := range t.Rows {
		b = results.AppendRow(b, r)
	}
	return b
}

// endLocked moves c to a terminal state.
func (c *calculation) endLocked(state, reason string, now time.Time) {
	if c.terminalLocked() {
		return
	}
	c.state, c.reason, c.completed = state, reason, now
}

func (c *calculation) terminalLocked() bool {
	switch c.state {
	case protocol.CalculationCompleted, protocol.CalculationFailed, protocol.CalculationCanceled:
		return true
	}
	return false
}

func (c *calculation) statusLocked() *protocol.CalculationStatus {
	st := &protocol.CalculationStatus{
		State:              c.state,
		StateChangeReason:  c.reason,
		SubmissionDateTime: protocol.NewTime(c.submitted),
	}
	if !c.completed.IsZero() {
		st.CompletionDateTime = protocol.NewTime(c.completed)
	}
	return st
}

func (c *calculation) statisticsLocked(now time.Time) *protocol.CalculationStatistics {
	return &protocol.CalculationStatistics{DpuExecutionInMillis: protocol.Ptr(c.dpuMillisLocked(now)), Progress: c.progress}
}

// dpuMillisLocked is c's running time in milliseconds: the emulator counts
// one DPU per calculation.
func (c *calculation) dpuMillisLocked(now time.Time) int64 {
	if c.started.IsZero() {
		return 0
	}
	end := now
	if !c.completed.IsZero() {
		end = c.completed
	}
	return max(1, end.Sub(c.started).Milliseconds())
}

// calculationNotFound answers an unknown calculation id (FACTS §1.4; the
// message is unverified).
func calculationNotFound(id string) *protocol.Error {
	return protocol.ResourceNotFound("Calculation "+id+" was not found", id)
}

// paginate returns the page of items that token starts (at most maxResults,
// default 100) and the token of the next page, signed by tokens when set.
func paginate[T any](tokens TokenSigner, items []T, token string, maxResults *int32, kind string) ([]T, string, *protocol.Error) {
	start := 0
	if token != "" {
		pos, ok := decodeToken(tokens, kind, token)
		if !ok || pos < 0 || pos > len(items) {
			return nil, "", protocol.InvalidRequest(protocol.CodeInvalidInput, "The nextPageToken is malformed: "+token)
		}
		start = pos
	}
	n := 100
	if maxResults != nil && *maxResults > 0 {
		n = int(*maxResults)
	}
	end := min(start+n, len(items))
	page := append(make([]T, 0, end-start), items[start:end]...)
	next := ""
	if end < len(items) {
		if tokens != nil {
			next = tokens.Encode(kind, int64(end))
		} else {
			next = base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + strconv.Itoa(end)))
		}
	}
	return page, next, nil
}

// decodeToken reads a page token: a signed one, or the plain form that an
// unsigned service (tests) issues.
func decodeToken(tokens TokenSigner, kind, token string) (int, bool) {
	if tokens != nil {
		pos, ok := tokens.Decode(kind, token)
		return int(pos), ok
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || !strings.HasPrefix(string(raw), kind+":") {
		return 0, false
	}
	pos, err := strconv.Atoi(strings.TrimPrefix(string(raw), kind+":"))
	return pos, err == nil
}
