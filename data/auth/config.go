package auth

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/recistview/recistview/data/origin"
)

// DefaultScope is the OAuth scope Blaze expects in the client-credentials request.
const DefaultScope = "full"

// Config describes one server profile's sign-in: where to get a token, the credentials, and the
// FHIR base the token is for.
//
// ClientSecret is tagged json:"-" so a Config saved as JSON (for example in preferences) never
// carries it; String and GoString redact it as well.
type Config struct {
	// TokenURL is the OAuth token endpoint, e.g.
	// https://apigateway.apps.stageapi.mskcc.org/msk-apim/external/msk-oidc/oauth2/token.
	TokenURL string
	// ClientID is the OAuth client id.
	ClientID string
	// ClientSecret is the OAuth client secret. Read it from a [SecretStore] or [SecretFromEnv].
	ClientSecret string `json:"-"`
	// Scope is the requested scope; empty means [DefaultScope].
	Scope string
	// PartnerID is sent as the x-partnerid header on every FHIR request. Blaze requires it;
	// when empty no x-partnerid header is sent.
	PartnerID string
	// FHIRBase is the FHIR base URL, e.g.
	// https://apigateway.apps.stageapi.mskcc.org/msk-apim/external/v2/crit/blaze/api. The bearer
	// token and x-partnerid go only to requests with the same origin (scheme, host, port).
	FHIRBase string
}

// EffectiveScope returns c.Scope, or [DefaultScope] when it is empty.
func (c Config) EffectiveScope() string {
	if c.Scope == "" {
		return DefaultScope
	}
	return c.Scope
}

// Validate reports whether c is complete and safe to use: TokenURL and FHIRBase pass
// [CheckURL], and ClientID and ClientSecret are set. The error is an *[Error] of kind
// [KindInvalidConfig] or [KindInsecure].
func (c Config) Validate() error {
	if err := checkField("TokenURL", c.TokenURL); err != nil {
		return err
	}
	if err := checkField("FHIRBase", c.FHIRBase); err != nil {
		return err
	}
	if strings.TrimSpace(c.ClientID) == "" {
		return &Error{Kind: KindInvalidConfig, Err: errors.New("ClientID is empty")}
	}
	if c.ClientSecret == "" {
		return &Error{Kind: KindInvalidConfig, Err: errors.New("ClientSecret is empty")}
	}
	return nil
}

// String describes c with the client secret redacted.
func (c Config) String() string {
	secret := ""
	if c.ClientSecret != "" {
		secret = "[redacted]"
	}
	return fmt.Sprintf("auth.Config{TokenURL:%q ClientID:%q ClientSecret:%q Scope:%q PartnerID:%q FHIRBase:%q}",
		c.TokenURL, c.ClientID, secret, c.Scope, c.PartnerID, c.FHIRBase)
}

// GoString is String, so that %#v does not print the secret either.
func (c Config) GoString() string { return c.String() }

func checkField(name, raw string) error {
	err := CheckURL(raw)
	var e *Error
	if errors.As(err, &e) {
		return &Error{Kind: e.Kind, URL: e.URL, Err: fmt.Errorf("%s: %w", name, e.Err)}
	}
	return err
}

var (
	errEmptyURL    = errors.New("the URL is empty")
	errMalformed   = errors.New("the URL cannot be parsed")
	errNotAbsolute = errors.New("the URL must be absolute (scheme and host)")
	errUserinfo    = errors.New("the URL must not contain a user name or password")
	errScheme      = errors.New("the URL scheme must be https (or http for a loopback host)")
	errPlainHTTP   = errors.New("plain http is allowed only for loopback hosts")
)

// CheckURL reports whether raw is acceptable as a token URL or FHIR base: an absolute URL
// without user info, using https — or http when the host is loopback ("localhost",
// 127.0.0.0/8 or ::1), for the built-in demo and tests (security.md rule 10).
//
// A plain-http URL for any other host gives an *[Error] matching [ErrInsecure]; anything else
// unusable gives one matching [ErrInvalidConfig]. The error names the URL without user info,
// query or fragment.
func CheckURL(raw string) error {
	if strings.TrimSpace(raw) == "" {
		return &Error{Kind: KindInvalidConfig, Err: errEmptyURL}
	}
	u, err := url.Parse(raw)
	if err != nil {
		// url.Parse's error repeats the raw URL, which may hold credentials: do not wrap it.
		return &Error{Kind: KindInvalidConfig, Err: errMalformed}
	}
	redacted := redactURL(u)
	switch {
	case u.Scheme == "" || u.Host == "" || u.Opaque != "":
		return &Error{Kind: KindInvalidConfig, URL: redacted, Err: errNotAbsolute}
	case u.User != nil:
		return &Error{Kind: KindInvalidConfig, URL: redacted, Err: errUserinfo}
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return nil
	case "http":
		if origin.IsLoopback(u.Hostname()) {
			return nil
		}
		return &Error{Kind: KindInsecure, URL: redacted, Err: errPlainHTTP}
	default:
		return &Error{Kind: KindInvalidConfig, URL: redacted, Err: errScheme}
	}
}

// redactURL returns u as scheme://host/path, without user info, query or fragment, for error
// messages.
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	c.RawQuery = ""
	c.ForceQuery = false
	c.Fragment = ""
	c.RawFragment = ""
	return c.String()
}

// redactRawURL is redactURL for a string; an unparseable URL gives "".
func redactRawURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return redactURL(u)
}
