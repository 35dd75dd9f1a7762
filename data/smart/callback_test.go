package smart

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func serve(h http.Handler, method, target, host string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	r.Host = host
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// security.md rule 12: the listener accepts one valid callback; later ones, even with the right
// state, are refused, and the result is delivered exactly once.
func TestCallbackAcceptsOne(t *testing.T) {
	const host = "127.0.0.1:49152"
	h := newCallbackHandler("the-state", host)

	w := serve(h, http.MethodGet, "/callback?code=c1&state=the-state", host)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), closePhrase) || strings.Contains(w.Body.String(), "c1") {
		t.Errorf("first callback: %d %q", w.Code, w.Body.String())
	}
	for _, hdr := range [][2]string{
		{"Cache-Control", "no-store"},
		{"Referrer-Policy", "no-referrer"},
		{"Content-Type", "text/html; charset=utf-8"},
		{"Content-Security-Policy", "default-src 'none'"},
	} {
		if got := w.Header().Get(hdr[0]); got != hdr[1] {
			t.Errorf("%s = %q, want %q", hdr[0], got, hdr[1])
		}
	}
	w = serve(h, http.MethodGet, "/callback?code=c2&state=the-state", host)
	if w.Code != http.StatusGone || !strings.Contains(w.Body.String(), "already been completed") {
		t.Errorf("second callback: %d %q, want 410", w.Code, w.Body.String())
	}
	w = serve(h, http.MethodGet, "/callback?error=access_denied&state=the-state", host)
	if w.Code != http.StatusGone {
		t.Errorf("third callback: %d, want 410", w.Code)
	}

	res := <-h.result
	if res.code != "c1" || res.err != nil {
		t.Errorf("result = %+v, want code c1", res)
	}
	select {
	case extra := <-h.result:
		t.Errorf("a second result was delivered: %+v", extra)
	default:
	}
}

func TestCallbackRefusals(t *testing.T) {
	const host = "127.0.0.1:49152"
	tests := []struct {
		name, method, target, host string
		status                     int
	}{
		{"other path", http.MethodGet, "/favicon.ico", host, http.StatusNotFound},
		{"path prefix", http.MethodGet, "/callback/x?code=c&state=s", host, http.StatusNotFound},
		{"POST", http.MethodPost, "/callback?code=c&state=s", host, http.StatusMethodNotAllowed},
		{"other host", http.MethodGet, "/callback?code=c&state=s", "localhost:49152", http.StatusBadRequest},
		{"no state", http.MethodGet, "/callback?code=c", host, http.StatusBadRequest},
		{"empty state", http.MethodGet, "/callback?code=c&state=", host, http.StatusBadRequest},
		{"wrong state", http.MethodGet, "/callback?code=c&state=S", host, http.StatusBadRequest},
		{"state prefix", http.MethodGet, "/callback?code=c&state=s2", host, http.StatusBadRequest},
		{"two states", http.MethodGet, "/callback?code=c&state=s&state=s", host, http.StatusBadRequest},
	}
	for _, tt := range tests {
		h := newCallbackHandler("s", host)
		w := serve(h, tt.method, tt.target, tt.host)
		if w.Code != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, w.Code, tt.status)
		}
		if h.used.Load() {
			t.Errorf("%s: the refused request used up the one callback", tt.name)
		}
		select {
		case res := <-h.result:
			t.Errorf("%s: delivered %+v", tt.name, res)
		default:
		}
	}
}

func TestCallbackResults(t *testing.T) {
	const host = "127.0.0.1:49152"
	tests := []struct {
		target string
		code   string
		want   error
		status int
	}{
		{"/callback?code=abc&state=s", "abc", nil, http.StatusOK},
		{"/callback?error=access_denied&error_description=nope&state=s", "", ErrDenied, http.StatusOK},
		{"/callback?code=abc&error=server_error&state=s", "", ErrDenied, http.StatusOK},
		{"/callback?state=s", "", ErrCallback, http.StatusBadRequest},
		{"/callback?code=&state=s", "", ErrCallback, http.StatusBadRequest},
		{"/callback?code=a&code=b&state=s", "", ErrCallback, http.StatusBadRequest},
	}
	for _, tt := range tests {
		h := newCallbackHandler("s", host)
		w := serve(h, http.MethodGet, tt.target, host)
		res := <-h.result
		if w.Code != tt.status || res.code != tt.code || (tt.want == nil) != (res.err == nil) ||
			(tt.want != nil && !errors.Is(res.err, tt.want)) {
			t.Errorf("%s: status %d, result %+v; want %d, code %q, err %v", tt.target, w.Code, res, tt.status, tt.code, tt.want)
		}
		if strings.Contains(w.Body.String(), "nope") {
			t.Errorf("%s: page echoes the description", tt.target)
		}
	}
}
