package spark

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/internal/clientcore"
	"github.com/athenaq/athenaq/internal/poll"
)

// registry is the spark state of one athenaq.Client, kept as a
// clientcore.Extension: the Client makes it on first use and closes it in
// Close. Its poller checks the client's calculations until they end and
// its sessions while someone waits for them, with the client's limiter and
// throttle retries on every call.
type registry struct {
	core    clientcore.Core
	detach  bool // Config.DetachOnCancel
	poller  *poll.Poller
	tracing tracing

	// mu guards calcs, watches, sessions and closed. The poller's Add and
	// Remove of session ids happen under it, so that a watch and its
	// polling start and end together.
	mu      sync.Mutex
	calcs   map[string]*Calculation
	watches map[string]*watch
	// sessions are the traced sessions whose TraceSessionEnd is due; Close
	// calls it for those left.
	sessions map[string]*Session
	closed   bool
}

// watch is the status of a session that one or more callers wait for.
type watch struct {
	status  SessionStatus
	seen    bool
	err     error         // a refused status check, or athenaq.ErrClosed
	changed chan struct{} // closed and replaced at each status
	waiters int
}

type registryKey struct{}

// fetchBatch is the most ids one poll gets. Athena has no batch call for
// sessions or calculations: each id costs a call, and the calls of a poll
// go out together.
const fetchBatch = 10

func registryOf(client *athenaq.Client) (*registry, error) {
	if client == nil {
		return nil, errors.New("athenaq: spark: nil *athenaq.Client")
	}
	core := clientcore.Of(client)
	cfg := client.Config()
	e, err := core.Extension(registryKey{}, func() clientcore.Extension {
		r := &registry{core: core, detach: cfg.DetachOnCancel, calcs: map[string]*Calculation{}, watches: map[string]*watch{},
			sessions: map[string]*Session{}, tracing: newTracing(cfg.Tracer, core.Logger())}
		r.poller = poll.New(poll.Options{Min: cfg.PollInterval, Max: cfg.MaxPollInterval, Batch: fetchBatch, Fetch: r.fetch,
			Room: func() bool { return core.Room("GetCalculationExecutionStatus") }})
		return r
	})
	if err != nil {
		return nil, fmt.Errorf("athenaq: spark: %w", err)
	}
	return e.(*registry), nil
}

// Close stops the poller; calculations in flight end with
// athenaq.ErrClosed, and so do the waits for sessions.
func (r *registry) Close() {
	r.poller.Close()
	r.mu.Lock()
	r.closed = true
	calcs := make([]*Calculation, 0, len(r.calcs))
	for _, c := range r.calcs {
		calcs = append(calcs, c)
	}
	for _, w := range r.watches {
		w.err = athenaq.ErrClosed
		close(w.changed)
		w.changed = make(chan struct{})
	}
	sessions := make([]*Session, 0, len(r.sessions))
	for _, s := range r.sessions {
		sessions = append(sessions, s)
	}
	r.mu.Unlock()
	for _, c := range calcs {
		c.finish(CalculationStatus{}, athenaq.ErrClosed)
	}
	for _, s := range sessions {
		s.traceEnd(athenaq.ErrClosed)
	}
}

// remember keeps a traced session until its TraceSessionEnd.
func (r *registry) remember(s *Session) {
	r.mu.Lock()
	r.sessions[s.id] = s
	r.mu.Unlock()
}

func (r *registry) forget(s *Session) {
	r.mu.Lock()
	delete(r.sessions, s.id)
	r.mu.Unlock()
}

// Poller ids carry their kind.
func calcKey(id string) string    { return "c/" + id }
func sessionKey(id string) string { return "s/" + id }

// track registers c for polling.
func (r *registry) track(c *Calculation) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return athenaq.ErrClosed
	}
	r.calcs[c.id] = c
	r.poller.Add(calcKey(c.id), c.submitted)
	return nil
}

func (r *registry) untrack(id string) {
	r.mu.Lock()
	delete(r.calcs, id)
	r.mu.Unlock()
}

func (r *registry) lookup(id string) *Calculation {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calcs[id]
}

// waitSession polls session id until until reports true, ctx ends, a
// status check is refused or the client closes. since is when the awaited
// change began, for the poller's schedule. It returns the last status
// seen, zero if none.
func (r *registry) waitSession(ctx context.Context, id string, since time.Time, until func(SessionStatus) (bool, error)) (SessionStatus, error) {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return SessionStatus{}, athenaq.ErrClosed
	}
	w := r.watches[id]
	if w == nil {
		w = &watch{changed: make(chan struct{})}
		r.watches[id] = w
		r.poller.Add(sessionKey(id), since)
	} else {
		// Someone else waits already: the caller expects a change now.
		r.poller.CheckSoon(sessionKey(id))
	}
	w.waiters++
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		w.waiters--
		if w.waiters == 0 && r.watches[id] == w {
			delete(r.watches, id)
			r.poller.Remove(sessionKey(id))
		}
		r.mu.Unlock()
	}()
	for {
		r.mu.Lock()
		st, seen, err, changed := w.status, w.seen, w.err, w.changed
		r.mu.Unlock()
		if err != nil {
			return st, err
		}
		if seen {
			if ok, err := until(st); ok {
				return st, err
			}
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return st, ctx.Err()
		}
	}
}

// fetch is the poller's Fetch: one status call per id, sent together. It
// reports the calculations that ended; sessions stop being polled when
// their last waiter leaves. A transient failure (when nothing ended) makes
// the poller back off.
func (r *registry) fetch(ctx context.Context, keys []string) ([]string, error) {
	type answer struct {
		done bool
		err  error
	}
	answers := make([]answer, len(keys))
	var wg sync.WaitGroup
	for i, key := range keys {
		wg.Go(func() {
			done, err := r.check(ctx, key)
			answers[i] = answer{done, err}
		})
	}
	wg.Wait()
	var done []string
	var transient error
	for i, a := range answers {
		switch {
		case a.err != nil:
			transient = a.err
		case a.done:
			done = append(done, keys[i])
		}
	}
	if transient != nil && len(done) == 0 {
		r.tracePollBatch(ctx, keys, transient)
		return nil, transient
	}
	r.tracePollBatch(ctx, keys, nil)
	return done, nil
}

// tracePollBatch reports a poll of keys, one report per kind of id.
func (r *registry) tracePollBatch(ctx context.Context, keys []string, err error) {
	if r.tracing.poll == nil && !r.tracing.debug() {
		return
	}
	var calcs, sessions int
	for _, k := range keys {
		if k[:2] == "s/" {
			sessions++
		} else {
			calcs++
		}
	}
	r.tracing.pollBatch(ctx, "GetCalculationExecutionStatus", calcs, err)
	r.tracing.pollBatch(ctx, "GetSessionStatus", sessions, err)
}

// check asks Athena for the status behind one poller key and hands it on.
// It reports whether polling of the key is over, or a transient error.
func (r *registry) check(ctx context.Context, key string) (bool, error) {
	kind, id := key[:2], key[2:]
	if kind == "s/" {
		st, err := sessionStatus(ctx, r.core, id)
		if err != nil && r.core.Transient(err) {
			r.core.Logger().Debug("athenaq: spark: session status check failed, retrying", "session", id, "err", err)
			return false, err
		}
		r.mu.Lock()
		if w := r.watches[id]; w != nil {
			if err != nil {
				w.err = fmt.Errorf("athenaq: spark: session %s: status check refused: %w", id, err)
			} else {
				w.status, w.seen = st, true
			}
			close(w.changed)
			w.changed = make(chan struct{})
		}
		r.mu.Unlock()
		return false, nil
	}
	var out *athena.GetCalculationExecutionStatusOutput
	err := r.core.Call(ctx, "GetCalculationExecutionStatus", func(ctx context.Context) error {
		var err error
		out, err = r.core.Athena().GetCalculationExecutionStatus(ctx,
			&athena.GetCalculationExecutionStatusInput{CalculationExecutionId: aws.String(id)})
		return err
	})
	c := r.lookup(id)
	switch {
	case err != nil && r.core.Transient(err):
		r.core.Logger().Debug("athenaq: spark: calculation status check failed, retrying", "calculation", id, "err", err)
		return false, err
	case err != nil:
		if c != nil {
			c.finish(CalculationStatus{}, fmt.Errorf("athenaq: spark: calculation %s: status check refused: %w", id, err))
		}
		return true, nil
	case c == nil:
		return true, nil
	}
	st := calculationStatusFrom(id, c.sessionID, out.Status, out.Statistics)
	c.tracePoll(st, c.setStatus(st))
	if st.State.Terminal() {
		c.finish(st, nil)
		return true, nil
	}
	return false, nil
}

// sessionStatus is GetSessionStatus.
func sessionStatus(ctx context.Context, core clientcore.Core, id string) (SessionStatus, error) {
	var out *athena.GetSessionStatusOutput
	err := core.Call(ctx, "GetSessionStatus", func(ctx context.Context) error {
		var err error
		out, err = core.Athena().GetSessionStatus(ctx, &athena.GetSessionStatusInput{SessionId: aws.String(id)})
		return err
	})
	if err != nil {
		return SessionStatus{}, err
	}
	return sessionStatusFrom(id, out.Status), nil
}
