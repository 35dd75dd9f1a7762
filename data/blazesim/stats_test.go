package blazesim

import (
	"net/http"
	"sync"
	"testing"
	"time"
)

func TestStatsCountRequests(t *testing.T) {
	h := newHarness(t, nil)
	h.srv.ResetStats()
	h.demo(demoReports)
	h.demo(base + "/diagnosticreport?researchstudy=" + DemoStudy)
	h.demo(base + "/metadata")
	h.mustToken(DemoClientID, DemoClientSecret)
	st := h.srv.Stats()
	if st.Total != 4 {
		t.Errorf("Total %d, want 4", st.Total)
	}
	if got := st.Path(base + "/DiagnosticReport"); got != 2 {
		t.Errorf("DiagnosticReport count %d, want 2 (paths are case-insensitive)", got)
	}
	if st.Path(TokenPath) != 1 || st.Path(base+"/metadata") != 1 {
		t.Errorf("by path %v", st.ByPath)
	}
	if st.MaxInFlight != 1 || st.InFlight != 0 {
		t.Errorf("in flight %d, max %d; want 0 and 1", st.InFlight, st.MaxInFlight)
	}
}

// TestMiddlewareAndMaxInFlight holds three data requests inside a middleware at once: the
// gauge must see all three, and the middleware sees only what it wraps.
func TestMiddlewareAndMaxInFlight(t *testing.T) {
	const n = 3
	arrived := make(chan struct{}, n)
	release := make(chan struct{})
	hold := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("hold") == "1" {
				arrived <- struct{}{}
				<-release
			}
			next.ServeHTTP(w, r)
		})
	}
	teapot := func(next http.Handler) http.Handler { // a stand-in for fault injection
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("fault") == "1" {
				w.WriteHeader(http.StatusTeapot)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	h := newHarness(t, func(c *Config) { c.Middleware = []Middleware{teapot, hold} })
	h.srv.ResetStats()
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			resp, body := h.demo(demoReports + "&hold=1")
			if resp.StatusCode != http.StatusOK {
				t.Errorf("held request: %d %s", resp.StatusCode, body)
			}
		})
	}
	for range n {
		<-arrived
	}
	if st := h.srv.Stats(); st.InFlight != n || st.MaxInFlight != n {
		t.Errorf("while held: in flight %d, max %d; want %d", st.InFlight, st.MaxInFlight, n)
	}
	close(release)
	wg.Wait()
	if resp, _ := h.demo(demoReports + "&fault=1"); resp.StatusCode != http.StatusTeapot {
		t.Errorf("middleware not applied: %d", resp.StatusCode)
	}
	// A client may read the whole response before the handler has returned and been counted
	// out, so wait for the count to settle.
	st := h.srv.Stats()
	for deadline := time.Now().Add(10 * time.Second); st.InFlight != 0 && time.Now().Before(deadline); st = h.srv.Stats() {
		time.Sleep(time.Millisecond)
	}
	if st.InFlight != 0 || st.MaxInFlight != n || st.Total != n+1 {
		t.Errorf("after: %+v", st)
	}
}
