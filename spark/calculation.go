package spark

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/athenaq/athenaq/internal/clientcore"
	"github.com/athenaq/athenaq/internal/s3read"
)

// Calculation is a handle on one calculation (a code block run in a
// session). Its methods are safe for concurrent use.
type Calculation struct {
	reg       *registry
	id        string
	sessionID string
	submitted time.Time
	done      chan struct{}
	// tctx is the Tracer's context from TraceCalculationStart; nil
	// without a Tracer. Written before the calculation is shared.
	tctx context.Context

	mu       sync.Mutex // guards status, err, ended, detach, stopping, files, stderr, stderrRead
	status   CalculationStatus
	err      error // the client closed, or Athena refused the status check
	ended    bool
	detach   bool
	stopping bool // a background stop is in flight
	files    *athena.GetCalculationExecutionOutput
	stderr   string
	// stderrRead is set once stderr has been read.
	stderrRead bool
}

func newCalculation(reg *registry, id, session string, state CalculationState, detach bool) *Calculation {
	now := time.Now()
	return &Calculation{reg: reg, id: id, sessionID: session, submitted: now, done: make(chan struct{}), detach: detach,
		status: CalculationStatus{CalculationID: id, SessionID: session, State: state, Submitted: now}}
}

// ID returns Athena's CalculationExecutionId.
func (c *Calculation) ID() string { return c.id }

// SessionID returns the id of the calculation's session.
func (c *Calculation) SessionID() string { return c.sessionID }

// Done returns a channel that is closed when the calculation reaches a
// final state (or the client closes), for select loops.
func (c *Calculation) Done() <-chan struct{} { return c.done }

// Status returns the last status the poller saw, without calling Athena:
// the state, DPU time and progress.
func (c *Calculation) Status() CalculationStatus {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status
}

// Wait blocks until the calculation reaches a final state and returns its
// status: a nil error for COMPLETED, a *CalculationError for FAILED (with
// the stderr text, read from S3) and CANCELED.
//
// If ctx ends first, Wait returns at once with the last status seen and a
// *CalculationError that matches ctx's error under errors.Is. Unless
// DetachOnCancel is set (athenaq.Config, or RunOptions), the client then
// stops the calculation in the background (StopCalculationExecution) and
// keeps polling it: Done is closed and Status shows CANCELED once Athena
// confirms. Use Cancel to wait for that confirmation.
func (c *Calculation) Wait(ctx context.Context) (CalculationStatus, error) {
	select {
	case <-c.done:
		return c.outcome(ctx)
	case <-ctx.Done():
	}
	// Both may be ready: a calculation that ended reports how it ended.
	select {
	case <-c.done:
		return c.outcome(ctx)
	default:
	}
	st := c.Status()
	c.mu.Lock()
	detach := c.detach
	c.mu.Unlock()
	if detach {
		return st, &CalculationError{CalculationID: c.id, SessionID: c.sessionID, State: st.State,
			Reason: "left running (DetachOnCancel)", Cause: ctx.Err()}
	}
	c.stopInBackground()
	return st, &CalculationError{CalculationID: c.id, SessionID: c.sessionID, State: st.State, Reason: "stopping", Cause: ctx.Err()}
}

// Cancel stops the calculation (StopCalculationExecution) and waits until
// the poller sees it final: CANCELED, or the state it reached first. A
// calculation that already ended is left as it is.
func (c *Calculation) Cancel(ctx context.Context) error {
	select {
	case <-c.done:
		return nil
	default:
	}
	if err := stopCalculation(ctx, c.reg.core, c.id); err != nil {
		return err
	}
	c.reg.poller.CheckSoon(calcKey(c.id))
	select {
	case <-c.done:
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Stdout waits until the calculation ends and returns what it printed: the
// text of the file at its StdOutS3Uri, read with the client's S3 client.
// For a "%%sql" block that is the table as Spark's show() draws it. If ctx
// ends while Stdout waits, the calculation keeps running.
func (c *Calculation) Stdout(ctx context.Context) (string, error) {
	out, err := c.execution(ctx)
	if err != nil {
		return "", err
	}
	return c.readText(ctx, "stdout", out.Result.StdOutS3Uri)
}

// Stderr waits until the calculation ends and returns the text of the file
// at its StdErrorS3Uri (the traceback of a FAILED Python block).
func (c *Calculation) Stderr(ctx context.Context) (string, error) {
	c.mu.Lock()
	if c.stderrRead {
		defer c.mu.Unlock()
		return c.stderr, nil
	}
	c.mu.Unlock()
	out, err := c.execution(ctx)
	if err != nil {
		return "", err
	}
	text, err := c.readText(ctx, "stderr", out.Result.StdErrorS3Uri)
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	c.stderr, c.stderrRead = text, true
	c.mu.Unlock()
	return text, nil
}

// Result describes the result of a calculation: its type, and the S3
// objects in its result folder.
type Result struct {
	// Type is Athena's ResultType, a MIME-like string.
	Type string
	// Location is the result folder, ResultS3Uri.
	Location string
	// Files are the S3 URIs of the objects under Location, in key order.
	Files []string
}

// Result waits until the calculation ends and describes its result: the
// ResultType and the objects under ResultS3Uri (listed with the client's
// S3 client). Read a file with ReadFile.
func (c *Calculation) Result(ctx context.Context) (Result, error) {
	out, err := c.execution(ctx)
	if err != nil {
		return Result{}, err
	}
	res := Result{Type: aws.ToString(out.Result.ResultType), Location: aws.ToString(out.Result.ResultS3Uri)}
	if res.Location == "" {
		return res, nil
	}
	rest, ok := strings.CutPrefix(res.Location, "s3://")
	bucket, prefix, _ := strings.Cut(rest, "/")
	if !ok || bucket == "" {
		return res, fmt.Errorf("athenaq: spark: calculation %s: ResultS3Uri %q: want s3://bucket/prefix/", c.id, res.Location)
	}
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	pages := s3.NewListObjectsV2Paginator(c.reg.core.S3(), &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return res, fmt.Errorf("athenaq: spark: calculation %s: list %s: %w", c.id, res.Location, err)
		}
		for _, o := range page.Contents {
			res.Files = append(res.Files, "s3://"+bucket+"/"+aws.ToString(o.Key))
		}
	}
	return res, nil
}

// ReadFile reads one S3 object of the calculation's output, such as a file
// of Result, with the client's S3 client.
func (c *Calculation) ReadFile(ctx context.Context, uri string) ([]byte, error) {
	b, err := readObject(ctx, c.reg.core.S3(), uri)
	if err != nil {
		return nil, fmt.Errorf("athenaq: spark: calculation %s: %w", c.id, err)
	}
	return b, nil
}

// outcome returns the final status and error of an ended calculation.
func (c *Calculation) outcome(ctx context.Context) (CalculationStatus, error) {
	c.mu.Lock()
	st, err := c.status, c.err
	c.mu.Unlock()
	if err != nil {
		return st, err
	}
	switch st.State {
	case CalculationCompleted:
		return st, nil
	case CalculationFailed:
		ce := &CalculationError{CalculationID: c.id, SessionID: c.sessionID, State: st.State, Reason: st.Reason}
		if ctx.Err() != nil {
			return st, ce // no time left to read stderr
		}
		stderr, err := c.Stderr(ctx)
		ce.Stderr = stderr
		if err != nil {
			return st, errors.Join(ce, err)
		}
		return st, ce
	}
	return st, &CalculationError{CalculationID: c.id, SessionID: c.sessionID, State: st.State, Reason: st.Reason}
}

// execution waits for the end and returns GetCalculationExecution's
// answer (once, then kept), which holds the S3 locations of the outputs.
func (c *Calculation) execution(ctx context.Context) (*athena.GetCalculationExecutionOutput, error) {
	select {
	case <-c.done:
	case <-ctx.Done():
		return nil, fmt.Errorf("athenaq: spark: calculation %s: %w", c.id, ctx.Err())
	}
	c.mu.Lock()
	files, err := c.files, c.err
	c.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if files != nil {
		return files, nil
	}
	core := c.reg.core
	err = core.Call(ctx, "GetCalculationExecution", func(ctx context.Context) error {
		var err error
		files, err = core.Athena().GetCalculationExecution(ctx,
			&athena.GetCalculationExecutionInput{CalculationExecutionId: aws.String(c.id)})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("athenaq: spark: calculation %s: %w", c.id, err)
	}
	if files.Result == nil {
		files.Result = new(types.CalculationResult)
	}
	c.mu.Lock()
	c.files = files
	c.mu.Unlock()
	return files, nil
}

// readText reads the output file at uri; a calculation with no such file
// has empty output.
func (c *Calculation) readText(ctx context.Context, what string, uri *string) (string, error) {
	if aws.ToString(uri) == "" {
		return "", nil
	}
	b, err := readObject(ctx, c.reg.core.S3(), *uri)
	if err != nil {
		return "", fmt.Errorf("athenaq: spark: calculation %s: read %s: %w", c.id, what, err)
	}
	return string(b), nil
}

func readObject(ctx context.Context, api *s3.Client, uri string) ([]byte, error) {
	bucket, key, err := s3read.ParseURI(uri)
	if err != nil {
		return nil, err
	}
	out, err := api.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", uri, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", uri, err)
	}
	return b, nil
}

// stopInBackground has the client send StopCalculationExecution for c,
// once, without holding up the caller; the poller then confirms the end.
func (c *Calculation) stopInBackground() {
	c.mu.Lock()
	if c.stopping || c.ended {
		c.mu.Unlock()
		return
	}
	c.stopping = true
	c.mu.Unlock()
	core := c.reg.core
	started := core.Go(func(ctx context.Context) {
		if err := stopCalculation(ctx, core, c.id); err != nil {
			core.Logger().Warn("athenaq: spark: stop calculation", "calculation", c.id, "err", err)
			c.mu.Lock()
			c.stopping = false // a later Wait or Cancel may try again
			c.mu.Unlock()
			return
		}
		c.reg.poller.CheckSoon(calcKey(c.id))
	})
	if !started {
		c.mu.Lock()
		c.stopping = false
		c.mu.Unlock()
	}
}

// stopOrphan resends the StartCalculationExecution of a cancelled Run:
// with the same token Athena answers with the calculation it accepted,
// which is then stopped.
func (r *registry) stopOrphan(in *athena.StartCalculationExecutionInput) {
	core := r.core
	started := core.Go(func(ctx context.Context) {
		var out *athena.StartCalculationExecutionOutput
		err := core.Call(ctx, "StartCalculationExecution", func(ctx context.Context) error {
			var err error
			out, err = core.Athena().StartCalculationExecution(ctx, in)
			return err
		})
		if err == nil {
			err = stopCalculation(ctx, core, aws.ToString(out.CalculationExecutionId))
		}
		if err != nil {
			core.Logger().Warn("athenaq: spark: could not stop the calculation of a cancelled Run", "err", err)
		}
	})
	if !started {
		core.Logger().Warn("athenaq: spark: client closed: the calculation of a cancelled Run may keep running")
	}
}

// stopCalculation is StopCalculationExecution.
func stopCalculation(ctx context.Context, core clientcore.Core, id string) error {
	err := core.Call(ctx, "StopCalculationExecution", func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, callTimeout)
		defer cancel()
		_, err := core.Athena().StopCalculationExecution(ctx, &athena.StopCalculationExecutionInput{CalculationExecutionId: aws.String(id)})
		return err
	})
	if err != nil {
		return fmt.Errorf("athenaq: spark: stop calculation %s: %w", id, err)
	}
	return nil
}

// setStatus records st, unless the calculation has ended, and returns the
// state seen before.
func (c *Calculation) setStatus(st CalculationStatus) CalculationState {
	c.mu.Lock()
	defer c.mu.Unlock()
	prev := c.status.State
	if !c.ended {
		c.status = st
	}
	return prev
}

// finish records the final status once and closes Done.
func (c *Calculation) finish(st CalculationStatus, err error) {
	c.mu.Lock()
	if c.ended {
		c.mu.Unlock()
		return
	}
	c.ended = true
	if st.CalculationID != "" {
		c.status = st
	}
	c.err = err
	final := c.status
	c.mu.Unlock()
	// The end event comes first, so that a tracer has seen it by the time
	// Wait returns.
	c.traceEnd(final, err)
	close(c.done)
	c.reg.untrack(c.id)
}
