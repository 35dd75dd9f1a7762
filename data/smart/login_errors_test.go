package smart

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/recistview/recistview/data/auth"
)

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
	// An opener that quotes the URL in its error: the state does not reach the message.
	var opened string
	_, err := Login(t.Context(), loginConfig(t, s, testSecret), func(u string) error {
		opened = u
		return fmt.Errorf("exec xdg-open %s: %w (state %s)", u, noBrowser, mustQuery(t, u).Get("state"))
	})
	if !errors.Is(err, ErrBrowser) || !errors.Is(err, noBrowser) {
		t.Fatalf("Login = %v, want ErrBrowser wrapping the cause", err)
	}
	assertNoLeak(t, err.Error(), mustQuery(t, opened).Get("state"), opened)
	if !strings.Contains(err.Error(), "[authorize URL]") {
		t.Errorf("message %q does not say which URL failed", err)
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
