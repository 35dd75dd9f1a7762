package smart

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/oauth2"

	"github.com/recistview/recistview/data/auth"
)

// RefreshConfig describes how to renew a SMART sign-in with its refresh token.
//
// ClientSecret is tagged json:"-" and redacted by String and GoString.
type RefreshConfig struct {
	// TokenURL is the token endpoint (Configuration.TokenEndpoint).
	TokenURL string
	// ClientID is the app's registered client id.
	ClientID string
	// ClientSecret is the secret of a confidential client (HTTP Basic); empty for a public
	// client (client_id in the form body).
	ClientSecret string `json:"-"`
	// SaveRefreshToken, if set, is called with each new refresh token the server issues (refresh
	// token rotation), before the access token that came with it is handed out (security.md
	// rule 7) — e.g. to store it with auth.SecretStore in the keychain. It runs on the token
	// source's fetch goroutine, never on the UI thread, and never concurrently with itself. Its
	// error is wrapped in the error callers see, so it must not contain the token.
	SaveRefreshToken func(refreshToken string) error `json:"-"`
}

// String describes c with the client secret redacted.
func (c RefreshConfig) String() string {
	return fmt.Sprintf("smart.RefreshConfig{TokenURL:%q ClientID:%q ClientSecret:%q SaveRefreshToken:%t}",
		c.TokenURL, c.ClientID, redacted(c.ClientSecret), c.SaveRefreshToken != nil)
}

// GoString is String, so that %#v does not print the secret either.
func (c RefreshConfig) GoString() string { return c.String() }

// refresher performs refresh_token grants for one sign-in and remembers the latest refresh
// token. auth.TokenSource runs at most one fetch at a time; mu guards rt all the same.
type refresher struct {
	conf     *oauth2.Config
	tokenURL string
	save     func(string) error

	mu sync.Mutex
	rt string
}

// NewRefreshSource returns the token source of a SMART sign-in: it hands out tok's access token
// until it expires (or a server answers 401 and it is invalidated), then renews it with
// grant_type=refresh_token. tok is the token from [Login], or a token with only RefreshToken set
// (e.g. read back from the keychain at start-up); then the first call refreshes.
//
// It is an *auth.TokenSource (pass it to auth.NewClientWithSource), so it has that type's
// guarantees: one refresh at a time, shared by concurrent callers (security.md rule 7); no
// automatic retry of the POST (rule 17); refreshes run on root, the app's lifetime context,
// never on a request context (rule 3). The client authenticates as in [Login]: HTTP Basic for a
// confidential client, client_id in the form for a public one (rule 4). A rotated refresh token
// is given to cfg.SaveRefreshToken before the new access token is used (rule 7).
//
// Errors from the source: an *auth.Error for the token endpoint (auth.ErrRejected when the
// refresh token is expired or revoked: sign in again), [ErrNoRefreshToken] when there is none,
// [ErrSaveRefreshToken] when saving failed. opts are as for auth.NewTokenSource. Errors of
// NewRefreshSource itself: [ErrInvalidConfig], or an *auth.Error for an unusable tok.
func NewRefreshSource(root context.Context, cfg RefreshConfig, tok *oauth2.Token, opts ...auth.Option) (*auth.TokenSource, error) {
	if tok == nil || (tok.AccessToken == "" && tok.RefreshToken == "") {
		return nil, &Error{Kind: KindInvalidConfig, Err: errors.New("no token to start from")}
	}
	if strings.TrimSpace(cfg.ClientID) == "" {
		return nil, &Error{Kind: KindInvalidConfig, Err: errors.New("ClientID is empty")}
	}
	if err := auth.CheckURL(cfg.TokenURL); err != nil {
		return nil, &Error{Kind: KindInvalidConfig, Err: fmt.Errorf("TokenURL: %w", err)}
	}
	style := oauth2.AuthStyleInParams
	if cfg.ClientSecret != "" {
		style = oauth2.AuthStyleInHeader
	}
	r := &refresher{
		conf: &oauth2.Config{
			ClientID:     cfg.ClientID,
			ClientSecret: cfg.ClientSecret,
			Endpoint:     oauth2.Endpoint{TokenURL: cfg.TokenURL, AuthStyle: style},
		},
		tokenURL: cfg.TokenURL,
		save:     cfg.SaveRefreshToken,
		rt:       tok.RefreshToken,
	}
	src, err := auth.NewTokenSource(root, cfg.TokenURL, tok, r.fetch, opts...)
	if err != nil {
		return nil, err
	}
	return src, nil
}

// fetch performs one refresh_token grant on ctx (the source's root context).
func (r *refresher) fetch(ctx context.Context) (*oauth2.Token, error) {
	r.mu.Lock()
	rt := r.rt
	r.mu.Unlock()
	if rt == "" {
		return nil, &Error{Kind: KindNoRefreshToken, URL: auth.RedactURL(r.tokenURL)}
	}
	// x/oauth2's refresher sends grant_type=refresh_token and refresh_token, and keeps rt in
	// the result when the response carries no new one.
	tok, err := r.conf.TokenSource(ctx, &oauth2.Token{RefreshToken: rt}).Token()
	if err != nil {
		return nil, auth.TokenError(ctx, r.tokenURL, err)
	}
	if tok.RefreshToken == "" || tok.RefreshToken == rt {
		return tok, nil
	}
	// Rotated: the server has retired rt. Remember the new one first, so that even if saving
	// fails the next refresh uses a token the server still accepts.
	r.mu.Lock()
	r.rt = tok.RefreshToken
	r.mu.Unlock()
	if r.save != nil {
		if err := r.save(tok.RefreshToken); err != nil {
			return nil, &Error{Kind: KindSaveRefreshToken, Err: err}
		}
	}
	return tok, nil
}
