package blazesim

import (
	"encoding/json"
	"net/http"
	"testing"
)

const demoReports = base + "/DiagnosticReport?researchstudy=" + DemoStudy

func TestUnauthorized(t *testing.T) {
	h := newHarness(t, nil)
	restricted := h.mustToken(RestrictedClientID, RestrictedClientSecret)
	tests := []struct {
		name, token, partner, code, text string
	}{
		{"no bearer", "", DemoPartnerID, "login", textBadToken},
		{"unknown token", "AAIgnotatoken", DemoPartnerID, "login", textBadToken},
		{"no partner id", h.token, "", "security", textBadPartner},
		{"wrong partner id", h.token, RestrictedPartnerID, "security", textBadPartner},
		{"other partner's token", restricted, DemoPartnerID, "security", textBadPartner},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := h.get(demoReports, tc.token, tc.partner)
			o := wantOutcome(t, resp, body, http.StatusUnauthorized, tc.text)
			if o.Issue[0].Code != tc.code {
				t.Errorf("issue code %q, want %q", o.Issue[0].Code, tc.code)
			}
			if resp.Header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
}

func TestExpiredAndRevokedTokens(t *testing.T) {
	h := newHarness(t, nil)
	if resp, body := h.demo(demoReports); resp.StatusCode != http.StatusOK {
		t.Fatalf("fresh token: %d %s", resp.StatusCode, body)
	}
	h.clock.Advance(DefaultTokenTTL - 1)
	if resp, body := h.demo(demoReports); resp.StatusCode != http.StatusOK {
		t.Fatalf("token just before expiry: %d %s", resp.StatusCode, body)
	}
	h.clock.Advance(1)
	resp, body := h.demo(demoReports)
	wantOutcome(t, resp, body, http.StatusUnauthorized, textBadToken)

	h.token = h.mustToken(DemoClientID, DemoClientSecret)
	h.srv.RevokeTokens()
	resp, body = h.demo(demoReports)
	wantOutcome(t, resp, body, http.StatusUnauthorized, textBadToken)
}

func TestForbiddenStudies(t *testing.T) {
	h := newHarness(t, nil)
	restricted := h.mustToken(RestrictedClientID, RestrictedClientSecret)
	tests := []struct {
		name, token, partner, study string
	}{
		{"denied study", h.token, DemoPartnerID, DeniedStudy},
		{"unknown study", h.token, DemoPartnerID, "NOPE-99"},
		{"restricted partner", restricted, RestrictedPartnerID, DemoStudy},
		{"restricted partner, lower case", restricted, RestrictedPartnerID, "demo-500"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, path := range []string{"/DiagnosticReport?", "/observation?category=imaging&", "/Patient?", "/Group?"} {
				resp, body := h.get(base+path+"researchstudy="+tc.study, tc.token, tc.partner)
				o := wantOutcome(t, resp, body, http.StatusForbidden, "Partner is not authorized to access sponsor and/or protocol "+tc.study)
				if o.Issue[0].Code != "forbidden" {
					t.Errorf("issue code %q", o.Issue[0].Code)
				}
			}
		})
	}
	if resp, body := h.get(base+"/Group?researchstudy="+FixtureStudy, restricted, RestrictedPartnerID); resp.StatusCode != http.StatusOK {
		t.Errorf("restricted partner reading FHIR-T: %d %s", resp.StatusCode, body)
	}
}

func TestMissingResearchStudy(t *testing.T) {
	h := newHarness(t, nil)
	for _, path := range []string{"/DiagnosticReport", "/observation?category=imaging", "/Group", "/Patient", "/DiagnosticReport/1234"} {
		resp, body := h.demo(base + path)
		wantOutcome(t, resp, body, http.StatusBadRequest, "Missing required parameter: researchstudy")
	}
	resp, body := h.demo(base + "/Observation?researchstudy=" + DemoStudy)
	wantOutcome(t, resp, body, http.StatusBadRequest, "Missing required parameter: category")
}

func TestBadParameters(t *testing.T) {
	h := newHarness(t, nil)
	for _, q := range []string{"&_count=0", "&_count=ten", "&page=0", "&page=-1"} {
		resp, body := h.demo(demoReports + q)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d %s", q, resp.StatusCode, body)
		}
	}
}

func TestMetadataNeedsNoAuth(t *testing.T) {
	h := newHarness(t, nil)
	resp, body := h.get(base+"/metadata?_format=json", "", "")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != contentTypeFHIR {
		t.Fatalf("metadata: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if got := keysOf(t, body)[0]; got != "resourceType" {
		t.Errorf("first key %q", got)
	}
	var cs struct {
		ResourceType string `json:"resourceType"`
		Rest         []struct {
			Resource []struct{ Type string } `json:"resource"`
		} `json:"rest"`
	}
	if err := json.Unmarshal(body, &cs); err != nil || cs.ResourceType != "CapabilityStatement" || len(cs.Rest) != 1 || len(cs.Rest[0].Resource) != 4 {
		t.Errorf("capability statement %s (%v)", body, err)
	}
}

func TestUnknownPathsAndMethods(t *testing.T) {
	h := newHarness(t, nil)
	resp, body := h.demo(base + "/Condition?researchstudy=" + DemoStudy)
	wantOutcome(t, resp, body, http.StatusNotFound, "Resource type Condition is not supported")
	resp, body = h.demo("/somewhere/else")
	wantOutcome(t, resp, body, http.StatusNotFound, "Resource not found: /somewhere/else")
	req, _ := http.NewRequest(http.MethodDelete, h.ts.URL+demoReports, nil)
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, r)
	if r.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("DELETE: %d", r.StatusCode)
	}
}
