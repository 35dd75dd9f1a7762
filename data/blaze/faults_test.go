package blaze

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/recistview/recistview/data/auth"
	"github.com/recistview/recistview/data/blazesim"
	"github.com/recistview/recistview/data/fhir"
	"github.com/recistview/recistview/data/recist"
)

// quickRetry keeps tests fast: two attempts, millisecond backoff.
var quickRetry = &fhir.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, RetryAfterCeiling: time.Second}

func faultSim(t *testing.T, fs blazesim.Faults) *blazesim.Running {
	t.Helper()
	cfg := blazesim.DefaultConfig()
	cfg.Faults = fs
	return startSim(t, cfg)
}

// shape summarises a loaded study for comparison: subjects, assessments, lesions, missing.
func shape(st *recist.Study) [4]int {
	var s [4]int
	s[0] = len(st.Subjects)
	for _, sub := range st.Subjects {
		s[1] += len(sub.Assessments)
		for _, a := range sub.Assessments {
			s[2] += len(a.Lesions)
			s[3] += len(a.MissingLesions)
		}
	}
	return s
}

// TestLoadKeepsWhatArrivedAndResumes: a 5xx burst longer than the retries on the first page of
// the lesion search leaves the load incomplete, with what arrived kept and what is missing named;
// the next Run fetches only that search and completes with the fault-free study.
func TestLoadKeepsWhatArrivedAndResumes(t *testing.T) {
	clean := startSim(t, blazesim.DefaultConfig())
	want, err := demoSession(t, clean, demoCreds, SessionOptions{PageSize: 20}).NewLoad(blazesim.DemoStudy).Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}

	// A tiny share: the burst hits only the page every fault hits, the lesion search's first.
	sim := faultSim(t, blazesim.Faults{Kinds: []blazesim.Fault{blazesim.FaultBurst5xx}, Share: 1e-9, Burst: quickRetry.MaxAttempts})
	l := demoSession(t, sim, demoCreds, SessionOptions{PageSize: 20, Retry: quickRetry}).NewLoad(blazesim.DemoStudy)
	res, err := l.Run(context.Background(), nil)
	var inc *IncompleteError
	if !errors.As(err, &inc) || !errors.Is(err, fhir.ErrServer) {
		t.Fatalf("err = %v, want an IncompleteError for 5xx", err)
	}
	if res.Complete || len(res.Missing) != 1 || !strings.HasPrefix(res.Missing[0], "Lesion measurements: ") {
		t.Fatalf("complete=%v missing=%v", res.Complete, res.Missing)
	}
	got := shape(res.Study)
	if full := shape(want.Study); got[0] != full[0] || got[1] != full[1] || got[2] != 0 {
		t.Fatalf("partial study %v, full %v: the reports should be kept, the lesions missing", got, full)
	}
	sim.Server.ResetStats()
	res, err = l.Run(context.Background(), nil)
	if err != nil || !res.Complete {
		t.Fatalf("resume: err = %v, missing %v", err, res.Missing)
	}
	if got, want := shape(res.Study), shape(want.Study); got != want {
		t.Errorf("resumed study %v, fault-free %v", got, want)
	}
	st := sim.Server.Stats()
	for _, p := range []string{"DiagnosticReport", "Patient", "Group"} {
		if n := st.Path(blazesim.FHIRBasePath + "/" + p); n != 0 {
			t.Errorf("the resume fetched %s again (%d requests)", p, n)
		}
	}
	if n := st.Path(blazesim.FHIRBasePath + "/observation"); n == 0 {
		t.Error("the resume did not fetch the lesions")
	}
}

// TestTokenOutageAfterRevocationIsNotRetried: when every token is revoked mid-load and the token
// endpoint then refuses the one re-authentication, the GET is not retried (which would repeat
// the token request): the load stops incomplete with the sign-in error, and a later Run resumes.
func TestTokenOutageAfterRevocationIsNotRetried(t *testing.T) {
	sim := faultSim(t, blazesim.Faults{
		Kinds:    []blazesim.Fault{blazesim.FaultRevokeTokens, blazesim.FaultTokenDown},
		RevokeAt: 3, TokenDownAfter: 1, TokenDown: 1,
	})
	s := demoSession(t, sim, demoCreds, SessionOptions{PageSize: 20})
	if err := s.SignIn(context.Background()); err != nil {
		t.Fatal(err)
	}
	l := s.NewLoad(blazesim.DemoStudy)
	res, err := l.Run(context.Background(), nil)
	var inc *IncompleteError
	if !errors.As(err, &inc) || !errors.Is(err, auth.ErrServer) || res.Complete {
		t.Fatalf("err = %v, want an incomplete load that names the sign-in server's error", err)
	}
	if got := sim.Server.FaultsInjected(); got[blazesim.FaultRevokeTokens] != 1 || got[blazesim.FaultTokenDown] != 1 {
		t.Fatalf("faults fired: %v", got)
	}
	res, err = l.Run(context.Background(), nil)
	if err != nil || !res.Complete {
		t.Fatalf("resume: err = %v", err)
	}
}

// TestCancelStopsPromptlyWithoutLeaks cancels a load of the 500-subject study in the middle:
// Run returns context.Canceled at once, keeps what arrived, and every goroutine it started ends.
func TestCancelStopsPromptlyWithoutLeaks(t *testing.T) {
	baseline := runtime.NumGoroutine()
	cfg := blazesim.DefaultConfig()
	cfg.Latency = 20 * time.Millisecond
	sim, err := blazesim.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	s := demoSession(t, sim, demoCreds, SessionOptions{PageSize: 20})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	started := make(chan struct{})
	type outcome struct {
		res *Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		first := true
		res, err := s.NewLoad(blazesim.LargeStudy).Run(ctx, func(p Progress) {
			if first && p.PagesDone >= 3 {
				first = false
				close(started)
			}
		})
		done <- outcome{res, err}
	}()
	select {
	case <-started:
	case o := <-done:
		t.Fatalf("the load ended before it was cancelled: %v", o.err)
	}
	cancel()
	var o outcome
	select {
	case o = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancellation")
	}
	if !errors.Is(o.err, context.Canceled) || o.res == nil || o.res.Complete {
		t.Fatalf("err = %v", o.err)
	}
	if len(o.res.Study.Subjects) == 0 {
		t.Error("what arrived before the cancellation was not kept")
	}
	// Closing the server ends the client's idle keep-alive connections; then every goroutine
	// of the load, the session and the server must be gone.
	if err := sim.Close(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > baseline {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines, %d before the load:\n%s", runtime.NumGoroutine(), baseline, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}
