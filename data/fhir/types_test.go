package fhir

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/recistview/recistview/data/fixtures"
)

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

func decodeFixture(t *testing.T, name string) *Bundle {
	t.Helper()
	b, err := decodeBundle(fixtures.Bytes(name), "fixture", "")
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return b
}

func TestFixtureDiagnosticReportBundle(t *testing.T) {
	b := decodeFixture(t, fixtures.DiagnosticReportBundle)
	if *b.Total != 2 || len(b.Entry) != 2 || b.Identifier.Value != "FHIR-T" {
		t.Fatalf("bundle header: total=%v entries=%d id=%+v", *b.Total, len(b.Entry), b.Identifier)
	}
	if got := b.LinkURL("last"); !strings.HasSuffix(got, "page=2") {
		t.Errorf("last = %q", got)
	}
	var dr DiagnosticReport
	if err := json.Unmarshal(b.Entry[0].Resource, &dr); err != nil {
		t.Fatal(err)
	}
	if v := IdentifierValue(dr.Identifier, "#AssessmentId"); v != "790" {
		t.Errorf("assessment id = %q", v)
	}
	if s := dr.Extension.Text("SponsorID"); s != "C3861001" { // fixture spells it SponsorId
		t.Errorf("sponsor = %q", s)
	}
	revs := dr.Extension.All("RevisionNumber")
	if len(revs) != 2 {
		t.Fatalf("revisions = %d", len(revs))
	}
	if c, _ := revs[0].Int(); c != 5 {
		t.Errorf("case revision = %d", c)
	}
	if a, _ := revs[1].Int(); a != 1 {
		t.Errorf("assessment revision = %d", a)
	}
	if cv, ok := dr.Extension.Find("CurrentValue"); !ok {
		t.Error("no CurrentValue")
	} else if f, _ := cv.Float(); f != 37.6 {
		t.Errorf("CurrentValue = %v", f)
	}
	if dr.Conclusion != "Partial Response" || dr.EffectiveDateTime != "2006-10-13T09:31:24" || dr.Subject.Reference != "Patient/10081007" {
		t.Errorf("plain fields: %+v", dr)
	}
	if len(dr.Result) != 4 || dr.Result[3].Display != "163-790-T02" || !dr.Category[0].HasCode("RAD") {
		t.Errorf("result/category: %+v %+v", dr.Result, dr.Category)
	}
}

func TestFixtureObservationBundle(t *testing.T) {
	b := decodeFixture(t, fixtures.ObservationBundle)
	if len(b.Entry) != 2 || string(b.Entry[0].Resource) != string(b.Entry[1].Resource) {
		t.Fatal("the fixture's two identical entries did not survive")
	}
	var o Observation
	if err := json.Unmarshal(b.Entry[0].Resource, &o); err != nil {
		t.Fatal(err)
	}
	if IdentifierValue(o.Identifier, "#LesionIdentifier") != "2441-10664-T02" || o.EffectiveDateTime != "2020-08-25" {
		t.Errorf("observation: %+v", o)
	}
	for name, want := range map[string]string{"Organ": "Lymph node mediastinal", "Category": "Target", "State": "Present",
		"Label": "Long ? short axis", "SeriesNumber": "2", "InstanceNumber": "26", "Modality": "CT", "SponsorId": "C3861001"} {
		if got := o.Extension.Text(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if _, ok := o.ValueQuantity.Float(); ok {
		t.Error("the fixture has no valueQuantity")
	}
	if !o.Category[0].HasCode("imaging") {
		t.Error("category imaging not found")
	}
}

func TestFixturePatientGroupOutcome(t *testing.T) {
	pb := decodeFixture(t, fixtures.PatientBundle)
	var p Patient
	json.Unmarshal(pb.Entry[1].Resource, &p)
	if p.ID != "10081004" || p.BirthDate != "1976" || p.Gender != "male" || p.Extension.Text("Race") != "White" || p.Extension.Text("Ethnicity") != "NON" {
		t.Errorf("patient = %+v", p)
	}
	gb := decodeFixture(t, fixtures.GroupBundle)
	var g Group
	json.Unmarshal(gb.Entry[0].Resource, &g)
	if gb.Identifier.Value != "fhir-t" || len(g.Member) != 3 || g.Member[2].Entity.Reference != "Patient/10081007" {
		t.Errorf("group = %+v", g)
	}
	if txt := outcomeText(fixtures.Bytes(fixtures.OperationOutcome)); txt != "Unable to find sponsor with partner id" {
		t.Errorf("outcome = %q", txt)
	}
	// The published patient bundle has no next link and last=page 1.
	if last, next, err := (&Client{maxPages: DefaultMaxPages, base: mustURL("https://apigateway.apps.stageapi.mskcc.org/msk-apim/external/v2/crit/blaze/api")}).readLinks(pb); err != nil || last != 1 || next != "" {
		t.Errorf("links: last=%d next=%q err=%v", last, next, err)
	}
}

func TestExtensionValueVariants(t *testing.T) {
	tests := []struct {
		json    string
		text    string
		float   float64
		isFloat bool
	}{
		{`{"url":"u#CurrentValue","valueDecimal":37.6}`, "37.6", 37.6, true},
		{`{"url":"u#CurrentValue","valueInteger":38}`, "38", 38, true},
		{`{"url":"u#CurrentValue","valueString":"12.5"}`, "12.5", 12.5, true},
		{`{"url":"u#CurrentValue","valueInteger":"oops"}`, "oops", 0, false},
		{`{"url":"u#Organ","valueString":7}`, "7", 7, true},
		{`{"url":"u#Coded","valueCodeableConcept":{"text":"x"}}`, `{"text":"x"}`, 0, false},
		{`{"url":"u#Flag","valueBoolean":true}`, "true", 0, false},
		{`{"url":"u#Nothing"}`, "", 0, false},
		{`{"url":"u#Nan","valueDecimal":"NaN"}`, "NaN", 0, false},
	}
	for _, tt := range tests {
		var e Extension
		if err := json.Unmarshal([]byte(tt.json), &e); err != nil {
			t.Errorf("%s: %v", tt.json, err)
			continue
		}
		if e.Text() != tt.text {
			t.Errorf("%s: Text = %q, want %q", tt.json, e.Text(), tt.text)
		}
		f, ok := e.Float()
		if ok != tt.isFloat || (ok && f != tt.float) {
			t.Errorf("%s: Float = %v,%v", tt.json, f, ok)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"2": 2 * time.Second, "0": 0, "Sun, 22 Nov 2026 12:00:05 GMT": 5 * time.Second, "Sun, 22 Nov 2026 11:00:00 GMT": 0,
	} {
		if got, ok := parseRetryAfter(v, now); !ok || got != want {
			t.Errorf("parseRetryAfter(%q) = %v,%v want %v", v, got, ok, want)
		}
	}
	for _, v := range []string{"", "soon", "-3"} {
		if _, ok := parseRetryAfter(v, now); ok {
			t.Errorf("parseRetryAfter(%q) accepted", v)
		}
	}
}

func TestBackoffIsCappedAndJittered(t *testing.T) {
	p := RetryPolicy{MaxAttempts: 10, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second, RetryAfterCeiling: time.Minute}
	for attempt := 1; attempt <= 8; attempt++ {
		d, ok := p.backoff(attempt, "", time.Now())
		want := min(100*time.Millisecond<<(attempt-1), time.Second)
		if !ok || d < want/2 || d > want {
			t.Errorf("attempt %d: %v not in [%v, %v]", attempt, d, want/2, want)
		}
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func TestResourceType(t *testing.T) {
	for raw, want := range map[string]string{
		`{"resourceType":"Observation","id":"x"}`:                                 "Observation",
		` { "id": "x", "resourceType" : "Patient" }`:                              "Patient",
		`{"contained":[{"resourceType":"Patient"}],"resourceType":"Observation"}`: "Observation",
		`{"note":"a \"resourceType\": \"Patient\"","resourceType":"Group"}`:       "Group",
		`{"resourceType":"Obs\u0065rvation"}`:                                     "Observation",
		`{"resourceType":5}`:                                                      "",
		`{"id":"x"}`:                                                              "",
		`[`:                                                                       "",
		``:                                                                        "",
	} {
		if got := ResourceType([]byte(raw)); got != want {
			t.Errorf("ResourceType(%s) = %q, want %q", raw, got, want)
		}
	}
}
