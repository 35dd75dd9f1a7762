package auth

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"time"
)

// maxTokenResponseBytes caps a token response. Blaze's is about 300 bytes; a JWT access token
// with many claims is a few kilobytes.
const maxTokenResponseBytes = 64 << 10

// newTokenHTTPClient returns the *http.Client that x/oauth2 uses (via the oauth2.HTTPClient
// context key) for token requests: our base transport, our timeout, a byte cap, the text/plain
// JSON fix, and no redirects at all — a 307/308 would resend the client secret to wherever it
// points.
func newTokenHTTPClient(base http.RoundTripper, timeout time.Duration) *http.Client {
	return &http.Client{
		Transport: &tokenTransport{base: base, max: maxTokenResponseBytes},
		Timeout:   timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// tokenTransport reads the whole token response (up to max bytes) and, when a JSON body is
// labelled text/plain, relabels it application/json: x/oauth2 parses text/plain as form data
// (internal/token.go), which would find no access_token in a JSON body (security.md rule 5).
type tokenTransport struct {
	base http.RoundTripper
	max  int64
}

func (t *tokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(&cappedReader{r: resp.Body, left: t.max})
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if isTextPlain(resp.Header.Get("Content-Type")) && json.Valid(body) {
		resp.Header = resp.Header.Clone()
		resp.Header.Set("Content-Type", "application/json")
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp, nil
}

func isTextPlain(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "text/plain"
}

// cappedReader reads at most left bytes from r and fails with errTooLarge if r has more.
type cappedReader struct {
	r    io.Reader
	left int64
	err  error
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	// Ask for one byte more than allowed, to tell "exactly left" from "more than left".
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	if int64(n) <= c.left {
		c.left -= int64(n)
		return n, err
	}
	n = int(c.left)
	c.left = 0
	c.err = errTooLarge
	return n, c.err
}
