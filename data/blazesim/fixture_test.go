package blazesim

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/recistview/recistview/data/fixtures"
)

// TestFixtureStudyFirstPages: page 1 of FHIR-T is the published payload with only the gateway
// origin rewritten to the simulator's own.
func TestFixtureStudyFirstPages(t *testing.T) {
	h := newHarness(t, nil)
	restricted := h.mustToken(RestrictedClientID, RestrictedClientSecret)
	tests := []struct{ path, fixture string }{
		{"/DiagnosticReport?researchstudy=FHIR-T", fixtures.DiagnosticReportBundle},
		{"/Observation?researchstudy=FHIR-T&category=imaging", fixtures.ObservationBundle},
		{"/observation?researchstudy=fhir-t&category=imaging&page=1&_count=10", fixtures.ObservationBundle},
		{"/patient?researchstudy=FHIR-T", fixtures.PatientBundle},
		{"/group?researchstudy=fhir-t", fixtures.GroupBundle},
	}
	for _, tc := range tests {
		for _, who := range []struct{ token, partner string }{{h.token, DemoPartnerID}, {restricted, RestrictedPartnerID}} {
			resp, body := h.get(base+tc.path, who.token, who.partner)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", tc.path, resp.StatusCode, body)
			}
			raw := fixtures.Bytes(tc.fixture)
			want := bytes.ReplaceAll(raw, []byte("https://apigateway.apps.stageapi.mskcc.org"), []byte(h.ts.URL))
			if !bytes.Equal(body, want) {
				t.Errorf("%s: body differs from the fixture with the origin rewritten", tc.path)
			}
			if bytes.Contains(body, []byte("apigateway.apps.stageapi.mskcc.org")) {
				t.Errorf("%s: foreign origin left in the body", tc.path)
			}
		}
	}
}

func TestFixtureStudyBeyondPageOne(t *testing.T) {
	h := newHarness(t, nil)
	for _, path := range []string{
		"/DiagnosticReport?researchstudy=FHIR-T&page=2",
		"/Observation?researchstudy=FHIR-T&category=imaging&page=3",
		"/Observation?researchstudy=FHIR-T&category=imaging&id=163-790-T01", // referenced, not in the fixture
		"/Patient?researchstudy=FHIR-T&page=2",
	} {
		resp, body := h.demo(base + path)
		wantOutcome(t, resp, body, http.StatusNotFound, "No records found")
	}
	o := h.bundle(base + "/Observation?researchstudy=FHIR-T&category=imaging&id=2441-10664-T02")
	if o.Total != 2 || identifier(t, o.Entry[1].Resource, "LesionIdentifier") != "2441-10664-T02" {
		t.Errorf("fixture lesion by id: total %d", o.Total)
	}
	r := h.bundle(base + "/DiagnosticReport?researchstudy=FHIR-T&_id=792")
	if r.Total != 1 || ext(t, r.Entry[0].Resource, "Name", 0) != "Baseline" {
		t.Errorf("fixture report by id: %+v", r)
	}
	p := h.bundle(base + "/Patient?_id=10081004")
	var want bytes.Buffer
	var fix struct {
		Entry []struct{ Resource json.RawMessage } `json:"entry"`
	}
	if err := json.Unmarshal(fixtures.Bytes(fixtures.PatientBundle), &fix); err != nil {
		t.Fatal(err)
	}
	if err := json.Compact(&want, fix.Entry[1].Resource); err != nil {
		t.Fatal(err)
	}
	if p.Total != 1 || !bytes.Equal(p.Entry[0].Resource, want.Bytes()) || p.Identifier.Value != FixtureStudy {
		t.Errorf("fixture patient by id: %s", p.Entry[0].Resource)
	}
	if !strings.HasPrefix(p.Entry[0].FullURL, h.ts.URL) {
		t.Errorf("fullUrl %s", p.Entry[0].FullURL)
	}
}

func TestTruthErrors(t *testing.T) {
	srv, err := NewServer(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Truth(FixtureStudy); !errors.Is(err, ErrNotGenerated) {
		t.Errorf("FHIR-T: %v", err)
	}
	if _, err := srv.Truth("NOPE"); !errors.Is(err, ErrUnknownStudy) {
		t.Errorf("unknown: %v", err)
	}
	if tr, err := srv.Truth("demo-01"); err != nil || tr.Study.ID != DemoStudy {
		t.Errorf("case-insensitive Truth: %v", err)
	}
}
