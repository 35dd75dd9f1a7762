package blaze

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/recistview/recistview/data/auth"
	"github.com/recistview/recistview/data/fhir"
)

// Credentials are what MSK gives a partner: an OAuth client id and secret, and a partner id
// sent as x-partnerid.
type Credentials struct {
	ClientID     string
	ClientSecret string
	PartnerID    string
}

// String hides the secret.
func (c Credentials) String() string {
	return fmt.Sprintf("client %q, partner %q", c.ClientID, c.PartnerID)
}

// GoString hides the secret from %#v too.
func (c Credentials) GoString() string { return c.String() }

// LogValue hides the secret from structured logs.
func (c Credentials) LogValue() slog.Value {
	return slog.GroupValue(slog.String("clientID", c.ClientID), slog.String("partnerID", c.PartnerID))
}

// SessionOptions tune a Session. The zero value gives the defaults.
type SessionOptions struct {
	// Concurrency bounds the requests in flight to the server, for all loads of this session.
	Concurrency int
	// PageSize is the _count asked for.
	PageSize int
	// Timeout bounds each request.
	Timeout time.Duration
	// Retry overrides the retry policy for reads.
	Retry *fhir.RetryPolicy
	// OnRetry is told about every retry, e.g. to show "server busy, retrying in 2 s".
	OnRetry func(fhir.RetryEvent)
	// Transport replaces the base HTTP transport (tests, fault injection).
	Transport http.RoundTripper
	// MaxBytes caps each response.
	MaxBytes int64
	// Logger, when set, receives a debug line per request (never headers or secrets).
	Logger *slog.Logger
}

// Session is a partner signed in to one server. It is safe for concurrent use.
type Session struct {
	profile Profile
	partner string
	client  string
	auth    *auth.Client
	fhir    *fhir.Client
}

// NewSession prepares a session; it does not contact the server (call SignIn). root is the
// app's lifetime context, on which tokens are fetched.
func NewSession(root context.Context, p Profile, c Credentials, o SessionOptions) (*Session, error) {
	cfg := auth.Config{
		TokenURL:     strings.TrimSpace(p.TokenURL),
		ClientID:     strings.TrimSpace(c.ClientID),
		ClientSecret: c.ClientSecret,
		Scope:        p.Scope,
		PartnerID:    strings.TrimSpace(c.PartnerID),
		FHIRBase:     strings.TrimSpace(p.BaseURL),
	}
	var aopts []auth.Option
	if o.Timeout > 0 {
		aopts = append(aopts, auth.WithTimeout(o.Timeout))
	}
	if o.Transport != nil {
		aopts = append(aopts, auth.WithBaseTransport(o.Transport))
	}
	ac, err := auth.NewClient(root, cfg, aopts...)
	if err != nil {
		return nil, err
	}
	fopts := []fhir.Option{fhir.WithConcurrency(o.Concurrency), fhir.WithPageSize(o.PageSize), fhir.WithMaxBytes(o.MaxBytes),
		fhir.WithNoRetry(isAuthError)}
	if o.Retry != nil {
		fopts = append(fopts, fhir.WithRetry(*o.Retry))
	}
	if o.OnRetry != nil {
		fopts = append(fopts, fhir.WithRetryHook(o.OnRetry))
	}
	if o.Logger != nil {
		fopts = append(fopts, fhir.WithLogger(o.Logger))
	}
	fc, err := fhir.NewClient(ac.HTTPClient(), cfg.FHIRBase, fopts...)
	if err != nil {
		return nil, err
	}
	return &Session{profile: p, partner: cfg.PartnerID, client: cfg.ClientID, auth: ac, fhir: fc}, nil
}

// SignIn fetches a token now, so that wrong credentials or an unreachable server are reported
// before any study is loaded. Errors are *auth.Error (errors.Is(err, auth.ErrRejected), ...).
func (s *Session) SignIn(ctx context.Context) error { return s.auth.SignIn(ctx) }

// isAuthError reports whether a transport error comes from package auth: a token request that
// failed (during a load, after a 401) or a redirect refused. Retrying the GET would only repeat
// the token request, which is never retried automatically (security.md 17).
func isAuthError(err error) bool {
	var ae *auth.Error
	return errors.As(err, &ae)
}

// Profile returns the server profile.
func (s *Session) Profile() Profile { return s.profile }

// PartnerID returns the partner id sent as x-partnerid.
func (s *Session) PartnerID() string { return s.partner }

// ClientID returns the OAuth client id.
func (s *Session) ClientID() string { return s.client }

// FHIR returns the session's FHIR client.
func (s *Session) FHIR() *fhir.Client { return s.fhir }

// AccessError is a 403 for a study: the partner may not read it (security.md 19).
type AccessError struct {
	Study   string
	Partner string
	// Outcome is the server's own explanation.
	Outcome string
	Err     error
}

func (e *AccessError) Error() string {
	msg := fmt.Sprintf("partner %s may not read study %s", e.Partner, e.Study)
	if e.Outcome != "" {
		msg += ": the server says " + quote(e.Outcome)
	}
	return msg
}

// Unwrap returns the underlying *fhir.Error.
func (e *AccessError) Unwrap() error { return e.Err }

// SignInError is a 401 during a load that a fresh token did not cure (security.md 18).
type SignInError struct {
	Study   string
	Partner string
	Outcome string
	Err     error
}

func (e *SignInError) Error() string {
	msg := fmt.Sprintf("the server no longer accepts our sign-in (partner %s) while loading study %s", e.Partner, e.Study)
	if e.Outcome != "" {
		msg += ": the server says " + quote(e.Outcome)
	}
	return msg + "; sign in again"
}

// Unwrap returns the underlying error.
func (e *SignInError) Unwrap() error { return e.Err }

// classify turns a search error into the error a user should read.
func (s *Session) classify(study string, err error) error {
	var fe *fhir.Error
	outcome := ""
	if errors.As(err, &fe) {
		outcome = fe.Outcome
	}
	switch {
	case errors.Is(err, fhir.ErrForbidden):
		return &AccessError{Study: study, Partner: s.partner, Outcome: outcome, Err: err}
	case errors.Is(err, fhir.ErrUnauthorized):
		return &SignInError{Study: study, Partner: s.partner, Outcome: outcome, Err: err}
	}
	return err
}

func quote(s string) string {
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return "“" + s + "”"
}
