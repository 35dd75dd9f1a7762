package auth

import (
	"context"
	"errors"
	"net/http"

	"golang.org/x/oauth2"
)

// This file exports the pieces of the token machinery that other sign-in packages (data/smart)
// reuse, so that every token request in the app has the same limits and error rules.

// NewTokenHTTPClient returns the *http.Client for requests to an authorization server: token
// requests (pass it to x/oauth2 under the oauth2.HTTPClient context key) and metadata such as
// SMART discovery. It adds no credentials, follows no redirects (a 307/308 would resend a client
// secret or code to wherever it points), caps each response at 64 KiB (security.md rule 16),
// relabels a JSON body served as text/plain as JSON (rule 5), and does not retry (rule 17).
// opts: [WithTimeout] (default [DefaultTimeout]) and [WithBaseTransport].
func NewTokenHTTPClient(opts ...Option) *http.Client {
	s := resolve(opts)
	return newTokenHTTPClient(s.base, s.timeout)
}

// TokenError maps an error from an x/oauth2 token request (oauth2.Config.Exchange, a refresh,
// clientcredentials.Config.Token) made with ctx to an *[Error] of kind [KindRejected],
// [KindServer], [KindUnreachable], [KindTokenResponse] or [KindCanceled]. The message never
// contains the response body (which may echo a code, verifier, assertion or secret): only the
// status and a registered OAuth error code are kept. tokenURL is shown without query or user
// info. An error that already is an *Error is returned as it is; nil gives nil.
func TokenError(ctx context.Context, tokenURL string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return tokenError(ctx, redactRawURL(tokenURL), err)
}

// CheckBearer reports whether tok can be sent as "Authorization: Bearer …": it has an access
// token, its token_type is empty or Bearer (any case), and the access token has only printable
// ASCII without spaces. The error is an *[Error] of kind [KindTokenResponse] naming tokenURL;
// it never contains the token.
func CheckBearer(tokenURL string, tok *oauth2.Token) error {
	if err := checkBearer(redactRawURL(tokenURL), tok); err != nil {
		return err
	}
	return nil
}

// RegisteredCode returns code if it is an OAuth error code registered by RFC 6749 or RFC 6750
// (access_denied, invalid_grant, ...), "unregistered" for any other non-empty code, else "".
// Use it before showing a server-supplied error code: arbitrary text there is server-controlled
// and could echo a secret.
func RegisteredCode(code string) string { return sanitizeCode(code) }

// RedactURL returns raw without user info, query or fragment, for error messages; "" when raw
// cannot be parsed.
func RedactURL(raw string) string { return redactRawURL(raw) }
