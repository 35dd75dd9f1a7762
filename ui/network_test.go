package ui

import (
	"net/http"
	"path"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/data/blaze"
	"github.com/recistview/recistview/data/blazesim"
	"github.com/recistview/recistview/data/fhir"
)

// faultySim starts a simulator whose FHIR requests pass through fault first: when it answers
// (returns true), the request goes no further. Token requests are never touched.
func faultySim(t *testing.T, fault func(w http.ResponseWriter, r *http.Request) bool) *blazesim.Running {
	t.Helper()
	cfg := blazesim.DefaultConfig()
	cfg.Middleware = []blazesim.Middleware{func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, blazesim.FHIRBasePath) && fault(w, r) {
				return
			}
			next.ServeHTTP(w, r)
		})
	}}
	sim, err := blazesim.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim
}

func TestThrottlingIsShownInProgressStrip(t *testing.T) {
	var armed atomic.Bool
	var throttled atomic.Int32
	sim := faultySim(t, func(w http.ResponseWriter, r *http.Request) bool {
		if !armed.Load() || throttled.Add(1) > 3 {
			return false
		}
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		return true
	})
	f := newFixtureWith(t, Options{}, app.Options{})
	s := f.signInCustom(t, sim)
	armed.Store(true)

	// Every progress event goes through the UI queue; note what the strip says after each.
	var notices []string
	f.ui.after = func() {
		if s.strip.content.Visible() && s.strip.phase.Visible() && s.strip.phase.Importance == widget.WarningImportance {
			notices = append(notices, s.strip.phase.Text)
		}
	}
	f.openStudy(t, blazesim.DemoStudy)
	if !slices.Contains(notices, "Server busy, retrying in 1 s") {
		t.Errorf("the strip never said the server was busy; it said %q", slices.Compact(notices))
	}
	if throttled.Load() < 3 {
		t.Fatalf("only %d requests were throttled", throttled.Load())
	}
	if s.view == nil || !s.view.Complete || len(s.list.order) != 12 || s.strip.content.Visible() {
		t.Errorf("the throttled load did not complete: %q", s.top.status.Text)
	}
}

func TestIncompleteLoadListsMissingAndRetryCompletes(t *testing.T) {
	var failing atomic.Bool
	failing.Store(true)
	var failed atomic.Int32
	sim := faultySim(t, func(w http.ResponseWriter, r *http.Request) bool {
		if !failing.Load() || path.Base(r.URL.Path) != "observation" || r.URL.Query().Get("page") != "2" {
			return false
		}
		failed.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
		return true
	})
	f := newFixtureWith(t, Options{}, app.Options{Session: blaze.SessionOptions{Retry: &fhir.RetryPolicy{MaxAttempts: 1}}})
	s := f.signInCustom(t, sim)
	f.openStudy(t, blazesim.DemoStudy)
	if failed.Load() == 0 {
		t.Fatal("the second Observation page was never asked for")
	}
	v := s.view
	if v == nil || v.Complete || len(v.Missing) == 0 {
		t.Fatalf("the load did not end incomplete: %q", s.top.status.Text)
	}
	msg := s.strip.message.Text
	if !s.strip.content.Visible() || !s.strip.details.Visible() || s.strip.line.Visible() || !strings.HasPrefix(msg, "The load is incomplete: what arrived is shown") {
		t.Errorf("strip says %q", msg)
	}
	for _, m := range v.Missing {
		if !strings.Contains(msg, m) {
			t.Errorf("strip %q does not list %q", msg, m)
		}
	}
	if !s.strip.retry.Visible() || !strings.HasPrefix(s.top.status.Text, "Incomplete: ") {
		t.Errorf("retry shown %v, status %q", s.strip.retry.Visible(), s.top.status.Text)
	}
	if len(s.list.order) != 12 || v.Lesions == 0 {
		t.Errorf("what arrived is not shown: %d subjects, %d lesions", len(s.list.order), v.Lesions)
	}

	failing.Store(false) // the server recovers
	test.Tap(s.strip.retry)
	f.settle()
	if s.view == nil || !s.view.Complete || s.view.Lesions <= v.Lesions || s.strip.content.Visible() {
		t.Errorf("Retry did not complete the load: %q (%d lesions before, %d after)", s.top.status.Text, v.Lesions, s.view.Lesions)
	}
}
