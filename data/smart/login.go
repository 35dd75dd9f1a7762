package smart

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/recistview/recistview/data/auth"
)

// DefaultLoginTimeout is how long [Login] waits for the browser to come back.
const DefaultLoginTimeout = 5 * time.Minute

// stateBytes is the entropy of the state parameter: 256 bits (security.md rule 13 asks ≥ 128).
const stateBytes = 32

// Listener limits: how long a browser may take to send its request headers, and how long
// Login waits for the callback page to be delivered before closing the listener.
const (
	listenerReadHeaderTimeout = 10 * time.Second
	listenerShutdownGrace     = 5 * time.Second
)

// LoginConfig describes one interactive SMART sign-in (standalone launch, authorization code
// with PKCE, for a native app: RFC 8252, SMART App Launch 2.x).
//
// ClientSecret is tagged json:"-" and redacted by String and GoString.
type LoginConfig struct {
	// FHIRBase is the FHIR base URL; it is sent as the "aud" parameter (security.md rule 13).
	FHIRBase string
	// Server is the server's SMART configuration, from [Discover].
	Server *Configuration
	// ClientID is the app's registered client id.
	ClientID string
	// ClientSecret is the secret of a confidential client (sent with HTTP Basic,
	// security.md rule 4); empty for a public client (client_id in the form body only).
	ClientSecret string `json:"-"`
	// Scopes are the requested scopes, e.g. "openid", "fhirUser", "user/*.rs",
	// "offline_access" (the last one asks for a refresh token). None: no scope parameter.
	Scopes []string
	// RedirectPort is the loopback port of the redirect URI http://127.0.0.1:PORT/callback.
	// 0 lets the OS choose (RFC 8252 section 7.3); set it only when the server requires an
	// exact registered redirect URI.
	RedirectPort int
	// Timeout bounds the wait for the browser to come back; ≤ 0 means [DefaultLoginTimeout].
	Timeout time.Duration
}

// Confidential reports whether c is a confidential client (it has a client secret).
func (c LoginConfig) Confidential() bool { return c.ClientSecret != "" }

// String describes c with the client secret redacted.
func (c LoginConfig) String() string {
	return fmt.Sprintf("smart.LoginConfig{FHIRBase:%q ClientID:%q ClientSecret:%q Scopes:%q RedirectPort:%d Timeout:%v}",
		c.FHIRBase, c.ClientID, redacted(c.ClientSecret), c.Scopes, c.RedirectPort, c.Timeout)
}

// GoString is String, so that %#v does not print the secret either.
func (c LoginConfig) GoString() string { return c.String() }

func redacted(secret string) string {
	if secret == "" {
		return ""
	}
	return "[redacted]"
}

// validate checks c before anything is sent anywhere.
func (c LoginConfig) validate() error {
	if err := auth.CheckURL(c.FHIRBase); err != nil {
		return &Error{Kind: KindInvalidConfig, Err: fmt.Errorf("FHIRBase: %w", err)}
	}
	if strings.TrimSpace(c.ClientID) == "" {
		return &Error{Kind: KindInvalidConfig, Err: errors.New("ClientID is empty")}
	}
	if c.RedirectPort < 0 || c.RedirectPort > 65535 {
		return &Error{Kind: KindInvalidConfig, Err: errors.New("RedirectPort is out of range")}
	}
	if c.Server == nil {
		return &Error{Kind: KindInvalidConfig, Err: errors.New("Server is nil: call Discover first")}
	}
	for _, u := range []string{c.Server.AuthorizationEndpoint, c.Server.TokenEndpoint} {
		if u == "" {
			continue // reported by CheckAuthorizationCode or below
		}
		if err := auth.CheckURL(u); err != nil {
			return &Error{Kind: KindInvalidConfig, Err: err}
		}
	}
	if c.Server.TokenEndpoint == "" {
		return &Error{Kind: KindInvalidConfig, Err: errNoTokenURL}
	}
	return c.Server.CheckAuthorizationCode(c.Confidential())
}

// oauthConfig is the x/oauth2 configuration for c, with the AuthStyle set explicitly
// (security.md rule 4): auto-detection would resend the single-use code after a failure
// (golang/oauth2#786).
func (c LoginConfig) oauthConfig(redirectURI string) *oauth2.Config {
	style := oauth2.AuthStyleInParams // public client: client_id in the body, no secret
	if c.Confidential() {
		style = oauth2.AuthStyleInHeader // SMART confidential-symmetric: client_secret_basic
	}
	return &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		Endpoint: oauth2.Endpoint{
			AuthURL:   c.Server.AuthorizationEndpoint,
			TokenURL:  c.Server.TokenEndpoint,
			AuthStyle: style,
		},
		RedirectURL: redirectURI,
		Scopes:      c.Scopes,
	}
}

// Login signs the user in with the SMART authorization code flow for native apps and returns
// the token response (its Extra holds SMART context such as "patient" and "id_token").
//
// Steps (security.md rules 11–13):
//  1. cfg is checked, including that cfg.Server offers PKCE S256; if not, Login fails with
//     [ErrUnsupported] before the browser is opened.
//  2. A listener is opened on the literal address 127.0.0.1, on an OS-assigned port or
//     cfg.RedirectPort; the redirect URI is http://127.0.0.1:PORT/callback.
//  3. A fresh PKCE verifier (S256) and a fresh 256-bit state from crypto/rand are made for this
//     attempt, and the authorize URL (with aud = cfg.FHIRBase) is passed to openURL, which
//     must open it in the system browser — the desktop app passes Fyne's App.OpenURL; never an
//     embedded web view (rule 11).
//  4. Login waits for one callback with the right state. A callback with a missing or wrong
//     state is refused with a page saying so, and Login keeps waiting (it may be a stale tab or
//     a forged request; the genuine one can still arrive). The accepted callback gets a page
//     saying "You can close this window and return to RECIST View" — no code or token in it —
//     and the listener is closed. The wait ends with [ErrTimeout] after cfg.Timeout (default 5
//     minutes) and with [ErrCanceled] when ctx ends; the listener is closed in every case.
//  5. An "error" on the callback (the user declined: access_denied) gives an *[Error] of kind
//     [KindDenied] with the registered OAuth code.
//  6. The code is exchanged once, with the verifier, on ctx: HTTP Basic for a confidential
//     client, client_id in the form for a public one, never auto-detected (rule 4). The POST is
//     never retried (rule 17); its failure is an *auth.Error (auth.ErrRejected, ...).
//
// opts (auth.WithTimeout, auth.WithBaseTransport) configure the token request's HTTP client.
// No error contains the code, the verifier, the state, a token or the secret.
func Login(ctx context.Context, cfg LoginConfig, openURL func(string) error, opts ...auth.Option) (*oauth2.Token, error) {
	if openURL == nil {
		return nil, &Error{Kind: KindInvalidConfig, Err: errors.New("nil openURL")}
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, &Error{Kind: KindCanceled, Err: err}
	}
	ln, err := net.Listen("tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.RedirectPort)))
	if err != nil {
		return nil, &Error{Kind: KindListen, Err: err}
	}
	host := ln.Addr().String() // "127.0.0.1:PORT"
	redirectURI := "http://" + host + CallbackPath

	state, err := newState()
	if err != nil {
		ln.Close()
		return nil, err
	}
	verifier := oauth2.GenerateVerifier()
	conf := cfg.oauthConfig(redirectURI)
	authURL := conf.AuthCodeURL(state,
		oauth2.S256ChallengeOption(verifier),
		oauth2.SetAuthURLParam("aud", cfg.FHIRBase))

	handler := newCallbackHandler(state, host)
	l := startListener(ln, handler)
	code, err := waitForCode(ctx, cfg, l, handler, authURL, openURL)
	l.stop() // one callback at most: closed before the exchange
	if err != nil {
		return nil, err
	}
	return exchange(ctx, conf, code, verifier, opts)
}

// waitForCode opens the browser and waits for the callback, the timeout or ctx.
func waitForCode(ctx context.Context, cfg LoginConfig, l *listener, h *callbackHandler, authURL string, openURL func(string) error) (string, error) {
	state := h.state
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultLoginTimeout
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	if err := openURL(authURL); err != nil {
		return "", &Error{Kind: KindBrowser, Err: &openError{err: err, authURL: authURL, state: state}}
	}
	select {
	case res := <-h.result:
		return res.code, res.err
	case <-ctx.Done():
		return "", &Error{Kind: KindCanceled, Err: ctx.Err()}
	case <-timer.C:
		return "", &Error{Kind: KindTimeout, Err: fmt.Errorf("no answer from the browser within %v", timeout)}
	case <-l.done:
		return "", &Error{Kind: KindListen, Err: l.err}
	}
}

// openError is the error of openURL with the authorize URL and the state blanked out of its
// message (an opener may quote the URL it failed to open).
type openError struct {
	err            error
	authURL, state string
}

func (e *openError) Error() string {
	msg := strings.ReplaceAll(e.err.Error(), e.authURL, "[authorize URL]")
	return strings.ReplaceAll(msg, e.state, "[state]")
}

func (e *openError) Unwrap() error { return e.err }

// exchange trades code for a token with one POST on ctx.
func exchange(ctx context.Context, conf *oauth2.Config, code, verifier string, opts []auth.Option) (*oauth2.Token, error) {
	tctx := context.WithValue(ctx, oauth2.HTTPClient, auth.NewTokenHTTPClient(opts...))
	tok, err := conf.Exchange(tctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, auth.TokenError(tctx, conf.Endpoint.TokenURL, err)
	}
	if err := auth.CheckBearer(conf.Endpoint.TokenURL, tok); err != nil {
		return nil, err
	}
	return tok, nil
}

// newState returns a fresh state parameter: 256 bits from crypto/rand, base64url.
func newState() (string, error) {
	b := make([]byte, stateBytes)
	if _, err := rand.Read(b); err != nil {
		return "", &Error{Kind: KindInvalidConfig, Err: err}
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// listener is the running loopback HTTP server of one attempt.
type listener struct {
	srv  *http.Server
	done chan struct{} // closed when Serve returns
	err  error         // Serve's error, set before done is closed
}

func startListener(ln net.Listener, h http.Handler) *listener {
	l := &listener{
		srv: &http.Server{
			Handler:           h,
			ReadHeaderTimeout: listenerReadHeaderTimeout,
			IdleTimeout:       listenerReadHeaderTimeout,
		},
		done: make(chan struct{}),
	}
	go func() {
		l.err = l.srv.Serve(ln)
		close(l.done)
	}()
	return l
}

// stop closes the listener, lets a page being written finish (within a grace period), and
// waits for the server goroutine to end.
func (l *listener) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), listenerShutdownGrace)
	defer cancel()
	if err := l.srv.Shutdown(ctx); err != nil {
		l.srv.Close()
	}
	<-l.done
}
