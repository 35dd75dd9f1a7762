package smart

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/recistview/recistview/data/auth"
)

// ClientAssertionType is the client_assertion_type of a JWT client assertion (RFC 7523).
const ClientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// DefaultBackendScope is the scope requested when BackendConfig.Scope is empty: read and search
// of every resource type (SMART v2 scope syntax).
const DefaultBackendScope = "system/*.rs"

// BackendConfig describes SMART Backend Services sign-in: the client credentials grant with a
// signed JWT client assertion instead of a secret (security.md rule 15).
//
// Key is tagged json:"-" and String and GoString do not print it.
type BackendConfig struct {
	// TokenURL is the token endpoint (Configuration.TokenEndpoint). It is also the assertion's
	// aud, exactly as written here.
	TokenURL string
	// ClientID is the registered client id: the assertion's iss and sub.
	ClientID string
	// KeyID is the kid of the registered public key (in the app's JWK Set).
	KeyID string
	// Key signs the assertions: an RSA key (RS384) or an ECDSA P-384 key (ES384), for example
	// from [ParsePrivateKeyPEM]; any crypto.Signer with such a public key works.
	Key crypto.Signer `json:"-"`
	// Scope is the requested scope; empty means [DefaultBackendScope].
	Scope string
	// AssertionLifetime is how far ahead each assertion's exp lies; ≤ 0 means
	// [DefaultAssertionLifetime]; more than [MaxAssertionLifetime] is refused.
	AssertionLifetime time.Duration
}

// String describes c without the key.
func (c BackendConfig) String() string {
	alg := ""
	if c.Key != nil {
		alg, _ = SigningAlgorithm(c.Key.Public())
	}
	return fmt.Sprintf("smart.BackendConfig{TokenURL:%q ClientID:%q KeyID:%q Key:%q Scope:%q AssertionLifetime:%v}",
		c.TokenURL, c.ClientID, c.KeyID, alg, c.Scope, c.AssertionLifetime)
}

// GoString is String, so that %#v does not print the key either.
func (c BackendConfig) GoString() string { return c.String() }

// signer checks c and returns its assertion signer.
func (c BackendConfig) signer() (*assertionSigner, error) {
	if err := auth.CheckURL(c.TokenURL); err != nil {
		return nil, &Error{Kind: KindInvalidConfig, Err: fmt.Errorf("TokenURL: %w", err)}
	}
	if strings.TrimSpace(c.ClientID) == "" {
		return nil, &Error{Kind: KindInvalidConfig, Err: errors.New("ClientID is empty")}
	}
	if strings.TrimSpace(c.KeyID) == "" {
		return nil, &Error{Kind: KindInvalidConfig, Err: errors.New("KeyID is empty")}
	}
	if c.Key == nil {
		return nil, &Error{Kind: KindKey, Err: errNoKey}
	}
	alg, err := SigningAlgorithm(c.Key.Public())
	if err != nil {
		return nil, err
	}
	life := c.AssertionLifetime
	switch {
	case life <= 0:
		life = DefaultAssertionLifetime
	case life > MaxAssertionLifetime:
		return nil, &Error{Kind: KindInvalidConfig, Err: fmt.Errorf("AssertionLifetime is over %v", MaxAssertionLifetime)}
	}
	return &assertionSigner{
		key: c.Key, alg: alg, kid: c.KeyID, clientID: c.ClientID, aud: c.TokenURL,
		lifetime: life, now: time.Now,
	}, nil
}

// NewBackendSource returns a token source for SMART Backend Services. Each token request is a
// client_credentials grant with scope cfg.Scope and a client assertion signed afresh for that
// request (new jti and exp; security.md rule 15); no client_id or secret is sent besides it.
//
// It is an *auth.TokenSource (pass it to auth.NewClientWithSource): tokens are reused until
// shortly before they expire, one request runs at a time, a failed request is not retried
// (rule 17), and requests run on root, the app's lifetime context, never on a request context
// (rule 3). opts are as for auth.NewTokenSource.
//
// Errors of NewBackendSource: [ErrInvalidConfig] or [ErrKey]. Errors from the source: an
// *auth.Error for the token endpoint (auth.ErrRejected when the assertion or key is refused), or
// [ErrKey] when signing fails.
func NewBackendSource(root context.Context, cfg BackendConfig, opts ...auth.Option) (*auth.TokenSource, error) {
	signer, err := cfg.signer()
	if err != nil {
		return nil, err
	}
	scope := cfg.Scope
	if scope == "" {
		scope = DefaultBackendScope
	}
	fetch := func(ctx context.Context) (*oauth2.Token, error) {
		assertion, err := signer.sign()
		if err != nil {
			return nil, err
		}
		conf := &clientcredentials.Config{
			TokenURL: cfg.TokenURL,
			Scopes:   []string{scope},
			EndpointParams: url.Values{
				"client_assertion_type": {ClientAssertionType},
				"client_assertion":      {assertion},
			},
			// Explicit, never auto-detect (security.md rule 4). With no client id or secret
			// set, nothing but the assertion authenticates the request.
			AuthStyle: oauth2.AuthStyleInParams,
		}
		tok, err := conf.Token(ctx)
		if err != nil {
			return nil, auth.TokenError(ctx, cfg.TokenURL, err)
		}
		return tok, nil
	}
	return auth.NewTokenSource(root, cfg.TokenURL, nil, fetch, opts...)
}
