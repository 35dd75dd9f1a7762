package auth

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

const (
	testClientID  = "client-abc"
	testSecret    = "s3cret-VALUE-7f2c9d"
	testPartnerID = "partner-42"
	testTokenPath = "/msk-apim/external/msk-oidc/oauth2/token"
)

// tokenServer is an httptest token endpoint that asserts every request is exactly the
// client-credentials POST Blaze expects (as golang/oauth2's TestExchangeRequest does), counts
// them, and answers with respond(n) for the n-th request (1-based).
type tokenServer struct {
	*httptest.Server
	posts   atomic.Int32
	respond func(w http.ResponseWriter, r *http.Request, n int)
}

func newTokenServer(t *testing.T, respond func(w http.ResponseWriter, r *http.Request, n int)) *tokenServer {
	t.Helper()
	ts := &tokenServer{respond: respond}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(ts.posts.Add(1))
		checkTokenRequest(t, r)
		ts.respond(w, r, n)
	}))
	t.Cleanup(func() {
		ts.CloseClientConnections() // ends handlers still held by a gate
		ts.Close()
	})
	return ts
}

// URL of the token endpoint.
func (ts *tokenServer) TokenURL() string { return ts.Server.URL + testTokenPath }

func checkTokenRequest(t *testing.T, r *http.Request) {
	t.Helper()
	if r.Method != http.MethodPost {
		t.Errorf("token request method = %q, want POST", r.Method)
	}
	if r.URL.Path != testTokenPath {
		t.Errorf("token request path = %q, want %q", r.URL.Path, testTokenPath)
	}
	if got := r.Header.Get("Content-Type"); got != "application/x-www-form-urlencoded" {
		t.Errorf("token request Content-Type = %q, want application/x-www-form-urlencoded", got)
	}
	if got := r.Header.Get("Authorization"); got != "" {
		t.Errorf("token request has Authorization %q; credentials belong in the form body", got)
	}
	if got := r.Header.Get(PartnerIDHeader); got != "" {
		t.Errorf("token request has x-partnerid %q", got)
	}
	if err := r.ParseForm(); err != nil {
		t.Errorf("token request form: %v", err)
		return
	}
	want := url.Values{
		"client_id":     {testClientID},
		"client_secret": {testSecret},
		"grant_type":    {"client_credentials"},
		"scope":         {"full"},
	}
	if got, w := formString(r.PostForm), formString(want); got != w {
		t.Errorf("token request form = %s, want %s", got, w)
	}
	if len(r.URL.Query()) != 0 {
		t.Errorf("token request query = %q, want none", r.URL.RawQuery)
	}
}

func formString(v url.Values) string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%q;", k, v[k])
	}
	return b.String()
}

// jsonToken answers a JSON token response with access_token "tok-n".
func jsonToken(expiresIn int) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"token_type":"Bearer","access_token":"tok-%d","scope":"full","expires_in":%d,"consented_on":1656086348}`, n, expiresIn)
	}
}

// fakeClock is a manually advanced clock for token expiry.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// testConfig returns a Config for the token server and FHIR base.
func testConfig(tokenURL, fhirBase string) Config {
	return Config{
		TokenURL:     tokenURL,
		ClientID:     testClientID,
		ClientSecret: testSecret,
		PartnerID:    testPartnerID,
		FHIRBase:     fhirBase,
	}
}

func newTestClient(t *testing.T, root context.Context, cfg Config, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(root, cfg, opts...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

// gate lets a test hold a handler until released; release is idempotent and runs at cleanup.
type gate struct {
	arrived chan struct{}
	release chan struct{}
	once    sync.Once
}

func newGate(t *testing.T) *gate {
	g := &gate{arrived: make(chan struct{}, 100), release: make(chan struct{})}
	t.Cleanup(g.open)
	return g
}

func (g *gate) open() { g.once.Do(func() { close(g.release) }) }

// hold signals arrival and waits for release (or the request's end).
func (g *gate) hold(r *http.Request) {
	g.arrived <- struct{}{}
	select {
	case <-g.release:
	case <-r.Context().Done():
	}
}

// recorder is an httptest server that records the headers it receives and answers 200.
type recorder struct {
	*httptest.Server
	mu      sync.Mutex
	headers []http.Header
}

func newRecorder(t *testing.T, tlsServer bool) *recorder {
	rec := &recorder{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.headers = append(rec.headers, r.Header.Clone())
		rec.mu.Unlock()
		w.Header().Set("Content-Type", "application/fhir+json")
		fmt.Fprint(w, `{"resourceType":"CapabilityStatement"}`)
	})
	if tlsServer {
		rec.Server = httptest.NewTLSServer(h)
	} else {
		rec.Server = httptest.NewServer(h)
	}
	t.Cleanup(rec.Close)
	return rec
}

func (r *recorder) seen() []http.Header {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]http.Header(nil), r.headers...)
}

// oauthHTTPClientKey is the context key x/oauth2 reads its *http.Client from.
func oauthHTTPClientKey() any { return oauth2.HTTPClient }
