package blazesim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/recistview/recistview/data/fixtures"
)

// keysOf returns the top-level keys of a JSON object in document order.
func keysOf(t *testing.T, body []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %s", body)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func TestTokenSuccessShapedLikeFixture(t *testing.T) {
	h := newHarness(t, nil)
	resp, body := h.postToken(credentials(DemoClientID, DemoClientSecret))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	if got, want := keysOf(t, body), keysOf(t, fixtures.Bytes(fixtures.TokenResponse)); !slices.Equal(got, want) {
		t.Errorf("keys %v, want %v", got, want)
	}
	var tr struct {
		TokenType   string `json:"token_type"`
		AccessToken string `json:"access_token"`
		Scope       string `json:"scope"`
		ExpiresIn   int    `json:"expires_in"`
		ConsentedOn int64  `json:"consented_on"`
	}
	if err := json.Unmarshal(body, &tr); err != nil {
		t.Fatal(err)
	}
	if tr.TokenType != "Bearer" || tr.Scope != "full" || tr.ExpiresIn != 3600 || tr.ConsentedOn != h.clock.Now().Unix() {
		t.Errorf("token response %+v", tr)
	}
	if len(tr.AccessToken) < 100 || strings.Trim(tr.AccessToken, tokenAlphabet) != "" {
		t.Errorf("access token %q is not a long opaque alphanumeric string", tr.AccessToken)
	}
	if again := h.mustToken(DemoClientID, DemoClientSecret); again == tr.AccessToken {
		t.Error("two token requests gave the same token")
	}
}

func TestTokenTTLIsConfigurable(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.TokenTTL = 90 * time.Second })
	_, body := h.postToken(credentials(DemoClientID, DemoClientSecret))
	if !bytes.Contains(body, []byte(`"expires_in":90,`)) {
		t.Errorf("expires_in not 90: %s", body)
	}
}

func TestTokenErrors(t *testing.T) {
	h := newHarness(t, nil)
	form := func(mutate func(url.Values)) url.Values {
		f := credentials(DemoClientID, DemoClientSecret)
		mutate(f)
		return f
	}
	tests := []struct {
		name   string
		form   url.Values
		basic  bool
		status int
		code   string
	}{
		{"wrong secret", form(func(f url.Values) { f.Set("client_secret", "not-the-secret") }), false, 401, "invalid_client"},
		{"unknown client", form(func(f url.Values) { f.Set("client_id", "someone-else") }), false, 401, "invalid_client"},
		{"restricted id with demo secret", form(func(f url.Values) { f.Set("client_id", RestrictedClientID) }), false, 401, "invalid_client"},
		{"basic only", form(func(f url.Values) { f.Del("client_id"); f.Del("client_secret") }), true, 400, "invalid_request"},
		{"no grant type", form(func(f url.Values) { f.Del("grant_type") }), false, 400, "invalid_request"},
		{"authorization code grant", form(func(f url.Values) { f.Set("grant_type", "authorization_code") }), false, 400, "unsupported_grant_type"},
		{"wrong scope", form(func(f url.Values) { f.Set("scope", "oob") }), false, 400, "invalid_scope"},
		{"no scope", form(func(f url.Values) { f.Del("scope") }), false, 400, "invalid_scope"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, h.ts.URL+TokenPath, strings.NewReader(tc.form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.basic {
				req.SetBasicAuth(DemoClientID, DemoClientSecret)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body := readAll(t, resp)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
			}
			if want := `{"error":"` + tc.code + `"}`; string(body) != want {
				t.Errorf("body %s, want %s", body, want)
			}
			if secret := tc.form.Get("client_secret"); secret != "" && bytes.Contains(body, []byte(secret)) {
				t.Error("error response echoes the secret")
			}
		})
	}
}

func TestTokenNeedsFormBodyAndPost(t *testing.T) {
	h := newHarness(t, nil)
	resp, err := http.Post(h.ts.URL+TokenPath+"?"+credentials(DemoClientID, DemoClientSecret).Encode(), "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	if body := readAll(t, resp); resp.StatusCode != 400 || string(body) != `{"error":"invalid_request"}` {
		t.Errorf("credentials in the query: %d %s", resp.StatusCode, body)
	}
	resp, err = http.Get(h.ts.URL + TokenPath)
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, resp)
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != http.MethodPost {
		t.Errorf("GET token: %d Allow=%q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}
