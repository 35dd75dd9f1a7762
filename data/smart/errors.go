package smart

import (
	"fmt"

	"github.com/recistview/recistview/data/auth"
)

// Kind classifies an *[Error].
type Kind int

// The kinds of [Error]. Failures of the token endpoint itself (a refused code, refresh token or
// client assertion; an unreachable endpoint; an unusable token response) are *auth.Error values
// instead, matched with auth.ErrRejected, auth.ErrServer and the other auth sentinels.
const (
	// KindInvalidConfig: the settings are incomplete or unusable (no client id, no FHIR base, a
	// nil key or callback, a URL that is not https, ...).
	KindInvalidConfig Kind = iota + 1
	// KindDiscovery: {base}/.well-known/smart-configuration could not be fetched, or is not a
	// usable SMART configuration (security.md rule 14).
	KindDiscovery
	// KindUnsupported: the server does not offer what the sign-in needs — PKCE S256 (rule 13),
	// the grant type, or the client authentication method. Nothing was sent to the browser.
	KindUnsupported
	// KindListen: the loopback redirect listener could not be opened (e.g. the fixed port is
	// taken).
	KindListen
	// KindBrowser: the authorize URL could not be opened in the system browser.
	KindBrowser
	// KindDenied: the authorization server sent the user back with an OAuth error, such as
	// access_denied when the user declined. Error.Code holds the (registered) code.
	KindDenied
	// KindCallback: the authorization server sent the user back without a code or an error.
	KindCallback
	// KindTimeout: the user did not complete the sign-in within the time allowed.
	KindTimeout
	// KindCanceled: the caller's context ended while waiting for the sign-in.
	KindCanceled
	// KindNoRefreshToken: the access token expired or was refused and there is no refresh
	// token: the user must sign in again.
	KindNoRefreshToken
	// KindSaveRefreshToken: the server rotated the refresh token and SaveRefreshToken failed.
	// The new access token was not handed out; the next request refreshes again.
	KindSaveRefreshToken
	// KindKey: the private key for SMART Backend Services is missing, unreadable, encrypted, of
	// an unsupported type, or could not sign.
	KindKey
)

// String is the user-facing description of k.
func (k Kind) String() string {
	switch k {
	case KindInvalidConfig:
		return "the SMART sign-in settings are incomplete or invalid"
	case KindDiscovery:
		return "the server's SMART configuration could not be read"
	case KindUnsupported:
		return "the server does not support the required sign-in method"
	case KindListen:
		return "the sign-in listener could not be started"
	case KindBrowser:
		return "the browser could not be opened for sign-in"
	case KindDenied:
		return "sign-in was not granted"
	case KindCallback:
		return "the sign-in response could not be understood"
	case KindTimeout:
		return "sign-in was not completed in time"
	case KindCanceled:
		return "sign-in was canceled"
	case KindNoRefreshToken:
		return "the sign-in has expired; sign in again"
	case KindSaveRefreshToken:
		return "the renewed sign-in could not be saved"
	case KindKey:
		return "the private key cannot be used"
	}
	return fmt.Sprintf("smart error kind %d", int(k))
}

// Sentinels for errors.Is: errors.Is(err, ErrDenied) holds for any *Error of KindDenied.
var (
	ErrInvalidConfig    = &Error{Kind: KindInvalidConfig}
	ErrDiscovery        = &Error{Kind: KindDiscovery}
	ErrUnsupported      = &Error{Kind: KindUnsupported}
	ErrListen           = &Error{Kind: KindListen}
	ErrBrowser          = &Error{Kind: KindBrowser}
	ErrDenied           = &Error{Kind: KindDenied}
	ErrCallback         = &Error{Kind: KindCallback}
	ErrTimeout          = &Error{Kind: KindTimeout}
	ErrCanceled         = &Error{Kind: KindCanceled}
	ErrNoRefreshToken   = &Error{Kind: KindNoRefreshToken}
	ErrSaveRefreshToken = &Error{Kind: KindSaveRefreshToken}
	ErrKey              = &Error{Kind: KindKey}
)

// Error is a SMART sign-in failure.
//
// Its message never contains an authorization code, PKCE verifier, state, token, client
// assertion, client secret or private key: server-supplied error codes are kept only when they
// are registered OAuth codes (auth.RegisteredCode), and response bodies are never included.
type Error struct {
	// Kind says what went wrong.
	Kind Kind
	// URL is the URL involved (discovery document, endpoint), without user info, query or
	// fragment; it may be empty.
	URL string
	// Status is the HTTP status of a discovery response, or 0.
	Status int
	// Code is the OAuth error code of a KindDenied error ("access_denied", ...), or
	// "unregistered" for a code that is not registered.
	Code string
	// Err is the underlying cause, when it is safe to show; it may be nil.
	Err error
}

// Error implements error.
func (e *Error) Error() string {
	return auth.FormatError("smart", e.Kind.String(), e.URL, e.Status, e.Code, e.Err)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is the sentinel for e's kind (ErrDenied and so on). A sentinel is an
// *Error with only Kind set.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind && t.URL == "" && t.Status == 0 && t.Code == "" && t.Err == nil
}
