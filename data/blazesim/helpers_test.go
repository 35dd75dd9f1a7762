package blazesim

import (
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

const base = FHIRBasePath

// testClock is a settable clock for token expiry.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock {
	return &testClock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// harness is a simulator behind an httptest server with a demo token.
type harness struct {
	t     *testing.T
	srv   *Server
	ts    *httptest.Server
	clock *testClock
	token string // demo partner's
}

// newHarness starts a server from DefaultConfig changed by mutate (may be nil).
func newHarness(t *testing.T, mutate func(*Config)) *harness {
	t.Helper()
	clock := newTestClock()
	cfg := DefaultConfig()
	cfg.Now = clock.Now
	if mutate != nil {
		mutate(&cfg)
	}
	srv, err := NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	h := &harness{t: t, srv: srv, ts: ts, clock: clock}
	h.token = h.mustToken(DemoClientID, DemoClientSecret)
	return h
}

// postToken posts a form to the token endpoint.
func (h *harness) postToken(form url.Values) (*http.Response, []byte) {
	h.t.Helper()
	resp, err := http.PostForm(h.ts.URL+TokenPath, form)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp, readAll(h.t, resp)
}

func credentials(id, secret string) url.Values {
	return url.Values{"client_id": {id}, "client_secret": {secret}, "grant_type": {"client_credentials"}, "scope": {"full"}}
}

func (h *harness) mustToken(id, secret string) string {
	h.t.Helper()
	resp, body := h.postToken(credentials(id, secret))
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("token: %d %s", resp.StatusCode, body)
	}
	var tr struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(body, &tr); err != nil {
		h.t.Fatal(err)
	}
	return tr.AccessToken
}

// get requests pathAndQuery (below the server origin, or an absolute URL) with token and
// partner id ("" leaves a header out).
func (h *harness) get(pathAndQuery, token, partnerID string) (*http.Response, []byte) {
	h.t.Helper()
	u := pathAndQuery
	if !strings.HasPrefix(u, "http") {
		u = h.ts.URL + u
	}
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if partnerID != "" {
		req.Header.Set("x-partnerid", partnerID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp, readAll(h.t, resp)
}

// demo requests as the demo partner.
func (h *harness) demo(pathAndQuery string) (*http.Response, []byte) {
	h.t.Helper()
	return h.get(pathAndQuery, h.token, DemoPartnerID)
}

// bundle requests a search as the demo partner and decodes the 200 Bundle.
func (h *harness) bundle(pathAndQuery string) testBundle {
	h.t.Helper()
	resp, body := h.demo(pathAndQuery)
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("GET %s: %d %s", pathAndQuery, resp.StatusCode, body)
	}
	return decodeBundle(h.t, body)
}

// all follows next links from pathAndQuery and returns every entry.
func (h *harness) all(pathAndQuery string) []testEntry {
	h.t.Helper()
	var out []testEntry
	next := pathAndQuery
	for range 10000 {
		b := h.bundle(next)
		out = append(out, b.Entry...)
		l, ok := b.link("next")
		if !ok || l == nil {
			return out
		}
		next = *l
	}
	h.t.Fatal("paging did not end")
	return nil
}

func readAll(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type testEntry struct {
	FullURL  string          `json:"fullUrl"`
	Resource json.RawMessage `json:"resource"`
}

type testBundle struct {
	ResourceType string `json:"resourceType"`
	Identifier   struct {
		System string `json:"system"`
		Value  string `json:"value"`
	} `json:"identifier"`
	Type  string `json:"type"`
	Total int    `json:"total"`
	Link  []struct {
		Relation string  `json:"relation"`
		URL      *string `json:"url"`
	} `json:"link"`
	Entry []testEntry `json:"entry"`
}

// link returns the url of relation; present reports whether the link is there at all.
func (b testBundle) link(relation string) (u *string, present bool) {
	for _, l := range b.Link {
		if l.Relation == relation {
			return l.URL, true
		}
	}
	return nil, false
}

func decodeBundle(t *testing.T, body []byte) testBundle {
	t.Helper()
	var b testBundle
	if err := json.Unmarshal(body, &b); err != nil {
		t.Fatalf("bundle: %v\n%s", err, body)
	}
	if b.ResourceType != "Bundle" || b.Type != "searchset" {
		t.Fatalf("not a searchset Bundle: %s", body)
	}
	return b
}

type testOutcome struct {
	ResourceType string `json:"resourceType"`
	Issue        []struct {
		Severity string `json:"severity"`
		Code     string `json:"code"`
		Details  struct {
			Text string `json:"text"`
		} `json:"details"`
	} `json:"issue"`
}

// wantOutcome checks that a response is status with an OperationOutcome saying text.
func wantOutcome(t *testing.T, resp *http.Response, body []byte, status int, text string) testOutcome {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, status, body)
	}
	var o testOutcome
	if err := json.Unmarshal(body, &o); err != nil {
		t.Fatalf("outcome: %v: %s", err, body)
	}
	if o.ResourceType != "OperationOutcome" || len(o.Issue) != 1 || o.Issue[0].Severity != "error" {
		t.Fatalf("not an error OperationOutcome: %s", body)
	}
	if o.Issue[0].Details.Text != text {
		t.Fatalf("outcome text %q, want %q", o.Issue[0].Details.Text, text)
	}
	return o
}

// ext returns the value of the first MSK extension called name in a resource (nth: 0-based
// occurrence), or nil.
func ext(t *testing.T, resource json.RawMessage, name string, nth int) any {
	t.Helper()
	var r struct {
		Extension []map[string]any `json:"extension"`
	}
	if err := json.Unmarshal(resource, &r); err != nil {
		t.Fatal(err)
	}
	for _, e := range r.Extension {
		if e["url"] != sdURL+name {
			continue
		}
		if nth > 0 {
			nth--
			continue
		}
		for k, v := range e {
			if k != "url" {
				return v
			}
		}
	}
	return nil
}

// identifier returns the value of a resource's identifier with the MSK system #name.
func identifier(t *testing.T, resource json.RawMessage, name string) string {
	t.Helper()
	var r struct {
		Identifier []struct{ System, Value string } `json:"identifier"`
	}
	if err := json.Unmarshal(resource, &r); err != nil {
		t.Fatal(err)
	}
	for _, i := range r.Identifier {
		if i.System == sdURL+name {
			return i.Value
		}
	}
	return ""
}

// testResource decodes the MSK extensions and identifiers of a resource once.
type testResource struct {
	Extension []struct {
		URL           string   `json:"url"`
		ValueString   *string  `json:"valueString"`
		ValueInteger  *float64 `json:"valueInteger"`
		ValueDecimal  *float64 `json:"valueDecimal"`
		ValueDateTime *string  `json:"valueDateTime"`
	} `json:"extension"`
	Identifier []struct{ System, Value string } `json:"identifier"`
}

// str returns the first valueString extension called name, or "".
func (r testResource) str(name string) string {
	for _, e := range r.Extension {
		if e.URL == sdURL+name && e.ValueString != nil {
			return *e.ValueString
		}
	}
	return ""
}

// num returns the first valueInteger or valueDecimal extension called name, or NaN.
func (r testResource) num(name string) float64 {
	for _, e := range r.Extension {
		if e.URL != sdURL+name {
			continue
		}
		if e.ValueInteger != nil {
			return *e.ValueInteger
		}
		if e.ValueDecimal != nil {
			return *e.ValueDecimal
		}
	}
	return math.NaN()
}

func (r testResource) identifier(name string) string {
	for _, i := range r.Identifier {
		if i.System == sdURL+name {
			return i.Value
		}
	}
	return ""
}
