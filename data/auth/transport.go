package auth

import (
	"io"
	"net/http"

	"golang.org/x/oauth2"

	"github.com/recistview/recistview/data/origin"
)

// PartnerIDHeader is the header that carries Config.PartnerID.
const PartnerIDHeader = "x-partnerid"

// maxDrainBytes bounds how much of a discarded 401 body is read so the connection can be reused.
const maxDrainBytes = 64 << 10

// authTransport adds the bearer token and x-partnerid to requests for the FHIR base origin only
// (security.md rule 8), and answers a 401 with one fresh token and one retry (rule 18).
//
// It is used instead of oauth2.Transport, which adds the token to every request it sees —
// including redirect hops to other hosts (golang/oauth2#805).
type authTransport struct {
	base      http.RoundTripper
	src       Source
	origin    string // origin.Of(FHIR base)
	partnerID string
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if origin.Of(req.URL) != t.origin {
		return t.base.RoundTrip(req)
	}
	tok, err := t.src.TokenContext(req.Context())
	if err != nil {
		closeBody(req.Body)
		return nil, err
	}
	resp, err := t.base.RoundTrip(t.authorize(req, req.Body, tok))
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}

	// 401: the server no longer accepts tok (or the partner id). Forget tok either way; the
	// next token is then one another caller already fetched, or a new fetch.
	t.src.Invalidate(tok)
	body, ok := replayBody(req)
	if !ok {
		return resp, nil
	}
	fresh, err := t.src.TokenContext(req.Context())
	if err != nil {
		discard(resp)
		closeBody(body)
		return nil, err
	}
	discard(resp)
	// A second 401 is returned as it is; the caller reports it as a sign-in error.
	return t.base.RoundTrip(t.authorize(req, body, fresh))
}

// authorize returns a copy of req with body and the credentials; req itself is not modified.
func (t *authTransport) authorize(req *http.Request, body io.ReadCloser, tok *oauth2.Token) *http.Request {
	r := req.Clone(req.Context())
	r.Body = body
	r.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	if t.partnerID != "" {
		r.Header.Set(PartnerIDHeader, t.partnerID)
	}
	return r
}

// replayBody returns a fresh body for resending req, and whether req can be resent: a GET or
// HEAD without a body, or any request with GetBody.
func replayBody(req *http.Request) (io.ReadCloser, bool) {
	if req.GetBody != nil {
		b, err := req.GetBody()
		return b, err == nil
	}
	if (req.Method == http.MethodGet || req.Method == http.MethodHead || req.Method == "") &&
		(req.Body == nil || req.Body == http.NoBody) {
		return req.Body, true
	}
	return nil, false
}

// discard drains a bounded part of resp's body and closes it.
func discard(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, maxDrainBytes)
	resp.Body.Close()
}

// closeBody closes a request body: a RoundTripper must close it even when it fails.
func closeBody(b io.ReadCloser) {
	if b != nil {
		b.Close()
	}
}
