package recist

import (
	"encoding/json"
	"reflect"
	"sync"
	"testing"
)

// responder is a subject that responds (confirmed PR), then progresses.
func responder() *Subject {
	return subject(
		baseline(tgt("T01", 30), tgt("T02", 20), nt("NT01", StatePresent)),
		followUp(1, 42, SD, tgt("T01", 28), tgt("T02", 19), nt("NT01", StatePresent)),
		followUp(2, 84, PR, tgt("T01", 20), tgt("T02", 14), nt("NT01", StatePresent)),
		followUp(3, 126, PR, tgt("T01", 18), tgt("T02", 12), nt("NT01", StatePresent)),
		followUp(4, 168, PD, tgt("T01", 25), tgt("T02", 15), nt("NT01", StatePresent)),
		followUp(5, 210, PD, tgt("T01", 30), tgt("T02", 20), nt("NT01", StatePresent)),
	)
}

func TestEvaluateResponder(t *testing.T) {
	r := Evaluate(responder(), DefaultOptions())
	want := []Response{None, SD, PR, PR, PD, PD}
	for i, w := range want {
		if got := r.Timepoints[i].Response; got != w {
			t.Errorf("timepoint %d = %q, want %q", i, got, w)
		}
	}
	if r.BestResponse != PR || r.ReportedBestResponse != PR {
		t.Errorf("best = %q, reported best = %q; want PR, PR", r.BestResponse, r.ReportedBestResponse)
	}
	// Sums: 50, 47, 34, 30, 40 (nadir 30: +33 %, +10 mm), 50.
	if !eqf(r.BestPctChange, fp(-40)) {
		t.Errorf("BestPctChange = %s, want -40.0", f2s(r.BestPctChange))
	}
	if !eqf(r.Timepoints[4].PctFromNadir, fp(33.3)) {
		t.Errorf("follow-up 4 from nadir = %s, want 33.3", f2s(r.Timepoints[4].PctFromNadir))
	}
	checkDays(t, "TimeToResponseDays", r.TimeToResponseDays, ip(84))
	checkDays(t, "DurationOfResponseDays", r.DurationOfResponseDays, ip(84))
	checkDays(t, "TimeToProgressionDays", r.TimeToProgressionDays, ip(168))
	if len(r.Discrepancies) != 0 {
		t.Errorf("Discrepancies = %v, want none", r.Discrepancies)
	}
}

func checkDays(t *testing.T, name string, got, want *int) {
	t.Helper()
	switch {
	case got == nil && want == nil:
	case got == nil || want == nil || *got != *want:
		t.Errorf("%s = %v, want %v", name, deref(got), deref(want))
	}
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestDerivedFigures(t *testing.T) {
	tests := []struct {
		name                    string
		s                       *Subject
		opt                     Options
		toResp, dur, toProgress *int
	}{
		{"stable, no response", subject(baseline(tgt("T01", 30)), followUp(1, 56, SD, tgt("T01", 28))), DefaultOptions(), nil, nil, nil},
		{"ongoing response", subject(baseline(tgt("T01", 30)), followUp(1, 56, PR, tgt("T01", 20)), followUp(2, 84, PR, tgt("T01", 19))), DefaultOptions(), ip(56), nil, nil},
		{"unconfirmed response has no time to response", subject(baseline(tgt("T01", 30)), followUp(1, 56, PR, tgt("T01", 20)), followUp(2, 112, PD, tgt("T01", 30))), DefaultOptions(), nil, nil, ip(112)},
		{"without confirmation the first PR counts", subject(baseline(tgt("T01", 30)), followUp(1, 56, PR, tgt("T01", 20)), followUp(2, 112, PD, tgt("T01", 30))), Options{SDMinDays: 42}, ip(56), ip(56), ip(112)},
		{"progression only", subject(baseline(tgt("T01", 30)), followUp(1, 60, PD, tgt("T01", 40))), DefaultOptions(), nil, nil, ip(60)},
		{"no follow-up", subject(baseline(tgt("T01", 30))), DefaultOptions(), nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Evaluate(tt.s, tt.opt)
			checkDays(t, "TimeToResponseDays", r.TimeToResponseDays, tt.toResp)
			checkDays(t, "DurationOfResponseDays", r.DurationOfResponseDays, tt.dur)
			checkDays(t, "TimeToProgressionDays", r.TimeToProgressionDays, tt.toProgress)
		})
	}
}

func TestEvaluateEmpty(t *testing.T) {
	r := Evaluate(nil, DefaultOptions())
	if r.BestResponse != None || r.Timepoints != nil {
		t.Errorf("nil subject = %+v", r)
	}
	r = Evaluate(&Subject{ID: "S9"}, DefaultOptions())
	if r.BestResponse != None || r.ReportedBestResponse != None || len(r.Timepoints) != 0 || r.BestPctChange != nil {
		t.Errorf("subject without assessments = %+v", r)
	}
	r = Evaluate(subject(baseline(tgt("T01", 30))), DefaultOptions())
	if r.BestResponse != None || len(r.Timepoints) != 1 || r.BestPctChange != nil {
		t.Errorf("baseline only: best %q, pct %s", r.BestResponse, f2s(r.BestPctChange))
	}
}

func TestNilAssessmentAndLesionAreSkipped(t *testing.T) {
	s := subject(baseline(tgt("T01", 30), nil), nil, followUp(1, 56, PR, nil, tgt("T01", 20)))
	r := Evaluate(s, Options{})
	if len(r.Timepoints) != 3 || r.Timepoints[2].Response != PR || r.Timepoints[1].Response != None {
		t.Errorf("timepoints = %+v", r.Timepoints)
	}
}

func TestBaselineByName(t *testing.T) {
	b := baseline(tgt("T01", 30))
	b.Timepoint = 99 // a server that numbers the baseline; its name still marks it
	fu := followUp(1, 56, PR, tgt("T01", 20))
	r := Evaluate(subject(fu, b), Options{})
	if r.Timepoints[0].Response != PR || r.Timepoints[1].Response != None || !eqf(r.Timepoints[1].PctFromBaseline, fp(0)) {
		t.Errorf("timepoints = %+v, %+v", r.Timepoints[0], r.Timepoints[1])
	}
}

func TestNoBaseline(t *testing.T) {
	s := subject(
		followUp(1, 56, PR, tgt("T01", 20), nt("NT01", StatePresent)),
		followUp(2, 112, PD, tgt("T01", 20), newLesion("N01", StatePresent)),
	)
	r := Evaluate(s, DefaultOptions())
	for i, tp := range r.Timepoints {
		if tp.Response != NE || tp.TargetResponse != NE || !eqf(tp.TargetSum, fp(20)) {
			t.Errorf("timepoint %d = %+v, want NE with sum 20", i, tp)
		}
	}
	if r.Timepoints[0].NonTargetResponse != NE || r.Timepoints[1].NonTargetResponse != None || !r.Timepoints[1].NewLesions {
		t.Errorf("non-target and new lesions: %+v", r.Timepoints)
	}
	if r.BestResponse != NE || r.ReportedBestResponse != PD {
		t.Errorf("best = %q, reported = %q; want NE, PD", r.BestResponse, r.ReportedBestResponse)
	}
	var missing, response int
	for _, d := range r.Discrepancies {
		switch d.Kind {
		case KindMissing:
			missing++
		case KindResponse:
			response++
		}
	}
	if missing != 1 || response != 2 {
		t.Errorf("discrepancies = %v; want one missing baseline and two responses", r.Discrepancies)
	}
}

func TestMultipleCases(t *testing.T) {
	// Case 1 is stable; case 2 (a new baseline) responds. Case 2's follow-ups are measured
	// against its own baseline and nadir, and the subject's best response is case 2's.
	as := append(
		inCase(1,
			baseline(tgt("T01", 50)),
			followUp(1, 56, SD, tgt("T01", 45)),
		),
		inCase(2,
			baseline(tgt("T01", 20)),
			followUp(1, 200, PR, tgt("T01", 10)),
			followUp(2, 240, PR, tgt("T01", 10)),
		)...,
	)
	as[2].Date = day0.AddDate(0, 0, 150)
	// Interleave: a case-1 follow-up after case 2 started.
	late := followUp(2, 300, PD, tgt("T01", 60))
	late.CaseID = ip(1)
	as = append(as, late)
	r := Evaluate(subject(as...), DefaultOptions())
	want := []Response{None, SD, None, PR, PR, PD}
	for i, w := range want {
		if got := r.Timepoints[i].Response; got != w {
			t.Errorf("timepoint %d = %q, want %q", i, got, w)
		}
	}
	if !eqf(r.Timepoints[3].PctFromBaseline, fp(-50)) {
		t.Errorf("case 2 pct = %s, want -50 from its own baseline", f2s(r.Timepoints[3].PctFromBaseline))
	}
	if !eqf(r.Timepoints[5].PctFromNadir, fp(33.3)) {
		t.Errorf("case 1 late pct from nadir = %s, want 33.3 (nadir 45 from case 1 only)", f2s(r.Timepoints[5].PctFromNadir))
	}
	if r.BestResponse != PR || r.ReportedBestResponse != PR {
		t.Errorf("best = %q, reported = %q; want PR, PR", r.BestResponse, r.ReportedBestResponse)
	}
	checkDays(t, "TimeToResponseDays", r.TimeToResponseDays, ip(50))
	checkDays(t, "TimeToProgressionDays", r.TimeToProgressionDays, nil)
	if !eqf(r.BestPctChange, fp(-50)) {
		t.Errorf("BestPctChange = %s, want -50", f2s(r.BestPctChange))
	}
	if len(r.Discrepancies) != 0 {
		t.Errorf("Discrepancies = %v", r.Discrepancies)
	}
}

func TestNilCaseIsItsOwnCase(t *testing.T) {
	as := append(inCase(7, baseline(tgt("T01", 50))), baseline(tgt("T01", 10)), followUp(1, 56, PD, tgt("T01", 16)))
	r := Evaluate(subject(as...), Options{})
	if got := r.Timepoints[2]; got.Response != PD || !eqf(got.PctFromBaseline, fp(60)) {
		t.Errorf("follow-up without case = %q %s, want PD measured from the case-less baseline", got.Response, f2s(got.PctFromBaseline))
	}
}

func TestEvaluateDoesNotModifySubject(t *testing.T) {
	s := responder()
	s.Assessments[2].MissingLesions = []string{"1-2-T09"}
	s.Assessments[3].Reported.TargetSum = fp(1)
	before, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	first := Evaluate(s, DefaultOptions())
	after, _ := json.Marshal(s)
	if string(before) != string(after) {
		t.Errorf("Evaluate modified the subject:\n%s\n%s", before, after)
	}
	if again := Evaluate(s, DefaultOptions()); !reflect.DeepEqual(first, again) {
		t.Errorf("Evaluate is not deterministic:\n%+v\n%+v", first, again)
	}
}

func TestEvaluateConcurrently(t *testing.T) {
	s := responder()
	want := Evaluate(s, DefaultOptions())
	var wg sync.WaitGroup
	results := make([]SubjectResult, 8)
	for k := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[k] = Evaluate(s, DefaultOptions())
		}()
	}
	wg.Wait()
	for k, r := range results {
		if !reflect.DeepEqual(r, want) {
			t.Errorf("goroutine %d got a different result", k)
		}
	}
}

func TestReportedBestUsesReportedResponses(t *testing.T) {
	// The server reports a confirmed CR; the measurements give a confirmed PR.
	s := subject(
		baseline(tgt("T01", 30)),
		followUp(1, 56, CR, tgt("T01", 10)),
		followUp(2, 84, CR, tgt("T01", 10)),
	)
	r := Evaluate(s, DefaultOptions())
	if r.BestResponse != PR || r.ReportedBestResponse != CR {
		t.Errorf("best = %q, reported = %q; want PR, CR", r.BestResponse, r.ReportedBestResponse)
	}
}

func TestSecondBaselineIsNotAFollowUp(t *testing.T) {
	again := baseline(tgt("T01", 40))
	again.ID, again.Date = "A0b", day0.AddDate(0, 0, 3)
	s := subject(baseline(tgt("T01", 50)), again, followUp(1, 56, PR, tgt("T01", 30)), followUp(2, 84, PR, tgt("T01", 30)))
	r := Evaluate(s, DefaultOptions())
	tp := r.Timepoints[1]
	if tp.Response != None || !eqf(tp.TargetSum, fp(40)) || !eqf(tp.PctFromBaseline, fp(-20)) {
		t.Errorf("second baseline = %+v", tp)
	}
	if !eqf(r.Timepoints[2].PctFromNadir, fp(-40)) || r.BestResponse != PR || !eqf(r.BestPctChange, fp(-40)) {
		t.Errorf("follow-ups measured from the second baseline: %+v, best %q", r.Timepoints[2], r.BestResponse)
	}
	want := "Baseline (11 Jan 2024): a second baseline (Timepoint 0) in this case; the rules measure from Baseline (8 Jan 2024) and do not count it as a follow-up."
	if len(r.Discrepancies) != 1 || r.Discrepancies[0].Text != want || r.Discrepancies[0].Kind != KindSequence {
		t.Errorf("Discrepancies = %v\nwant %q", r.Discrepancies, want)
	}
}
