package recist

import "testing"

// benchSubject is a realistic subject: a baseline with five targets (two nodal) and three
// non-targets, then 14 follow-ups every six weeks with reported responses and sums, a confirmed
// PR, a not-evaluable visit, and progression by a new lesion near the end.
func benchSubject() *Subject {
	sizes := [][5]float64{
		{32.1, 24.5, 18.0, 21.3, 16.2},
		{30.0, 23.1, 17.2, 19.8, 15.0},
		{25.4, 19.6, 14.1, 15.2, 12.2},
		{20.3, 15.2, 11.0, 11.4, 9.8},
		{19.8, 14.0, 10.2, 10.1, 9.1},
		{18.1, 13.5, 9.0, 9.5, 8.8},
		{18.0, 13.1, 8.8, 9.4, 8.7},
		{17.6, 12.9, 8.1, 9.2, 8.4},
		{0, 0, 0, 0, 0}, // not evaluable visit
		{17.5, 12.8, 8.0, 9.1, 8.3},
		{18.2, 13.0, 8.6, 9.3, 8.5},
		{19.0, 13.9, 9.2, 9.8, 8.9},
		{20.1, 14.5, 9.9, 10.4, 9.4},
		{22.4, 16.0, 11.0, 11.5, 10.2},
		{26.0, 18.8, 13.0, 13.1, 11.9},
	}
	reported := []Response{None, SD, PR, PR, PR, PR, PR, PR, NE, PR, PR, PR, SD, PD, PD}
	lesions := func(k int) []*Lesion {
		s := sizes[k]
		ls := []*Lesion{tgt("T01", s[0]), tgt("T02", s[1]), node("T03", s[2]), tgt("T04", s[3]), node("T05", s[4]),
			nt("NT01", StatePresent), nt("NT02", StateStable), ntNode("NT03", 12)}
		if k == 8 {
			ls[0] = tgtState("T01", StateNotEvaluable)
			ls[5] = nt("NT01", StateNotAssessed)
		}
		if k >= 13 {
			ls = append(ls, newLesion("N01", StatePresent))
		}
		return ls
	}
	as := []*Assessment{baseline(lesions(0)...)}
	for k := 1; k < len(sizes); k++ {
		a := followUp(k, 42*k, reported[k], lesions(k)...)
		a.CaseID = ip(163)
		sum := 0.0
		for _, v := range sizes[k] {
			sum += v
		}
		a.Reported.TargetSum = fp(round1(sum))
		as = append(as, a)
	}
	as[0].CaseID = ip(163)
	return subject(as...)
}

func BenchmarkEvaluate(b *testing.B) {
	s := benchSubject()
	opt := DefaultOptions()
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(s, opt)
	}
}

func TestBenchSubject(t *testing.T) {
	r := Evaluate(benchSubject(), DefaultOptions())
	if r.BestResponse != PR || r.ReportedBestResponse != PR {
		t.Errorf("best = %q, reported %q; want PR, PR", r.BestResponse, r.ReportedBestResponse)
	}
	if got := r.Timepoints[13].Response; got != PD {
		t.Errorf("follow-up 13 = %q, want PD", got)
	}
}
