package auth

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/recistview/recistview/data/origin"
)

// Timeouts of a Client.
const (
	// DefaultTimeout bounds each whole request (connection, token, headers, body), including
	// the one retry after a 401.
	DefaultTimeout = 60 * time.Second
	// DialTimeout, TLSHandshakeTimeout and ResponseHeaderTimeout are set on the default base
	// transport.
	DialTimeout           = 10 * time.Second
	TLSHandshakeTimeout   = 10 * time.Second
	ResponseHeaderTimeout = 30 * time.Second
	// maxRedirects matches net/http's default policy.
	maxRedirects = 10
)

// Option configures [NewClient].
type Option func(*settings)

type settings struct {
	timeout time.Duration
	base    http.RoundTripper
	now     func() time.Time
	margin  time.Duration
}

// WithTimeout sets the total timeout of each request (default [DefaultTimeout]); it also bounds
// each token request. Values ≤ 0 are ignored.
func WithTimeout(d time.Duration) Option {
	return func(s *settings) {
		if d > 0 {
			s.timeout = d
		}
	}
}

// WithBaseTransport replaces the base transport under both the token requests and the FHIR
// requests — for tests (e.g. an httptest.Server's Client().Transport, which trusts its
// certificate) or a custom proxy. The default is a clone of http.DefaultTransport with the dial,
// TLS handshake and response header timeouts above and TLS 1.2 as the minimum.
func WithBaseTransport(rt http.RoundTripper) Option {
	return func(s *settings) {
		if rt != nil {
			s.base = rt
		}
	}
}

// WithClock sets the clock used to decide when a cached token expires (default time.Now); for
// tests.
func WithClock(now func() time.Time) Option {
	return func(s *settings) {
		if now != nil {
			s.now = now
		}
	}
}

// WithExpiryMargin sets how long before its expiry a token stops being reused (default
// [DefaultExpiryMargin]; at most half the token's lifetime). Negative values count as 0.
func WithExpiryMargin(d time.Duration) Option {
	return func(s *settings) { s.margin = max(d, 0) }
}

// Client is a signed-in HTTP client for one server profile. It is safe for concurrent use.
type Client struct {
	http  *http.Client
	src   Source
	force bool // SignIn forgets the cached token (NewClient); see SignIn
}

// NewClient returns a Client for cfg. root is the app's lifetime context: token fetches run on
// it (cancel it on quit), never on a request context. NewClient does not contact the server;
// call [Client.SignIn] to check the credentials. Errors are *[Error] from [Config.Validate].
func NewClient(root context.Context, cfg Config, opts ...Option) (*Client, error) {
	if root == nil {
		return nil, &Error{Kind: KindInvalidConfig, Err: errors.New("nil root context")}
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := resolve(opts)
	fhirBase, err := url.Parse(cfg.FHIRBase)
	if err != nil { // unreachable after Validate; kept for safety
		return nil, &Error{Kind: KindInvalidConfig, Err: errMalformed}
	}
	src := newTokenSource(root, cfg, s, newTokenHTTPClient(s.base, s.timeout))
	return &Client{src: src, http: newFHIRClient(src, fhirBase, cfg.PartnerID, s), force: true}, nil
}

// resolve applies opts to the defaults.
func resolve(opts []Option) settings {
	s := settings{timeout: DefaultTimeout, now: time.Now, margin: DefaultExpiryMargin}
	for _, o := range opts {
		o(&s)
	}
	if s.base == nil {
		s.base = newBaseTransport()
	}
	return s
}

// newFHIRClient returns the *http.Client for FHIR requests: src's bearer token and partnerID
// for fhirBase's origin only, the redirect policy and the timeout.
func newFHIRClient(src Source, fhirBase *url.URL, partnerID string, s settings) *http.Client {
	return &http.Client{
		Transport: &authTransport{
			base:      s.base,
			src:       src,
			origin:    origin.Of(fhirBase),
			partnerID: partnerID,
		},
		Timeout:       s.timeout,
		CheckRedirect: checkRedirect,
	}
}

// HTTPClient returns the *http.Client for FHIR requests. Requests to the FHIR base origin get
// the bearer token and x-partnerid; requests elsewhere get neither. Do not modify it.
func (c *Client) HTTPClient() *http.Client { return c.http }

// TokenSource returns the client's token source: the client-credentials source of [NewClient],
// the source given to [NewClientWithSource] if it is a *TokenSource, else nil.
func (c *Client) TokenSource() *TokenSource {
	ts, _ := c.src.(*TokenSource)
	return ts
}

// SignIn checks now that the client can get a token, so that bad credentials are reported at
// sign-in rather than at the first load. ctx bounds only the wait.
//
// For a client from [NewClient] it forgets any cached token and fetches a new one (or waits for
// a fetch already running); the error is an *[Error]: [ErrRejected], [ErrUnreachable], ... For a
// client from [NewClientWithSource] it asks the source for a token, which reuses a valid cached
// one (a token just obtained by an interactive sign-in is not thrown away).
func (c *Client) SignIn(ctx context.Context) error {
	if ts, ok := c.src.(*TokenSource); ok && c.force {
		_, err := ts.fresh(ctx)
		return err
	}
	_, err := c.src.TokenContext(ctx)
	return err
}

// newBaseTransport is http.DefaultTransport with explicit timeouts.
func newBaseTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: DialTimeout, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = TLSHandshakeTimeout
	t.ResponseHeaderTimeout = ResponseHeaderTimeout
	if t.TLSClientConfig == nil {
		t.TLSClientConfig = &tls.Config{}
	}
	t.TLSClientConfig.MinVersion = tls.VersionTLS12
	return t
}

var (
	errDowngrade     = errors.New("refused a redirect from https to http")
	errCrossOrigin   = errors.New("refused a redirect to another origin")
	errTooManyRedirs = errors.New("stopped after 10 redirects")
)

// checkRedirect follows redirects only within the origin of the first request, and never from
// https to http (security.md rule 9). The token is added per hop by authTransport, for the FHIR
// origin only, so a followed redirect never carries it elsewhere.
func checkRedirect(req *http.Request, via []*http.Request) error {
	target := redactURL(req.URL)
	if len(via) >= maxRedirects {
		return &Error{Kind: KindRedirect, URL: target, Err: errTooManyRedirs}
	}
	if via[len(via)-1].URL.Scheme == "https" && req.URL.Scheme != "https" {
		return &Error{Kind: KindInsecure, URL: target, Err: errDowngrade}
	}
	if !origin.Same(req.URL, via[0].URL) {
		return &Error{Kind: KindRedirect, URL: target, Err: errCrossOrigin}
	}
	return nil
}
