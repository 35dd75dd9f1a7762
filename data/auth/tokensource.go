package auth

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// DefaultExpiryMargin is how long before its expiry a token stops being reused, so that it does
// not expire in flight. It is capped at half the token's lifetime.
const DefaultExpiryMargin = 30 * time.Second

// TokenSource fetches tokens — client credentials for [NewClient], or any grant through the
// [FetchFunc] given to [NewTokenSource] — and reuses each until shortly before it expires.
//
// Fetches run on the root context given to [NewClient] or [NewTokenSource], never on a caller's
// request context
// (golang/oauth2#388): a caller whose context ends stops waiting, but the fetch completes and
// its token is kept for the next caller. Only one fetch runs at a time; concurrent callers wait
// for it and share its result, including its error. A failed fetch is not retried here (token
// POSTs are never retried automatically, security.md rule 17); the next call starts a new one.
//
// The returned *oauth2.Token is shared between callers and must not be modified. A TokenSource
// is safe for concurrent use.
type TokenSource struct {
	root     context.Context // carries oauth2.HTTPClient
	fetchTok FetchFunc       // one token request; see NewTokenSource
	tokenURL string          // redacted, for errors
	now      func() time.Time
	margin   time.Duration

	mu     sync.Mutex
	tok    *oauth2.Token
	expiry time.Time // by s.now, margin applied; zero: no known expiry
	call   *fetchCall

	onWait func() // test hook: called when a caller starts waiting for a fetch
}

// fetchCall is one token fetch in flight; tok and err are set before done is closed.
type fetchCall struct {
	done chan struct{}
	tok  *oauth2.Token
	err  error
}

var _ oauth2.TokenSource = (*TokenSource)(nil)

func newTokenSource(root context.Context, cfg Config, s settings, tokenClient *http.Client) *TokenSource {
	conf := &clientcredentials.Config{
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		TokenURL:     cfg.TokenURL,
		Scopes:       []string{cfg.EffectiveScope()},
		// Explicit, never auto-detect: detection resends the request after a failure
		// (golang/oauth2#786). Blaze wants the credentials in the form body.
		AuthStyle: oauth2.AuthStyleInParams,
	}
	tokenURL := redactRawURL(cfg.TokenURL)
	fetch := func(ctx context.Context) (*oauth2.Token, error) {
		tok, err := conf.Token(ctx)
		if err != nil {
			return nil, tokenError(ctx, tokenURL, err)
		}
		return tok, nil
	}
	return newFetchingSource(root, tokenURL, fetch, s, tokenClient)
}

// newFetchingSource returns a TokenSource that gets each token from fetch, called with root
// carrying tokenClient under oauth2.HTTPClient.
func newFetchingSource(root context.Context, tokenURL string, fetch FetchFunc, s settings, tokenClient *http.Client) *TokenSource {
	return &TokenSource{
		root:     context.WithValue(root, oauth2.HTTPClient, tokenClient),
		fetchTok: fetch,
		tokenURL: tokenURL,
		now:      s.now,
		margin:   s.margin,
	}
}

// Token implements oauth2.TokenSource. It waits as long as the root context allows; prefer
// [TokenSource.TokenContext] with a request context.
func (s *TokenSource) Token() (*oauth2.Token, error) {
	return s.get(s.root, false)
}

// TokenContext returns the cached token if it is still valid, else waits for a fetch (starting
// one if none is running). ctx bounds only the wait, not the fetch. Errors are *[Error], or for
// a source from [NewTokenSource] whatever its FetchFunc returns.
func (s *TokenSource) TokenContext(ctx context.Context) (*oauth2.Token, error) {
	return s.get(ctx, false)
}

// Invalidate forgets tok if it is the cached token, so the next call fetches a fresh one. Use it
// when the server rejected tok (HTTP 401). Invalidating a token that has already been replaced,
// or nil, does nothing.
func (s *TokenSource) Invalidate(tok *oauth2.Token) {
	if tok == nil {
		return
	}
	s.mu.Lock()
	if s.tok != nil && s.tok.AccessToken == tok.AccessToken {
		s.tok, s.expiry = nil, time.Time{}
	}
	s.mu.Unlock()
}

// fresh forgets any cached token and returns the result of a fetch (joining one in flight).
func (s *TokenSource) fresh(ctx context.Context) (*oauth2.Token, error) {
	return s.get(ctx, true)
}

func (s *TokenSource) get(ctx context.Context, force bool) (*oauth2.Token, error) {
	s.mu.Lock()
	if force {
		s.tok, s.expiry = nil, time.Time{}
	}
	if s.tok != nil && (s.expiry.IsZero() || s.now().Before(s.expiry)) {
		tok := s.tok
		s.mu.Unlock()
		return tok, nil
	}
	c := s.call
	if c == nil {
		c = &fetchCall{done: make(chan struct{})}
		s.call = c
		go s.fetch(c)
	}
	hook := s.onWait
	s.mu.Unlock()
	if hook != nil {
		hook()
	}
	select {
	case <-c.done:
		return c.tok, c.err
	case <-ctx.Done():
		select {
		case <-c.done: // both ready: prefer the result
			return c.tok, c.err
		default:
		}
		return nil, &Error{Kind: KindCanceled, URL: s.tokenURL, Err: ctx.Err()}
	}
}

// fetch runs one token request on the root context and publishes its result to c.
func (s *TokenSource) fetch(c *fetchCall) {
	start := s.now()
	tok, err := s.fetchTok(s.root)
	if err == nil {
		if berr := checkBearer(s.tokenURL, tok); berr != nil {
			err = berr // a non-nil *Error, never a typed nil
		}
	}
	s.mu.Lock()
	if err == nil {
		s.tok, s.expiry = tok, s.expiryOf(start, tok)
		c.tok = tok
	} else {
		c.err = err
	}
	s.call = nil
	s.mu.Unlock()
	close(c.done)
}

// checkBearer refuses tokens this package cannot send as "Authorization: Bearer …".
func checkBearer(tokenURL string, tok *oauth2.Token) *Error {
	if tok == nil || tok.AccessToken == "" {
		return &Error{Kind: KindTokenResponse, URL: tokenURL, Err: errUnparseable}
	}
	if tok.TokenType != "" && !strings.EqualFold(tok.TokenType, "bearer") {
		return &Error{Kind: KindTokenResponse, URL: tokenURL, Err: errTokenType}
	}
	for i := 0; i < len(tok.AccessToken); i++ {
		if b := tok.AccessToken[i]; b <= ' ' || b >= 0x7f {
			return &Error{Kind: KindTokenResponse, URL: tokenURL, Err: errTokenChars}
		}
	}
	return nil
}

// expiryOf returns when tok stops being reused, by s.now: start (taken before the request was
// sent) plus expires_in, less the margin. Zero means the response gave no lifetime: the token
// is reused until invalidated.
func (s *TokenSource) expiryOf(start time.Time, tok *oauth2.Token) time.Time {
	secs, ok := expiresIn(tok.Extra("expires_in"))
	if !ok || !(secs > 0) { // also refuses NaN
		return time.Time{}
	}
	life := time.Duration(math.Min(secs, math.MaxInt32) * float64(time.Second))
	return start.Add(life - min(s.margin, life/2))
}

// expiresIn reads expires_in as x/oauth2 leaves it in the token's extra data: a JSON number
// (float64), an integer or float parsed from form data, or a string (some servers quote it).
func expiresIn(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case int64:
		return float64(v), true
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil
	}
	return 0, false
}
