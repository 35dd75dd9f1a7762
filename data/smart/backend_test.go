package smart

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/recistview/recistview/data/auth"
)

const testKeyID = "recist-key-2025"

var (
	keysOnce sync.Once
	rsaKey   *rsa.PrivateKey
	ecKey    *ecdsa.PrivateKey
)

// testKeys returns an RSA 2048 and an ECDSA P-384 key, generated once per test binary.
func testKeys(t testing.TB) (*rsa.PrivateKey, *ecdsa.PrivateKey) {
	t.Helper()
	keysOnce.Do(func() {
		var err error
		if rsaKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if ecKey, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader); err != nil {
			panic(err)
		}
	})
	return rsaKey, ecKey
}

// assertion is a client assertion as the fake token server decoded and verified it.
type assertion struct {
	raw    string
	header map[string]any
	claims map[string]any
	err    error // why verification failed, or nil
}

// verifyAssertion decodes a compact JWS and verifies its signature with pub, as a SMART
// authorization server does with the registered public key.
func verifyAssertion(raw string, pub crypto.PublicKey) assertion {
	a := assertion{raw: raw}
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		a.err = fmt.Errorf("%d parts, want 3", len(parts))
		return a
	}
	for i, dst := range []*map[string]any{&a.header, &a.claims} {
		b, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err == nil {
			err = json.Unmarshal(b, dst)
		}
		if err != nil {
			a.err = fmt.Errorf("part %d: %v", i, err)
			return a
		}
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		a.err = err
		return a
	}
	digest := sha512.Sum384([]byte(parts[0] + "." + parts[1]))
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if a.header["alg"] != "RS384" {
			a.err = fmt.Errorf("alg %v for an RSA key", a.header["alg"])
		} else if err := rsa.VerifyPKCS1v15(k, crypto.SHA384, digest[:], sig); err != nil {
			a.err = err
		}
	case *ecdsa.PublicKey:
		r, s := new(big.Int).SetBytes(sig[:min(48, len(sig))]), new(big.Int).SetBytes(sig[min(48, len(sig)):])
		if a.header["alg"] != "ES384" || len(sig) != 96 {
			a.err = fmt.Errorf("alg %v, %d signature bytes; want ES384, 96", a.header["alg"], len(sig))
		} else if !ecdsa.Verify(k, digest[:], r, s) {
			a.err = errors.New("ECDSA signature does not verify")
		}
	}
	return a
}

// backendServer makes s's token endpoint a SMART Backend Services endpoint that verifies each
// client assertion with pub and answers 401 invalid_client when it does not verify.
func backendServer(s *fakeServer, pub crypto.PublicKey) *assertionLog {
	seen := &assertionLog{}
	s.token = func(w http.ResponseWriter, r *http.Request, n int) {
		a := verifyAssertion(r.PostForm.Get("client_assertion"), pub)
		seen.mu.Lock()
		seen.list = append(seen.list, a)
		seen.mu.Unlock()
		if a.err != nil {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":"invalid_client"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":"at-%d","token_type":"bearer","expires_in":300,"scope":%q}`, n, r.PostForm.Get("scope"))
	}
	return seen
}

// assertionLog is what a backendServer verified, in order.
type assertionLog struct {
	mu   sync.Mutex
	list []assertion
}

func (l *assertionLog) all() []assertion {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]assertion(nil), l.list...)
}

func keysOf(m map[string]any) string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	sort.Strings(k)
	return strings.Join(k, ",")
}

// security.md rule 15: a fresh, verifiable client assertion per token request — RS384 or ES384,
// kid and typ JWT, iss = sub = client id, aud = token URL, exp ≤ 5 minutes, unique jti.
func TestBackendAssertion(t *testing.T) {
	rk, ek := testKeys(t)
	tests := []struct {
		name     string
		key      crypto.Signer
		alg      string
		lifetime time.Duration
		scope    string
	}{
		{"RS384", rk, "RS384", 0, ""},
		{"ES384", ek, "ES384", 0, ""},
		{"ES384 short lifetime and scope", ek, "ES384", 90 * time.Second, "system/Patient.rs system/Observation.rs"},
		{"RS384 max lifetime", rk, "RS384", MaxAssertionLifetime, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t)
			seen := backendServer(s, tt.key.Public())
			src, err := NewBackendSource(t.Context(), BackendConfig{
				TokenURL: s.TokenURL(), ClientID: testClientID, KeyID: testKeyID, Key: tt.key,
				Scope: tt.scope, AssertionLifetime: tt.lifetime,
			})
			if err != nil {
				t.Fatal(err)
			}
			before := time.Now()
			for i := 1; i <= 2; i++ {
				tok, err := src.TokenContext(t.Context())
				if err != nil || tok.AccessToken != fmt.Sprintf("at-%d", i) {
					t.Fatalf("token %d: %v, %v", i, tok, err)
				}
				src.Invalidate(tok) // the next call makes a new token request
			}
			after := time.Now()

			wantScope := tt.scope
			if wantScope == "" {
				wantScope = "system/*.rs"
			}
			lifetime := tt.lifetime
			if lifetime == 0 {
				lifetime = DefaultAssertionLifetime
			}
			reqs, verified := s.tokenRequests(), seen.all()
			if len(reqs) != 2 || len(verified) != 2 {
				t.Fatalf("token requests = %d, want 2", len(reqs))
			}
			jtis := map[any]bool{}
			for i, r := range reqs {
				if r.Method != http.MethodPost || r.Path != tokenPth || r.Header.Get("Authorization") != "" {
					t.Errorf("request %d: %s %s, Authorization %q", i, r.Method, r.Path, r.Header.Get("Authorization"))
				}
				want := url.Values{
					"grant_type":            {"client_credentials"},
					"scope":                 {wantScope},
					"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
					"client_assertion":      {r.Form.Get("client_assertion")},
				}
				if got, w := formString(r.Form), formString(want); got != w {
					t.Errorf("request %d form =\n%s\nwant\n%s", i, got, w)
				}
				a := verified[i]
				if a.err != nil {
					t.Fatalf("assertion %d does not verify: %v", i, a.err)
				}
				if keysOf(a.header) != "alg,kid,typ" || a.header["alg"] != tt.alg || a.header["kid"] != testKeyID || a.header["typ"] != "JWT" {
					t.Errorf("header %d = %v", i, a.header)
				}
				c := a.claims
				if keysOf(c) != "aud,exp,iss,jti,sub" || c["iss"] != testClientID || c["sub"] != testClientID || c["aud"] != s.TokenURL() {
					t.Errorf("claims %d = %v", i, c)
				}
				exp, _ := c["exp"].(float64)
				if exp <= float64(before.Unix()) || exp > float64(after.Add(lifetime).Unix()) || exp > float64(after.Add(5*time.Minute).Unix()) {
					t.Errorf("exp %d = %v, want within (%d, %d]", i, exp, before.Unix(), after.Add(lifetime).Unix())
				}
				jti, _ := c["jti"].(string)
				if b, err := base64.RawURLEncoding.DecodeString(jti); err != nil || len(b) < 16 {
					t.Errorf("jti %q: want ≥ 128 random bits", jti)
				}
				jtis[jti] = true
			}
			if len(jtis) != 2 || reqs[0].Form.Get("client_assertion") == reqs[1].Form.Get("client_assertion") {
				t.Error("the two token requests reuse the assertion or its jti")
			}
		})
	}
}

// The fake server refuses an assertion signed with another key: the check above can fail.
func TestBackendWrongKeyRejected(t *testing.T) {
	_, ek := testKeys(t)
	other, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t)
	backendServer(s, &other.PublicKey)
	src, err := NewBackendSource(t.Context(), BackendConfig{TokenURL: s.TokenURL(), ClientID: testClientID, KeyID: testKeyID, Key: ek})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.TokenContext(t.Context()); !errors.Is(err, auth.ErrRejected) {
		t.Errorf("err = %v, want auth.ErrRejected", err)
	}
	if n := len(s.tokenRequests()); n != 1 {
		t.Errorf("token requests = %d, want 1 (no retry)", n)
	}
}

// No assertion in the error of a token endpoint that echoes everything.
func TestBackendErrorsDoNotLeak(t *testing.T) {
	_, ek := testKeys(t)
	for _, status := range []int{http.StatusUnauthorized, http.StatusOK} {
		s := newTestServer(t)
		s.token = echoError(status)
		src, err := NewBackendSource(t.Context(), BackendConfig{TokenURL: s.TokenURL(), ClientID: testClientID, KeyID: testKeyID, Key: ek})
		if err != nil {
			t.Fatal(err)
		}
		_, err = src.TokenContext(t.Context())
		if err == nil {
			t.Fatal("no error from an error response")
		}
		sent := s.tokenRequests()[0].Form.Get("client_assertion")
		assertNoLeak(t, err.Error(), sent, strings.Split(sent, ".")[2], "eyJ")
	}
}

// security.md rule 3: the token request runs on the root context.
func TestBackendLivesOnRootContext(t *testing.T) {
	_, ek := testKeys(t)
	s := newTestServer(t)
	backendServer(s, &ek.PublicKey)
	verify := s.token
	g := newGate(t)
	s.token = func(w http.ResponseWriter, r *http.Request, n int) {
		g.hold(r)
		verify(w, r, n)
	}
	src, err := NewBackendSource(t.Context(), BackendConfig{TokenURL: s.TokenURL(), ClientID: testClientID, KeyID: testKeyID, Key: ek})
	if err != nil {
		t.Fatal(err)
	}
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
	if tok, err := src.TokenContext(t.Context()); err != nil || tok.AccessToken != "at-1" {
		t.Fatalf("later caller: %v, %v; want at-1", tok, err)
	}
	if n := len(s.tokenRequests()); n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
}

// The backend source plugs into auth.NewClientWithSource: bearer token for the FHIR origin only.
func TestBackendThroughClient(t *testing.T) {
	rk, _ := testKeys(t)
	s := newTestServer(t)
	backendServer(s, &rk.PublicKey)
	other := newTestServer(t)
	src, err := NewBackendSource(t.Context(), BackendConfig{TokenURL: s.TokenURL(), ClientID: testClientID, KeyID: testKeyID, Key: rk})
	if err != nil {
		t.Fatal(err)
	}
	c, err := auth.NewClientWithSource(s.FHIRBase(), "", src)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{s.FHIRBase() + "/Patient", other.FHIRBase() + "/Patient"} {
		if status, err := get(t, c.HTTPClient(), u); err != nil || status != http.StatusOK {
			t.Fatalf("GET %s: %d, %v", u, status, err)
		}
	}
	if f := s.fhirRequests(); len(f) != 1 || f[0].Header.Get("Authorization") != "Bearer at-1" {
		t.Errorf("FHIR requests = %v, want one with Bearer at-1", f)
	}
	if f := other.fhirRequests(); len(f) != 1 || f[0].Header.Get("Authorization") != "" {
		t.Errorf("another origin got %v", f)
	}
}

func TestBackendConfigInvalid(t *testing.T) {
	rk, ek := testKeys(t)
	p256, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	good := BackendConfig{TokenURL: "https://auth.example.org/token", ClientID: "c", KeyID: "k", Key: ek}
	tests := []struct {
		name string
		edit func(*BackendConfig)
		want error
	}{
		{"http token URL", func(c *BackendConfig) { c.TokenURL = "http://auth.example.org/token" }, auth.ErrInsecure},
		{"no client id", func(c *BackendConfig) { c.ClientID = "" }, ErrInvalidConfig},
		{"no key id", func(c *BackendConfig) { c.KeyID = "" }, ErrInvalidConfig},
		{"no key", func(c *BackendConfig) { c.Key = nil }, ErrKey},
		{"P-256 key", func(c *BackendConfig) { c.Key = p256 }, ErrKey},
		{"lifetime over 5 minutes", func(c *BackendConfig) { c.AssertionLifetime = 5*time.Minute + time.Second }, ErrInvalidConfig},
	}
	for _, tt := range tests {
		cfg := good
		tt.edit(&cfg)
		if _, err := NewBackendSource(t.Context(), cfg); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	cfg := good
	cfg.Key = rk
	out := fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg)
	if strings.Contains(out, rk.D.String()) || strings.Contains(out, rk.N.String()) || !strings.Contains(out, "RS384") {
		t.Errorf("BackendConfig prints its key: %.200s", out)
	}
}
