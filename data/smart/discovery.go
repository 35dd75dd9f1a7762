package smart

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/recistview/recistview/data/auth"
)

// WellKnownPath is where a SMART server publishes its configuration, relative to the FHIR base
// (SMART App Launch 2.x, "Conformance").
const WellKnownPath = "/.well-known/smart-configuration"

// Values used in a [Configuration] and checked by this package.
const (
	GrantAuthorizationCode = "authorization_code"
	GrantClientCredentials = "client_credentials"
	GrantRefreshToken      = "refresh_token"

	MethodS256 = "S256" // PKCE code challenge method (RFC 7636)

	AuthClientSecretBasic = "client_secret_basic"
	AuthPrivateKeyJWT     = "private_key_jwt"
)

// Configuration is the part of a server's SMART configuration document
// ({base}/.well-known/smart-configuration) that sign-in uses. Absent lists are nil.
type Configuration struct {
	// Issuer identifies the authorization server (informational).
	Issuer string `json:"issuer,omitempty"`
	// AuthorizationEndpoint is where the browser is sent to sign in; empty for a server that
	// offers only SMART Backend Services.
	AuthorizationEndpoint string `json:"authorization_endpoint,omitempty"`
	// TokenEndpoint is where codes, refresh tokens and client assertions are exchanged.
	TokenEndpoint string `json:"token_endpoint"`
	// GrantTypesSupported lists the OAuth grant types ("authorization_code",
	// "client_credentials", ...).
	GrantTypesSupported []string `json:"grant_types_supported,omitempty"`
	// CodeChallengeMethodsSupported lists the PKCE methods; sign-in requires "S256".
	CodeChallengeMethodsSupported []string `json:"code_challenge_methods_supported,omitempty"`
	// TokenEndpointAuthMethodsSupported lists the client authentication methods
	// ("client_secret_basic", "private_key_jwt", ...).
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported,omitempty"`
	// TokenEndpointAuthSigningAlgValuesSupported lists the client assertion algorithms
	// ("RS384", "ES384", ...).
	TokenEndpointAuthSigningAlgValuesSupported []string `json:"token_endpoint_auth_signing_alg_values_supported,omitempty"`
	// Capabilities lists the SMART capabilities ("launch-standalone", "client-public",
	// "client-confidential-symmetric", "permission-offline", ...).
	Capabilities []string `json:"capabilities,omitempty"`
	// ScopesSupported lists the scopes the server advertises.
	ScopesSupported []string `json:"scopes_supported,omitempty"`
}

// SupportsS256 reports whether the server lists the PKCE method S256.
func (c *Configuration) SupportsS256() bool {
	return slices.Contains(c.CodeChallengeMethodsSupported, MethodS256)
}

// HasCapability reports whether the server lists the SMART capability name.
func (c *Configuration) HasCapability(name string) bool {
	return slices.Contains(c.Capabilities, name)
}

// offers reports whether list contains v, treating an absent list as "not stated" (true).
func offers(list []string, v string) bool {
	return list == nil || slices.Contains(list, v)
}

var (
	errNoS256          = errors.New("the server does not offer PKCE with S256")
	errNoAuthorizeURL  = errors.New("the server has no authorization_endpoint")
	errNoTokenURL      = errors.New("the server has no token_endpoint")
	errStatus          = errors.New("unexpected HTTP status")
	errNotJSON         = errors.New("the document is not a JSON object of the expected form")
	errGrantMissing    = errors.New("the server does not list the grant type")
	errAuthMethodUnset = errors.New("the server does not list the client authentication method")
)

// CheckAuthorizationCode reports whether the server supports the authorization code sign-in of
// [Login]: an authorization endpoint, PKCE S256 (security.md rule 13: required, not assumed),
// the authorization_code grant, and for a confidential client (confidential true)
// client_secret_basic. A list the server omits is not held against it, except the PKCE methods.
// The error is an *[Error] of kind [KindUnsupported].
func (c *Configuration) CheckAuthorizationCode(confidential bool) error {
	switch {
	case c.AuthorizationEndpoint == "":
		return &Error{Kind: KindUnsupported, Err: errNoAuthorizeURL}
	case !c.SupportsS256():
		return &Error{Kind: KindUnsupported, URL: auth.RedactURL(c.AuthorizationEndpoint), Err: errNoS256}
	case !offers(c.GrantTypesSupported, GrantAuthorizationCode):
		return &Error{Kind: KindUnsupported, Err: grantError(GrantAuthorizationCode)}
	case confidential && !offers(c.TokenEndpointAuthMethodsSupported, AuthClientSecretBasic):
		return &Error{Kind: KindUnsupported, Err: authMethodError(AuthClientSecretBasic)}
	}
	return nil
}

// CheckBackendServices reports whether the server supports SMART Backend Services with a client
// assertion signed with alg ("RS384" or "ES384", see [SigningAlgorithm]): the
// client_credentials grant, private_key_jwt, and alg. A list the server omits is not held
// against it. The error is an *[Error] of kind [KindUnsupported].
func (c *Configuration) CheckBackendServices(alg string) error {
	switch {
	case !offers(c.GrantTypesSupported, GrantClientCredentials):
		return &Error{Kind: KindUnsupported, Err: grantError(GrantClientCredentials)}
	case !offers(c.TokenEndpointAuthMethodsSupported, AuthPrivateKeyJWT):
		return &Error{Kind: KindUnsupported, Err: authMethodError(AuthPrivateKeyJWT)}
	case !offers(c.TokenEndpointAuthSigningAlgValuesSupported, alg):
		return &Error{Kind: KindUnsupported, Err: errors.New("the server does not list the signing algorithm " + alg)}
	}
	return nil
}

func grantError(g string) error {
	return &namedError{err: errGrantMissing, name: g}
}

func authMethodError(m string) error {
	return &namedError{err: errAuthMethodUnset, name: m}
}

// namedError is err about a fixed, package-chosen name (never server text).
type namedError struct {
	err  error
	name string
}

func (e *namedError) Error() string { return e.err.Error() + " " + e.name }
func (e *namedError) Unwrap() error { return e.err }

// ParseConfiguration parses a SMART configuration document and checks it: token_endpoint is
// present, and every endpoint given passes auth.CheckURL (https, or http for loopback —
// security.md rule 10). The error is an *[Error] of kind [KindDiscovery]; an endpoint that is
// plain http also matches auth.ErrInsecure.
func ParseConfiguration(data []byte) (*Configuration, error) {
	var c Configuration
	// The message of a JSON error can quote the document; the document is public, but keep
	// messages to fixed text all the same.
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, &Error{Kind: KindDiscovery, Err: errNotJSON}
	}
	if c.TokenEndpoint == "" {
		return nil, &Error{Kind: KindDiscovery, Err: errNoTokenURL}
	}
	for _, u := range []string{c.TokenEndpoint, c.AuthorizationEndpoint} {
		if u == "" {
			continue
		}
		if err := auth.CheckURL(u); err != nil {
			return nil, &Error{Kind: KindDiscovery, Err: err}
		}
	}
	return &c, nil
}

// Discover fetches and checks {fhirBase}/.well-known/smart-configuration (security.md rule 14)
// with a GET that carries no credentials, follows no redirects and reads at most 64 KiB
// (auth.NewTokenHTTPClient; opts are its options). fhirBase must pass auth.CheckURL.
//
// Errors are *[Error]: [KindInvalidConfig] for a bad fhirBase, [KindCanceled] when ctx ends,
// else [KindDiscovery] (with Status for a non-200 answer).
func Discover(ctx context.Context, fhirBase string, opts ...auth.Option) (*Configuration, error) {
	docURL, err := wellKnownURL(fhirBase)
	if err != nil {
		return nil, err
	}
	shown := auth.RedactURL(docURL)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, docURL, nil)
	if err != nil {
		return nil, &Error{Kind: KindInvalidConfig, URL: shown, Err: errors.New("cannot build the request")}
	}
	req.Header.Set("Accept", "application/json")
	resp, err := auth.NewTokenHTTPClient(opts...).Do(req)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, &Error{Kind: KindCanceled, URL: shown, Err: cerr}
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its own message repeats the URL
		}
		return nil, &Error{Kind: KindDiscovery, URL: shown, Err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &Error{Kind: KindDiscovery, URL: shown, Status: resp.StatusCode, Err: errStatus}
	}
	// The token HTTP client has already read (and capped) the whole body.
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, &Error{Kind: KindDiscovery, URL: shown, Err: err}
	}
	c, err := ParseConfiguration(body)
	if err != nil {
		var e *Error
		if errors.As(err, &e) && e.URL == "" {
			e.URL = shown
		}
		return nil, err
	}
	return c, nil
}

// wellKnownURL returns fhirBase with WellKnownPath appended to its path (without query or
// fragment).
func wellKnownURL(fhirBase string) (string, error) {
	if err := auth.CheckURL(fhirBase); err != nil {
		return "", &Error{Kind: KindInvalidConfig, Err: err}
	}
	u, err := url.Parse(fhirBase)
	if err != nil { // unreachable after CheckURL
		return "", &Error{Kind: KindInvalidConfig, Err: errors.New("the FHIR base cannot be parsed")}
	}
	u.Path = strings.TrimRight(u.Path, "/") + WellKnownPath
	u.RawPath = ""
	u.RawQuery, u.ForceQuery = "", false
	u.Fragment, u.RawFragment = "", ""
	return u.String(), nil
}
