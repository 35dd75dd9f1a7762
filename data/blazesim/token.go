package blazesim

import (
	"crypto/rand"
	"crypto/subtle"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// tokenGrant is what an access token stands for.
type tokenGrant struct {
	partner *Partner
	expires time.Time
}

// tokenStore keeps the issued access tokens server-side, with their expiry.
type tokenStore struct {
	mu     sync.Mutex
	tokens map[string]tokenGrant
}

// issue stores a fresh token for p, dropping expired ones so the store stays small.
func (t *tokenStore) issue(p *Partner, now time.Time, ttl time.Duration) string {
	tok := newAccessToken()
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, g := range t.tokens {
		if !now.Before(g.expires) {
			delete(t.tokens, k)
		}
	}
	t.tokens[tok] = tokenGrant{partner: p, expires: now.Add(ttl)}
	return tok
}

// lookup returns the partner of a token that is known and not expired at now.
func (t *tokenStore) lookup(tok string, now time.Time) (*Partner, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	g, ok := t.tokens[tok]
	if !ok {
		return nil, false
	}
	if !now.Before(g.expires) {
		delete(t.tokens, tok)
		return nil, false
	}
	return g.partner, true
}

func (t *tokenStore) revokeAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	clear(t.tokens)
}

const tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// newAccessToken returns an opaque token shaped like MSK's: "AAIg" and 166 random
// alphanumerics (about 980 bits).
func newAccessToken() string {
	raw := make([]byte, 166)
	rand.Read(raw) // never fails (crypto/rand.Read panics instead of returning an error)
	b := make([]byte, 0, 4+len(raw))
	b = append(b, "AAIg"...)
	for _, c := range raw {
		b = append(b, tokenAlphabet[int(c)%len(tokenAlphabet)])
	}
	return string(b)
}

// serveToken is the client-credentials token endpoint: credentials, grant_type and scope in
// the form body (HTTP Basic alone is refused), answers shaped like fixtures/token-response.json.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeOAuthError(w, http.StatusMethodNotAllowed, "invalid_request")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request")
		return
	}
	form := r.PostForm
	id, secret, grant, scope := form.Get("client_id"), form.Get("client_secret"), form.Get("grant_type"), form.Get("scope")
	switch {
	case id == "" || secret == "" || grant == "":
		writeOAuthError(w, http.StatusBadRequest, "invalid_request")
		return
	case grant != "client_credentials":
		writeOAuthError(w, http.StatusBadRequest, "unsupported_grant_type")
		return
	case scope != "full":
		writeOAuthError(w, http.StatusBadRequest, "invalid_scope")
		return
	}
	p := s.partners[id]
	if p == nil || subtle.ConstantTimeCompare([]byte(secret), []byte(p.ClientSecret)) != 1 {
		writeOAuthError(w, http.StatusUnauthorized, "invalid_client")
		return
	}
	now := s.cfg.Now()
	tok := s.tokens.issue(p, now, s.cfg.TokenTTL)
	b := make([]byte, 0, 320)
	b = append(b, `{"token_type":"Bearer","access_token":"`...)
	b = append(b, tok...)
	b = append(b, `","scope":"full","expires_in":`...)
	b = strconv.AppendInt(b, int64(s.cfg.TokenTTL/time.Second), 10)
	b = append(b, `,"consented_on":`...)
	b = strconv.AppendInt(b, now.Unix(), 10)
	b = append(b, '}')
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusOK, b)
}

// writeOAuthError answers an RFC 6749 §5.2 error. It never echoes what the client sent.
func writeOAuthError(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, []byte(`{"error":"`+code+`"}`))
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body) // an error means the client went away; nothing to do
}
