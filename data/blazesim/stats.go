package blazesim

import (
	"maps"
	"net/http"
	"strings"
	"sync"
)

// Stats counts the requests a Server has seen, for tests and benchmarks.
type Stats struct {
	// Total is the number of requests of any kind.
	Total int64
	// ByPath counts requests by URL path, lower-cased (paths are case-insensitive).
	ByPath map[string]int64
	// InFlight is the number of data requests (below the FHIR base, metadata excluded) being
	// handled now, latency included.
	InFlight int64
	// MaxInFlight is the peak of InFlight since the server started or ResetStats.
	MaxInFlight int64
}

// Path returns the count for a path, matched case-insensitively.
func (st Stats) Path(path string) int64 { return st.ByPath[strings.ToLower(path)] }

// counters is the Server's mutable Stats.
type counters struct {
	mu                           sync.Mutex
	total, inFlight, maxInFlight int64
	byPath                       map[string]int64
}

// Stats returns a snapshot of the request counters.
func (s *Server) Stats() Stats {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	c := &s.stats
	return Stats{Total: c.total, ByPath: maps.Clone(c.byPath), InFlight: c.inFlight, MaxInFlight: c.maxInFlight}
}

// ResetStats zeroes the counters; MaxInFlight restarts from the requests in flight now.
func (s *Server) ResetStats() {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	s.stats.total = 0
	clear(s.stats.byPath)
	s.stats.maxInFlight = s.stats.inFlight
}

// count records a request and tracks concurrent data requests around its handling.
func (s *Server) count(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data := isDataPath(r.URL.Path)
		c := &s.stats
		c.mu.Lock()
		c.total++
		c.byPath[strings.ToLower(r.URL.Path)]++
		if data {
			c.inFlight++
			c.maxInFlight = max(c.maxInFlight, c.inFlight)
		}
		c.mu.Unlock()
		if data {
			defer func() {
				c.mu.Lock()
				c.inFlight--
				c.mu.Unlock()
			}()
		}
		next.ServeHTTP(w, r)
	})
}

// isDataPath reports whether path is below the FHIR base and not the capability statement.
func isDataPath(path string) bool {
	rest, ok := cutPrefixFold(path, FHIRBasePath+"/")
	return ok && !strings.EqualFold(strings.TrimSuffix(rest, "/"), "metadata")
}
