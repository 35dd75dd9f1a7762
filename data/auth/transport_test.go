package auth

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

func TestHeadersOnlyForFHIROrigin(t *testing.T) {
	ts := newTokenServer(t, jsonToken(3600))
	fhir := newRecorder(t, false)
	other := newRecorder(t, false)
	c := newTestClient(t, t.Context(), testConfig(ts.TokenURL(), fhir.URL+"/api"))

	get := func(u string) {
		t.Helper()
		resp, err := c.HTTPClient().Get(u)
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	get(fhir.URL + "/api/metadata")
	get(other.URL + "/api/Observation?page=2") // e.g. a paging link to another origin

	h := fhir.seen()
	if len(h) != 1 || h[0].Get("Authorization") != "Bearer tok-1" || h[0].Get(PartnerIDHeader) != testPartnerID {
		t.Errorf("FHIR origin headers = %v, want Bearer tok-1 and x-partnerid", h)
	}
	for _, hdr := range other.seen() {
		if hdr.Get("Authorization") != "" || hdr.Get(PartnerIDHeader) != "" {
			t.Errorf("another origin received credentials: %v", hdr)
		}
	}
	if len(other.seen()) != 1 {
		t.Errorf("other origin saw %d requests, want 1", len(other.seen()))
	}
}

func TestHeadersOriginNormalisation(t *testing.T) {
	ts := newTokenServer(t, jsonToken(3600))
	// The FHIR base names the host in upper case and port 443 explicitly.
	c := newTestClient(t, t.Context(), testConfig(ts.TokenURL(), "https://FHIR.Example.org:443/api"))
	var mu sync.Mutex
	got := map[string]http.Header{}
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		got[r.URL.String()] = r.Header.Clone()
		mu.Unlock()
		return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("{}")), Header: http.Header{}, Request: r}, nil
	})
	at := c.HTTPClient().Transport.(*authTransport)
	at.base = base
	tests := []struct {
		url  string
		want bool
	}{
		{"https://fhir.example.org/api/metadata", true},
		{"https://FHIR.EXAMPLE.ORG:443/other/path", true},
		{"http://fhir.example.org/api/metadata", false},
		{"https://fhir.example.org:8443/api/metadata", false},
		{"https://example.org/api/metadata", false},
		{"https://fhir.example.org.evil.example/api", false},
	}
	for _, tt := range tests {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, tt.url, nil)
		resp, err := at.RoundTrip(req)
		if err != nil {
			t.Fatalf("%s: %v", tt.url, err)
		}
		resp.Body.Close()
		h := got[tt.url]
		if has := h.Get("Authorization") != ""; has != tt.want {
			t.Errorf("%s: Authorization sent = %v, want %v", tt.url, has, tt.want)
		}
		if has := h.Get(PartnerIDHeader) != ""; has != tt.want {
			t.Errorf("%s: x-partnerid sent = %v, want %v", tt.url, has, tt.want)
		}
		if req.Header.Get("Authorization") != "" {
			t.Errorf("%s: the caller's request was modified", tt.url)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// fhirServer answers 200 to the tokens in ok, 401 to any other, and records what it saw.
type fhirServer struct {
	*httptest.Server
	mu     sync.Mutex
	auths  []string
	bodies []string
	closed int
}

func newFHIRServer(t *testing.T, ok ...string) *fhirServer {
	fs := &fhirServer{}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		auth := r.Header.Get("Authorization")
		fs.mu.Lock()
		fs.auths = append(fs.auths, auth)
		fs.bodies = append(fs.bodies, string(body))
		fs.mu.Unlock()
		for _, tok := range ok {
			if auth == "Bearer "+tok && r.Header.Get(PartnerIDHeader) == testPartnerID {
				fmt.Fprint(w, `{"resourceType":"Bundle"}`)
				return
			}
		}
		w.Header().Set("Content-Type", "application/fhir+json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"resourceType":"OperationOutcome","issue":[{"details":{"text":"Invalid token"}}]}`)
	}))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *fhirServer) seen() (auths, bodies []string) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return append([]string(nil), fs.auths...), append([]string(nil), fs.bodies...)
}

func TestRetryOnceAfter401(t *testing.T) {
	ts := newTokenServer(t, jsonToken(3600))
	fs := newFHIRServer(t, "tok-2") // the first token has been revoked
	c := newTestClient(t, t.Context(), testConfig(ts.TokenURL(), fs.URL))

	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, fs.URL+"/Observation?researchstudy=12-345", nil)
	req.Header.Set("Accept", "application/fhir+json")
	resp, err := c.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status = %d, want 200 after the retry", resp.StatusCode)
	}
	auths, _ := fs.seen()
	if want := []string{"Bearer tok-1", "Bearer tok-2"}; fmt.Sprint(auths) != fmt.Sprint(want) {
		t.Errorf("FHIR server saw %q, want %q", auths, want)
	}
	if got := ts.posts.Load(); got != 2 {
		t.Errorf("token POSTs = %d, want 2", got)
	}
	if len(req.Header) != 1 {
		t.Errorf("the caller's request headers were modified: %v", req.Header)
	}
	// The fresh token is now cached.
	resp, err = c.HTTPClient().Get(fs.URL + "/metadata")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("follow-up GET: %v, %v", resp, err)
	}
	resp.Body.Close()
	if got := ts.posts.Load(); got != 2 {
		t.Errorf("token POSTs after follow-up = %d, want 2", got)
	}
}

func TestSecond401IsReturned(t *testing.T) {
	ts := newTokenServer(t, jsonToken(3600))
	fs := newFHIRServer(t) // accepts nothing, e.g. a wrong x-partnerid
	c := newTestClient(t, t.Context(), testConfig(ts.TokenURL(), fs.URL))
	resp, err := c.HTTPClient().Get(fs.URL + "/Patient?researchstudy=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), "Invalid token") {
		t.Errorf("got %d %q, want the server's second 401 with its OperationOutcome", resp.StatusCode, body)
	}
	auths, _ := fs.seen()
	if len(auths) != 2 {
		t.Errorf("FHIR requests = %d, want 2 (one retry)", len(auths))
	}
	if got := ts.posts.Load(); got != 2 {
		t.Errorf("token POSTs = %d, want 2", got)
	}
}

func TestRetryReplaysBody(t *testing.T) {
	ts := newTokenServer(t, jsonToken(3600))
	fs := newFHIRServer(t, "tok-2")
	c := newTestClient(t, t.Context(), testConfig(ts.TokenURL(), fs.URL))
	const form = "researchstudy=12-345&_count=50"
	resp, err := c.HTTPClient().Post(fs.URL+"/Observation/_search", "application/x-www-form-urlencoded", strings.NewReader(form))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("status = %d, want 200", resp.StatusCode)
	}
	if _, bodies := fs.seen(); fmt.Sprint(bodies) != fmt.Sprint([]string{form, form}) {
		t.Errorf("bodies = %q, want the form twice", bodies)
	}
}

func TestNoRetryWithoutGetBody(t *testing.T) {
	ts := newTokenServer(t, jsonToken(3600))
	fs := newFHIRServer(t, "tok-2")
	c := newTestClient(t, t.Context(), testConfig(ts.TokenURL(), fs.URL))
	body := &closeRecorder{Reader: bytes.NewReader([]byte("x=1"))}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, fs.URL+"/Observation/_search", body)
	if req.GetBody != nil {
		t.Fatal("test setup: GetBody is set")
	}
	resp, err := c.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("status = %d, want the 401 (the body cannot be replayed)", resp.StatusCode)
	}
	if auths, _ := fs.seen(); len(auths) != 1 {
		t.Errorf("FHIR requests = %d, want 1", len(auths))
	}
	// The rejected token was forgotten: the next request uses a fresh one.
	resp, err = c.HTTPClient().Get(fs.URL + "/metadata")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || ts.posts.Load() != 2 {
		t.Errorf("next request: status %d after %d token POSTs, want 200 after 2", resp.StatusCode, ts.posts.Load())
	}
	if auths, _ := fs.seen(); fmt.Sprint(auths) != fmt.Sprint([]string{"Bearer tok-1", "Bearer tok-2"}) {
		t.Errorf("FHIR server saw %q, want tok-1 then (without a second 401) tok-2", auths)
	}
}

type closeRecorder struct {
	io.Reader
	mu     sync.Mutex
	closed bool
}

func (c *closeRecorder) Close() error {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	return nil
}

func TestTokenFailureClosesRequestBody(t *testing.T) {
	ts := newTokenServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.WriteHeader(http.StatusUnauthorized)
	})
	fs := newFHIRServer(t)
	c := newTestClient(t, t.Context(), testConfig(ts.TokenURL(), fs.URL))
	body := &closeRecorder{Reader: strings.NewReader("x=1")}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, fs.URL+"/x", body)
	_, err := c.HTTPClient().Do(req)
	if !errors.Is(err, ErrRejected) {
		t.Errorf("err = %v, want ErrRejected", err)
	}
	var ue *url.Error
	if !errors.As(err, &ue) {
		t.Errorf("err %T is not the *url.Error http.Client returns", err)
	}
	body.mu.Lock()
	defer body.mu.Unlock()
	if !body.closed {
		t.Error("request body not closed")
	}
	if auths, _ := fs.seen(); len(auths) != 0 {
		t.Errorf("FHIR server was contacted without a token: %q", auths)
	}
}

func TestRetryTokenFailure(t *testing.T) {
	// The first token works until revoked; the refresh is then rejected.
	ts := newTokenServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			jsonToken(3600)(w, r, n)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":"invalid_client"}`)
	})
	fs := newFHIRServer(t)
	c := newTestClient(t, t.Context(), testConfig(ts.TokenURL(), fs.URL))
	_, err := c.HTTPClient().Get(fs.URL + "/metadata")
	if !errors.Is(err, ErrRejected) {
		t.Errorf("err = %v, want ErrRejected from the refresh", err)
	}
	if auths, _ := fs.seen(); len(auths) != 1 {
		t.Errorf("FHIR requests = %d, want 1", len(auths))
	}
}
