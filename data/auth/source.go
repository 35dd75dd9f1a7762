package auth

import (
	"context"
	"errors"
	"net/url"
	"time"

	"golang.org/x/oauth2"
)

// Source is what a [Client] needs from a token source: a token for a request, and a way to
// forget a token the server refused (HTTP 401). *[TokenSource] implements it; so do the SMART
// sources of package data/smart, which are *TokenSource values built with [NewTokenSource].
//
// The method is TokenContext rather than Token(ctx) so that *TokenSource remains an
// oauth2.TokenSource as well.
type Source interface {
	// TokenContext returns a valid token. ctx bounds only the caller's wait: the fetch itself
	// must run on the source's own lifetime context (security.md rule 3, golang/oauth2#388).
	TokenContext(ctx context.Context) (*oauth2.Token, error)
	// Invalidate forgets tok if it is the token the source would hand out next, so that the
	// next TokenContext returns a different one. nil or an already replaced token is ignored.
	Invalidate(tok *oauth2.Token)
}

var (
	_ Source             = (*TokenSource)(nil)
	_ oauth2.TokenSource = (*TokenSource)(nil)
)

// FetchFunc performs one token request for a [TokenSource] made by [NewTokenSource].
//
// ctx is the source's root context. It carries the token HTTP client (the one
// [NewTokenHTTPClient] returns) under oauth2.HTTPClient, so that x/oauth2 calls made with it
// (oauth2.Config.Exchange, clientcredentials.Config.Token, ...) use that client. A FetchFunc must
// send at most one token request and must not retry it (security.md rule 17). Its errors are
// returned to callers as they are: map x/oauth2 errors with [TokenError] first. The source runs
// one FetchFunc call at a time.
type FetchFunc func(ctx context.Context) (*oauth2.Token, error)

var errNilFetch = errors.New("nil FetchFunc")

// NewTokenSource returns a TokenSource that gets each new token from fetch, with the caching,
// one-fetch-at-a-time, invalidation and expiry behaviour of the client-credentials source. It is
// how other grants (SMART refresh tokens, SMART Backend Services) plug into [Client].
//
// root is the app's lifetime context; every fetch runs on it, never on a caller's request
// context (security.md rule 3). tokenURL (checked with [CheckURL]) names the endpoint in errors.
// initial, if it has an access token, is handed out until it expires (by its Expiry, less the
// expiry margin; a zero Expiry means until invalidated) — e.g. the token of an interactive
// sign-in; it must be a bearer token. opts: [WithTimeout] and [WithBaseTransport] configure the
// token HTTP client passed to fetch, [WithClock] and [WithExpiryMargin] the reuse.
// Errors are *[Error] of kind [KindInvalidConfig] or [KindInsecure], or [KindTokenResponse] for
// an unusable initial token.
func NewTokenSource(root context.Context, tokenURL string, initial *oauth2.Token, fetch FetchFunc, opts ...Option) (*TokenSource, error) {
	if root == nil {
		return nil, &Error{Kind: KindInvalidConfig, Err: errors.New("nil root context")}
	}
	if fetch == nil {
		return nil, &Error{Kind: KindInvalidConfig, Err: errNilFetch}
	}
	if err := checkField("TokenURL", tokenURL); err != nil {
		return nil, err
	}
	s := resolve(opts)
	src := newFetchingSource(root, redactRawURL(tokenURL), fetch, s, newTokenHTTPClient(s.base, s.timeout))
	if initial != nil && initial.AccessToken != "" {
		if err := checkBearer(src.tokenURL, initial); err != nil {
			return nil, err
		}
		src.tok, src.expiry = initial, src.initialExpiry(initial)
	}
	return src, nil
}

// initialExpiry is when an initial token stops being reused: its Expiry less the margin (at most
// half its lifetime when ExpiresIn is known); zero when it has no Expiry.
func (s *TokenSource) initialExpiry(tok *oauth2.Token) time.Time {
	if tok.Expiry.IsZero() {
		return time.Time{}
	}
	margin := s.margin
	if tok.ExpiresIn > 0 {
		margin = min(margin, time.Duration(tok.ExpiresIn)*time.Second/2)
	}
	return tok.Expiry.Add(-margin)
}

// NewClientWithSource returns a Client whose FHIR requests get their bearer token from src — the
// same transport as [NewClient]: the token and x-partnerid (omitted when partnerID is empty) only
// for fhirBase's origin (security.md rule 8), one fresh token and one retry on a 401 (rule 18),
// the redirect policy (rule 9) and the timeout (rule 16).
//
// src keeps its own lifetime context (see [Source]); the Client runs nothing else in the
// background, so it takes none. opts: [WithTimeout] and [WithBaseTransport] apply to the FHIR
// requests; the token requests are configured where src was built. Errors are *[Error] of kind
// [KindInvalidConfig] or [KindInsecure].
func NewClientWithSource(fhirBase, partnerID string, src Source, opts ...Option) (*Client, error) {
	if src == nil {
		return nil, &Error{Kind: KindInvalidConfig, Err: errors.New("nil Source")}
	}
	if err := checkField("FHIRBase", fhirBase); err != nil {
		return nil, err
	}
	u, err := url.Parse(fhirBase)
	if err != nil { // unreachable after checkField; kept for safety
		return nil, &Error{Kind: KindInvalidConfig, Err: errMalformed}
	}
	return &Client{src: src, http: newFHIRClient(src, u, partnerID, resolve(opts))}, nil
}
