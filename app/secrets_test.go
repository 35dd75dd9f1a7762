package app

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/recistview/recistview/data/auth"
	"github.com/recistview/recistview/data/blaze"
	"github.com/recistview/recistview/data/blazesim"
	"github.com/zalando/go-keyring"
)

// lockedBuffer is a log sink safe for the concurrent writes of a load.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// tokenRecorder is the base transport of the test's sessions: it remembers every bearer
// token the client sent, so the test knows which strings must never appear anywhere.
type tokenRecorder struct {
	mu     sync.Mutex
	tokens map[string]bool
}

func (t *tokenRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		t.mu.Lock()
		t.tokens[tok] = true
		t.mu.Unlock()
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestSecretsNeverLeak runs sign-ins and full loads with debug logging on — a wrong secret, a
// good one remembered in the keychain, a complete load, a load after every token was revoked,
// a denied study — and checks that neither the client secrets nor any access token appears in
// a log line, an error message, a message shown to the user, or the preferences.
func TestSecretsNeverLeak(t *testing.T) {
	keyring.MockInit()
	sim, err := blazesim.StartDemo()
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	logs := &lockedBuffer{}
	rec := &tokenRecorder{tokens: map[string]bool{}}
	prefs := newMemPrefs()
	a, err := New(context.Background(), prefs, Options{
		Secrets:   auth.KeyringStore{},
		CachePath: t.TempDir() + "/studies.db",
		Logger:    slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Session:   blaze.SessionOptions{Transport: rec},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()

	var shown []string // everything a user or a log could read
	note := func(err error) {
		if err != nil {
			shown = append(shown, err.Error(), Explain(err), slogText(err))
		}
	}
	const wrongSecret = "wrong-secret-5b0c1d2e"
	form := SignInForm{Profile: blaze.ProfileCustom, BaseURL: sim.BaseURL, TokenURL: sim.TokenURL,
		ClientID: blazesim.DemoClientID, PartnerID: blazesim.DemoPartnerID, Secret: wrongSecret, Remember: true}
	_, err = a.SignIn(context.Background(), form)
	if !errors.Is(err, auth.ErrRejected) {
		t.Fatalf("wrong secret: %v", err)
	}
	note(err)
	form.Secret = blazesim.DemoClientSecret
	if _, err := a.SignIn(context.Background(), form); err != nil {
		t.Fatal(err)
	}
	open := func(study string) *StudyView {
		r := newRecorder()
		if _, err := a.OpenStudy(study, r.listener()); err != nil {
			t.Fatal(err)
		}
		<-r.done
		note(r.err)
		for _, row := range r.view.Rows {
			shown = append(shown, row.LastReported, row.BestPctText)
		}
		for i := range r.view.Rows {
			shown = append(shown, r.view.Detail(i).Discrepancies...)
		}
		return r.view
	}
	if v := open(blazesim.DemoStudy); !v.Complete {
		t.Fatal("DEMO-01 did not load completely")
	}
	sim.Server.RevokeTokens() // the next requests get 401: a fresh token is fetched mid-load
	open(blazesim.FixtureStudy)
	open(blazesim.DeniedStudy)
	shown = append(shown, logs.String(), prefs.dump())

	rec.mu.Lock()
	tokens := make([]string, 0, len(rec.tokens))
	for tok := range rec.tokens {
		tokens = append(tokens, tok)
	}
	rec.mu.Unlock()
	if len(tokens) < 2 {
		t.Fatalf("only %d access tokens seen; the revocation should have forced a second", len(tokens))
	}
	if n := strings.Count(logs.String(), "\n"); n < 20 {
		t.Fatalf("only %d log lines: debug logging is not on", n)
	}
	secrets := append([]string{wrongSecret, blazesim.DemoClientSecret}, tokens...)
	all := strings.Join(shown, "\n")
	for _, s := range secrets {
		if strings.Contains(all, s) {
			t.Errorf("a secret or token (%.6s…) appears in logs, errors or preferences", s)
		}
	}
	// The keychain holds the secret, so the test proves it was stored — only there.
	if got, _ := a.StoredSecret(a.CurrentForm()); got != blazesim.DemoClientSecret {
		t.Error("the remembered secret is not in the keychain")
	}
}

// slogText is how an error appears in a text log line.
func slogText(err error) string {
	var b bytes.Buffer
	slog.New(slog.NewTextHandler(&b, nil)).Info("x", "err", err)
	return b.String()
}
