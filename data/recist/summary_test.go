package recist

import (
	"math"
	"testing"
)

func TestSummarize(t *testing.T) {
	results := []SubjectResult{
		{BestResponse: CR}, {BestResponse: PR}, {BestResponse: PR}, {BestResponse: SD},
		{BestResponse: NonCRNonPD}, {BestResponse: PD}, {BestResponse: NE}, {BestResponse: None},
	}
	s := Summarize(results)
	if s.Subjects != 8 || s.Evaluable != 7 {
		t.Errorf("Subjects, Evaluable = %d, %d; want 8, 7", s.Subjects, s.Evaluable)
	}
	want := map[Response]int{CR: 1, PR: 2, SD: 1, NonCRNonPD: 1, PD: 1, NE: 1, None: 1}
	for r, n := range want {
		if s.Counts[r] != n {
			t.Errorf("Counts[%q] = %d, want %d", r, s.Counts[r], n)
		}
	}
	if math.Abs(s.ORR-3.0/7) > 1e-12 || math.Abs(s.DCR-4.0/7) > 1e-12 {
		t.Errorf("ORR, DCR = %v, %v; want 3/7, 4/7 (Non-CR/Non-PD is not disease control)", s.ORR, s.DCR)
	}
}

func TestSummarizeEmpty(t *testing.T) {
	s := Summarize(nil)
	if s.Subjects != 0 || s.Evaluable != 0 || s.ORR != 0 || s.DCR != 0 || s.Counts == nil {
		t.Errorf("Summarize(nil) = %+v", s)
	}
	s = Summarize([]SubjectResult{{}, {}})
	if s.Evaluable != 0 || s.ORR != 0 || s.Counts[None] != 2 {
		t.Errorf("no evaluable subjects: %+v", s)
	}
}

func TestSummarizeEvaluatedSubjects(t *testing.T) {
	s := Summarize([]SubjectResult{
		Evaluate(responder(), DefaultOptions()),
		Evaluate(subject(baseline(tgt("T01", 30))), DefaultOptions()),
	})
	if s.Evaluable != 1 || s.ORR != 1 || s.DCR != 1 {
		t.Errorf("Summarize = %+v; want one evaluable responder", s)
	}
}
