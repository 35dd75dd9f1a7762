package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

// echoResponses are token endpoints that copy the posted form — client_secret included — into
// every place of an error response a careless client might print.
var echoResponses = []struct {
	name    string
	respond func(w http.ResponseWriter, form string, secret string)
}{
	{"401 JSON description", func(w http.ResponseWriter, form, _ string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		json.NewEncoder(w).Encode(map[string]string{"error": "invalid_client", "error_description": "you sent " + form, "error_uri": "https://x.example/?" + form})
	}},
	{"401 secret as the error code", func(w http.ResponseWriter, _, secret string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		json.NewEncoder(w).Encode(map[string]string{"error": secret})
	}},
	{"400 secret as the error code", func(w http.ResponseWriter, _, secret string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{"error": secret})
	}},
	{"200 secret as the error code", func(w http.ResponseWriter, _, secret string) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"error": secret})
	}},
	{"401 plain text body", func(w http.ResponseWriter, form, _ string) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, "<p>bad credentials: "+form+"</p>")
	}},
	{"401 form body", func(w http.ResponseWriter, form, _ string) {
		w.Header().Set("Content-Type", "application/x-www-form-urlencoded")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, "error=invalid_client&error_description="+form)
	}},
	{"200 unparseable JSON", func(w http.ResponseWriter, _, secret string) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, secret+`{"access_token":`)
	}},
	{"200 token of the wrong type", func(w http.ResponseWriter, _, secret string) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":%q,"token_type":%q}`, secret, secret)
	}},
}

func TestWrongSecretNeverLeaks(t *testing.T) {
	const wrong = "WRONG-secret-value-91ab"
	for _, tt := range echoResponses {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				form, _ := url.ParseQuery(string(body))
				tt.respond(w, string(body), form.Get("client_secret"))
			}))
			t.Cleanup(srv.Close)
			cfg := testConfig(srv.URL+testTokenPath, "http://127.0.0.1:1/fhir")
			cfg.ClientSecret = wrong
			c := newTestClient(t, t.Context(), cfg)
			err := c.SignIn(t.Context())
			if err == nil {
				t.Fatal("SignIn succeeded, want an error")
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%T is not *Error", err)
			}
			var re *oauth2.RetrieveError
			if errors.As(err, &re) {
				t.Errorf("the error chain holds an oauth2.RetrieveError, whose message has the raw body")
			}
			for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), fmt.Sprintf("%v", e.Err)} {
				if strings.Contains(s, wrong) || strings.Contains(s, "WRONG") {
					t.Errorf("the secret appears in the error: %s", s)
				}
			}
			// The same failure seen through a FHIR request.
			_, err = c.HTTPClient().Get(cfg.FHIRBase + "/metadata")
			if err == nil || strings.Contains(err.Error(), wrong) {
				t.Errorf("FHIR request error = %v; want an error without the secret", err)
			}
		})
	}
}

func TestWrongSecretIsRejected(t *testing.T) {
	ts := newTokenServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"error":"invalid_client","error_description":"secret %s is wrong"}`, r.PostForm.Get("client_secret"))
	})
	c := newTestClient(t, t.Context(), testConfig(ts.TokenURL(), "http://127.0.0.1:1/fhir"))
	err := c.SignIn(t.Context())
	if !errors.Is(err, ErrRejected) {
		t.Fatalf("SignIn = %v, want ErrRejected", err)
	}
	for _, unwanted := range []error{ErrServer, ErrUnreachable, ErrTokenResponse} {
		if errors.Is(err, unwanted) {
			t.Errorf("error also matches %v", unwanted)
		}
	}
	if strings.Contains(err.Error(), testSecret) {
		t.Errorf("secret in message: %v", err)
	}
	want := "auth: the server rejected these credentials (" + ts.TokenURL() + "): HTTP 401, invalid_client"
	if err.Error() != want {
		t.Errorf("message = %q\nwant      %q", err.Error(), want)
	}
}

func TestUnreachableTokenServer(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	tokenURL := srv.URL + testTokenPath + "?client_secret=in-the-query"
	srv.Close() // nothing listens there now
	c := newTestClient(t, t.Context(), testConfig(tokenURL, "http://127.0.0.1:1/fhir"))
	err := c.SignIn(t.Context())
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindUnreachable || !errors.Is(err, ErrUnreachable) {
		t.Fatalf("SignIn = %v, want KindUnreachable", err)
	}
	if e.Err == nil {
		t.Errorf("the network cause is not wrapped")
	}
	if e.URL != srv.URL+testTokenPath {
		t.Errorf("URL = %q, want the token URL without its query", e.URL)
	}
	if strings.Contains(err.Error(), "in-the-query") {
		t.Errorf("the token URL's query appears in the error: %v", err)
	}
}

func TestErrorIs(t *testing.T) {
	e := &Error{Kind: KindRejected, URL: "https://x/token", Status: 401, Code: "invalid_client"}
	if !errors.Is(e, ErrRejected) {
		t.Error("not ErrRejected")
	}
	if errors.Is(e, ErrServer) {
		t.Error("matches ErrServer")
	}
	if errors.Is(e, &Error{Kind: KindRejected, Status: 403}) {
		t.Error("matches a non-sentinel *Error of the same kind")
	}
	wrapped := fmt.Errorf("loading study: %w", e)
	if !errors.Is(wrapped, ErrRejected) {
		t.Error("wrapped error does not match ErrRejected")
	}
}

func TestSanitizeCode(t *testing.T) {
	for in, want := range map[string]string{
		"":                        "",
		"invalid_client":          "invalid_client",
		"temporarily_unavailable": "temporarily_unavailable",
		"INVALID_CLIENT":          "unregistered",
		"s3cret":                  "unregistered",
		"invalid_client\n":        "unregistered",
	} {
		if got := sanitizeCode(in); got != want {
			t.Errorf("sanitizeCode(%q) = %q, want %q", in, got, want)
		}
	}
}
