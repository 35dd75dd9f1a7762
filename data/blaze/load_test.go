package blaze

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/recistview/recistview/data/auth"
	"github.com/recistview/recistview/data/blazesim"
	"github.com/recistview/recistview/data/fhir"
	"github.com/recistview/recistview/data/recist"
)

func startSim(t *testing.T, cfg blazesim.Config) *blazesim.Running {
	t.Helper()
	sim, err := blazesim.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim
}

func demoSession(t *testing.T, sim *blazesim.Running, c Credentials, o SessionOptions) *Session {
	t.Helper()
	s, err := NewSession(context.Background(), DemoProfile(sim.TokenURL, sim.BaseURL), c, o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var demoCreds = Credentials{ClientID: blazesim.DemoClientID, ClientSecret: blazesim.DemoClientSecret, PartnerID: blazesim.DemoPartnerID}

func TestLoadDemoStudyMatchesTruth(t *testing.T) {
	sim := startSim(t, blazesim.DefaultConfig())
	s := demoSession(t, sim, demoCreds, SessionOptions{PageSize: 20})
	if err := s.SignIn(context.Background()); err != nil {
		t.Fatal(err)
	}
	var progressCalls atomic.Int32
	res, err := s.NewLoad(strings.ToLower(blazesim.DemoStudy)).Run(context.Background(), func(Progress) { progressCalls.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	if !res.Complete || len(res.Missing) != 0 || progressCalls.Load() == 0 {
		t.Fatalf("complete=%v missing=%v progress=%d", res.Complete, res.Missing, progressCalls.Load())
	}
	truth, err := sim.Server.Truth(blazesim.DemoStudy)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(res.Study.Subjects), len(truth.Study.Subjects); got != want {
		t.Fatalf("subjects = %d, want %d", got, want)
	}
	if res.Duplicates != len(truth.Duplicates) {
		t.Errorf("duplicates merged = %d, served %d", res.Duplicates, len(truth.Duplicates))
	}
	var flagged []string
	for i, subj := range res.Study.Subjects {
		want := truth.Study.Subjects[i]
		if subj.ID != want.ID || len(subj.Assessments) != len(want.Assessments) || subj.BirthYear != want.BirthYear || subj.Sex != want.Sex {
			t.Fatalf("subject %d: got %s/%d, want %s/%d", i, subj.ID, len(subj.Assessments), want.ID, len(want.Assessments))
		}
		for j, a := range subj.Assessments {
			w := want.Assessments[j]
			if a.ID != w.ID || a.Timepoint != w.Timepoint || len(a.Lesions) != len(w.Lesions) || len(a.MissingLesions) != 0 {
				t.Errorf("%s/%s: got tp %d, %d lesions, missing %v; want %s tp %d, %d lesions", subj.ID, a.ID, a.Timepoint, len(a.Lesions), a.MissingLesions, w.ID, w.Timepoint, len(w.Lesions))
			}
			if a.Reported.Response != w.Reported.Response || !sameFloat(a.Reported.TargetSum, w.Reported.TargetSum) {
				t.Errorf("%s/%s: reported %v %v, want %v %v", subj.ID, a.ID, a.Reported.Response, a.Reported.TargetSum, w.Reported.Response, w.Reported.TargetSum)
			}
		}
		res := recist.Evaluate(subj, recist.DefaultOptions())
		if res.BestResponse != truth.Results[subj.ID].BestResponse {
			t.Errorf("%s: best %q, truth %q", subj.ID, res.BestResponse, truth.Results[subj.ID].BestResponse)
		}
		for _, d := range res.Discrepancies {
			if d.Kind == recist.KindResponse {
				flagged = append(flagged, d.AssessmentID)
			}
		}
	}
	// The recomputation finds exactly the conclusions the simulator reported wrong on purpose.
	slices.Sort(flagged)
	altered := truth.AlteredIDs()
	slices.Sort(altered)
	if len(altered) == 0 || !slices.Equal(flagged, altered) {
		t.Errorf("flagged %v, altered %v", flagged, altered)
	}
	// Subjects listed by the Group without assessments are kept.
	empty := 0
	for _, subj := range res.Study.Subjects {
		if len(subj.Assessments) == 0 && subj.InGroup {
			empty++
		}
	}
	if empty == 0 {
		t.Error("the demo's subject without assessments was dropped")
	}
}

func sameFloat(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func TestLoadFixtureStudyFallsBackToReferenceReads(t *testing.T) {
	sim := startSim(t, blazesim.DefaultConfig())
	s := demoSession(t, sim, demoCreds, SessionOptions{})
	res, err := s.NewLoad(blazesim.FixtureStudy).Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, subj := range res.Study.Subjects {
		ids = append(ids, subj.ID)
	}
	if !slices.Equal(ids, []string{"10081001", "10081004", "10081007"}) {
		t.Fatalf("subjects = %v", ids)
	}
	s7 := subjectByID(res.Study, "10081007")
	if len(s7.Assessments) != 2 || len(s7.Assessments[1].MissingLesions) != 4 {
		t.Fatalf("10081007: %+v", s7.Assessments)
	}
	// The published bulk page announces three pages (pages 2 and 3 answer "No records
	// found"); the eight lesions the reports name are then read one by one. The server has
	// none of them, which is an empty result, not a failure.
	if got := sim.Server.Stats().Path(blazesim.FHIRBasePath + "/observation"); got != 3+8 {
		t.Errorf("observation requests = %d, want 3 bulk pages plus 8 reference reads", got)
	}
}

func TestLoadEmptyStudyIsSuccess(t *testing.T) {
	sim := startSim(t, blazesim.DefaultConfig())
	res, err := demoSession(t, sim, demoCreds, SessionOptions{}).NewLoad(blazesim.EmptyStudy).Run(context.Background(), nil)
	if err != nil || !res.Complete {
		t.Fatalf("err=%v complete=%v", err, res.Complete)
	}
	for _, subj := range res.Study.Subjects {
		if len(subj.Assessments) != 0 || !subj.InGroup {
			t.Errorf("subject %+v", subj)
		}
	}
	if len(res.Study.Subjects) == 0 {
		t.Error("the empty study's enrolled subjects were dropped")
	}
}

func TestLoadDeniedStudy(t *testing.T) {
	sim := startSim(t, blazesim.DefaultConfig())
	_, err := demoSession(t, sim, demoCreds, SessionOptions{}).NewLoad(blazesim.DeniedStudy).Run(context.Background(), nil)
	var ae *AccessError
	if !errors.As(err, &ae) || !errors.Is(err, fhir.ErrForbidden) {
		t.Fatalf("err = %v", err)
	}
	msg := err.Error()
	for _, want := range []string{blazesim.DeniedStudy, blazesim.DemoPartnerID, "not authorized"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
}

func TestSignInWrongSecret(t *testing.T) {
	sim := startSim(t, blazesim.DefaultConfig())
	c := demoCreds
	c.ClientSecret = "not-the-secret-8c1e"
	err := demoSession(t, sim, c, SessionOptions{}).SignIn(context.Background())
	if !errors.Is(err, auth.ErrRejected) {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), c.ClientSecret) {
		t.Fatalf("the secret leaked into %q", err)
	}
}

func TestLoadWrongPartnerID(t *testing.T) {
	sim := startSim(t, blazesim.DefaultConfig())
	c := demoCreds
	c.PartnerID = "SOMEONE-ELSE"
	_, err := demoSession(t, sim, c, SessionOptions{}).NewLoad(blazesim.DemoStudy).Run(context.Background(), nil)
	var se *SignInError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want a SignInError", err)
	}
}

func TestLoadCancelled(t *testing.T) {
	sim := startSim(t, blazesim.DefaultConfig())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := demoSession(t, sim, demoCreds, SessionOptions{}).NewLoad(blazesim.DemoStudy).Run(ctx, nil)
	if !errors.Is(err, context.Canceled) || res == nil {
		t.Fatalf("err = %v", err)
	}
}

// TestLoadSharesOneBound: the four searches of a load run at once, but never more requests
// are in flight to the server than the session's bound.
func TestLoadSharesOneBound(t *testing.T) {
	cfg := blazesim.DefaultConfig()
	cfg.Latency = 3 * time.Millisecond
	cfg.PageCap = 50
	sim := startSim(t, cfg)
	s := demoSession(t, sim, demoCreds, SessionOptions{Concurrency: 3})
	if err := s.SignIn(context.Background()); err != nil {
		t.Fatal(err)
	}
	sim.Server.ResetStats()
	if _, err := s.NewLoad(blazesim.LargeStudy).Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	st := sim.Server.Stats()
	if st.MaxInFlight > 3 {
		t.Errorf("%d requests in flight at once, bound 3", st.MaxInFlight)
	}
	if st.MaxInFlight < 2 || st.Total < 100 {
		t.Errorf("the load did not run concurrently: peak %d over %d requests", st.MaxInFlight, st.Total)
	}
}
