package smart

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/recistview/recistview/data/auth"
)

// security.md rule 14: discovery from {base}/.well-known/smart-configuration, exact request.
func TestDiscoverRequest(t *testing.T) {
	for _, suffix := range []string{"", "/"} {
		t.Run("base"+suffix, func(t *testing.T) {
			s := newTestServer(t)
			c, err := Discover(t.Context(), s.FHIRBase()+suffix)
			if err != nil {
				t.Fatalf("Discover: %v", err)
			}
			reqs := s.discoveryRequests()
			if len(reqs) != 1 {
				t.Fatalf("discovery requests = %d, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != http.MethodGet || r.Path != "/fhir/.well-known/smart-configuration" || len(r.Query) != 0 {
				t.Errorf("request = %s %s?%v, want GET /fhir/.well-known/smart-configuration", r.Method, r.Path, r.Query)
			}
			if r.Header.Get("Accept") != "application/json" || r.Header.Get("Authorization") != "" {
				t.Errorf("headers = %v, want Accept: application/json and no Authorization", r.Header)
			}
			want := &Configuration{
				Issuer:                                     s.URL + "/auth",
				AuthorizationEndpoint:                      s.URL + authorizePth,
				TokenEndpoint:                              s.URL + tokenPth,
				GrantTypesSupported:                        []string{"authorization_code", "client_credentials", "refresh_token"},
				CodeChallengeMethodsSupported:              []string{"S256"},
				TokenEndpointAuthMethodsSupported:          []string{"client_secret_basic", "private_key_jwt"},
				TokenEndpointAuthSigningAlgValuesSupported: []string{"RS384", "ES384"},
				Capabilities: []string{"launch-standalone", "client-public", "client-confidential-symmetric",
					"client-confidential-asymmetric", "context-standalone-patient", "permission-offline", "permission-v2"},
				ScopesSupported: []string{"openid", "fhirUser", "launch/patient", "patient/*.rs", "user/*.rs",
					"system/*.rs", "offline_access"},
			}
			if !reflect.DeepEqual(c, want) {
				t.Errorf("configuration =\n%+v\nwant\n%+v", c, want)
			}
			if !c.SupportsS256() || !c.HasCapability("permission-offline") || c.HasCapability("launch-ehr") {
				t.Errorf("SupportsS256/HasCapability disagree with the document")
			}
		})
	}
}

func TestDiscoverErrors(t *testing.T) {
	tests := []struct {
		name   string
		doc    func(base string) map[string]any
		raw    func(w http.ResponseWriter, r *http.Request) // replaces the discovery handler
		want   error
		status int
		also   error
	}{
		{name: "not found", raw: func(w http.ResponseWriter, _ *http.Request) { http.NotFound(w, nil) },
			want: ErrDiscovery, status: 404},
		{name: "redirect not followed", raw: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://elsewhere.example/.well-known/smart-configuration", http.StatusFound)
		}, want: ErrDiscovery, status: 302},
		{name: "not json", raw: func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("<html>")) },
			want: ErrDiscovery},
		{name: "array", raw: func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("[]")) },
			want: ErrDiscovery},
		{name: "too large", raw: func(w http.ResponseWriter, _ *http.Request) {
			w.Write([]byte(`{"token_endpoint":"https://a.example/t","x":"` + strings.Repeat("a", 70<<10) + `"}`))
		}, want: ErrDiscovery},
		{name: "no token endpoint", doc: func(base string) map[string]any {
			d := defaultDoc(base)
			delete(d, "token_endpoint")
			return d
		}, want: ErrDiscovery},
		{name: "plain http token endpoint", doc: func(base string) map[string]any {
			d := defaultDoc(base)
			d["token_endpoint"] = "http://auth.example.org/token"
			return d
		}, want: ErrDiscovery, also: auth.ErrInsecure},
		{name: "plain http authorize endpoint", doc: func(base string) map[string]any {
			d := defaultDoc(base)
			d["authorization_endpoint"] = "http://auth.example.org/authorize"
			return d
		}, want: ErrDiscovery, also: auth.ErrInsecure},
		{name: "wrong type", doc: func(base string) map[string]any {
			d := defaultDoc(base)
			d["code_challenge_methods_supported"] = "S256"
			return d
		}, want: ErrDiscovery},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t)
			base := s.FHIRBase()
			if tt.doc != nil {
				s.doc = tt.doc
			}
			if tt.raw != nil {
				mux := http.NewServeMux()
				mux.HandleFunc("/", tt.raw)
				srv := newRawServer(t, mux)
				base = srv + fhirPath
			}
			c, err := Discover(t.Context(), base)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Discover = %+v, %v; want %v", c, err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.Status != tt.status || !strings.HasSuffix(e.URL, WellKnownPath) {
				t.Errorf("error = %#v, want Status %d and the document URL", err, tt.status)
			}
			if tt.also != nil && !errors.Is(err, tt.also) {
				t.Errorf("error = %v, want it to match %v too", err, tt.also)
			}
		})
	}
}

func TestDiscoverBadBaseAndCancel(t *testing.T) {
	if _, err := Discover(t.Context(), "http://fhir.example.org/api"); !errors.Is(err, ErrInvalidConfig) || !errors.Is(err, auth.ErrInsecure) {
		t.Errorf("http base: %v, want ErrInvalidConfig and auth.ErrInsecure", err)
	}
	if _, err := Discover(t.Context(), ""); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("empty base: %v, want ErrInvalidConfig", err)
	}
	s := newTestServer(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Discover(ctx, s.FHIRBase()); !errors.Is(err, ErrCanceled) || !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v, want ErrCanceled wrapping context.Canceled", err)
	}
}

func TestWellKnownURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://fhir.prod.flatiron.io/fhir":       "https://fhir.prod.flatiron.io/fhir/.well-known/smart-configuration",
		"https://fhir.prod.flatiron.io/fhir/":      "https://fhir.prod.flatiron.io/fhir/.well-known/smart-configuration",
		"https://fhir.example.org":                 "https://fhir.example.org/.well-known/smart-configuration",
		"https://fhir.example.org/r4?x=1#frag":     "https://fhir.example.org/r4/.well-known/smart-configuration",
		"https://fhir.example.org/a%20b/":          "https://fhir.example.org/a%20b/.well-known/smart-configuration",
		"http://127.0.0.1:8080/fhir":               "http://127.0.0.1:8080/fhir/.well-known/smart-configuration",
		"https://FHIR.example.org:8443/base/r4///": "https://FHIR.example.org:8443/base/r4/.well-known/smart-configuration",
	} {
		if got, err := wellKnownURL(in); err != nil || got != want {
			t.Errorf("wellKnownURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// security.md rule 13: abort if S256 is not offered; and the other capability checks.
func TestCheckAuthorizationCode(t *testing.T) {
	full := Configuration{
		AuthorizationEndpoint:             "https://a.example/authorize",
		TokenEndpoint:                     "https://a.example/token",
		GrantTypesSupported:               []string{"authorization_code"},
		CodeChallengeMethodsSupported:     []string{"plain", "S256"},
		TokenEndpointAuthMethodsSupported: []string{"client_secret_basic"},
	}
	tests := []struct {
		name         string
		edit         func(*Configuration)
		confidential bool
		ok           bool
	}{
		{"full, confidential", func(*Configuration) {}, true, true},
		{"full, public", func(*Configuration) {}, false, true},
		{"lists omitted", func(c *Configuration) { c.GrantTypesSupported, c.TokenEndpointAuthMethodsSupported = nil, nil }, true, true},
		{"no S256", func(c *Configuration) { c.CodeChallengeMethodsSupported = []string{"plain"} }, false, false},
		{"no PKCE list", func(c *Configuration) { c.CodeChallengeMethodsSupported = nil }, false, false},
		{"no authorize endpoint", func(c *Configuration) { c.AuthorizationEndpoint = "" }, false, false},
		{"no code grant", func(c *Configuration) { c.GrantTypesSupported = []string{"client_credentials"} }, false, false},
		{"post only, confidential", func(c *Configuration) { c.TokenEndpointAuthMethodsSupported = []string{"client_secret_post"} }, true, false},
		{"post only, public", func(c *Configuration) { c.TokenEndpointAuthMethodsSupported = []string{"client_secret_post"} }, false, true},
	}
	for _, tt := range tests {
		c := full
		c.CodeChallengeMethodsSupported = append([]string(nil), full.CodeChallengeMethodsSupported...)
		tt.edit(&c)
		err := c.CheckAuthorizationCode(tt.confidential)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrUnsupported)) {
			t.Errorf("%s: %v, want ok=%v (else ErrUnsupported)", tt.name, err, tt.ok)
		}
	}
}

func TestCheckBackendServices(t *testing.T) {
	c := Configuration{
		TokenEndpoint:                              "https://a.example/token",
		GrantTypesSupported:                        []string{"client_credentials"},
		TokenEndpointAuthMethodsSupported:          []string{"private_key_jwt"},
		TokenEndpointAuthSigningAlgValuesSupported: []string{"ES384"},
	}
	if err := c.CheckBackendServices(AlgES384); err != nil {
		t.Errorf("ES384: %v", err)
	}
	if err := c.CheckBackendServices(AlgRS384); !errors.Is(err, ErrUnsupported) {
		t.Errorf("RS384 not listed: %v, want ErrUnsupported", err)
	}
	c.GrantTypesSupported = []string{"authorization_code"}
	if err := c.CheckBackendServices(AlgES384); !errors.Is(err, ErrUnsupported) {
		t.Errorf("no client_credentials: %v, want ErrUnsupported", err)
	}
	c.GrantTypesSupported = nil
	c.TokenEndpointAuthMethodsSupported = []string{"client_secret_basic"}
	if err := c.CheckBackendServices(AlgES384); !errors.Is(err, ErrUnsupported) {
		t.Errorf("no private_key_jwt: %v, want ErrUnsupported", err)
	}
}

func FuzzParseConfiguration(f *testing.F) {
	f.Add([]byte(`{"token_endpoint":"https://a.example/t","authorization_endpoint":"https://a.example/a","code_challenge_methods_supported":["S256"]}`))
	f.Add([]byte(`{"token_endpoint":"http://a.example/t"}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseConfiguration(data)
		if err != nil {
			if !errors.Is(err, ErrDiscovery) {
				t.Fatalf("error %v is not ErrDiscovery", err)
			}
			return
		}
		if auth.CheckURL(c.TokenEndpoint) != nil {
			t.Fatalf("accepted token endpoint %q fails CheckURL", c.TokenEndpoint)
		}
		if c.AuthorizationEndpoint != "" && auth.CheckURL(c.AuthorizationEndpoint) != nil {
			t.Fatalf("accepted authorization endpoint %q fails CheckURL", c.AuthorizationEndpoint)
		}
	})
}
