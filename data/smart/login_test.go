package smart

import (
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

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
