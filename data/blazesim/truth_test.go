package blazesim

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/recistview/recistview/data/recist"
)

// served is a study as a client rebuilds it from the served JSON alone.
type served struct {
	subjects   map[string]*recist.Subject
	reportOf   map[string]json.RawMessage // assessment id → DiagnosticReport
	extsOf     map[string]testResource    // assessment id → its decoded extensions
	followUps  int
	conclusion map[string]string
}

// rebuild loads a study over HTTP and maps it to the domain model, the way the app's loader
// does, so that the tests prove the served payloads carry what the rules need.
func rebuild(t *testing.T, h *harness, study string) served {
	t.Helper()
	lesions := map[string]*recist.Lesion{}
	for _, e := range h.all(base + "/Observation?researchstudy=" + study + "&category=imaging&_count=100") {
		var o struct {
			testResource
			EffectiveDateTime string `json:"effectiveDateTime"`
			ValueQuantity     *struct {
				Value float64 `json:"value"`
				Unit  string  `json:"unit"`
			} `json:"valueQuantity"`
		}
		if err := json.Unmarshal(e.Resource, &o); err != nil {
			t.Fatal(err)
		}
		id := o.identifier("LesionIdentifier")
		cat, ok := recist.ParseCategory(o.str("Category"))
		if !ok {
			t.Fatalf("%s: category %q", id, o.str("Category"))
		}
		organ := o.str("Organ")
		l := &recist.Lesion{
			ID: id, Code: id[strings.LastIndex(id, "-")+1:], Category: cat, Organ: organ,
			Nodal: recist.IsNodal(organ), State: o.str("State"), DateText: o.EffectiveDateTime,
		}
		if o.ValueQuantity != nil {
			v := o.ValueQuantity.Value
			l.Value, l.Unit = &v, o.ValueQuantity.Unit
		}
		lesions[id] = l
	}
	s := served{subjects: map[string]*recist.Subject{}, reportOf: map[string]json.RawMessage{}, extsOf: map[string]testResource{}, conclusion: map[string]string{}}
	for _, e := range h.all(base + "/DiagnosticReport?researchstudy=" + study + "&_count=100") {
		var dr struct {
			testResource
			Subject           struct{ Reference string } `json:"subject"`
			EffectiveDateTime string                     `json:"effectiveDateTime"`
			Result            []struct{ Display string } `json:"result"`
			Conclusion        string                     `json:"conclusion"`
		}
		if err := json.Unmarshal(e.Resource, &dr); err != nil {
			t.Fatal(err)
		}
		id := dr.identifier("AssessmentId")
		date, err := time.Parse("2006-01-02T15:04:05", dr.EffectiveDateTime)
		if err != nil {
			t.Fatal(err)
		}
		caseID := int(dr.num("CaseId"))
		a := &recist.Assessment{
			ID: id, CaseID: &caseID, Timepoint: int(dr.num("Timepoint")), Name: dr.str("Name"), Date: date,
			Reported: recist.Reported{Response: recist.ParseConclusion(dr.Conclusion), Conclusion: dr.Conclusion},
		}
		for _, r := range dr.Result {
			l := lesions[r.Display]
			if l == nil {
				t.Fatalf("report %s references %s, which was not served", id, r.Display)
			}
			a.Lesions = append(a.Lesions, l)
		}
		subjectID := strings.TrimPrefix(dr.Subject.Reference, "Patient/")
		sub := s.subjects[subjectID]
		if sub == nil {
			sub = &recist.Subject{ID: subjectID}
			s.subjects[subjectID] = sub
		}
		sub.Assessments = append(sub.Assessments, a)
		s.reportOf[id] = e.Resource
		s.extsOf[id] = dr.testResource
		s.conclusion[id] = dr.Conclusion
		if a.Timepoint > 0 {
			s.followUps++
		}
	}
	for _, sub := range s.subjects {
		slices.SortFunc(sub.Assessments, func(x, y *recist.Assessment) int { return x.Timepoint - y.Timepoint })
	}
	return s
}

// TestReportedConclusionsMatchRulesExceptAltered recomputes every served assessment with
// recist.Evaluate from the served lesions: the reported conclusion must agree everywhere except
// at exactly the assessments Truth says were altered, and the reported target sums and changes
// must be the computed ones.
func TestReportedConclusionsMatchRulesExceptAltered(t *testing.T) {
	h := newHarness(t, nil)
	for _, study := range []string{DemoStudy, LargeStudy} {
		t.Run(study, func(t *testing.T) {
			truth, err := h.srv.Truth(study)
			if err != nil {
				t.Fatal(err)
			}
			s := rebuild(t, h, study)
			var mismatched []string
			for _, sub := range s.subjects {
				res := recist.Evaluate(sub, recist.DefaultOptions())
				var baseSum *float64
				for k, a := range sub.Assessments {
					tp := res.Timepoints[k]
					if k == 0 {
						baseSum = tp.TargetSum
						if s.conclusion[a.ID] != "No" {
							t.Errorf("baseline %s concludes %q", a.ID, s.conclusion[a.ID])
						}
					} else if a.Reported.Response != tp.Response {
						mismatched = append(mismatched, a.ID)
					}
					if tp.Response != truth.Computed[a.ID] {
						t.Errorf("%s: rebuilt from the payloads gives %s, truth says %s", a.ID, tp.Response, truth.Computed[a.ID])
					}
					checkReportedFigures(t, s.reportOf[a.ID], s.extsOf[a.ID], tp.TargetSum, baseSum)
				}
			}
			sortNumeric(mismatched)
			if want := truth.AlteredIDs(); !slices.Equal(mismatched, want) {
				t.Errorf("conclusions differing from the rules %v, altered %v", mismatched, want)
			}
			if want := int(math.Round(DefaultWrongShare * float64(s.followUps))); len(mismatched) != want || want == 0 {
				t.Errorf("%d altered of %d follow-ups, want %d", len(mismatched), s.followUps, want)
			}
			for id, alt := range truth.Altered {
				if alt.Computed == alt.Reported || recist.ParseConclusion(s.conclusion[id]) != alt.Reported {
					t.Errorf("%s: alteration %+v, served %q", id, alt, s.conclusion[id])
				}
			}
		})
	}
}

// checkReportedFigures compares a report's CurrentValue and ChangeFromBaseline with the sums.
func checkReportedFigures(t *testing.T, report json.RawMessage, r testResource, sum, baseSum *float64) {
	t.Helper()
	cur := r.num("CurrentValue")
	if sum == nil {
		if !math.IsNaN(cur) {
			t.Errorf("CurrentValue %v where the sum cannot be computed", cur)
		}
		return
	}
	if math.Abs(cur-*sum) > 1e-9 {
		t.Errorf("CurrentValue %v, computed sum %v", cur, *sum)
	}
	isInt := strings.Contains(string(report), `#CurrentValue","valueInteger"`)
	if isInt != (*sum == math.Trunc(*sum)) {
		t.Errorf("CurrentValue %v sent as integer=%v", *sum, isInt)
	}
	if baseSum != nil {
		d := *sum - *baseSum
		if got, want := r.str("ChangeFromBaseline"), changeText(&d); got != want {
			t.Errorf("ChangeFromBaseline %v, want %s", got, want)
		}
	}
}

func TestWrongShareZero(t *testing.T) {
	srv, err := NewServer(Config{WrongShare: 0})
	if err != nil {
		t.Fatal(err)
	}
	tr, _ := srv.Truth(DemoStudy)
	if len(tr.Altered) != 0 {
		t.Fatalf("%d altered with WrongShare 0", len(tr.Altered))
	}
	for _, s := range tr.Study.Subjects {
		for _, d := range tr.Results[s.ID].Discrepancies {
			if d.Kind == recist.KindResponse || d.Kind == recist.KindTargetSum {
				t.Errorf("%s: %s discrepancy %q with nothing altered", s.ID, d.Kind, d.Text)
			}
		}
	}
}

// TestTruthResultsFlagAlteredAssessments: the response discrepancies recist.Evaluate reports
// are exactly the altered assessments.
func TestTruthResultsFlagAlteredAssessments(t *testing.T) {
	srv, _ := NewServer(DefaultConfig())
	tr, _ := srv.Truth(LargeStudy)
	flagged := map[string]bool{}
	for _, r := range tr.Results {
		for _, d := range r.Discrepancies {
			if d.Kind == recist.KindResponse {
				flagged[d.AssessmentID] = true
			}
		}
	}
	for _, id := range tr.AlteredIDs() {
		if !flagged[id] {
			t.Errorf("altered %s not flagged by recist.Evaluate", id)
		}
	}
	for id := range flagged {
		if _, ok := tr.Altered[id]; !ok {
			t.Errorf("%s flagged but not altered", id)
		}
	}
}
