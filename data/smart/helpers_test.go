package smart

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testClientID = "recist-view-client"
	testSecret   = "sm4rt-S3CRET-7d1e"
	testCode     = "authcode-SECRET-5b2c"
	testPatient  = "pat-123"
	fhirPath     = "/fhir"
	authorizePth = "/auth/authorize"
	tokenPth     = "/auth/token"
)

// recorded is one request as the fake server saw it.
type recorded struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Form   url.Values
}

// fakeServer is a SMART authorization server and FHIR server on loopback. It records every
// request, so tests can assert them exactly (golang/oauth2's TestExchangeRequest style), and
// answers with the responders below, which tests may replace before use.
type fakeServer struct {
	*httptest.Server

	mu         sync.Mutex
	discovery  []recorded
	authorizes []recorded
	tokens     []recorded
	fhir       []recorded

	// doc is the discovery document; nil fields are left out.
	doc func(base string) map[string]any
	// authorize answers the browser at the authorization endpoint; the default redirects to
	// redirect_uri with testCode and the request's state.
	authorize func(w http.ResponseWriter, r *http.Request)
	// token answers the n-th token request (1-based).
	token func(w http.ResponseWriter, r *http.Request, n int)
	// fhirHandler answers FHIR requests; the default answers 200 with a CapabilityStatement.
	fhirHandler func(w http.ResponseWriter, r *http.Request)
}

func defaultDoc(base string) map[string]any {
	return map[string]any{
		"issuer":                                           base + "/auth",
		"authorization_endpoint":                           base + authorizePth,
		"token_endpoint":                                   base + tokenPth,
		"grant_types_supported":                            []string{"authorization_code", "client_credentials", "refresh_token"},
		"code_challenge_methods_supported":                 []string{"S256"},
		"token_endpoint_auth_methods_supported":            []string{"client_secret_basic", "private_key_jwt"},
		"token_endpoint_auth_signing_alg_values_supported": []string{"RS384", "ES384"},
		"capabilities": []string{"launch-standalone", "client-public", "client-confidential-symmetric",
			"client-confidential-asymmetric", "context-standalone-patient", "permission-offline", "permission-v2"},
		"scopes_supported": []string{"openid", "fhirUser", "launch/patient", "patient/*.rs", "user/*.rs",
			"system/*.rs", "offline_access"},
	}
}

// redirectWithCode is the default authorization endpoint: the user signs in and consents.
func redirectWithCode(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	back := url.Values{"code": {testCode}, "state": {q.Get("state")}}
	http.Redirect(w, r, q.Get("redirect_uri")+"?"+back.Encode(), http.StatusFound)
}

// jsonToken answers access token "at-n", refresh token "rt-n", one hour, and the patient.
func jsonToken(w http.ResponseWriter, _ *http.Request, n int) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"access_token":"at-%d","token_type":"Bearer","expires_in":3600,"refresh_token":"rt-%d",`+
		`"scope":"openid fhirUser user/*.rs offline_access","patient":%q}`, n, n, testPatient)
}

func newFakeServer() *fakeServer {
	s := &fakeServer{doc: defaultDoc, authorize: redirectWithCode, token: jsonToken}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+fhirPath+WellKnownPath, func(w http.ResponseWriter, r *http.Request) {
		s.record(&s.discovery, r)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(s.doc(s.URL))
	})
	mux.HandleFunc(authorizePth, func(w http.ResponseWriter, r *http.Request) {
		s.record(&s.authorizes, r)
		s.authorize(w, r)
	})
	mux.HandleFunc(tokenPth, func(w http.ResponseWriter, r *http.Request) {
		n := s.record(&s.tokens, r)
		s.token(w, r, n)
	})
	mux.HandleFunc(fhirPath+"/", func(w http.ResponseWriter, r *http.Request) {
		s.record(&s.fhir, r)
		if s.fhirHandler != nil {
			s.fhirHandler(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/fhir+json")
		io.WriteString(w, `{"resourceType":"CapabilityStatement"}`)
	})
	s.Server = httptest.NewServer(mux)
	return s
}

// newTestServer is newFakeServer, closed at the end of the test.
func newTestServer(t *testing.T) *fakeServer {
	t.Helper()
	s := newFakeServer()
	t.Cleanup(func() {
		s.CloseClientConnections()
		s.Close()
	})
	return s
}

// record stores r in *list and returns the new length.
func (s *fakeServer) record(list *[]recorded, r *http.Request) int {
	_ = r.ParseForm()
	rec := recorded{
		Method: r.Method,
		Path:   r.URL.Path,
		Query:  r.URL.Query(),
		Header: r.Header.Clone(),
		Form:   r.PostForm,
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	*list = append(*list, rec)
	return len(*list)
}

func (s *fakeServer) tokenRequests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.tokens...)
}

func (s *fakeServer) discoveryRequests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.discovery...)
}

func (s *fakeServer) authorizeRequests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.authorizes...)
}

func (s *fakeServer) fhirRequests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.fhir...)
}

func (s *fakeServer) FHIRBase() string { return s.URL + fhirPath }
func (s *fakeServer) TokenURL() string { return s.URL + tokenPth }

// configuration returns the parsed default discovery document for s.
func (s *fakeServer) configuration(t *testing.T) *Configuration {
	t.Helper()
	b, err := json.Marshal(s.doc(s.URL))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseConfiguration(b)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// echoError answers every token request with status and an OAuth error whose code and
// description repeat everything the client sent: form, headers and query. Error messages built
// from such a response must not leak any of it.
func echoError(status int) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, r *http.Request, _ int) {
		var all strings.Builder
		fmt.Fprintf(&all, "form=%s headers=%v query=%s", r.PostForm.Encode(), r.Header, r.URL.RawQuery)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]string{
			"error":             all.String(),
			"error_description": all.String(),
			"error_uri":         "https://echo.example/" + url.PathEscape(all.String()),
		})
	}
}

// formString renders v sorted, for exact comparisons in messages.
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

// assertNoLeak fails if msg contains any of the secrets.
func assertNoLeak(t *testing.T, msg string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(msg, s) {
			t.Errorf("error message %q contains a secret (%q)", msg, s)
		}
	}
}

// fakeClock is a manually advanced clock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)} }

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

// gate holds a handler until released; open is idempotent and runs at cleanup.
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

func (g *gate) hold(r *http.Request) {
	g.arrived <- struct{}{}
	select {
	case <-g.release:
	case <-r.Context().Done():
	}
}

// newRawServer starts a loopback server with h, closed at the end of the test, and returns its
// URL.
func newRawServer(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}
