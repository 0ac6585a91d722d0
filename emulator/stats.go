package emulator

import (
	"encoding/json"
	"net/http"
	"sync"
)

// Stats counts what the emulator has served since it started.
type Stats struct {
	// Calls counts Athena API calls per operation, throttled ones included.
	Calls map[string]int64 `json:"calls"`
	// Throttled counts calls answered with ThrottlingException (quotas or
	// injected faults) or TooManyRequestsException (MaxActiveQueries) per
	// operation.
	Throttled map[string]int64 `json:"throttled"`
	// Errors counts calls answered with an injected HTTP 500 per operation.
	Errors map[string]int64 `json:"errors"`
	// Queries counts queries by their current state.
	Queries map[string]int64 `json:"queries"`
	// S3Cuts counts S3 GetObject bodies cut off by Faults.S3CutRate.
	S3Cuts int64 `json:"s3Cuts"`
	// Sessions and Calculations count Spark sessions and calculations by
	// their current state.
	Sessions     map[string]int64 `json:"sessions"`
	Calculations map[string]int64 `json:"calculations"`
}

type counters struct {
	mu        sync.Mutex // guards every field below
	calls     map[string]int64
	throttled map[string]int64
	errors    map[string]int64
	s3Cuts    int64
}

func newCounters() *counters {
	return &counters{calls: map[string]int64{}, throttled: map[string]int64{}, errors: map[string]int64{}}
}

func (c *counters) call(op string)     { c.add(c.calls, op) }
func (c *counters) throttle(op string) { c.add(c.throttled, op) }
func (c *counters) fault(op string)    { c.add(c.errors, op) }

func (c *counters) cutS3() {
	c.mu.Lock()
	c.s3Cuts++
	c.mu.Unlock()
}

func (c *counters) add(m map[string]int64, op string) {
	c.mu.Lock()
	m[op]++
	c.mu.Unlock()
}

func (c *counters) snapshot() (calls, throttled, errors map[string]int64, s3Cuts int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return clone(c.calls), clone(c.throttled), clone(c.errors), c.s3Cuts
}

func clone(m map[string]int64) map[string]int64 {
	out := make(map[string]int64, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Stats returns a snapshot of the counters.
func (s *Server) Stats() Stats {
	calls, throttled, errs, cuts := s.counters.snapshot()
	sessions, calcs := s.spark.Counts()
	return Stats{Calls: calls, Throttled: throttled, Errors: errs, Queries: s.queries.countByState(), S3Cuts: cuts,
		Sessions: sessions, Calculations: calcs}
}

func (s *Server) serveStats(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "use GET", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(s.Stats())
}
