package smart

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/recistview/recistview/data/auth"
)

const closePhrase = "You can close this window and return to RECIST View"

// browser is a fake system browser: open records the URL and loads it, following redirects
// (from the authorization endpoint back to the loopback listener) as a real browser would.
type browser struct {
	mu     sync.Mutex
	opened []string
	pages  []shownPage
}

type shownPage struct {
	url    string
	status int
	body   string
}

func (b *browser) open(u string) error {
	b.mu.Lock()
	b.opened = append(b.opened, u)
	b.mu.Unlock()
	_, err := b.get(u, "")
	return err
}

// get loads u (with the Host header set to host, if given) and records the final page.
func (b *browser) get(u, host string) (shownPage, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return shownPage{}, err
	}
	if host != "" {
		req.Host = host
	}
	resp, err := (&http.Client{Timeout: time.Minute}).Do(req)
	if err != nil {
		return shownPage{}, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	p := shownPage{url: resp.Request.URL.String(), status: resp.StatusCode, body: string(body)}
	b.mu.Lock()
	b.pages = append(b.pages, p)
	b.mu.Unlock()
	return p, nil
}

func (b *browser) lastPage(t *testing.T) shownPage {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.pages) == 0 {
		t.Fatal("the browser showed no page")
	}
	return b.pages[len(b.pages)-1]
}

func (b *browser) openedURLs() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.opened...)
}

func loginConfig(t *testing.T, s *fakeServer, secret string) LoginConfig {
	return LoginConfig{
		FHIRBase:     s.FHIRBase(),
		Server:       s.configuration(t),
		ClientID:     testClientID,
		ClientSecret: secret,
		Scopes:       []string{"openid", "fhirUser", "user/*.rs", "offline_access"},
	}
}

var redirectRE = regexp.MustCompile(`^http://127\.0\.0\.1:([0-9]+)/callback$`)

// assertListenerClosed checks that nothing listens on the redirect URI's port any more.
func assertListenerClosed(t *testing.T, redirectURI string) {
	t.Helper()
	u, err := url.Parse(redirectURI)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := net.Dial("tcp4", u.Host); err == nil {
		c.Close()
		t.Errorf("the loopback listener %s still accepts connections", u.Host)
	}
}

// security.md rules 4, 11, 12, 13: the exact authorize URL and code exchange of a confidential
// client (HTTP Basic, PKCE S256, state, aud), the page shown, and the listener closed after.
func TestLoginConfidentialRequests(t *testing.T) {
	s := newTestServer(t)
	var b browser
	tok, err := Login(t.Context(), loginConfig(t, s, testSecret), b.open)
	if err != nil {
		t.Fatalf("Login: %v", err)
	}

	opened := b.openedURLs()
	if len(opened) != 1 {
		t.Fatalf("openURL called %d times, want 1", len(opened))
	}
	au, err := url.Parse(opened[0])
	if err != nil {
		t.Fatal(err)
	}
	if got := au.Scheme + "://" + au.Host + au.Path; got != s.URL+authorizePth {
		t.Errorf("authorize URL = %s, want %s", got, s.URL+authorizePth)
	}
	q := au.Query()
	redirectURI, state := q.Get("redirect_uri"), q.Get("state")
	if m := redirectRE.FindStringSubmatch(redirectURI); m == nil || m[1] == "0" {
		t.Errorf("redirect_uri = %q, want http://127.0.0.1:PORT/callback", redirectURI)
	}
	if raw, err := base64.RawURLEncoding.DecodeString(state); err != nil || len(raw) < 16 {
		t.Errorf("state = %q: %d bytes (%v), want ≥ 16 random bytes", state, len(raw), err)
	}
	wantQuery := url.Values{
		"response_type":         {"code"},
		"client_id":             {testClientID},
		"redirect_uri":          {redirectURI},
		"scope":                 {"openid fhirUser user/*.rs offline_access"},
		"state":                 {state},
		"code_challenge":        {q.Get("code_challenge")},
		"code_challenge_method": {"S256"},
		"aud":                   {s.FHIRBase()},
	}
	if got, want := formString(q), formString(wantQuery); got != want {
		t.Errorf("authorize query =\n%s\nwant\n%s", got, want)
	}

	reqs := s.tokenRequests()
	if len(reqs) != 1 {
		t.Fatalf("token requests = %d, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Method != http.MethodPost || r.Path != tokenPth || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		t.Errorf("token request = %s %s (%s)", r.Method, r.Path, r.Header.Get("Content-Type"))
	}
	user, pass, ok := (&http.Request{Header: r.Header}).BasicAuth()
	if !ok || user != url.QueryEscape(testClientID) || pass != url.QueryEscape(testSecret) {
		t.Errorf("Authorization = %q, want HTTP Basic with the client id and secret", r.Header.Get("Authorization"))
	}
	verifier := r.Form.Get("code_verifier")
	wantForm := url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {testCode},
		"redirect_uri":  {redirectURI},
		"code_verifier": {verifier},
	}
	if got, want := formString(r.Form), formString(wantForm); got != want {
		t.Errorf("token form =\n%s\nwant\n%s", got, want)
	}
	if len(verifier) < 43 || oauth2.S256ChallengeFromVerifier(verifier) != q.Get("code_challenge") {
		t.Errorf("code_verifier %q does not match code_challenge %q by S256", verifier, q.Get("code_challenge"))
	}

	if tok.AccessToken != "at-1" || tok.RefreshToken != "rt-1" || tok.Extra("patient") != testPatient {
		t.Errorf("token = %+v (patient %v), want at-1, rt-1, %s", tok, tok.Extra("patient"), testPatient)
	}
	p := b.lastPage(t)
	if p.status != http.StatusOK || !strings.Contains(p.body, closePhrase) {
		t.Errorf("page = %d %q, want 200 with %q", p.status, p.body, closePhrase)
	}
	for _, secret := range []string{testCode, state, verifier, "at-1", "rt-1"} {
		if strings.Contains(p.body, secret) {
			t.Errorf("the page echoes %q", secret)
		}
	}
	assertListenerClosed(t, redirectURI)
}

// security.md rule 4: a public client sends client_id in the form and no Authorization header.
func TestLoginPublicClientExchange(t *testing.T) {
	s := newTestServer(t)
	var b browser
	if _, err := Login(t.Context(), loginConfig(t, s, ""), b.open); err != nil {
		t.Fatalf("Login: %v", err)
	}
	reqs := s.tokenRequests()
	if len(reqs) != 1 {
		t.Fatalf("token requests = %d, want 1", len(reqs))
	}
	r := reqs[0]
	if got := r.Header.Get("Authorization"); got != "" {
		t.Errorf("public client sent Authorization %q", got)
	}
	au, _ := url.Parse(b.openedURLs()[0])
	wantForm := url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {testCode},
		"redirect_uri":  {au.Query().Get("redirect_uri")},
		"code_verifier": {r.Form.Get("code_verifier")},
		"client_id":     {testClientID},
	}
	if got, want := formString(r.Form), formString(wantForm); got != want {
		t.Errorf("token form =\n%s\nwant\n%s", got, want)
	}
}

// security.md rule 13: a fresh verifier and state per attempt.
func TestLoginFreshPerAttempt(t *testing.T) {
	s := newTestServer(t)
	var b browser
	for range 2 {
		if _, err := Login(t.Context(), loginConfig(t, s, testSecret), b.open); err != nil {
			t.Fatalf("Login: %v", err)
		}
	}
	opened, reqs := b.openedURLs(), s.tokenRequests()
	if len(opened) != 2 || len(reqs) != 2 {
		t.Fatalf("%d authorize URLs and %d token requests, want 2 each", len(opened), len(reqs))
	}
	q1, q2 := mustQuery(t, opened[0]), mustQuery(t, opened[1])
	if q1.Get("state") == q2.Get("state") {
		t.Error("the state was reused")
	}
	if q1.Get("code_challenge") == q2.Get("code_challenge") || reqs[0].Form.Get("code_verifier") == reqs[1].Form.Get("code_verifier") {
		t.Error("the PKCE verifier was reused")
	}
}

func mustQuery(t *testing.T, raw string) url.Values {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

// security.md rules 12, 13: callbacks with a missing, wrong or repeated state, or another Host,
// are refused and the listener keeps waiting; the genuine callback then completes the sign-in.
func TestLoginStateChecked(t *testing.T) {
	s := newTestServer(t)
	b := &browser{}
	var refused []shownPage
	open := func(u string) error {
		q := mustQuery(t, u)
		cb, state := q.Get("redirect_uri"), q.Get("state")
		port := redirectRE.FindStringSubmatch(cb)[1]
		forged := []struct{ url, host string }{
			{cb + "?code=evil&state=wrong", ""},
			{cb + "?code=evil", ""},
			{cb + "?code=evil&state=" + url.QueryEscape(state) + "&state=wrong", ""},
			{cb + "?error=access_denied&state=wrong", ""},
			{cb + "?error=access_denied", ""},
			{cb + "?code=evil&state=" + url.QueryEscape(state), "rebound.example:" + port},
		}
		for _, f := range forged {
			p, err := b.get(f.url, f.host)
			if err != nil {
				return err
			}
			refused = append(refused, p)
		}
		return b.open(u)
	}
	tok, err := Login(t.Context(), loginConfig(t, s, testSecret), open)
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	for i, p := range refused {
		if p.status != http.StatusBadRequest || !strings.Contains(p.body, "ignored") || !strings.Contains(p.body, closePhrase) {
			t.Errorf("forged callback %d: %d %q, want 400 with the 'ignored' page", i, p.status, p.body)
		}
		if strings.Contains(p.body, "evil") {
			t.Errorf("forged callback %d: the page echoes the request", i)
		}
	}
	reqs := s.tokenRequests()
	if len(reqs) != 1 || reqs[0].Form.Get("code") != testCode || tok.AccessToken != "at-1" {
		t.Errorf("token requests = %d (code %q), want one with the genuine code", len(reqs), reqs[0].Form.Get("code"))
	}
}

// An error on the callback (the user declined) is a typed error with the registered code; the
// description is not kept, and no token request is made.
func TestLoginDenied(t *testing.T) {
	tests := []struct {
		name, code, wantCode string
		want                 error
	}{
		{"access_denied", "access_denied", "access_denied", ErrDenied},
		{"unregistered code", "<script>" + testSecret, "unregistered", ErrDenied},
		{"empty error", "", "unregistered", ErrDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t)
			s.authorize = func(w http.ResponseWriter, r *http.Request) {
				q := r.URL.Query()
				back := url.Values{"error": {tt.code}, "error_description": {"secret " + testSecret}, "state": {q.Get("state")}}
				http.Redirect(w, r, q.Get("redirect_uri")+"?"+back.Encode(), http.StatusFound)
			}
			var b browser
			_, err := Login(t.Context(), loginConfig(t, s, testSecret), b.open)
			var e *Error
			if !errors.Is(err, tt.want) || !errors.As(err, &e) || e.Code != tt.wantCode {
				t.Fatalf("Login = %v, want %v with code %q", err, tt.want, tt.wantCode)
			}
			assertNoLeak(t, err.Error(), testSecret, "<script>")
			if n := len(s.tokenRequests()); n != 0 {
				t.Errorf("token requests = %d, want 0", n)
			}
			p := b.lastPage(t)
			if !strings.Contains(p.body, "not completed") || !strings.Contains(p.body, closePhrase) || strings.Contains(p.body, testSecret) {
				t.Errorf("page = %q, want the fixed 'not completed' page", p.body)
			}
		})
	}
}

func TestLoginCallbackWithoutCode(t *testing.T) {
	s := newTestServer(t)
	s.authorize = func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		http.Redirect(w, r, q.Get("redirect_uri")+"?state="+url.QueryEscape(q.Get("state")), http.StatusFound)
	}
	var b browser
	if _, err := Login(t.Context(), loginConfig(t, s, testSecret), b.open); !errors.Is(err, ErrCallback) {
		t.Errorf("Login = %v, want ErrCallback", err)
	}
}

// security.md rule 13: no S256, no sign-in — and the browser is never opened.
func TestLoginRequiresS256(t *testing.T) {
	for name, methods := range map[string]any{"plain only": []string{"plain"}, "absent": nil} {
		t.Run(name, func(t *testing.T) {
			s := newTestServer(t)
			s.doc = func(base string) map[string]any {
				d := defaultDoc(base)
				if methods == nil {
					delete(d, "code_challenge_methods_supported")
				} else {
					d["code_challenge_methods_supported"] = methods
				}
				return d
			}
			var b browser
			_, err := Login(t.Context(), loginConfig(t, s, testSecret), b.open)
			if !errors.Is(err, ErrUnsupported) {
				t.Errorf("Login = %v, want ErrUnsupported", err)
			}
			if len(b.openedURLs()) != 0 || len(s.authorizeRequests()) != 0 {
				t.Error("the browser was opened although S256 is not offered")
			}
		})
	}
}

// security.md rule 12: the wait times out, and the listener is closed.
func TestLoginTimeout(t *testing.T) {
	s := newTestServer(t)
	cfg := loginConfig(t, s, testSecret)
	cfg.Timeout = 20 * time.Millisecond
	var opened string
	_, err := Login(t.Context(), cfg, func(u string) error { opened = u; return nil })
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("Login = %v, want ErrTimeout", err)
	}
	assertListenerClosed(t, mustQuery(t, opened).Get("redirect_uri"))
}

func TestLoginCanceled(t *testing.T) {
	s := newTestServer(t)
	ctx, cancel := context.WithCancel(t.Context())
	var opened string
	_, err := Login(ctx, loginConfig(t, s, testSecret), func(u string) error { opened = u; cancel(); return nil })
	if !errors.Is(err, ErrCanceled) || !errors.Is(err, context.Canceled) {
		t.Fatalf("Login = %v, want ErrCanceled wrapping context.Canceled", err)
	}
	assertListenerClosed(t, mustQuery(t, opened).Get("redirect_uri"))

	called := false
	_, err = Login(ctx, loginConfig(t, s, testSecret), func(string) error { called = true; return nil })
	if !errors.Is(err, ErrCanceled) || called {
		t.Errorf("Login with a canceled context = %v (browser opened: %v), want ErrCanceled without a browser", err, called)
	}
}

func TestLoginBrowserFails(t *testing.T) {
	s := newTestServer(t)
	noBrowser := errors.New("no browser")
	if _, err := Login(t.Context(), loginConfig(t, s, testSecret), func(string) error { return noBrowser }); !errors.Is(err, ErrBrowser) || !errors.Is(err, noBrowser) {
		t.Errorf("Login = %v, want ErrBrowser wrapping the cause", err)
	}
}

// security.md rule 12: a configured fixed port is used; a taken one is a clear error.
func TestLoginFixedPort(t *testing.T) {
	s := newTestServer(t)
	busy, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	cfg := loginConfig(t, s, testSecret)
	cfg.RedirectPort = busy.Addr().(*net.TCPAddr).Port
	var b browser
	if _, err := Login(t.Context(), cfg, b.open); !errors.Is(err, ErrListen) || len(b.openedURLs()) != 0 {
		t.Errorf("taken port: %v, want ErrListen before opening the browser", err)
	}

	free, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := free.Addr().(*net.TCPAddr).Port
	free.Close()
	cfg.RedirectPort = port
	if _, err := Login(t.Context(), cfg, b.open); err != nil {
		t.Fatalf("Login on port %d: %v", port, err)
	}
	want := "http://127.0.0.1:" + strconv.Itoa(port) + "/callback"
	if got := mustQuery(t, b.openedURLs()[0]).Get("redirect_uri"); got != want {
		t.Errorf("redirect_uri = %q, want %q", got, want)
	}
}

// security.md rules 4 and 17: a failed code exchange is not retried — not on a 500, and not with
// the credentials moved to the body after a 401 (x/oauth2's auto-detection, golang/oauth2#786).
func TestLoginExchangeNotRetried(t *testing.T) {
	tests := []struct {
		status int
		body   string
		want   error
	}{
		{http.StatusInternalServerError, `{"error":"server_error"}`, auth.ErrServer},
		{http.StatusUnauthorized, `{"error":"invalid_client"}`, auth.ErrRejected},
		{http.StatusBadRequest, `{"error":"invalid_grant"}`, auth.ErrRejected},
	}
	for _, secret := range []string{testSecret, ""} {
		for _, tt := range tests {
			t.Run(strconv.Itoa(tt.status)+"/confidential="+strconv.FormatBool(secret != ""), func(t *testing.T) {
				s := newTestServer(t)
				s.token = func(w http.ResponseWriter, _ *http.Request, _ int) {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(tt.status)
					io.WriteString(w, tt.body)
				}
				var b browser
				_, err := Login(t.Context(), loginConfig(t, s, secret), b.open)
				var e *auth.Error
				if !errors.Is(err, tt.want) || !errors.As(err, &e) || e.Status != tt.status {
					t.Errorf("Login = %v, want %v with HTTP %d", err, tt.want, tt.status)
				}
				if n := len(s.tokenRequests()); n != 1 {
					t.Errorf("token POSTs = %d, want exactly 1", n)
				}
			})
		}
	}
}

func TestLoginTokenNotBearer(t *testing.T) {
	s := newTestServer(t)
	s.token = func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"x","token_type":"MAC"}`)
	}
	var b browser
	if _, err := Login(t.Context(), loginConfig(t, s, testSecret), b.open); !errors.Is(err, auth.ErrTokenResponse) {
		t.Errorf("Login = %v, want auth.ErrTokenResponse", err)
	}
}

// No code, verifier, state or secret in the error of a token endpoint that echoes everything
// (also with status 200: security.md rule 6).
func TestLoginErrorsDoNotLeak(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusOK} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			s := newTestServer(t)
			s.token = echoError(status)
			var b browser
			_, err := Login(t.Context(), loginConfig(t, s, testSecret), b.open)
			if err == nil {
				t.Fatal("Login succeeded against an error response")
			}
			reqs := s.tokenRequests()
			q := mustQuery(t, b.openedURLs()[0])
			basic := strings.TrimPrefix(reqs[0].Header.Get("Authorization"), "Basic ")
			assertNoLeak(t, err.Error(), testCode, testSecret, reqs[0].Form.Get("code_verifier"), q.Get("state"), basic)
			var e *auth.Error
			if !errors.As(err, &e) || e.Code != "unregistered" {
				t.Errorf("error = %#v, want an *auth.Error with the echoed code replaced", err)
			}
		})
	}
}

func TestLoginInvalidConfig(t *testing.T) {
	s := newTestServer(t)
	good := loginConfig(t, s, testSecret)
	httpToken := *good.Server
	httpToken.TokenEndpoint = "http://auth.example.org/token"
	noToken := *good.Server
	noToken.TokenEndpoint = ""
	tests := []struct {
		name string
		edit func(*LoginConfig)
	}{
		{"empty FHIR base", func(c *LoginConfig) { c.FHIRBase = "" }},
		{"http FHIR base", func(c *LoginConfig) { c.FHIRBase = "http://fhir.example.org/r4" }},
		{"no client id", func(c *LoginConfig) { c.ClientID = " " }},
		{"no server", func(c *LoginConfig) { c.Server = nil }},
		{"negative port", func(c *LoginConfig) { c.RedirectPort = -1 }},
		{"port too large", func(c *LoginConfig) { c.RedirectPort = 70000 }},
		{"http token endpoint", func(c *LoginConfig) { c.Server = &httpToken }},
		{"no token endpoint", func(c *LoginConfig) { c.Server = &noToken }},
	}
	for _, tt := range tests {
		cfg := good
		tt.edit(&cfg)
		var b browser
		if _, err := Login(t.Context(), cfg, b.open); !errors.Is(err, ErrInvalidConfig) || len(b.openedURLs()) != 0 {
			t.Errorf("%s: %v, want ErrInvalidConfig before opening the browser", tt.name, err)
		}
	}
	if _, err := Login(t.Context(), good, nil); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("nil openURL: %v, want ErrInvalidConfig", err)
	}
}

func TestLoginConfigRedactsSecret(t *testing.T) {
	cfg := LoginConfig{FHIRBase: "https://f.example", ClientID: "c", ClientSecret: testSecret}
	for _, s := range []string{cfg.String(), cfg.GoString()} {
		if strings.Contains(s, testSecret) || !strings.Contains(s, "[redacted]") {
			t.Errorf("%q: secret not redacted", s)
		}
	}
}
