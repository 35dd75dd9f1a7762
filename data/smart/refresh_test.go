package smart

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/recistview/recistview/data/auth"
)

func refreshConfig(s *fakeServer, secret string, save func(string) error) RefreshConfig {
	return RefreshConfig{TokenURL: s.TokenURL(), ClientID: testClientID, ClientSecret: secret, SaveRefreshToken: save}
}

func newRefresh(t *testing.T, root context.Context, cfg RefreshConfig, tok *oauth2.Token, opts ...auth.Option) *auth.TokenSource {
	t.Helper()
	src, err := NewRefreshSource(root, cfg, tok, opts...)
	if err != nil {
		t.Fatalf("NewRefreshSource: %v", err)
	}
	return src
}

// security.md rules 4 and 7: the access token is reused until it expires, then one exact
// refresh_token request (HTTP Basic for confidential clients, client_id for public ones).
func TestRefreshRequest(t *testing.T) {
	for _, secret := range []string{testSecret, ""} {
		t.Run(fmt.Sprintf("confidential=%v", secret != ""), func(t *testing.T) {
			s := newTestServer(t)
			clock := newFakeClock()
			initial := &oauth2.Token{AccessToken: "at-0", TokenType: "Bearer", RefreshToken: "rt-0", Expiry: clock.Now().Add(10 * time.Minute)}
			src := newRefresh(t, t.Context(), refreshConfig(s, secret, nil), initial, auth.WithClock(clock.Now))
			if tok, err := src.TokenContext(t.Context()); err != nil || tok.AccessToken != "at-0" {
				t.Fatalf("before expiry: %v, %v; want at-0", tok, err)
			}
			if n := len(s.tokenRequests()); n != 0 {
				t.Fatalf("token requests before expiry = %d, want 0", n)
			}
			clock.Advance(10 * time.Minute)
			tok, err := src.TokenContext(t.Context())
			if err != nil || tok.AccessToken != "at-1" {
				t.Fatalf("after expiry: %v, %v; want at-1", tok, err)
			}
			reqs := s.tokenRequests()
			if len(reqs) != 1 {
				t.Fatalf("token requests = %d, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != http.MethodPost || r.Path != tokenPth || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
				t.Errorf("request = %s %s (%s)", r.Method, r.Path, r.Header.Get("Content-Type"))
			}
			want := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"rt-0"}}
			user, pass, basic := (&http.Request{Header: r.Header}).BasicAuth()
			if secret != "" {
				if !basic || user != testClientID || pass != testSecret {
					t.Errorf("Authorization = %q, want HTTP Basic", r.Header.Get("Authorization"))
				}
			} else {
				want.Set("client_id", testClientID)
				if r.Header.Get("Authorization") != "" {
					t.Errorf("public client sent Authorization %q", r.Header.Get("Authorization"))
				}
			}
			if got, w := formString(r.Form), formString(want); got != w {
				t.Errorf("form =\n%s\nwant\n%s", got, w)
			}
		})
	}
}

// security.md rule 7: one refresh at a time; concurrent callers share it (run with -race).
func TestRefreshConcurrentCallersShareOne(t *testing.T) {
	s := newTestServer(t)
	g := newGate(t)
	s.token = func(w http.ResponseWriter, r *http.Request, n int) {
		g.hold(r)
		jsonToken(w, r, n)
	}
	var saveMu sync.Mutex
	var saved []string
	save := func(rt string) error {
		saveMu.Lock()
		saved = append(saved, rt)
		saveMu.Unlock()
		return nil
	}
	src := newRefresh(t, t.Context(), refreshConfig(s, testSecret, save), &oauth2.Token{RefreshToken: "rt-0"})

	const callers = 8
	got := make([]string, callers)
	errs := make([]error, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() {
			tok, err := src.TokenContext(t.Context())
			errs[i] = err
			if tok != nil {
				got[i] = tok.AccessToken
			}
		})
	}
	<-g.arrived // the one refresh is in flight; the others join it or find its result
	g.open()
	wg.Wait()
	for i := range callers {
		if errs[i] != nil || got[i] != "at-1" {
			t.Errorf("caller %d: %q, %v; want at-1", i, got[i], errs[i])
		}
	}
	if n := len(s.tokenRequests()); n != 1 {
		t.Errorf("refresh requests = %d, want 1", n)
	}
	if len(saved) != 1 || saved[0] != "rt-1" {
		t.Errorf("saved = %v, want [rt-1] once", saved)
	}
}

// eventLog records, in order, what the save callback and the FHIR server saw.
type eventLog struct {
	mu     sync.Mutex
	events []string
}

func (l *eventLog) add(e string) {
	l.mu.Lock()
	l.events = append(l.events, e)
	l.mu.Unlock()
}

func (l *eventLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.events...)
}

func get(t *testing.T, c *http.Client, u string) (int, error) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// security.md rules 7, 8, 18 through auth.NewClientWithSource: a rotated refresh token is saved
// before its access token is used; a 401 invalidates the token, refreshes once with the new
// refresh token, and retries once.
func TestRefreshRotationSavedBeforeUse(t *testing.T) {
	s := newTestServer(t)
	var log eventLog
	save := func(rt string) error { log.add("save " + rt); return nil }
	s.fhirHandler = func(w http.ResponseWriter, r *http.Request) {
		a := r.Header.Get("Authorization")
		log.add("fhir " + a)
		if a == "Bearer at-1" { // the server has revoked at-1 in the meantime
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		io.WriteString(w, "{}")
	}
	src := newRefresh(t, t.Context(), refreshConfig(s, "", save), &oauth2.Token{RefreshToken: "rt-0"})
	c, err := auth.NewClientWithSource(s.FHIRBase(), "", src)
	if err != nil {
		t.Fatal(err)
	}
	status, err := get(t, c.HTTPClient(), s.FHIRBase()+"/Patient")
	if err != nil || status != http.StatusOK {
		t.Fatalf("GET: %d, %v; want 200", status, err)
	}
	want := []string{"save rt-1", "fhir Bearer at-1", "save rt-2", "fhir Bearer at-2"}
	if got := log.all(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("events = %q, want %q", got, want)
	}
	reqs := s.tokenRequests()
	if len(reqs) != 2 || reqs[0].Form.Get("refresh_token") != "rt-0" || reqs[1].Form.Get("refresh_token") != "rt-1" {
		t.Errorf("refresh requests used %v, want rt-0 then the rotated rt-1", refreshTokensOf(reqs))
	}
}

func refreshTokensOf(reqs []recorded) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Form.Get("refresh_token"))
	}
	return out
}

func TestRefreshWithoutRotation(t *testing.T) {
	s := newTestServer(t)
	s.token = func(w http.ResponseWriter, _ *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":"at-%d","token_type":"bearer","expires_in":3600}`, n)
	}
	saves := 0
	src := newRefresh(t, t.Context(), refreshConfig(s, testSecret, func(string) error { saves++; return nil }),
		&oauth2.Token{RefreshToken: "rt-0"})
	for range 2 {
		tok, err := src.TokenContext(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		src.Invalidate(tok)
	}
	if saves != 0 {
		t.Errorf("SaveRefreshToken called %d times without rotation", saves)
	}
	if got := refreshTokensOf(s.tokenRequests()); strings.Join(got, ",") != "rt-0,rt-0" {
		t.Errorf("refresh tokens sent = %v, want rt-0 twice", got)
	}
}

// A failed save keeps the new access token from being used; the next request refreshes with
// the rotated refresh token (the old one is void) and saves again.
func TestRefreshSaveFails(t *testing.T) {
	s := newTestServer(t)
	locked := errors.New("keychain locked")
	var log eventLog
	fail := true
	save := func(rt string) error {
		if fail {
			fail = false
			log.add("save failed " + rt)
			return locked
		}
		log.add("save " + rt)
		return nil
	}
	s.fhirHandler = func(w http.ResponseWriter, r *http.Request) {
		log.add("fhir " + r.Header.Get("Authorization"))
		io.WriteString(w, "{}")
	}
	src := newRefresh(t, t.Context(), refreshConfig(s, testSecret, save), &oauth2.Token{RefreshToken: "rt-0"})
	c, err := auth.NewClientWithSource(s.FHIRBase(), "", src)
	if err != nil {
		t.Fatal(err)
	}
	_, err = get(t, c.HTTPClient(), s.FHIRBase()+"/Patient")
	if !errors.Is(err, ErrSaveRefreshToken) || !errors.Is(err, locked) {
		t.Fatalf("GET = %v, want ErrSaveRefreshToken wrapping the save error", err)
	}
	assertNoLeak(t, err.Error(), "rt-1", "at-1", testSecret)
	if status, err := get(t, c.HTTPClient(), s.FHIRBase()+"/Patient"); err != nil || status != http.StatusOK {
		t.Fatalf("second GET: %d, %v", status, err)
	}
	want := []string{"save failed rt-1", "save rt-2", "fhir Bearer at-2"}
	if got := log.all(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("events = %q, want %q", got, want)
	}
	if got := refreshTokensOf(s.tokenRequests()); strings.Join(got, ",") != "rt-0,rt-1" {
		t.Errorf("refresh tokens sent = %v, want rt-0 then rt-1", got)
	}
}

func TestRefreshErrors(t *testing.T) {
	t.Run("no refresh token", func(t *testing.T) {
		s := newTestServer(t)
		clock := newFakeClock()
		src := newRefresh(t, t.Context(), refreshConfig(s, "", nil),
			&oauth2.Token{AccessToken: "at-0", Expiry: clock.Now().Add(-time.Second)}, auth.WithClock(clock.Now))
		if _, err := src.TokenContext(t.Context()); !errors.Is(err, ErrNoRefreshToken) {
			t.Errorf("err = %v, want ErrNoRefreshToken", err)
		}
		if n := len(s.tokenRequests()); n != 0 {
			t.Errorf("token requests = %d, want 0", n)
		}
	})
	t.Run("revoked", func(t *testing.T) {
		s := newTestServer(t)
		s.token = func(w http.ResponseWriter, _ *http.Request, _ int) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"invalid_grant"}`)
		}
		src := newRefresh(t, t.Context(), refreshConfig(s, testSecret, nil), &oauth2.Token{RefreshToken: "rt-0"})
		_, err := src.TokenContext(t.Context())
		var e *auth.Error
		if !errors.Is(err, auth.ErrRejected) || !errors.As(err, &e) || e.Code != "invalid_grant" {
			t.Errorf("err = %v, want auth.ErrRejected invalid_grant", err)
		}
		if n := len(s.tokenRequests()); n != 1 {
			t.Errorf("token requests = %d, want 1 (no retry)", n)
		}
	})
	t.Run("echoing server", func(t *testing.T) {
		for _, status := range []int{http.StatusBadRequest, http.StatusOK} {
			s := newTestServer(t)
			s.token = echoError(status)
			src := newRefresh(t, t.Context(), refreshConfig(s, testSecret, nil), &oauth2.Token{RefreshToken: "rt-SECRET-0"})
			_, err := src.TokenContext(t.Context())
			if err == nil {
				t.Fatal("no error from an error response")
			}
			basic := strings.TrimPrefix(s.tokenRequests()[0].Header.Get("Authorization"), "Basic ")
			assertNoLeak(t, err.Error(), "rt-SECRET-0", testSecret, basic)
		}
	})
	t.Run("text/plain JSON", func(t *testing.T) { // security.md rule 5
		s := newTestServer(t)
		s.token = func(w http.ResponseWriter, r *http.Request, n int) {
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprintf(w, `{"access_token":"at-%d","token_type":"Bearer","expires_in":60,"refresh_token":"rt-%d"}`, n, n)
		}
		var saved string
		src := newRefresh(t, t.Context(), refreshConfig(s, "", func(rt string) error { saved = rt; return nil }),
			&oauth2.Token{RefreshToken: "rt-0"})
		if tok, err := src.TokenContext(t.Context()); err != nil || tok.AccessToken != "at-1" || saved != "rt-1" {
			t.Errorf("token %v, %v, saved %q; want at-1 and rt-1 saved", tok, err, saved)
		}
	})
}

// security.md rule 3: refreshes run on the root context. A request context canceled during a
// refresh only ends that caller's wait; the next caller gets the refreshed token without a
// second request. A canceled root context stops the source.
func TestRefreshLivesOnRootContext(t *testing.T) {
	s := newTestServer(t)
	g := newGate(t)
	s.token = func(w http.ResponseWriter, r *http.Request, n int) {
		g.hold(r)
		jsonToken(w, r, n)
	}
	src := newRefresh(t, t.Context(), refreshConfig(s, testSecret, nil), &oauth2.Token{RefreshToken: "rt-0"})
	reqCtx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 1)
	go func() {
		_, err := src.TokenContext(reqCtx)
		errc <- err
	}()
	<-g.arrived
	cancel()
	if err := <-errc; !errors.Is(err, auth.ErrCanceled) {
		t.Fatalf("canceled caller: %v, want auth.ErrCanceled", err)
	}
	g.open()
	tok, err := src.TokenContext(t.Context())
	if err != nil || tok.AccessToken != "at-1" {
		t.Fatalf("later caller: %v, %v; want at-1", tok, err)
	}
	if n := len(s.tokenRequests()); n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}

	root, quit := context.WithCancel(t.Context())
	quit()
	dead := newRefresh(t, root, refreshConfig(s, testSecret, nil), &oauth2.Token{RefreshToken: "rt-0"})
	if _, err := dead.TokenContext(t.Context()); !errors.Is(err, auth.ErrCanceled) {
		t.Errorf("canceled root: %v, want auth.ErrCanceled", err)
	}
}

func TestNewRefreshSourceInvalid(t *testing.T) {
	good := RefreshConfig{TokenURL: "https://a.example/token", ClientID: "c"}
	rt := &oauth2.Token{RefreshToken: "r"}
	tests := []struct {
		name string
		cfg  RefreshConfig
		tok  *oauth2.Token
		want error
	}{
		{"nil token", good, nil, ErrInvalidConfig},
		{"empty token", good, &oauth2.Token{}, ErrInvalidConfig},
		{"no client id", RefreshConfig{TokenURL: good.TokenURL}, rt, ErrInvalidConfig},
		{"http token URL", RefreshConfig{TokenURL: "http://a.example/token", ClientID: "c"}, rt, auth.ErrInsecure},
		{"not bearer", good, &oauth2.Token{AccessToken: "a", TokenType: "MAC", RefreshToken: "r"}, auth.ErrTokenResponse},
	}
	for _, tt := range tests {
		if _, err := NewRefreshSource(t.Context(), tt.cfg, tt.tok); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	cfg := RefreshConfig{ClientSecret: testSecret}
	if s := fmt.Sprintf("%v %#v", cfg, cfg); strings.Contains(s, testSecret) {
		t.Errorf("RefreshConfig prints its secret: %s", s)
	}
}
