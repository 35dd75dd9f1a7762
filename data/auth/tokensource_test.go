package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/recistview/recistview/data/fixtures"
)

const fixtureToken = "AAIgYjViOTE2M2I4NDllNjZjOWQ5NjU0NjhkNmNhYzRkODYq65uQhqOGeqVSCDv0lXV26qPr9cfIal10SXlRiw0RDTAbBgqeRMSTbL6EqQSPIxCVYRwBWyaITs9QJG375CCmVX2bux4ocVUlGiGHg5qrXIAOESCGor32u89RVZxfw7I"

// sourceFor returns the token source of a client for ts (the FHIR base is irrelevant here).
func sourceFor(t *testing.T, root context.Context, ts *tokenServer, opts ...Option) *TokenSource {
	t.Helper()
	return newTestClient(t, root, testConfig(ts.TokenURL(), "http://127.0.0.1:1/fhir"), opts...).TokenSource()
}

func TestTokenFixtureResponse(t *testing.T) {
	for _, contentType := range []string{
		"application/json",
		"application/json;charset=UTF-8",
		"text/plain",                // Blaze without _format=json (security.md rule 5)
		"text/plain; charset=utf-8", // ditto
		"",                          // no Content-Type at all
	} {
		t.Run(contentType, func(t *testing.T) {
			ts := newTokenServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.Header()["Content-Type"] = []string{contentType}
				w.Write(fixtures.Bytes(fixtures.TokenResponse))
			})
			tok, err := sourceFor(t, t.Context(), ts).TokenContext(t.Context())
			if err != nil {
				t.Fatalf("TokenContext: %v", err)
			}
			if tok.AccessToken != fixtureToken {
				t.Errorf("AccessToken = %q, want the fixture's", tok.AccessToken)
			}
			if tok.Type() != "Bearer" {
				t.Errorf("Type() = %q, want Bearer", tok.Type())
			}
			if got, ok := tok.Extra("consented_on").(float64); !ok || got != 1656086348 {
				t.Errorf("consented_on = %v, want 1656086348", tok.Extra("consented_on"))
			}
			if got := ts.posts.Load(); got != 1 {
				t.Errorf("token POSTs = %d, want 1", got)
			}
		})
	}
}

func TestTokenFormEncodedResponse(t *testing.T) {
	ts := newTokenServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(w, "access_token=tok-%d&token_type=bearer&expires_in=3600", n)
	})
	clock := newFakeClock()
	src := sourceFor(t, t.Context(), ts, WithClock(clock.Now))
	tok, err := src.TokenContext(t.Context())
	if err != nil || tok.AccessToken != "tok-1" {
		t.Fatalf("TokenContext = %v, %v; want tok-1", tok, err)
	}
	clock.Advance(3600*time.Second - DefaultExpiryMargin - time.Second)
	if tok, _ := src.TokenContext(t.Context()); tok.AccessToken != "tok-1" {
		t.Errorf("before expiry got %q, want tok-1 reused", tok.AccessToken)
	}
	clock.Advance(2 * time.Second)
	if tok, _ := src.TokenContext(t.Context()); tok.AccessToken != "tok-2" {
		t.Errorf("after expiry got %q, want tok-2", tok.AccessToken)
	}
}

func TestTokenReusedUntilExpiry(t *testing.T) {
	tests := []struct {
		expiresIn int
		validFor  time.Duration // lifetime less the effective margin
	}{
		{3600, 3600*time.Second - DefaultExpiryMargin},
		{40, 20 * time.Second}, // the margin is capped at half the lifetime
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.expiresIn), func(t *testing.T) {
			ts := newTokenServer(t, jsonToken(tt.expiresIn))
			clock := newFakeClock()
			src := sourceFor(t, t.Context(), ts, WithClock(clock.Now))
			want := func(access string, posts int32) {
				t.Helper()
				tok, err := src.TokenContext(t.Context())
				if err != nil {
					t.Fatalf("TokenContext: %v", err)
				}
				if tok.AccessToken != access || ts.posts.Load() != posts {
					t.Fatalf("got %q after %d POSTs, want %q after %d", tok.AccessToken, ts.posts.Load(), access, posts)
				}
			}
			want("tok-1", 1)
			want("tok-1", 1)
			clock.Advance(tt.validFor - time.Second)
			want("tok-1", 1)
			clock.Advance(time.Second)
			want("tok-2", 2)
			want("tok-2", 2)
		})
	}
}

func TestTokenWithoutExpiryIsReusedUntilInvalidated(t *testing.T) {
	ts := newTokenServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"token_type":"Bearer","access_token":"tok-%d"}`, n)
	})
	clock := newFakeClock()
	src := sourceFor(t, t.Context(), ts, WithClock(clock.Now))
	first, _ := src.TokenContext(t.Context())
	clock.Advance(24 * 365 * time.Hour)
	if tok, _ := src.TokenContext(t.Context()); tok != first || ts.posts.Load() != 1 {
		t.Fatalf("token without expires_in was not reused")
	}
	src.Invalidate(first)
	if tok, _ := src.TokenContext(t.Context()); tok.AccessToken != "tok-2" {
		t.Errorf("after Invalidate got %q, want tok-2", tok.AccessToken)
	}
}

func TestInvalidate(t *testing.T) {
	ts := newTokenServer(t, jsonToken(3600))
	src := sourceFor(t, t.Context(), ts)
	t1, err := src.TokenContext(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	src.Invalidate(t1)
	t2, err := src.TokenContext(t.Context())
	if err != nil || t2.AccessToken != "tok-2" {
		t.Fatalf("after Invalidate: %v, %v; want tok-2", t2, err)
	}
	// Invalidating the replaced token, or nil, changes nothing.
	src.Invalidate(t1)
	src.Invalidate(nil)
	if t3, _ := src.TokenContext(t.Context()); t3 != t2 || ts.posts.Load() != 2 {
		t.Errorf("stale Invalidate forced a fetch: token %q, %d POSTs", t3.AccessToken, ts.posts.Load())
	}
	// Token() (the oauth2.TokenSource method) sees the same cache.
	if t4, err := src.Token(); err != nil || t4 != t2 {
		t.Errorf("Token() = %v, %v; want the cached token", t4, err)
	}
}

func TestTokenSingleFlight(t *testing.T) {
	for _, fail := range []bool{false, true} {
		t.Run(fmt.Sprintf("fail=%v", fail), func(t *testing.T) {
			g := newGate(t)
			ts := newTokenServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				g.hold(r)
				if fail {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusUnauthorized)
					fmt.Fprint(w, `{"error":"invalid_client"}`)
					return
				}
				jsonToken(3600)(w, r, n)
			})
			src := sourceFor(t, t.Context(), ts)
			waiting := make(chan struct{}, 16)
			src.onWait = func() { waiting <- struct{}{} }

			const callers = 8
			var wg sync.WaitGroup
			toks := make([]string, callers)
			errs := make([]error, callers)
			for i := range callers {
				wg.Go(func() {
					tok, err := src.TokenContext(t.Context())
					if tok != nil {
						toks[i] = tok.AccessToken
					}
					errs[i] = err
				})
			}
			for range callers {
				<-waiting // every caller is waiting on the one fetch
			}
			<-g.arrived
			g.open()
			wg.Wait()

			if got := ts.posts.Load(); got != 1 {
				t.Errorf("token POSTs = %d, want 1", got)
			}
			for i := range callers {
				if fail {
					if !errors.Is(errs[i], ErrRejected) {
						t.Errorf("caller %d: err = %v, want ErrRejected", i, errs[i])
					}
				} else if errs[i] != nil || toks[i] != "tok-1" {
					t.Errorf("caller %d: %q, %v; want tok-1", i, toks[i], errs[i])
				}
			}
		})
	}
}

func TestFailedFetchIsNotRetried(t *testing.T) {
	ts := newTokenServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	src := sourceFor(t, t.Context(), ts)
	if _, err := src.TokenContext(t.Context()); !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v, want ErrServer", err)
	}
	if got := ts.posts.Load(); got != 1 {
		t.Errorf("token POSTs = %d, want exactly 1 (no automatic retry)", got)
	}
}

func TestTokenFetchOutlivesCanceledRequest(t *testing.T) {
	g := newGate(t)
	ts := newTokenServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		g.hold(r)
		jsonToken(3600)(w, r, n)
	})
	src := sourceFor(t, t.Context(), ts)

	reqCtx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 1)
	go func() {
		_, err := src.TokenContext(reqCtx)
		errc <- err
	}()
	<-g.arrived // the token POST is in flight
	cancel()
	err := <-errc
	if !errors.Is(err, ErrCanceled) || !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled wait: err = %v, want ErrCanceled wrapping context.Canceled", err)
	}

	g.open() // the fetch, on the root context, completes
	tok, err := src.TokenContext(t.Context())
	if err != nil || tok.AccessToken != "tok-1" {
		t.Fatalf("after the request was canceled: %v, %v; want tok-1 from the same fetch", tok, err)
	}
	if got := ts.posts.Load(); got != 1 {
		t.Errorf("token POSTs = %d, want 1", got)
	}
}

func TestRootCanceledStopsFetch(t *testing.T) {
	g := newGate(t)
	ts := newTokenServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		g.hold(r) // released only by the request's own cancellation
	})
	root, cancel := context.WithCancel(t.Context())
	// No transport or client timeouts: only the root context can end this fetch.
	c := newTestClient(t, root, testConfig(ts.TokenURL(), "http://127.0.0.1:1/fhir"),
		WithBaseTransport(&http.Transport{}), WithTimeout(24*time.Hour))
	errc := make(chan error, 1)
	go func() { errc <- c.SignIn(t.Context()) }()
	<-g.arrived
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, ErrCanceled) || !errors.Is(err, context.Canceled) {
			t.Errorf("SignIn after root cancel = %v, want ErrCanceled wrapping context.Canceled", err)
		}
	case <-time.After(time.Minute): // a hang guard, not a timing assertion
		t.Fatal("canceling the root context did not end the token fetch")
	}
}

func TestSignInFetchesFreshToken(t *testing.T) {
	ts := newTokenServer(t, jsonToken(3600))
	c := newTestClient(t, t.Context(), testConfig(ts.TokenURL(), "http://127.0.0.1:1/fhir"))
	for i := 1; i <= 2; i++ {
		if err := c.SignIn(t.Context()); err != nil {
			t.Fatalf("SignIn: %v", err)
		}
		if got := ts.posts.Load(); got != int32(i) {
			t.Errorf("after SignIn %d: token POSTs = %d", i, got)
		}
	}
	if tok, _ := c.TokenSource().TokenContext(t.Context()); tok.AccessToken != "tok-2" {
		t.Errorf("cached token = %q, want tok-2", tok.AccessToken)
	}
}

func TestTokenResponseErrors(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		want        error
		wantStatus  int
		wantCode    string
	}{
		{"200 with error (JSON)", 200, "application/json", `{"error":"invalid_client","error_description":"bad"}`, ErrRejected, 200, "invalid_client"},
		{"200 with error (text/plain JSON)", 200, "text/plain", `{"error":"invalid_client"}`, ErrRejected, 200, "invalid_client"},
		{"200 with error and a token", 200, "application/json", `{"access_token":"x","error":"server_error"}`, ErrServer, 200, "server_error"},
		{"200 with error (form)", 200, "application/x-www-form-urlencoded", `error=temporarily_unavailable`, ErrServer, 200, "temporarily_unavailable"},
		{"401 invalid_client", 401, "application/json", `{"error":"invalid_client"}`, ErrRejected, 401, "invalid_client"},
		{"400 invalid_grant", 400, "application/json", `{"error":"invalid_grant"}`, ErrRejected, 400, "invalid_grant"},
		{"400 invalid_scope", 400, "application/json", `{"error":"invalid_scope"}`, ErrServer, 400, "invalid_scope"},
		{"403 html", 403, "text/html", `<h1>Forbidden</h1>`, ErrRejected, 403, ""},
		{"500 no body", 500, "", ``, ErrServer, 500, ""},
		{"302 redirect", 302, "", ``, ErrServer, 302, ""},
		{"unregistered code", 400, "application/json", `{"error":"Something Odd"}`, ErrServer, 400, "unregistered"},
		{"not json", 200, "application/json", `<html>`, ErrTokenResponse, 0, ""},
		{"no access_token", 200, "application/json", `{"token_type":"Bearer","expires_in":3600}`, ErrTokenResponse, 0, ""},
		{"mac token", 200, "application/json", `{"token_type":"mac","access_token":"x"}`, ErrTokenResponse, 0, ""},
		{"token with newline", 200, "application/json", `{"access_token":"a\r\nX-Evil: 1"}`, ErrTokenResponse, 0, ""},
		{"too large", 200, "application/json", `{"access_token":"` + strings.Repeat("a", maxTokenResponseBytes) + `"}`, ErrTokenResponse, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTokenServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				}
				if tt.status == 302 {
					w.Header().Set("Location", "https://elsewhere.example/token")
				}
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			})
			tok, err := sourceFor(t, t.Context(), ts).TokenContext(t.Context())
			if !errors.Is(err, tt.want) {
				t.Fatalf("TokenContext = %v, %v; want %v", tok, err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%T is not *Error", err)
			}
			if e.Status != tt.wantStatus || e.Code != tt.wantCode {
				t.Errorf("Status, Code = %d, %q; want %d, %q", e.Status, e.Code, tt.wantStatus, tt.wantCode)
			}
			if e.URL != ts.TokenURL() {
				t.Errorf("URL = %q, want %q", e.URL, ts.TokenURL())
			}
			if got := ts.posts.Load(); got != 1 {
				t.Errorf("token POSTs = %d, want 1", got)
			}
		})
	}
}
