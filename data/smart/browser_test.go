package smart

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"sync"
	"testing"
	"time"
)

const closePhrase = "You can close this window and return to RECIST View"

// browser is a fake system browser: open records the URL and loads it, following redirects
// (from the authorization endpoint back to the loopback listener) as a real browser would.
type browser struct {
	mu     sync.Mutex
	opened []string
	pages  []shownPage
}

type shownPage struct {
	url    string
	status int
	body   string
}

func (b *browser) open(u string) error {
	b.mu.Lock()
	b.opened = append(b.opened, u)
	b.mu.Unlock()
	_, err := b.get(u, "")
	return err
}

// get loads u (with the Host header set to host, if given) and records the final page.
func (b *browser) get(u, host string) (shownPage, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return shownPage{}, err
	}
	if host != "" {
		req.Host = host
	}
	resp, err := (&http.Client{Timeout: time.Minute}).Do(req)
	if err != nil {
		return shownPage{}, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	p := shownPage{url: resp.Request.URL.String(), status: resp.StatusCode, body: string(body)}
	b.mu.Lock()
	b.pages = append(b.pages, p)
	b.mu.Unlock()
	return p, nil
}

func (b *browser) lastPage(t *testing.T) shownPage {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.pages) == 0 {
		t.Fatal("the browser showed no page")
	}
	return b.pages[len(b.pages)-1]
}

func (b *browser) openedURLs() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.opened...)
}

func loginConfig(t *testing.T, s *fakeServer, secret string) LoginConfig {
	return LoginConfig{
		FHIRBase:     s.FHIRBase(),
		Server:       s.configuration(t),
		ClientID:     testClientID,
		ClientSecret: secret,
		Scopes:       []string{"openid", "fhirUser", "user/*.rs", "offline_access"},
	}
}

var redirectRE = regexp.MustCompile(`^http://127\.0\.0\.1:([0-9]+)/callback$`)

// assertListenerClosed checks that nothing listens on the redirect URI's port any more.
func assertListenerClosed(t *testing.T, redirectURI string) {
	t.Helper()
	u, err := url.Parse(redirectURI)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := net.Dial("tcp4", u.Host); err == nil {
		c.Close()
		t.Errorf("the loopback listener %s still accepts connections", u.Host)
	}
}

func mustQuery(t *testing.T, raw string) url.Values {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}
