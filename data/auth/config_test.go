package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestCheckURL(t *testing.T) {
	tests := []struct {
		raw  string
		want error // nil, ErrInsecure or ErrInvalidConfig
	}{
		{"https://apigateway.apps.stageapi.mskcc.org/msk-apim/external/v2/crit/blaze/api", nil},
		{"HTTPS://Example.org:8443/token?x=1", nil},
		{"http://127.0.0.1:8080/fhir", nil},
		{"http://127.5.6.7/fhir", nil},
		{"http://[::1]:9000/fhir", nil},
		{"http://localhost/fhir", nil},
		{"http://LocalHost:1234", nil},
		{"http://example.org/fhir", ErrInsecure},
		{"http://10.0.0.1/fhir", ErrInsecure},
		{"http://0.0.0.0:8080/", ErrInsecure},
		{"http://localhost.example.org/", ErrInsecure},
		{"http://128.0.0.1/", ErrInsecure},
		{"", ErrInvalidConfig},
		{"   ", ErrInvalidConfig},
		{"/relative/path", ErrInvalidConfig},
		{"example.org/fhir", ErrInvalidConfig},
		{"ftp://example.org/", ErrInvalidConfig},
		{"https://user:pw@example.org/", ErrInvalidConfig},
		{"https://exa mple.org/%zz", ErrInvalidConfig},
		{"mailto:someone@example.org", ErrInvalidConfig},
	}
	for _, tt := range tests {
		err := CheckURL(tt.raw)
		switch {
		case tt.want == nil && err != nil:
			t.Errorf("CheckURL(%q) = %v, want nil", tt.raw, err)
		case tt.want != nil && !errors.Is(err, tt.want):
			t.Errorf("CheckURL(%q) = %v, want %v", tt.raw, err, tt.want)
		}
		var e *Error
		if err != nil && !errors.As(err, &e) {
			t.Errorf("CheckURL(%q) error %T is not *Error", tt.raw, err)
		}
	}
}

func TestCheckURLDoesNotRepeatCredentialsOrQuery(t *testing.T) {
	for _, raw := range []string{
		"https://user:hunter2@example.org/token?secret=hunter2",
		"http://example.org/token?client_secret=hunter2#hunter2",
		"https://exa mple.org/?hunter2",
	} {
		err := CheckURL(raw)
		if err == nil {
			t.Fatalf("CheckURL(%q) = nil, want error", raw)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("CheckURL(%q) error repeats a credential: %v", raw, err)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	good := testConfig("https://auth.example.org/token", "https://fhir.example.org/api")
	if err := good.Validate(); err != nil {
		t.Fatalf("Validate(good) = %v", err)
	}
	tests := []struct {
		name   string
		modify func(*Config)
		want   error
	}{
		{"no token URL", func(c *Config) { c.TokenURL = "" }, ErrInvalidConfig},
		{"http token URL", func(c *Config) { c.TokenURL = "http://auth.example.org/token" }, ErrInsecure},
		{"no FHIR base", func(c *Config) { c.FHIRBase = "" }, ErrInvalidConfig},
		{"http FHIR base", func(c *Config) { c.FHIRBase = "http://fhir.example.org/api" }, ErrInsecure},
		{"no client id", func(c *Config) { c.ClientID = " " }, ErrInvalidConfig},
		{"no secret", func(c *Config) { c.ClientSecret = "" }, ErrInvalidConfig},
	}
	for _, tt := range tests {
		c := good
		tt.modify(&c)
		if err := c.Validate(); !errors.Is(err, tt.want) {
			t.Errorf("%s: Validate() = %v, want %v", tt.name, err, tt.want)
		}
	}
	noPartner := good
	noPartner.PartnerID = ""
	if err := noPartner.Validate(); err != nil {
		t.Errorf("Validate without partner id = %v, want nil (it is optional)", err)
	}
}

func TestConfigEffectiveScope(t *testing.T) {
	if got := (Config{}).EffectiveScope(); got != "full" {
		t.Errorf("default scope = %q, want full", got)
	}
	if got := (Config{Scope: "oob"}).EffectiveScope(); got != "oob" {
		t.Errorf("scope = %q, want oob", got)
	}
}

func TestConfigNeverPrintsSecret(t *testing.T) {
	c := testConfig("https://auth.example.org/token", "https://fhir.example.org/api")
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%v", &c), string(b)} {
		if strings.Contains(s, testSecret) {
			t.Errorf("secret printed: %s", s)
		}
	}
	if !strings.Contains(fmt.Sprint(c), testClientID) {
		t.Errorf("String() lost the client id: %s", c)
	}
}

func TestNewClientRefusesBadConfig(t *testing.T) {
	cfg := testConfig("https://auth.example.org/token", "http://fhir.example.org/api")
	if _, err := NewClient(t.Context(), cfg); !errors.Is(err, ErrInsecure) {
		t.Errorf("NewClient(http FHIR base) = %v, want ErrInsecure", err)
	}
	cfg = testConfig("http://auth.example.org/token", "https://fhir.example.org/api")
	if _, err := NewClient(t.Context(), cfg); !errors.Is(err, ErrInsecure) {
		t.Errorf("NewClient(http token URL) = %v, want ErrInsecure", err)
	}
	//lint:ignore SA1012 testing the nil check
	if _, err := NewClient(nil, testConfig("https://a.example/t", "https://b.example/f")); !errors.Is(err, ErrInvalidConfig) { //nolint:staticcheck
		t.Errorf("NewClient(nil root) = %v, want ErrInvalidConfig", err)
	}
}
