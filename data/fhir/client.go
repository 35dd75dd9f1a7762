package fhir

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/recistview/recistview/data/origin"
)

// Defaults for a Client.
const (
	DefaultPageSize    = 50
	DefaultConcurrency = 6
	DefaultMaxBytes    = 32 << 20
	// DefaultMaxPages bounds a single search, so a server announcing absurd page counts or
	// links that never end cannot keep a load running forever.
	DefaultMaxPages = 20000
)

// Client reads FHIR resources from one server. The *http.Client it is given carries the
// credentials (see package auth); Client itself adds none. A Client is safe for concurrent use,
// and its concurrency bound is shared by every search made through it.
type Client struct {
	http     *http.Client
	base     *url.URL
	pageSize int
	maxBytes int64
	maxPages int
	retry    RetryPolicy
	onRetry  func(RetryEvent)
	noRetry  func(error) bool
	slots    chan struct{}
	log      *slog.Logger
}

// Option configures a Client.
type Option func(*Client)

// WithPageSize sets the _count asked for (the server may cap it).
func WithPageSize(n int) Option {
	return func(c *Client) {
		if n > 0 {
			c.pageSize = n
		}
	}
}

// WithConcurrency bounds the requests in flight through this client.
func WithConcurrency(n int) Option {
	return func(c *Client) {
		if n > 0 {
			c.slots = make(chan struct{}, n)
		}
	}
}

// WithMaxBytes caps the bytes read from any one response.
func WithMaxBytes(n int64) Option {
	return func(c *Client) {
		if n > 0 {
			c.maxBytes = n
		}
	}
}

// WithMaxPages caps the pages of one search.
func WithMaxPages(n int) Option {
	return func(c *Client) {
		if n > 0 {
			c.maxPages = n
		}
	}
}

// WithRetry sets the retry policy for idempotent reads.
func WithRetry(p RetryPolicy) Option { return func(c *Client) { c.retry = p } }

// WithRetryHook is called before each retry wait, e.g. to show "server busy, retrying in 2 s".
// It may be called from several goroutines at once.
func WithRetryHook(fn func(RetryEvent)) Option { return func(c *Client) { c.onRetry = fn } }

// WithNoRetry names transport errors that no retry can cure, such as a sign-in failure raised
// by the transport (package auth: a token request that failed, a redirect refused). A GET that
// fails with one is not retried — retrying it would repeat the token request, which must not be
// retried automatically — and a search stops at it instead of trying its remaining pages.
func WithNoRetry(is func(error) bool) Option { return func(c *Client) { c.noRetry = is } }

// WithLogger logs every request at debug level: method, URL without credentials, status,
// size and duration. Headers are never logged.
func WithLogger(l *slog.Logger) Option { return func(c *Client) { c.log = l } }

// NewClient returns a Client for the FHIR base URL base, using hc for transport.
func NewClient(hc *http.Client, base string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(base, "/"))
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("fhir: invalid base URL %q", Redact(base))
	}
	c := &Client{
		http:     hc,
		base:     u,
		pageSize: DefaultPageSize,
		maxBytes: DefaultMaxBytes,
		maxPages: DefaultMaxPages,
		retry:    DefaultRetryPolicy(),
		slots:    make(chan struct{}, DefaultConcurrency),
		log:      slog.New(slog.DiscardHandler),
	}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// Base returns the FHIR base URL.
func (c *Client) Base() *url.URL { u := *c.base; return &u }

// Concurrency returns the bound on requests in flight.
func (c *Client) Concurrency() int { return cap(c.slots) }

// Resolve turns a reference or link into an absolute URL on the FHIR base and checks its
// origin: relative references (`Observation?…`) resolve against the base; an absolute URL on
// another origin is refused with ErrForeignLink.
func (c *Client) Resolve(ref string) (*url.URL, error) {
	r, err := url.Parse(ref)
	if err != nil {
		return nil, &Error{URL: Redact(ref), Err: fmt.Errorf("%w: unparseable link", ErrMalformed)}
	}
	var u *url.URL
	if r.IsAbs() {
		u = r
	} else {
		b := *c.base
		b.Path = strings.TrimRight(b.Path, "/") + "/"
		u = b.ResolveReference(r)
	}
	if !origin.Same(u, c.base) {
		return nil, &Error{URL: Redact(u.String()), Err: ErrForeignLink}
	}
	return u, nil
}

// Get fetches rawURL, which must be on the FHIR base's origin, with retries for transient
// failures, and returns the body. A non-2xx status is an *Error carrying the OperationOutcome's
// text; Blaze's 404 "No records found" is an *Error wrapping ErrNoRecords.
func (c *Client) Get(ctx context.Context, rawURL string) ([]byte, error) {
	u, err := c.Resolve(rawURL)
	if err != nil {
		return nil, err
	}
	return c.getWithRetry(ctx, u.String())
}

// Read fetches rawURL and decodes the JSON body into v.
func (c *Client) Read(ctx context.Context, rawURL string, v any) error {
	body, err := c.Get(ctx, rawURL)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(body, v); err != nil {
		return &Error{URL: Redact(rawURL), Status: http.StatusOK, Err: fmt.Errorf("%w: %v", ErrMalformed, err)}
	}
	return nil
}

// Capabilities reads the server's CapabilityStatement from {base}/metadata.
func (c *Client) Capabilities(ctx context.Context) (*CapabilityStatement, error) {
	var cs CapabilityStatement
	if err := c.Read(ctx, c.base.String()+"/metadata?_format=json", &cs); err != nil {
		return nil, err
	}
	if cs.ResourceType != "CapabilityStatement" {
		return nil, &Error{URL: Redact(c.base.String() + "/metadata"), Err: fmt.Errorf("%w: %q", ErrUnexpectedType, cs.ResourceType)}
	}
	return &cs, nil
}

// acquire takes a concurrency slot.
func (c *Client) acquire(ctx context.Context) error {
	select {
	case c.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *Client) release() { <-c.slots }

// getOnce performs one GET under a concurrency slot. retryable says whether another attempt
// may succeed; retryAfter is the server's Retry-After value, if any.
func (c *Client) getOnce(ctx context.Context, u string) (body []byte, retryable bool, retryAfter string, err error) {
	if err := c.acquire(ctx); err != nil {
		return nil, false, "", &Error{URL: Redact(u), Err: err}
	}
	defer c.release()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, false, "", &Error{URL: Redact(u), Err: fmt.Errorf("%w: %v", ErrMalformed, err)}
	}
	req.Header.Set("Accept", "application/fhir+json, application/json;q=0.9, text/plain;q=0.5")
	start := time.Now()
	resp, err := c.http.Do(req)
	defer func() {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		c.log.Debug("fhir GET", "url", Redact(u), "status", status, "bytes", len(body), "ms", time.Since(start).Milliseconds(), "err", errText(err))
	}()
	if err != nil {
		if ctx.Err() != nil {
			return nil, false, "", &Error{URL: Redact(u), Err: ctx.Err()}
		}
		err = unwrapURLError(err)
		if isTimeout(err) {
			err = fmt.Errorf("%w: %w", ErrTimeout, err)
		}
		return nil, !c.permanent(err), "", &Error{URL: Redact(u), Err: err}
	}
	defer resp.Body.Close()
	body, err = c.readBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return nil, false, "", &Error{URL: Redact(u), Status: resp.StatusCode, Err: ctx.Err()}
		}
		return nil, !errors.Is(err, ErrTooLarge), "", &Error{URL: Redact(u), Status: resp.StatusCode, Err: err}
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return body, false, "", nil
	}
	e := &Error{URL: Redact(u), Status: resp.StatusCode, Outcome: outcomeText(body), Err: statusError(resp.StatusCode)}
	if resp.StatusCode == http.StatusNotFound && isNoRecords(e.Outcome) {
		e.Err = ErrNoRecords
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return nil, true, resp.Header.Get("Retry-After"), e
	}
	return nil, false, "", e
}

// isTimeout reports whether a transport error is a time-out (net/http's Client.Timeout, a dial
// or TLS handshake time-out). The caller's own deadline is told apart by checking its context.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// permanent reports whether a transport error is one of those WithNoRetry names.
func (c *Client) permanent(err error) bool { return c.noRetry != nil && c.noRetry(err) }

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// unwrapURLError drops net/http's *url.Error wrapper, whose text repeats the URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// readBody reads at most maxBytes, reporting a larger body and a body cut short.
func (c *Client) readBody(resp *http.Response) ([]byte, error) {
	if resp.ContentLength > c.maxBytes {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, resp.ContentLength, c.maxBytes)
	}
	var buf bytes.Buffer
	if resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength))
	}
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, c.maxBytes+1))
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, ErrTruncated
		}
		if isTimeout(err) {
			return nil, fmt.Errorf("%w: %w", ErrTimeout, err)
		}
		return nil, fmt.Errorf("%w: %v", ErrTruncated, err)
	}
	if n > c.maxBytes {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, c.maxBytes)
	}
	return buf.Bytes(), nil
}

// outcomeText returns the text of an OperationOutcome body, or "" when the body is not one.
func outcomeText(body []byte) string {
	var oo OperationOutcome
	if json.Unmarshal(body, &oo) != nil || oo.ResourceType != "OperationOutcome" {
		return ""
	}
	return oo.Text()
}

// isNoRecords recognises Blaze's "No records found" outcome, which means an empty result.
func isNoRecords(text string) bool {
	return strings.Contains(strings.ToLower(text), "no records found")
}
