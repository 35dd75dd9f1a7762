package recist

import (
	"strings"
	"testing"
)

// discrepancies evaluates s with the default options and returns its discrepancies.
func discrepancies(s *Subject) []Discrepancy {
	return Evaluate(s, DefaultOptions()).Discrepancies
}

// ofKind keeps the discrepancies of kind k.
func ofKind(ds []Discrepancy, k DiscrepancyKind) []Discrepancy {
	var out []Discrepancy
	for _, d := range ds {
		if d.Kind == k {
			out = append(out, d)
		}
	}
	return out
}

func TestResponseDiscrepancyTexts(t *testing.T) {
	base := func() *Assessment { return baseline(tgt("T01", 36.3), tgt("T02", 20), nt("NT01", StatePresent)) }
	undefined := followUp(1, 56, None, tgt("T01", 10), tgt("T02", 10), nt("NT01", StatePresent))
	undefined.Reported.Conclusion = "Undefined"
	empty := followUp(1, 56, None, tgt("T01", 10), tgt("T02", 10), nt("NT01", StatePresent))
	empty.Reported.Conclusion = ""
	verbatim := followUp(1, 56, PR, tgt("T01", 25), tgt("T02", 20), nt("NT01", StatePresent))
	verbatim.Reported.Conclusion = "PR"
	tests := []struct {
		name string
		fu   *Assessment
		want string // "" for no response discrepancy
	}{
		{
			"PR not reached",
			followUp(1, 56, PR, tgt("T01", 25), tgt("T02", 20), nt("NT01", StatePresent)),
			"Follow-up 1 (4 Mar 2024): reported Partial Response, but the measurements give Stable Disease: target sum 45.0 mm is −20.1 % from baseline 56.3 mm (PR needs −30 %).",
		},
		{
			"the conclusion is quoted as served",
			verbatim,
			"Follow-up 1 (4 Mar 2024): reported PR, but the measurements give Stable Disease: target sum 45.0 mm is −20.1 % from baseline 56.3 mm (PR needs −30 %).",
		},
		{
			"new lesion",
			followUp(1, 56, SD, tgt("T01", 36), tgt("T02", 20), nt("NT01", StatePresent), newLesion("T-NEW01", StatePresent)),
			"Follow-up 1 (4 Mar 2024): reported Stable Disease, but new lesion T-NEW01 in Liver makes it Progressive Disease.",
		},
		{
			"unequivocal progression",
			followUp(1, 56, SD, tgt("T01", 36), tgt("T02", 20), nt("NT01", StateUnequivocal)),
			"Follow-up 1 (4 Mar 2024): reported Stable Disease, but unequivocal progression of non-target NT01 in Bone makes it Progressive Disease.",
		},
		{
			"target PD",
			followUp(1, 56, SD, tgt("T01", 48), tgt("T02", 20), nt("NT01", StatePresent)),
			"Follow-up 1 (4 Mar 2024): reported Stable Disease, but the measurements give Progressive Disease: target sum 68.0 mm is +20.8 % (+11.7 mm) from the nadir 56.3 mm (PD needs +20 % and +5 mm).",
		},
		{
			"PD reported without grounds",
			followUp(1, 56, PD, tgt("T01", 40), tgt("T02", 20), nt("NT01", StatePresent)),
			"Follow-up 1 (4 Mar 2024): reported Progressive Disease, but the measurements give Stable Disease: there is no new lesion, no unequivocal progression and target sum 60.0 mm is +6.6 % (+3.7 mm) from the nadir 56.3 mm (PD needs +20 % and +5 mm).",
		},
		{
			"CR with a target left",
			followUp(1, 56, CR, tgt("T01", 10), tgtState("T02", StateDisappeared), nt("NT01", StateDisappeared)),
			"Follow-up 1 (4 Mar 2024): reported Complete Response, but the measurements give Partial Response: target T01 in Liver still measures 10.0 mm (CR needs every target gone and nodes below 10 mm).",
		},
		{
			"CR with a non-target left",
			followUp(1, 56, CR, tgtState("T01", StateDisappeared), tgtState("T02", StateDisappeared), nt("NT01", StatePresent)),
			"Follow-up 1 (4 Mar 2024): reported Complete Response, but the measurements give Partial Response: the target lesions are gone but non-target NT01 in Bone persists.",
		},
		{
			"PR where the measurements give CR",
			followUp(1, 56, PR, tgtState("T01", StateDisappeared), tgtState("T02", StateDisappeared), nt("NT01", StateDisappeared)),
			"Follow-up 1 (4 Mar 2024): reported Partial Response, but the measurements give Complete Response: every target lesion disappeared, and every non-target lesion is gone.",
		},
		{
			"not evaluable",
			followUp(1, 56, SD, tgt("T01", 36), tgtState("T02", StateNotEvaluable), nt("NT01", StatePresent)),
			"Follow-up 1 (4 Mar 2024): reported Stable Disease, but the measurements give Not Evaluable: target T02 (Not evaluable) has no usable measurement.",
		},
		{
			"Undefined conclusion",
			undefined,
			"Follow-up 1 (4 Mar 2024): the report concludes “Undefined”, which is no response, but the measurements give Partial Response: target sum 20.0 mm is −64.5 % from baseline 56.3 mm (PR needs −30 %).",
		},
		{
			"empty conclusion",
			empty,
			"Follow-up 1 (4 Mar 2024): no response was reported, but the measurements give Partial Response: target sum 20.0 mm is −64.5 % from baseline 56.3 mm (PR needs −30 %).",
		},
		{"agreement", followUp(1, 56, SD, tgt("T01", 36), tgt("T02", 20), nt("NT01", StatePresent)), ""},
		{"no response reported and NE computed", followUp(1, 56, None, tgtState("T01", StateNotAssessed), tgt("T02", 20), nt("NT01", StatePresent)), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ofKind(discrepancies(subject(base(), tt.fu)), KindResponse)
			if tt.want == "" {
				if len(got) != 0 {
					t.Errorf("got %v, want no response discrepancy", got)
				}
				return
			}
			if len(got) != 1 || got[0].Text != tt.want || got[0].AssessmentID != "A1" {
				t.Errorf("got %v\nwant %q", got, tt.want)
			}
		})
	}
}

func TestTargetSumDiscrepancy(t *testing.T) {
	b := baseline(tgt("T01", 19.2), tgt("T02", 20))
	b.Reported.TargetSum = fp(39.2)
	fu := followUp(1, 56, SD, tgt("T01", 19.2), tgt("T02", 20))
	fu.Reported.TargetSum = fp(37.6)
	close := followUp(2, 84, SD, tgt("T01", 19.2), tgt("T02", 20))
	close.Reported.TargetSum = fp(39.16)
	cm := followUp(3, 112, SD, tgt("T01", 19.2), tgt("T02", 20))
	cm.Reported.TargetSum, cm.Reported.Unit = fp(3.92), "cm"
	noSum := followUp(4, 140, SD, tgt("T01", 19.2), tgtState("T02", StateNotAssessed))
	noSum.Reported.TargetSum = fp(10)
	got := ofKind(discrepancies(subject(b, fu, close, cm, noSum)), KindTargetSum)
	want := "Follow-up 1 (4 Mar 2024): reported target sum 37.6 mm, but the target lesions add up to 39.2 mm."
	if len(got) != 1 || got[0].Text != want || got[0].AssessmentID != "A1" {
		t.Errorf("got %v\nwant %q", got, want)
	}

	b = baseline(tgt("T01", 19.2), tgt("T02", 20))
	b.Reported.TargetSum = fp(38)
	got = ofKind(discrepancies(subject(b)), KindTargetSum)
	if len(got) != 1 || !strings.HasPrefix(got[0].Text, "Baseline (8 Jan 2024): reported target sum 38.0 mm") {
		t.Errorf("baseline: got %v", got)
	}
}

func TestMissingLesionsDiscrepancy(t *testing.T) {
	fu := followUp(2, 56, SD, tgt("T01", 30))
	fu.MissingLesions = []string{"163-790-T01", "163-790-T02", "163-790-NT01", "163-790-NT02"}
	one := followUp(3, 84, SD, tgt("T01", 30))
	one.MissingLesions = []string{"163-791-T05"}
	got := ofKind(discrepancies(subject(baseline(tgt("T01", 30)), fu, one)), KindMissing)
	want := []string{
		"Follow-up 2 (4 Mar 2024): references 4 lesions the server did not send (163-790-T01, 163-790-T02, 163-790-NT01, …); its response cannot be fully recomputed.",
		"Follow-up 3 (1 Apr 2024): references 1 lesion the server did not send (163-791-T05); its response cannot be fully recomputed.",
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %d", got, len(want))
	}
	for k := range want {
		if got[k].Text != want[k] {
			t.Errorf("got %q\nwant %q", got[k].Text, want[k])
		}
	}
}

func TestNotEvaluableDiscrepancy(t *testing.T) {
	s := subject(
		baseline(tgt("T01", 30), tgt("T02", 20), nt("NT01", StatePresent)),
		followUp(1, 56, NE, tgt("T01", 30), nt("NT01", StateNotAssessed)),
		followUp(2, 84, PR, tgtState("T01", StateDisappeared), tgtState("T02", StateDisappeared), nt("NT01", StateNotAssessed)),
	)
	got := ofKind(discrepancies(s), KindMissing)
	want := "Follow-up 1 (4 Mar 2024): the response is Not Evaluable because target T02 (not in this assessment) and non-target NT01 (Not assessed) have no usable measurement."
	// Follow-up 2 is PR (targets gone, non-target not evaluated): not NE, so no missing data to flag.
	if len(got) != 1 || got[0].Text != want || got[0].AssessmentID != "A1" {
		t.Errorf("got %v\nwant %q", got, want)
	}
}

func TestUnknownBaselineSumDiscrepancy(t *testing.T) {
	s := subject(
		baseline(tgt("T01", 30), tgtState("T02", StateNotEvaluable)),
		followUp(1, 56, SD, tgt("T01", 30), tgt("T02", 20)),
	)
	got := ofKind(discrepancies(s), KindMissing)
	want := []string{
		"Baseline (8 Jan 2024): target T02 (Not evaluable) has no usable measurement, so the baseline target sum is unknown.",
		"Follow-up 1 (4 Mar 2024): the response is Not Evaluable because the baseline target sum is unknown.",
	}
	if len(got) != 2 || got[0].Text != want[0] || got[1].Text != want[1] {
		t.Errorf("got %v\nwant %q", got, want)
	}
}

func TestNoBaselineDiscrepancy(t *testing.T) {
	s := subject(followUp(1, 56, SD, tgt("T01", 30)), followUp(2, 84, None, tgt("T01", 30)))
	ds := discrepancies(s)
	want := []Discrepancy{
		{AssessmentID: "A1", Kind: KindMissing, Text: "Follow-up 1 (4 Mar 2024): no baseline (Timepoint 0 or an assessment named Baseline) was served for this case, so its follow-ups cannot be evaluated."},
		{AssessmentID: "A1", Kind: KindResponse, Text: "Follow-up 1 (4 Mar 2024): reported Stable Disease, but the measurements give Not Evaluable: no baseline was served for this case."},
	}
	if len(ds) != len(want) {
		t.Fatalf("got %v", ds)
	}
	for k := range want {
		if ds[k] != want[k] {
			t.Errorf("got %+v\nwant %+v", ds[k], want[k])
		}
	}
}

func TestSequenceDiscrepancy(t *testing.T) {
	b := func() *Assessment { return baseline(tgt("T01", 30), nt("NT01", StatePresent)) }
	gone := func() []*Lesion { return []*Lesion{tgtState("T01", StateDisappeared), nt("NT01", StateDisappeared)} }

	// Reported CR then PR, on lesions that stay gone.
	s := subject(b(), followUp(1, 56, CR, gone()...), followUp(2, 84, NE, gone()...), followUp(3, 112, PR, gone()...))
	got := ofKind(discrepancies(s), KindSequence)
	want := "Follow-up 3 (29 Apr 2024): reported Partial Response after the complete response at Follow-up 1 (4 Mar 2024); a PR after a complete response is a data problem: after CR any reappearance is progression."
	if len(got) != 1 || got[0].Text != want || got[0].AssessmentID != "A3" {
		t.Errorf("reported: got %v\nwant %q", got, want)
	}

	// Computed CR then PR (the non-target was not assessed) where the report says CR, CR.
	s = subject(b(), followUp(1, 56, CR, gone()...),
		followUp(2, 84, CR, tgtState("T01", StateDisappeared), nt("NT01", StateNotAssessed)))
	got = ofKind(discrepancies(s), KindSequence)
	want = "Follow-up 2 (1 Apr 2024): the measurements give Partial Response after the complete response at Follow-up 1 (4 Mar 2024); a PR after a complete response is a data problem: after CR any reappearance is progression."
	if len(got) != 1 || got[0].Text != want {
		t.Errorf("computed: got %v\nwant %q", got, want)
	}

	// Both sequences flag the same assessment: one discrepancy.
	s = subject(b(), followUp(1, 56, CR, gone()...),
		followUp(2, 84, PR, tgtState("T01", StateDisappeared), nt("NT01", StateNotAssessed)))
	if got := ofKind(discrepancies(s), KindSequence); len(got) != 1 || !strings.Contains(got[0].Text, "reported Partial Response after") {
		t.Errorf("same assessment: got %v", got)
	}

	// PR before CR is an ordinary course.
	s = subject(b(), followUp(1, 56, PR, tgt("T01", 10), nt("NT01", StatePresent)), followUp(2, 84, CR, gone()...))
	if got := ofKind(discrepancies(s), KindSequence); len(got) != 0 {
		t.Errorf("PR then CR: got %v", got)
	}
}

func TestDiscrepanciesInAssessmentOrder(t *testing.T) {
	as := append(
		inCase(1, baseline(tgt("T01", 30)), followUp(1, 56, PR, tgt("T01", 28))),
		inCase(2, baseline(tgt("T01", 30)), followUp(1, 56, PD, tgt("T01", 28)))...,
	)
	as[3].ID = "B1"
	// Case 1 again, after case 2.
	late := followUp(2, 84, CR, tgt("T01", 28))
	late.CaseID = ip(1)
	as = append(as, late)
	ds := discrepancies(subject(as...))
	var ids []string
	for _, d := range ds {
		ids = append(ids, d.AssessmentID)
	}
	if strings.Join(ids, ",") != "A1,B1,A2" {
		t.Errorf("order = %v, want A1,B1,A2", ids)
	}
}

func TestAssessmentLabel(t *testing.T) {
	tests := []struct {
		a    Assessment
		want string
	}{
		{Assessment{Name: "Follow-up 2", Date: day0}, "Follow-up 2 (8 Jan 2024)"},
		{Assessment{Name: "Follow-up 2", DateText: "2006-10-13"}, "Follow-up 2 (2006-10-13)"},
		{Assessment{Name: "Follow-up 2"}, "Follow-up 2"},
		{Assessment{ID: "790"}, "Assessment 790"},
		{Assessment{}, "An assessment"},
	}
	for _, tt := range tests {
		if got := assessmentLabel(&tt.a); got != tt.want {
			t.Errorf("assessmentLabel(%+v) = %q, want %q", tt.a, got, tt.want)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct{ got, want string }{
		{num(-20.06), "−20.1"},
		{num(-0.04), "0.0"},
		{num(45), "45.0"},
		{signed(4.1), "+4.1"},
		{signed(-4.1), "−4.1"},
		{signed(0.01), "0.0"},
		{joinList([]string{"a"}), "a"},
		{joinList([]string{"a", "b"}), "a and b"},
		{joinList([]string{"a", "b", "c"}), "a, b and c"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	gaps := []gap{{code: "T01", cat: Target}, {code: "T02", cat: Target}, {code: "NT01", cat: NonTarget}, {code: "NT02", cat: NonTarget}, {code: "NT03", cat: NonTarget}}
	text, plural := gapsText(gaps)
	want := "target T01 (not in this assessment), target T02 (not in this assessment), non-target NT01 (not in this assessment) and 2 more"
	if text != want || !plural {
		t.Errorf("gapsText = %q, %v; want %q, true", text, plural, want)
	}
}

func TestMoreResponseTexts(t *testing.T) {
	inferred := followUp(1, 56, None, tgtState("T01", StateDisappeared), node("T02", 8))
	inferred.Raw, inferred.Reported.Conclusion = nil, ""
	tests := []struct {
		name     string
		base, fu *Assessment
		want     string
	}{
		{
			"inferred assessment",
			baseline(tgt("T01", 30), node("T02", 20)), inferred,
			"Follow-up 1 (4 Mar 2024): the server sent no report for this assessment, but the measurements give Complete Response: every non-nodal target disappeared and every node is below 10 mm (sum 8.0 mm).",
		},
		{
			"non-target disease: CR",
			baseline(nt("NT01", StatePresent)), followUp(1, 56, NonCRNonPD, nt("NT01", StateDisappeared)),
			"Follow-up 1 (4 Mar 2024): reported Non-CR/Non-PD, but the measurements give Complete Response: every non-target lesion is gone.",
		},
		{
			"non-target disease: persists",
			baseline(nt("NT01", StatePresent)), followUp(1, 56, CR, nt("NT01", StateStable)),
			"Follow-up 1 (4 Mar 2024): reported Complete Response, but the measurements give Non-CR/Non-PD: non-target NT01 in Bone persists.",
		},
		{
			"non-target disease: PD without grounds",
			baseline(nt("NT01", StatePresent)), followUp(1, 56, PD, nt("NT01", StatePresent)),
			"Follow-up 1 (4 Mar 2024): reported Progressive Disease, but the measurements give Non-CR/Non-PD: there is no new lesion and no unequivocal progression.",
		},
		{
			"CR with a non-target not evaluated",
			baseline(tgt("T01", 30), nt("NT01", StatePresent)), followUp(1, 56, CR, tgtState("T01", StateDisappeared), nt("NT01", StateNotEvaluable)),
			"Follow-up 1 (4 Mar 2024): reported Complete Response, but the measurements give Partial Response: the target lesions are gone but the non-target lesions were not all evaluated.",
		},
		{
			"no disease at baseline",
			baseline(), followUp(1, 56, SD),
			"Follow-up 1 (4 Mar 2024): reported Stable Disease, but the measurements give Not Evaluable: the baseline has no target or non-target lesions and there is no new lesion.",
		},
		{
			"progression with a target not measured",
			baseline(tgt("T01", 20), tgt("T02", 10)), followUp(1, 56, NE, tgt("T01", 40), tgtState("T02", StateNotAssessed)),
			"Follow-up 1 (4 Mar 2024): reported Not Evaluable, but the measurements give Progressive Disease: the measured targets alone add up to 40.0 mm, +33.3 % (+10.0 mm) from the nadir 30.0 mm (PD needs +20 % and +5 mm).",
		},
		{
			"a new node",
			baseline(tgt("T01", 30)), followUp(1, 56, SD, tgt("T01", 30), newNode("N02", StatePresent, fp(12))),
			"Follow-up 1 (4 Mar 2024): reported Stable Disease, but new lesion N02 in Lymph node cervical makes it Progressive Disease.",
		},
		{
			"reappearing non-target",
			nil, nil,
			"Follow-up 2 (1 Apr 2024): reported Complete Response, but the return of non-target NT01 in Bone after a complete response makes it Progressive Disease.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := subject(tt.base, tt.fu)
			if tt.base == nil {
				s = subject(baseline(tgt("T01", 30), nt("NT01", StatePresent)),
					followUp(1, 56, CR, tgtState("T01", StateDisappeared), nt("NT01", StateDisappeared)),
					followUp(2, 84, CR, tgtState("T01", StateDisappeared), nt("NT01", StatePresent)))
			}
			got := ofKind(discrepancies(s), KindResponse)
			if len(got) != 1 || got[0].Text != tt.want {
				t.Errorf("got %v\nwant %q", got, tt.want)
			}
		})
	}
}

// TestUnsentLesionsAreAGapNotADisagreement is the published FHIR-T shape: the reports name
// lesions the server does not send, so the rules cannot recompute the PR, and that is a data
// gap to report, not a disagreement with the reported response.
func TestUnsentLesionsAreAGapNotADisagreement(t *testing.T) {
	b := baseline()
	b.MissingLesions = []string{"163-792-T01", "163-792-T02"}
	fu := followUp(2, 164, PR)
	fu.MissingLesions = []string{"163-790-T01", "163-790-T02"}
	res := Evaluate(subject(b, fu), DefaultOptions())
	if got := ofKind(res.Discrepancies, KindResponse); len(got) != 0 {
		t.Errorf("unsent lesions reported as a disagreement: %v", got)
	}
	if got := ofKind(res.Discrepancies, KindMissing); len(got) != 2 {
		t.Errorf("missing-data notes = %v, want one per assessment", got)
	}
	// With the lesions served, the same reported PR against measurements that say SD is a
	// disagreement again.
	served := subject(baseline(tgt("T01", 50)), followUp(2, 164, PR, tgt("T01", 45)))
	if got := ofKind(Evaluate(served, DefaultOptions()).Discrepancies, KindResponse); len(got) != 1 {
		t.Errorf("disagreement lost: %v", got)
	}
}
