// Package poll schedules status checks for many in-flight queries and
// batches the due ones into as few calls as possible.
//
// One Poller serves a whole client. Each query has its own adaptive schedule:
// the interval before the next check is a fifth of the query's age, clamped
// between Min and Max, so a short query is seen within Min of finishing and
// a long one costs few calls. Every tick the Poller collects the due queries,
// tops the batch up with the ones due soonest (a batch of 50 costs one call
// whatever its size), and hands them to Fetch.
//
//	p := poll.New(poll.Options{Min: 50 * time.Millisecond, Max: 2 * time.Second, Batch: 50, Fetch: fetch})
//	defer p.Close()
//	p.Add(id, submitted)
package poll

import (
	"container/heap"
	"context"
	"sync"
	"time"
)

// Options configure a Poller.
type Options struct {
	// Min and Max clamp each query's interval between checks.
	Min, Max time.Duration
	// Batch is the most ids one Fetch call gets (50 for BatchGetQueryExecution).
	Batch int
	// Fetch checks ids and reports which of them are finished; those stop
	// being polled. An error delays every id of the call by Backoff.
	Fetch func(ctx context.Context, ids []string) (done []string, err error)
	// Backoff is the delay after a failed Fetch; default Max.
	Backoff time.Duration
	// Now is the clock; nil means time.Now (tests may replace it).
	Now func() time.Time
	// Room, when set, reports whether a status call could go out now
	// without waiting for the caller's rate limit. A query added while
	// Room says yes and no other check is due within Min is checked at
	// once, instead of after Min: a short query is seen finished a whole
	// interval sooner, and under load, when checks are already due, it
	// joins the next batch at no extra cost.
	Room func() bool
}

// Poller owns one goroutine that polls every added id until Fetch reports
// it done, it is removed, or the Poller is closed.
type Poller struct {
	opts Options

	mu    sync.Mutex // guards items, byID, closed
	items schedule
	byID  map[string]*item
	wake  chan struct{} // signals the loop that the schedule changed

	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
}

type item struct {
	id        string
	submitted time.Time
	due       time.Time
	index     int // in the heap
}

// New starts a Poller. Close stops it.
func New(opts Options) *Poller {
	if opts.Min <= 0 {
		opts.Min = 50 * time.Millisecond
	}
	if opts.Max < opts.Min {
		opts.Max = opts.Min
	}
	if opts.Batch <= 0 {
		opts.Batch = 50
	}
	if opts.Backoff <= 0 {
		opts.Backoff = opts.Max
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Poller{opts: opts, byID: map[string]*item{}, wake: make(chan struct{}, 1), ctx: ctx, cancel: cancel, done: make(chan struct{})}
	go p.loop()
	return p
}

// Interval returns the wait before the next check of a query of the given
// age: a fifth of the age, clamped to [Min, Max].
func (p *Poller) Interval(age time.Duration) time.Duration {
	return min(max(age/5, p.opts.Min), p.opts.Max)
}

// Add schedules id, submitted at the given time, for its first check.
// Adding an id that is already scheduled does nothing.
func (p *Poller) Add(id string, submitted time.Time) {
	p.mu.Lock()
	if _, ok := p.byID[id]; ok || p.ctx.Err() != nil {
		p.mu.Unlock()
		return
	}
	now := p.opts.Now()
	it := &item{id: id, submitted: submitted, due: now.Add(p.Interval(now.Sub(submitted)))}
	if p.opts.Room != nil && p.idleUntil(now.Add(p.opts.Min)) && p.opts.Room() {
		it.due = now
	}
	p.byID[id] = it
	heap.Push(&p.items, it)
	p.mu.Unlock()
	p.signal()
}

// idleUntil reports whether no check is due before t. p.mu is held.
func (p *Poller) idleUntil(t time.Time) bool {
	return len(p.items) == 0 || p.items[0].due.After(t)
}

// CheckSoon moves id's next check to now, for a caller that expects a
// change (after a stop, say).
func (p *Poller) CheckSoon(id string) {
	p.mu.Lock()
	if it, ok := p.byID[id]; ok {
		it.due = p.opts.Now()
		heap.Fix(&p.items, it.index)
	}
	p.mu.Unlock()
	p.signal()
}

// Remove stops polling id.
func (p *Poller) Remove(id string) {
	p.mu.Lock()
	if it, ok := p.byID[id]; ok {
		heap.Remove(&p.items, it.index)
		delete(p.byID, id)
	}
	p.mu.Unlock()
}

// Len returns the number of ids being polled.
func (p *Poller) Len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.byID)
}

// Close stops the Poller and waits for its goroutine, which abandons a
// Fetch in flight by cancelling its context.
func (p *Poller) Close() {
	p.cancel()
	<-p.done
}

func (p *Poller) signal() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

func (p *Poller) loop() {
	defer close(p.done)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		ids, wait := p.due()
		if len(ids) > 0 {
			p.check(ids)
			continue
		}
		timer.Reset(wait)
		select {
		case <-p.ctx.Done():
			return
		case <-p.wake:
		case <-timer.C:
		}
	}
}

// due returns the ids to check now, or how long to sleep until one is due.
// A call that goes out anyway also carries the ids that are nearly due (due
// within half their interval), which costs nothing extra.
func (p *Poller) due() ([]string, time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.items) == 0 {
		return nil, time.Hour
	}
	now := p.opts.Now()
	if first := p.items[0]; first.due.After(now) {
		return nil, first.due.Sub(now)
	}
	var picked []*item
	for len(p.items) > 0 && len(picked) < p.opts.Batch {
		it := p.items[0]
		if it.due.After(now) && it.due.Sub(now) > p.Interval(now.Sub(it.submitted))/2 {
			break
		}
		heap.Pop(&p.items)
		picked = append(picked, it)
	}
	ids := make([]string, len(picked))
	for i, it := range picked {
		ids[i] = it.id
		// Reschedule now; Fetch's answer may end the id's polling.
		it.due = now.Add(p.Interval(now.Sub(it.submitted)))
		heap.Push(&p.items, it)
	}
	return ids, 0
}

func (p *Poller) check(ids []string) {
	done, err := p.opts.Fetch(p.ctx, ids)
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		later := p.opts.Now().Add(p.opts.Backoff)
		for _, id := range ids {
			if it, ok := p.byID[id]; ok && it.due.Before(later) {
				it.due = later
				heap.Fix(&p.items, it.index)
			}
		}
		return
	}
	for _, id := range done {
		if it, ok := p.byID[id]; ok {
			heap.Remove(&p.items, it.index)
			delete(p.byID, id)
		}
	}
}

// schedule is a min-heap of items by due time.
type schedule []*item

func (s schedule) Len() int           { return len(s) }
func (s schedule) Less(i, j int) bool { return s[i].due.Before(s[j].due) }
func (s schedule) Swap(i, j int) {
	s[i], s[j] = s[j], s[i]
	s[i].index, s[j].index = i, j
}
func (s *schedule) Push(x any) {
	it := x.(*item)
	it.index = len(*s)
	*s = append(*s, it)
}
func (s *schedule) Pop() any {
	old := *s
	it := old[len(old)-1]
	old[len(old)-1] = nil
	*s = old[:len(old)-1]
	return it
}
