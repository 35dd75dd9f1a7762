package blaze

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/recistview/recistview/data/fhir"
	"github.com/recistview/recistview/data/fixtures"
	"github.com/recistview/recistview/data/recist"
)

func fixtureEntries(t *testing.T, name string) []fhir.Entry {
	t.Helper()
	var b fhir.Bundle
	if err := json.Unmarshal(fixtures.Bytes(name), &b); err != nil {
		t.Fatal(err)
	}
	return b.Entry
}

// fixtureStudy maps all published payloads as one study, as the simulator serves FHIR-T.
func fixtureStudy(t *testing.T) (*Builder, *recist.Study) {
	b := NewBuilder("FHIR-T")
	b.AddReports(fixtureEntries(t, fixtures.DiagnosticReportBundle))
	b.AddObservations(fixtureEntries(t, fixtures.ObservationBundle))
	b.AddPatients(fixtureEntries(t, fixtures.PatientBundle))
	b.AddGroup(fixtureEntries(t, fixtures.GroupBundle))
	return b, b.Study()
}

func subjectByID(st *recist.Study, id string) *recist.Subject {
	for _, s := range st.Subjects {
		if s.ID == id {
			return s
		}
	}
	return nil
}

func TestFixtureStudyMapping(t *testing.T) {
	b, st := fixtureStudy(t)
	if st.ID != "FHIR-T" || st.SponsorID != "C3861001" {
		t.Errorf("study = %q sponsor %q", st.ID, st.SponsorID)
	}
	var ids []string
	for _, s := range st.Subjects {
		ids = append(ids, s.ID)
	}
	if !slices.Equal(ids, []string{"10081001", "10081004", "10081007"}) {
		t.Fatalf("subjects = %v", ids)
	}
	// Subjects from Group/Patient are kept even without assessments.
	s4 := subjectByID(st, "10081004")
	if !s4.InGroup || s4.BirthYear != 1976 || s4.Sex != "male" || s4.Race != "White" || s4.Ethnicity != "NON" || len(s4.Assessments) != 0 {
		t.Errorf("10081004 = %+v", s4)
	}

	s7 := subjectByID(st, "10081007")
	if len(s7.Assessments) != 2 {
		t.Fatalf("10081007 has %d assessments", len(s7.Assessments))
	}
	base, fu := s7.Assessments[0], s7.Assessments[1]
	if base.ID != "792" || base.Timepoint != 0 || base.Name != "Baseline" || !base.IsBaseline() {
		t.Errorf("baseline = %+v", base)
	}
	if base.Reported.Conclusion != "No" || base.Reported.Response != recist.None {
		t.Errorf("baseline conclusion %q → %q", base.Reported.Conclusion, base.Reported.Response)
	}
	if *base.Reported.TargetSum != 79.9 || base.Reported.ChangeFromPrevious != nil || *base.Reported.ChangeFromBaseline != 0 || base.Reported.ChangeFromNadir != nil {
		t.Errorf("baseline reported = %+v", base.Reported)
	}
	if fu.ID != "790" || *fu.CaseID != 163 || *fu.CaseRevision != 5 || *fu.AssessmentRevision != 1 || fu.Timepoint != 2 || fu.Name != "Follow-up 2" {
		t.Errorf("follow-up = %+v", fu)
	}
	if fu.DateText != "2006-10-13T09:31:24" || fu.Date.Format("2006-01-02 15:04") != "2006-10-13 09:31" || fu.Criteria != "RECIST 1.1" {
		t.Errorf("follow-up date %q %v criteria %q", fu.DateText, fu.Date, fu.Criteria)
	}
	r := fu.Reported
	if *r.TargetSum != 37.6 || r.Unit != "mm" || *r.ChangeFromPrevious != -12 || *r.ChangeFromBaseline != -42.3 || *r.ChangeFromNadir != -12 || r.Response != recist.PR || r.Conclusion != "Partial Response" {
		t.Errorf("follow-up reported = %+v", r)
	}
	if !slices.Equal(fu.MissingLesions, []string{"163-790-NT01", "163-790-NT01a", "163-790-T01", "163-790-T02"}) {
		t.Errorf("missing lesions = %v", fu.MissingLesions)
	}
	if string(fu.Raw) == "" || fu.Extra["TrialName"] != "FHIR-T" {
		t.Errorf("raw/extra lost: %v", fu.Extra)
	}

	// The published Observation (a different case) has no report: it is kept under an
	// assessment inferred from its identifier, and its duplicate is merged.
	s1 := subjectByID(st, "10081001")
	if len(s1.Assessments) != 1 {
		t.Fatalf("10081001 assessments = %d", len(s1.Assessments))
	}
	inf := s1.Assessments[0]
	if !inf.Inferred() || inf.ID != "10664" || *inf.CaseID != 2441 || inf.DateText != "2020-08-25" || len(inf.Lesions) != 1 {
		t.Fatalf("inferred = %+v", inf)
	}
	l := inf.Lesions[0]
	if l.ID != "2441-10664-T02" || l.Code != "T02" || l.Category != recist.Target || l.Organ != "Lymph node mediastinal" || !l.Nodal ||
		l.State != "Present" || l.Value != nil || *l.Series != 2 || *l.Instance != 26 || l.Modality != "CT" || l.Label != "Long ? short axis" || l.SeriesDesc != "Standard 5mm" {
		t.Errorf("lesion = %+v", l)
	}
	if b.Duplicates() != 1 {
		t.Errorf("duplicates = %d, want 1", b.Duplicates())
	}
	refs := b.MissingLesions()
	if len(refs) != 8 || refs[0].ID != "163-790-NT01" || refs[0].Reference != "Observation?researchstudy=FHIR-T&category=imaging&id=163-790-NT01" {
		t.Errorf("missing refs = %+v", refs)
	}
}

func TestReportQuirks(t *testing.T) {
	raw := `{"resourceType":"DiagnosticReport","extension":[
	 {"url":"https://fhir.mskcc.org/structure-definitions/#SponsorID","valueString":"SP-1"},
	 {"url":"https://fhir.mskcc.org/structure-definitions/#CaseId","valueInteger":7},
	 {"url":"https://fhir.mskcc.org/structure-definitions/#RevisionNumber","valueInteger":3},
	 {"url":"https://fhir.mskcc.org/structure-definitions/#RevisionDate","valueDateTime":"2021-01-02T03:04:05"},
	 {"url":"https://fhir.mskcc.org/structure-definitions/#RevisionNumber","valueInteger":2},
	 {"url":"https://fhir.mskcc.org/structure-definitions/#Name","valueString":"Follow-up 4"},
	 {"url":"https://fhir.mskcc.org/structure-definitions/#Timepoint","valueInteger":4},
	 {"url":"https://fhir.mskcc.org/structure-definitions/#CurrentValue","valueInteger":38},
	 {"url":"https://fhir.mskcc.org/structure-definitions/#ChangeFromPrevious","valueString":"+3.1 mm"},
	 {"url":"https://fhir.mskcc.org/structure-definitions/#ChangeFromBaseline","valueString":"about the same"},
	 {"url":"https://fhir.mskcc.org/structure-definitions/#Mystery","valueString":"kept"}],
	 "identifier":[{"system":"https://fhir.mskcc.org/structure-definitions/#AssessmentId","value":"55"}],
	 "subject":{"reference":"Patient/P1"},"effectiveDateTime":"2021-01-01T10:00:00+01:00",
	 "result":[{"reference":"Observation?researchstudy=S&category=imaging&id=7-55-T01"}],
	 "conclusion":"Undefined"}`
	r, err := mapReport([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	a := r.a
	if *a.CaseRevision != 3 || *a.AssessmentRevision != 2 || a.RevisionDate != "2021-01-02T03:04:05" {
		t.Errorf("revisions %v %v %q", *a.CaseRevision, *a.AssessmentRevision, a.RevisionDate)
	}
	if *a.Reported.TargetSum != 38 || *a.Reported.ChangeFromPrevious != 3.1 || a.Reported.ChangeFromBaseline != nil {
		t.Errorf("reported = %+v", a.Reported)
	}
	if a.Extra["ChangeFromBaseline"] != "about the same" || a.Extra["Mystery"] != "kept" || a.Extra["SponsorID"] != "SP-1" {
		t.Errorf("extra = %v", a.Extra)
	}
	if a.Reported.Response != recist.None || a.Reported.Conclusion != "Undefined" {
		t.Errorf("conclusion = %+v", a.Reported)
	}
	if !slices.Equal(r.lesionIDs, []string{"7-55-T01"}) {
		t.Errorf("lesion ids from id= = %v", r.lesionIDs)
	}
	if a.Date.UTC().Hour() != 9 {
		t.Errorf("zoned date = %v", a.Date)
	}
}

func TestDuplicateReportsKeepLatestRevision(t *testing.T) {
	mk := func(caseRev, aRev int, conclusion string) fhir.Entry {
		return fhir.Entry{Resource: json.RawMessage(`{"resourceType":"DiagnosticReport","extension":[
		{"url":"u#RevisionNumber","valueInteger":` + itoa(caseRev) + `},{"url":"u#RevisionNumber","valueInteger":` + itoa(aRev) + `},
		{"url":"u#Timepoint","valueInteger":1}],"identifier":[{"system":"u#AssessmentId","value":"9"}],
		"subject":{"reference":"Patient/X"},"conclusion":"` + conclusion + `"}`)}
	}
	b := NewBuilder("S")
	b.AddReports([]fhir.Entry{mk(2, 1, "Stable Disease"), mk(2, 3, "Partial Response"), mk(1, 9, "Progressive Disease")})
	st := b.Study()
	if got := st.Subjects[0].Assessments[0].Reported.Response; got != recist.PR || len(st.Subjects[0].Assessments) != 1 {
		t.Errorf("kept %q of %d", got, len(st.Subjects[0].Assessments))
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestParseChange(t *testing.T) {
	ok := map[string]float64{"-12.0 mm": -12, "+3.1 mm": 3.1, "0.0 mm": 0, "12": 12, " -1.5mm ": -1.5, "−2.0 mm": -2, "+0.5 MM": 0.5}
	for in, want := range ok {
		if got, good := ParseChange(in); !good || got != want {
			t.Errorf("ParseChange(%q) = %v,%v want %v", in, got, good, want)
		}
	}
	for _, in := range []string{"--", "", "-", "—", "n/a", "3 cm", "+-3 mm", "1e400", "NaN mm", "++1"} {
		if v, good := ParseChange(in); good {
			t.Errorf("ParseChange(%q) accepted as %v", in, v)
		}
	}
}

func TestParseHelpers(t *testing.T) {
	if k, ok := ParseLesionID("163-790-NT01a"); !ok || k != (LesionKey{"163", "790", "NT01a"}) {
		t.Errorf("ParseLesionID = %+v", k)
	}
	if k, ok := ParseLesionID("T01"); ok || k.Code != "T01" {
		t.Errorf("ParseLesionID(T01) = %+v %v", k, ok)
	}
	if id := ResultLesionID("Observation?researchstudy=FHIR-T&category=imaging&id=163-790-T01", ""); id != "163-790-T01" {
		t.Errorf("ResultLesionID = %q", id)
	}
	if id := ResultLesionID("Observation/abc", ""); id != "abc" {
		t.Errorf("ResultLesionID plain = %q", id)
	}
	if SubjectID("https://h/api/Patient/10081007") != "10081007" || SubjectID("Patient/1") != "1" {
		t.Error("SubjectID")
	}
	if y, ok := ParseBirthYear("1988"); !ok || y != 1988 {
		t.Error("birth year")
	}
	if _, ok := ParseBirthYear("19"); ok {
		t.Error("short birth year accepted")
	}
	for _, s := range []string{"2006-10-13T09:31:24", "2020-08-25", "2021-01-01T10:00:00Z", "2021-01-01T10:00:00.123"} {
		if _, ok := ParseDate(s); !ok {
			t.Errorf("ParseDate(%q) failed", s)
		}
	}
	if !SameStudy("fhir-t", "FHIR-T ") {
		t.Error("SameStudy")
	}
}

func TestGroupOfAnotherStudyIgnored(t *testing.T) {
	b := NewBuilder("OTHER")
	b.AddGroup(fixtureEntries(t, fixtures.GroupBundle))
	if len(b.Study().Subjects) != 0 {
		t.Error("members of FHIR-T's group joined study OTHER")
	}
}
