package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
)

// Kind classifies an *[Error].
type Kind int

// The kinds of [Error].
const (
	// KindInvalidConfig: the sign-in settings are incomplete or unusable (an empty client id,
	// a malformed URL, ...).
	KindInvalidConfig Kind = iota + 1
	// KindInsecure: a URL (or a redirect target) is plain http for a non-loopback host.
	KindInsecure
	// KindUnreachable: the token endpoint could not be reached (DNS, connection, TLS, timeout).
	KindUnreachable
	// KindRejected: the token endpoint refused the credentials (HTTP 401/403, or the OAuth
	// errors invalid_client, unauthorized_client, invalid_grant or access_denied).
	KindRejected
	// KindServer: the token endpoint answered with any other error status or OAuth error.
	KindServer
	// KindTokenResponse: the token endpoint answered 2xx but the response is not a usable
	// bearer token (not JSON or form data, no access_token, another token_type, too large).
	KindTokenResponse
	// KindCanceled: the app's root context, or the caller's context while it waited for a
	// token, was canceled or timed out.
	KindCanceled
	// KindRedirect: a redirect to another origin was refused (security.md rule 9).
	KindRedirect
)

// String is the user-facing description of k.
func (k Kind) String() string {
	switch k {
	case KindInvalidConfig:
		return "the sign-in settings are incomplete or invalid"
	case KindInsecure:
		return "the address must use https"
	case KindUnreachable:
		return "the sign-in server could not be reached"
	case KindRejected:
		return "the server rejected these credentials"
	case KindServer:
		return "the sign-in server reported an error"
	case KindTokenResponse:
		return "the sign-in server's answer could not be understood"
	case KindCanceled:
		return "sign-in was canceled"
	case KindRedirect:
		return "a redirect to another address was refused"
	}
	return fmt.Sprintf("auth error kind %d", int(k))
}

// Sentinels for errors.Is: errors.Is(err, ErrRejected) holds for any *Error of KindRejected.
var (
	ErrInvalidConfig = &Error{Kind: KindInvalidConfig}
	ErrInsecure      = &Error{Kind: KindInsecure}
	ErrUnreachable   = &Error{Kind: KindUnreachable}
	ErrRejected      = &Error{Kind: KindRejected}
	ErrServer        = &Error{Kind: KindServer}
	ErrTokenResponse = &Error{Kind: KindTokenResponse}
	ErrCanceled      = &Error{Kind: KindCanceled}
	ErrRedirect      = &Error{Kind: KindRedirect}
)

// Error is a sign-in or transport-policy failure.
//
// Its message never contains the client secret, an access token or a token response body: the
// OAuth error code is kept only when it is one of the codes registered for RFC 6749 and RFC 6750,
// and oauth2.RetrieveError (whose message includes the raw body) is never wrapped.
type Error struct {
	// Kind says what went wrong.
	Kind Kind
	// URL is the token URL (or the refused URL) without user info, query or fragment.
	URL string
	// Status is the HTTP status of the token response, or 0.
	Status int
	// Code is the OAuth "error" code of the token response, if it is a registered code;
	// "unregistered" for any other non-empty code; else "".
	Code string
	// Err is the underlying cause, when it is safe to show; it may be nil.
	Err error
}

// Error implements error.
func (e *Error) Error() string {
	return FormatError("auth", e.Kind.String(), e.URL, e.Status, e.Code, e.Err)
}

// FormatError words a sign-in failure the same way for every package that signs in:
// "prefix: what (URL): HTTP status, code: cause", leaving out the parts that are empty. The
// caller passes only what is safe to show (a redacted URL, a registered OAuth code).
func FormatError(prefix, what, url string, status int, code string, cause error) string {
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteString(": ")
	b.WriteString(what)
	if url != "" {
		fmt.Fprintf(&b, " (%s)", url)
	}
	switch {
	case status != 0 && code != "":
		fmt.Fprintf(&b, ": HTTP %d, %s", status, code)
	case status != 0:
		fmt.Fprintf(&b, ": HTTP %d", status)
	case code != "":
		fmt.Fprintf(&b, ": %s", code)
	}
	if cause != nil {
		b.WriteString(": ")
		b.WriteString(cause.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is the sentinel for e's kind (ErrRejected and so on). A sentinel is
// an *Error with only Kind set.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind && t.URL == "" && t.Status == 0 && t.Code == "" && t.Err == nil
}

// registeredCodes are the OAuth error codes of RFC 6749 (5.2, 4.1.2.1) and RFC 6750 (3.1). Only
// these are echoed in messages: an arbitrary code is server-controlled text that an echoing
// server could fill with the posted client secret.
var registeredCodes = map[string]bool{
	"invalid_request":           true,
	"invalid_client":            true,
	"invalid_grant":             true,
	"unauthorized_client":       true,
	"unsupported_grant_type":    true,
	"invalid_scope":             true,
	"access_denied":             true,
	"unsupported_response_type": true,
	"server_error":              true,
	"temporarily_unavailable":   true,
	"invalid_token":             true,
	"insufficient_scope":        true,
}

// rejectedCodes are the OAuth errors that mean "these credentials are not accepted".
var rejectedCodes = map[string]bool{
	"invalid_client":      true,
	"unauthorized_client": true,
	"invalid_grant":       true,
	"access_denied":       true,
}

// sanitizeCode returns code if registered, "unregistered" for any other non-empty code, else "".
func sanitizeCode(code string) string {
	switch {
	case code == "":
		return ""
	case registeredCodes[code]:
		return code
	}
	return "unregistered"
}

var (
	errTooLarge    = errors.New("the response is larger than the limit")
	errTokenType   = errors.New("the token type is not Bearer")
	errTokenChars  = errors.New("the access token contains characters not allowed in a header")
	errUnparseable = errors.New("no access token could be read from the response")
)

// tokenError maps an error from clientcredentials.Config.Token to an *Error. root is the
// context the fetch ran on.
func tokenError(root context.Context, tokenURL string, err error) *Error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		// Never wrap re: its Error() includes the raw response body.
		e := &Error{Kind: KindServer, URL: tokenURL, Code: sanitizeCode(re.ErrorCode)}
		if re.Response != nil {
			e.Status = re.Response.StatusCode
		}
		if e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden || rejectedCodes[e.Code] {
			e.Kind = KindRejected
		}
		return e
	}
	if cerr := root.Err(); cerr != nil {
		return &Error{Kind: KindCanceled, URL: tokenURL, Err: cerr}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if errors.Is(ue.Err, errTooLarge) {
			return &Error{Kind: KindTokenResponse, URL: tokenURL, Err: errTooLarge}
		}
		// The url.Error's own message repeats the URL (with any query); keep only the cause,
		// which comes from net/http, net or crypto/tls and holds no response content.
		return &Error{Kind: KindUnreachable, URL: tokenURL, Err: ue.Err}
	}
	// What remains are x/oauth2's parse failures ("cannot parse json", "missing
	// access_token"), formatted with %v from text that may quote the body: do not wrap.
	return &Error{Kind: KindTokenResponse, URL: tokenURL, Err: errUnparseable}
}
