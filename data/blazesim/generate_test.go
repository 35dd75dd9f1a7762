package blazesim

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/recistview/recistview/data/recist"
)

// firstPages fetches page 1 of every search of a study.
func firstPages(h *harness, study string) [][]byte {
	var out [][]byte
	for _, path := range []string{"/DiagnosticReport?", "/Observation?category=imaging&", "/Patient?", "/Group?"} {
		for _, page := range []string{"1", "2"} {
			_, body := h.demo(base + path + "researchstudy=" + study + "&_count=100&page=" + page)
			out = append(out, body)
		}
	}
	return out
}

func TestDeterministic(t *testing.T) {
	a, b := newHarness(t, nil), newHarness(t, nil)
	// b's server listens on another port: compare with its origin swapped for a's
	for _, study := range []string{DemoStudy, LargeStudy} {
		pa, pb := firstPages(a, study), firstPages(b, study)
		for i := range pa {
			if !bytes.Equal(pa[i], bytes.ReplaceAll(pb[i], []byte(b.ts.URL), []byte(a.ts.URL))) {
				t.Errorf("%s: response %d differs between two servers with the same seed", study, i)
			}
		}
	}
	c := newHarness(t, func(c *Config) { c.Seed++ })
	pa, pc := firstPages(a, DemoStudy), firstPages(c, DemoStudy)
	if bytes.Equal(pa[0], bytes.ReplaceAll(pc[0], []byte(c.ts.URL), []byte(a.ts.URL))) {
		t.Error("another seed gave the same DiagnosticReports")
	}
}

var (
	codePattern    = regexp.MustCompile(`^(T0[1-5]|NT\d\da?|NL\d\d)$`)
	subjectPattern = regexp.MustCompile(`^\d{8}$`)
)

// checkStudy asserts the generator's clinical constraints on a generated study.
func checkStudy(t *testing.T, tr *Truth) {
	t.Helper()
	prevID := 0
	for _, s := range tr.Study.Subjects {
		id, _ := strconv.Atoi(s.ID)
		if !subjectPattern.MatchString(s.ID) || id <= prevID {
			t.Errorf("subject id %s (after %d)", s.ID, prevID)
		}
		prevID = id
		if s.Sex != "male" && s.Sex != "female" || s.BirthYear < 1925 || s.BirthYear > 2001 || s.Race == "" || s.Ethnicity == "" {
			t.Errorf("%s: demographics %q %d %q %q", s.ID, s.Sex, s.BirthYear, s.Race, s.Ethnicity)
		}
		if len(s.Assessments) == 0 {
			if tr.Archetypes[s.ID] != NotYetAssessed {
				t.Errorf("%s: no assessments", s.ID)
			}
			continue
		}
		checkSubject(t, tr, s)
	}
}

func checkSubject(t *testing.T, tr *Truth, s *recist.Subject) {
	t.Helper()
	as := s.Assessments
	if n := len(as) - 1; n < 2 || n > 15 {
		t.Errorf("%s: %d follow-ups", s.ID, n)
	}
	b := as[0]
	if b.Timepoint != 0 || b.Name != "Baseline" || b.Date.Year() < 2019 || b.Date.Year() > 2024 || b.Reported.Conclusion != "No" {
		t.Errorf("%s: baseline %q tp %d on %s says %q", s.ID, b.Name, b.Timepoint, b.DateText, b.Reported.Conclusion)
	}
	targets, perOrgan := 0, map[string]int{}
	baseCodes := map[string]bool{}
	for _, l := range b.Lesions {
		baseCodes[l.Code] = true
		if l.Category == recist.New {
			t.Errorf("%s: new lesion at baseline", s.ID)
		}
		if l.Category != recist.Target {
			if l.Nodal && (l.Value == nil || *l.Value < 10 || *l.Value >= 15) {
				t.Errorf("%s %s: nodal non-target at baseline %v, want 10 to < 15 mm", s.ID, l.Code, l.Value)
			}
			continue
		}
		targets++
		perOrgan[organGroup(l.Organ)]++
		switch {
		case l.Value == nil:
			t.Errorf("%s %s: target without baseline value", s.ID, l.Code)
		case l.Nodal && (*l.Value < 15 || l.Label != "Short axis"):
			t.Errorf("%s %s: nodal target %.1f mm %q", s.ID, l.Code, *l.Value, l.Label)
		case !l.Nodal && *l.Value < 10:
			t.Errorf("%s %s: non-nodal target %.1f mm", s.ID, l.Code, *l.Value)
		}
	}
	if targets > 5 || (targets == 0) != (tr.Archetypes[s.ID] == NonTargetOnly) {
		t.Errorf("%s (%s): %d targets", s.ID, tr.Archetypes[s.ID], targets)
	}
	for organ, n := range perOrgan {
		if n > 2 {
			t.Errorf("%s: %d targets in %s", s.ID, n, organ)
		}
	}
	firstPD := -1
	for k, a := range as {
		if a.Timepoint != k || (k > 0 && a.Name != fmt.Sprintf("Follow-up %d", k)) || *a.CaseID != *b.CaseID {
			t.Errorf("%s: assessment %d is %q tp %d case %d", s.ID, k, a.Name, a.Timepoint, *a.CaseID)
		}
		if k > 0 {
			gap := a.Date.Truncate(24*time.Hour).Sub(as[k-1].Date.Truncate(24*time.Hour)).Hours() / 24
			if gap < minGapDays || gap > maxGapDays {
				t.Errorf("%s: follow-up %d is %.0f days after the previous scan", s.ID, k, gap)
			}
			if firstPD < 0 && tr.Computed[a.ID] == recist.PD {
				firstPD = k
			}
		}
		if !strings.Contains(a.DateText, "T") || strings.ContainsAny(a.DateText[10:], "Z+") {
			t.Errorf("%s: effectiveDateTime %q", s.ID, a.DateText)
		}
		for _, l := range a.Lesions {
			if !codePattern.MatchString(l.Code) {
				t.Errorf("%s: lesion code %q", s.ID, l.Code)
			}
			if want := fmt.Sprintf("%d-%s-%s", *a.CaseID, a.ID, l.Code); l.ID != want {
				t.Errorf("lesion id %s, want %s", l.ID, want)
			}
			if l.Category != recist.New && !baseCodes[l.Code] {
				t.Errorf("%s: %s at follow-up %d was not there at baseline", s.ID, l.Code, k)
			}
			if l.DateText != a.Date.Format("2006-01-02") {
				t.Errorf("lesion date %q for %s", l.DateText, a.DateText)
			}
		}
	}
	if firstPD > 0 && len(as)-1-firstPD > 1 {
		t.Errorf("%s: followed for %d scans after progression", s.ID, len(as)-1-firstPD)
	}
}

func TestGeneratedStudiesRespectConstraints(t *testing.T) {
	for _, seed := range []int64{DefaultSeed, 1, 2, 3} {
		srv, err := NewServer(Config{Seed: seed, WrongShare: DefaultWrongShare})
		if err != nil {
			t.Fatal(err)
		}
		for _, study := range []string{DemoStudy, LargeStudy, DeniedStudy, EmptyStudy} {
			t.Run(fmt.Sprintf("%s/seed%d", study, seed), func(t *testing.T) {
				tr, err := srv.Truth(study)
				if err != nil {
					t.Fatal(err)
				}
				checkStudy(t, tr)
			})
		}
	}
}

func TestPresetStudies(t *testing.T) {
	srv, _ := NewServer(DefaultConfig())
	sizes := map[string]int{DemoStudy: 12, LargeStudy: 500, EmptyStudy: 3, DeniedStudy: 5}
	for study, n := range sizes {
		tr, _ := srv.Truth(study)
		if len(tr.Study.Subjects) != n {
			t.Errorf("%s: %d subjects, want %d", study, len(tr.Study.Subjects), n)
		}
	}
	demo, _ := srv.Truth(DemoStudy)
	without := 0
	for _, s := range demo.Study.Subjects {
		if len(s.Assessments) == 0 {
			without++
		}
	}
	if without != 1 {
		t.Errorf("DEMO-01 has %d subjects without assessments, want 1", without)
	}
	empty, _ := srv.Truth(EmptyStudy)
	if empty.Assessments() != 0 {
		t.Errorf("EMPTY-01 has %d assessments", empty.Assessments())
	}
}

// TestLargeStudyVariety checks that DEMO-500 shows every pattern the app must handle.
func TestLargeStudyVariety(t *testing.T) {
	srv, _ := NewServer(DefaultConfig())
	tr, _ := srv.Truth(LargeStudy)
	responses := map[recist.Response]int{}
	states := map[string]int{}
	labels := map[string]int{}
	newLesions, altered := 0, 0
	for _, s := range tr.Study.Subjects {
		for _, a := range s.Assessments {
			if !a.IsBaseline() {
				responses[tr.Computed[a.ID]]++
			}
			for _, l := range a.Lesions {
				states[l.State]++
				labels[l.Label]++
				if l.Category == recist.New {
					newLesions++
				}
			}
		}
	}
	for _, r := range recist.Responses {
		if responses[r] == 0 {
			t.Errorf("no follow-up with computed %s", r)
		}
	}
	for _, st := range []string{recist.StatePresent, recist.StateStable, recist.StateDisappeared, recist.StateTooSmall,
		recist.StateNotEvaluable, recist.StateNotAssessed, recist.StateUnequivocal} {
		if states[st] == 0 {
			t.Errorf("no lesion in state %q", st)
		}
	}
	if labels["Long ? short axis"] == 0 || newLesions == 0 || len(tr.Duplicates) == 0 {
		t.Errorf("labels %v, %d new lesions, %d duplicates", labels, newLesions, len(tr.Duplicates))
	}
	altered = len(tr.Altered)
	if altered == 0 {
		t.Error("no altered conclusion")
	}
	var spellings = map[string]int{}
	var currentValue = map[string]int{}
	for _, s := range tr.Study.Subjects {
		for _, a := range s.Assessments {
			for _, sp := range []string{"SponsorId", "SponsorID"} {
				if bytes.Contains(a.Raw, []byte("#"+sp+`"`)) {
					spellings[sp]++
				}
			}
			for _, kind := range []string{`#CurrentValue","valueInteger"`, `#CurrentValue","valueDecimal"`} {
				if bytes.Contains(a.Raw, []byte(kind)) {
					currentValue[kind]++
				}
			}
		}
	}
	if len(spellings) != 2 || len(currentValue) != 2 {
		t.Errorf("sponsor spellings %v, CurrentValue kinds %v", spellings, currentValue)
	}
}

func BenchmarkGenerateLargeStudy(b *testing.B) {
	specs := DefaultStudies()
	for b.Loop() {
		generateStudy(DefaultSeed, specs[1], DefaultWrongShare)
	}
}
