package auth

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// countingFetch returns a FetchFunc answering "f-1", "f-2", ... and counting its calls.
func countingFetch(calls *atomic.Int32) FetchFunc {
	return func(ctx context.Context) (*oauth2.Token, error) {
		n := calls.Add(1)
		return &oauth2.Token{AccessToken: "f-" + strconv.Itoa(int(n)), TokenType: "Bearer"}, nil
	}
}

func TestNewTokenSourceInitialToken(t *testing.T) {
	clock := newFakeClock()
	var calls atomic.Int32
	initial := &oauth2.Token{AccessToken: "initial", TokenType: "bearer", Expiry: clock.Now().Add(10 * time.Minute)}
	src, err := NewTokenSource(t.Context(), "https://auth.example.org/token", initial, countingFetch(&calls),
		WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if tok, err := src.TokenContext(t.Context()); err != nil || tok != initial {
			t.Fatalf("TokenContext = %v, %v; want the initial token", tok, err)
		}
	}
	if calls.Load() != 0 {
		t.Fatalf("fetch called %d times while the initial token was valid", calls.Load())
	}
	// Within the expiry margin (30s) the initial token is no longer handed out.
	clock.Advance(10*time.Minute - DefaultExpiryMargin)
	if tok, err := src.TokenContext(t.Context()); err != nil || tok.AccessToken != "f-1" {
		t.Fatalf("after expiry: %v, %v; want f-1", tok, err)
	}
	if calls.Load() != 1 {
		t.Errorf("fetch calls = %d, want 1", calls.Load())
	}
}

func TestNewTokenSourceInitialWithoutExpiryUntilInvalidated(t *testing.T) {
	var calls atomic.Int32
	initial := &oauth2.Token{AccessToken: "initial"}
	src, err := NewTokenSource(t.Context(), "https://auth.example.org/token", initial, countingFetch(&calls))
	if err != nil {
		t.Fatal(err)
	}
	if tok, _ := src.TokenContext(t.Context()); tok != initial {
		t.Fatalf("got %v, want the initial token", tok)
	}
	src.Invalidate(initial)
	if tok, _ := src.TokenContext(t.Context()); tok.AccessToken != "f-1" || calls.Load() != 1 {
		t.Errorf("after Invalidate: %v (calls %d), want f-1 from one fetch", tok, calls.Load())
	}
}

// The fetch runs on the root context, with the token HTTP client, not on the caller's context
// (security.md rule 3): a caller that gives up does not break the fetch for the next caller.
func TestNewTokenSourceFetchOnRootContext(t *testing.T) {
	type rootKey struct{}
	root := context.WithValue(t.Context(), rootKey{}, "root")
	started := make(chan struct{})
	release := make(chan struct{})
	var calls atomic.Int32
	var sawRoot, sawClient, sawCanceled atomic.Bool
	fetch := func(ctx context.Context) (*oauth2.Token, error) {
		calls.Add(1)
		sawRoot.Store(ctx.Value(rootKey{}) == "root")
		c, ok := ctx.Value(oauth2.HTTPClient).(*http.Client)
		sawClient.Store(ok && c.CheckRedirect != nil && c.Timeout == DefaultTimeout)
		close(started)
		<-release
		sawCanceled.Store(ctx.Err() != nil)
		return &oauth2.Token{AccessToken: "late"}, nil
	}
	src, err := NewTokenSource(root, "https://auth.example.org/token", nil, fetch)
	if err != nil {
		t.Fatal(err)
	}
	reqCtx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 1)
	go func() {
		_, err := src.TokenContext(reqCtx)
		errc <- err
	}()
	<-started
	cancel()
	if err := <-errc; !errors.Is(err, ErrCanceled) || !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled caller: %v, want ErrCanceled wrapping context.Canceled", err)
	}
	close(release)
	tok, err := src.TokenContext(t.Context())
	if err != nil || tok.AccessToken != "late" {
		t.Fatalf("later caller: %v, %v; want the token of the fetch that outlived the request", tok, err)
	}
	if calls.Load() != 1 || !sawRoot.Load() || !sawClient.Load() || sawCanceled.Load() {
		t.Errorf("calls=%d root=%v client=%v canceled=%v; want 1 fetch on the live root context with the token client",
			calls.Load(), sawRoot.Load(), sawClient.Load(), sawCanceled.Load())
	}
}

func TestNewTokenSourceErrors(t *testing.T) {
	custom := errors.New("custom fetch failure")
	src, err := NewTokenSource(t.Context(), "https://auth.example.org/token", nil,
		func(context.Context) (*oauth2.Token, error) { return nil, custom })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.TokenContext(t.Context()); err != custom {
		t.Errorf("fetch error = %v, want it returned as it is", err)
	}

	mac, _ := NewTokenSource(t.Context(), "https://auth.example.org/token", nil,
		func(context.Context) (*oauth2.Token, error) {
			return &oauth2.Token{AccessToken: "x", TokenType: "MAC"}, nil
		})
	if _, err := mac.TokenContext(t.Context()); !errors.Is(err, ErrTokenResponse) {
		t.Errorf("MAC token: %v, want ErrTokenResponse", err)
	}

	ok := func(context.Context) (*oauth2.Token, error) { return nil, nil }
	tests := []struct {
		name    string
		root    context.Context
		url     string
		initial *oauth2.Token
		fetch   FetchFunc
		want    error
	}{
		{"nil root", nil, "https://a.example/token", nil, ok, ErrInvalidConfig},
		{"nil fetch", t.Context(), "https://a.example/token", nil, nil, ErrInvalidConfig},
		{"plain http", t.Context(), "http://a.example/token", nil, ok, ErrInsecure},
		{"empty url", t.Context(), "", nil, ok, ErrInvalidConfig},
		{"initial not bearer", t.Context(), "https://a.example/token", &oauth2.Token{AccessToken: "x", TokenType: "mac"}, ok, ErrTokenResponse},
		{"initial bad chars", t.Context(), "https://a.example/token", &oauth2.Token{AccessToken: "a b"}, ok, ErrTokenResponse},
	}
	for _, tt := range tests {
		if _, err := NewTokenSource(tt.root, tt.url, tt.initial, tt.fetch); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

// fakeSource is a Source that is not a *TokenSource: it hands out tokens[i] and moves to the
// next token when the current one is invalidated.
type fakeSource struct {
	mu          sync.Mutex
	tokens      []string
	i           int
	calls       int
	invalidated []string
}

func (f *fakeSource) TokenContext(context.Context) (*oauth2.Token, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	return &oauth2.Token{AccessToken: f.tokens[f.i]}, nil
}

func (f *fakeSource) Invalidate(tok *oauth2.Token) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.invalidated = append(f.invalidated, tok.AccessToken)
	if tok.AccessToken == f.tokens[f.i] && f.i+1 < len(f.tokens) {
		f.i++
	}
}

func TestNewClientWithSource(t *testing.T) {
	var mu sync.Mutex
	var seen []http.Header
	fhir := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Clone())
		mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer second" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		io.WriteString(w, "{}")
	}))
	t.Cleanup(fhir.Close)
	other := newRecorder(t, false)
	src := &fakeSource{tokens: []string{"first", "second"}}
	c, err := NewClientWithSource(fhir.URL+"/fhir", "", src)
	if err != nil {
		t.Fatal(err)
	}
	if c.TokenSource() != nil {
		t.Errorf("TokenSource() = %v, want nil for a source that is not a *TokenSource", c.TokenSource())
	}
	if err := c.SignIn(t.Context()); err != nil || len(src.invalidated) != 0 {
		t.Errorf("SignIn = %v, invalidated %v; want a plain token request", err, src.invalidated)
	}

	resp, err := c.HTTPClient().Get(fhir.URL + "/fhir/Patient")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status = %d, want 200 after one retry with the next token", resp.StatusCode)
	}
	mu.Lock()
	if len(seen) != 2 || seen[0].Get("Authorization") != "Bearer first" || seen[1].Get("Authorization") != "Bearer second" {
		t.Errorf("FHIR requests = %v, want Bearer first then Bearer second", seen)
	}
	for _, h := range seen {
		if _, ok := h[http.CanonicalHeaderKey(PartnerIDHeader)]; ok {
			t.Errorf("x-partnerid sent with an empty partner id: %v", h)
		}
	}
	mu.Unlock()
	if len(src.invalidated) != 1 || src.invalidated[0] != "first" {
		t.Errorf("invalidated = %v, want [first]", src.invalidated)
	}

	resp, err = c.HTTPClient().Get(other.URL + "/fhir/Patient")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, h := range other.seen() {
		if h.Get("Authorization") != "" {
			t.Errorf("another origin received %q", h.Get("Authorization"))
		}
	}
}

func TestNewClientWithSourceErrors(t *testing.T) {
	if _, err := NewClientWithSource("https://fhir.example.org", "", nil); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("nil source: %v, want ErrInvalidConfig", err)
	}
	if _, err := NewClientWithSource("http://fhir.example.org", "", &fakeSource{}); !errors.Is(err, ErrInsecure) {
		t.Errorf("http base: %v, want ErrInsecure", err)
	}
	c, err := NewClientWithSource("https://fhir.example.org", "p", &fakeSource{tokens: []string{"a"}}, WithTimeout(7*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTPClient().Timeout != 7*time.Second || c.HTTPClient().CheckRedirect == nil {
		t.Errorf("client = %+v, want the timeout option and the redirect policy", c.HTTPClient())
	}
}

func TestTokenErrorExported(t *testing.T) {
	if TokenError(t.Context(), "https://a.example/token", nil) != nil {
		t.Error("TokenError(nil) != nil")
	}
	own := &Error{Kind: KindServer}
	if got := TokenError(t.Context(), "https://a.example/token", own); got != own {
		t.Errorf("an *Error is not returned as it is: %v", got)
	}
	re := &oauth2.RetrieveError{
		Response:         &http.Response{StatusCode: http.StatusBadRequest},
		Body:             []byte(`{"error":"invalid_grant","error_description":"refresh_token=SECRET"}`),
		ErrorCode:        "invalid_grant",
		ErrorDescription: "refresh_token=SECRET",
	}
	err := TokenError(t.Context(), "https://user:pw@a.example/token?x=SECRET", re)
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindRejected || e.Code != "invalid_grant" || e.Status != 400 ||
		e.URL != "https://a.example/token" {
		t.Errorf("TokenError = %#v, want KindRejected 400 invalid_grant at the redacted URL", err)
	}
	if msg := err.Error(); strings.Contains(msg, "SECRET") || strings.Contains(msg, "pw") {
		t.Errorf("message leaks: %q", msg)
	}
}

func TestCheckBearerExported(t *testing.T) {
	for _, tt := range []struct {
		tok  *oauth2.Token
		want bool
	}{
		{&oauth2.Token{AccessToken: "abc"}, true},
		{&oauth2.Token{AccessToken: "abc", TokenType: "BEARER"}, true},
		{&oauth2.Token{AccessToken: "abc", TokenType: "DPoP"}, false},
		{&oauth2.Token{AccessToken: "a\nb"}, false},
		{&oauth2.Token{}, false},
		{nil, false},
	} {
		err := CheckBearer("https://a.example/token", tt.tok)
		if (err == nil) != tt.want || (err != nil && !errors.Is(err, ErrTokenResponse)) {
			t.Errorf("CheckBearer(%+v) = %v, want ok=%v", tt.tok, err, tt.want)
		}
	}
	if RegisteredCode("access_denied") != "access_denied" || RegisteredCode("<b>x</b>") != "unregistered" || RegisteredCode("") != "" {
		t.Error("RegisteredCode does not keep only registered codes")
	}
	if got := RedactURL("https://u:p@a.example/x?q=1#f"); got != "https://a.example/x" {
		t.Errorf("RedactURL = %q", got)
	}
}
