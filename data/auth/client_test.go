package auth

import (
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// redirector answers every request with a 307 to target.
func redirector(t *testing.T, target string) *httptest.Server {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/moved" {
			http.Redirect(w, r, "/api/metadata", http.StatusFound) // same origin
			return
		}
		if r.URL.Path == "/api/metadata" {
			if r.Header.Get("Authorization") != "Bearer tok-1" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			io.WriteString(w, `{"resourceType":"CapabilityStatement"}`)
			return
		}
		http.Redirect(w, r, target, http.StatusTemporaryRedirect)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestRedirects(t *testing.T) {
	ts := newTokenServer(t, jsonToken(3600))
	plain := newRecorder(t, false)
	otherTLS := newRecorder(t, true)

	tests := []struct {
		name   string
		target string
		want   error
	}{
		{"https to http", plain.URL + "/steal", ErrInsecure},
		{"cross origin", otherTLS.URL + "/steal", ErrRedirect},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fhir := redirector(t, tt.target)
			c := newTestClient(t, t.Context(), testConfig(ts.TokenURL(), fhir.URL+"/api"),
				WithBaseTransport(fhir.Client().Transport))
			resp, err := c.HTTPClient().Get(fhir.URL + "/api/Observation?researchstudy=1")
			if resp != nil {
				resp.Body.Close()
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if n := len(plain.seen()) + len(otherTLS.seen()); n != 0 {
		t.Errorf("redirect targets received %d requests, want 0", n)
	}
}

func TestSameOriginRedirectFollowedWithToken(t *testing.T) {
	ts := newTokenServer(t, jsonToken(3600))
	fhir := redirector(t, "unused")
	c := newTestClient(t, t.Context(), testConfig(ts.TokenURL(), fhir.URL+"/api"),
		WithBaseTransport(fhir.Client().Transport))
	resp, err := c.HTTPClient().Get(fhir.URL + "/api/moved")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status = %d, want 200 (the token is added on the same-origin hop)", resp.StatusCode)
	}
}

func TestCheckRedirectLimit(t *testing.T) {
	req, _ := http.NewRequest(http.MethodGet, "https://fhir.example.org/api/x", nil)
	via := make([]*http.Request, maxRedirects)
	for i := range via {
		via[i] = req
	}
	if err := checkRedirect(req, via); !errors.Is(err, ErrRedirect) {
		t.Errorf("checkRedirect after %d hops = %v, want ErrRedirect", maxRedirects, err)
	}
	if err := checkRedirect(req, via[:1]); err != nil {
		t.Errorf("checkRedirect same origin = %v, want nil", err)
	}
}

func TestClientTimeouts(t *testing.T) {
	cfg := testConfig("https://auth.example.org/token", "https://fhir.example.org/api")
	c := newTestClient(t, t.Context(), cfg)
	if got := c.HTTPClient().Timeout; got != DefaultTimeout {
		t.Errorf("default Timeout = %v, want %v", got, DefaultTimeout)
	}
	base, ok := c.HTTPClient().Transport.(*authTransport).base.(*http.Transport)
	if !ok {
		t.Fatalf("base transport is %T, want *http.Transport", c.HTTPClient().Transport.(*authTransport).base)
	}
	if base.TLSHandshakeTimeout != TLSHandshakeTimeout || base.ResponseHeaderTimeout != ResponseHeaderTimeout ||
		base.DialContext == nil || base.Proxy == nil || base.TLSClientConfig.MinVersion != tls.VersionTLS12 {
		t.Errorf("base transport timeouts not set: %+v", base)
	}
	tokenClient := c.TokenSource().root.Value(oauthHTTPClientKey()).(*http.Client)
	if tokenClient.Timeout != DefaultTimeout || tokenClient.CheckRedirect == nil {
		t.Errorf("token client = %+v, want our timeout and redirect policy", tokenClient)
	}
	if _, ok := tokenClient.Transport.(*tokenTransport); !ok {
		t.Errorf("token client transport = %T, want *tokenTransport", tokenClient.Transport)
	}

	c = newTestClient(t, t.Context(), cfg, WithTimeout(5*time.Second), WithTimeout(0))
	if got := c.HTTPClient().Timeout; got != 5*time.Second {
		t.Errorf("WithTimeout: Timeout = %v, want 5s", got)
	}
}
