package engine

import (
	"context"
	"sync"
)

// connSetups tracks the DuckDB connections being set up (the connector's
// init function creates the session macros on each new connection). The
// database/sql pool may set a connection up on its own goroutine, which no
// call of the Engine waits for; Close cancels those setups and waits for
// them, so that no goroutine outlives the Engine.
type connSetups struct {
	ctx    context.Context // ends when close starts; setups run under it
	cancel context.CancelFunc

	mu     sync.Mutex
	idle   *sync.Cond // signalled when n drops to zero
	n      int        // setups in progress; guarded by mu
	closed bool       // guarded by mu
}

func newConnSetups() *connSetups {
	s := &connSetups{}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.idle = sync.NewCond(&s.mu)
	return s
}

// begin starts a setup. It returns the context to run it under, or false
// once close has started.
func (s *connSetups) begin() (context.Context, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, false
	}
	s.n++
	return s.ctx, true
}

// end ends a setup that begin started.
func (s *connSetups) end() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n--
	if s.n == 0 {
		s.idle.Broadcast()
	}
}

// close cancels the setups in progress, refuses new ones and waits for the
// ones in progress to end.
func (s *connSetups) close() {
	s.cancel()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for s.n > 0 {
		s.idle.Wait()
	}
}
