package smart

import (
	"crypto/subtle"
	"errors"
	"io"
	"net/http"
	"sync/atomic"

	"github.com/recistview/recistview/data/auth"
)

// CallbackPath is the path of the loopback redirect URI: http://127.0.0.1:PORT/callback.
const CallbackPath = "/callback"

// Browser pages of the loopback listener. They are fixed text: nothing from the request (code,
// state, error description) is ever echoed into them.
const (
	pageDone = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>RECIST View</title></head>` +
		`<body><p>You are signed in. You can close this window and return to RECIST View.</p></body></html>`
	pageDenied = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>RECIST View</title></head>` +
		`<body><p>Sign-in was not completed. You can close this window and return to RECIST View.</p></body></html>`
	pageIgnored = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>RECIST View</title></head>` +
		`<body><p>This sign-in response does not belong to the sign-in in progress and was ignored. ` +
		`You can close this window and return to RECIST View.</p></body></html>`
	pageUsed = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>RECIST View</title></head>` +
		`<body><p>This sign-in has already been completed. You can close this window and return to RECIST View.</p></body></html>`
	pageNotFound = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>RECIST View</title></head>` +
		`<body><p>Not found.</p></body></html>`
)

var errNoCode = errors.New("the response has neither a code nor an error")

// callbackResult is what the one accepted callback delivered: a code, or an error.
type callbackResult struct {
	code string
	err  error
}

// callbackHandler serves the loopback redirect URI of one sign-in attempt (security.md rule 12).
//
// It accepts exactly one callback whose state matches (compared in constant time) and delivers
// its result on result. A request with a missing, repeated or wrong state, or for another host,
// path or method, is refused with a fixed page and does not end the wait: it may be a stale tab
// or a forged request, and the genuine callback can still arrive. Every later callback, even
// with the right state, is refused.
type callbackHandler struct {
	state  string
	host   string // "127.0.0.1:PORT", the Host of a genuine callback
	used   atomic.Bool
	result chan callbackResult // buffered 1; written at most once
}

func newCallbackHandler(state, host string) *callbackHandler {
	return &callbackHandler{state: state, host: host, result: make(chan callbackResult, 1)}
}

func (h *callbackHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("Referrer-Policy", "no-referrer") // the page's URL holds the code
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Content-Security-Policy", "default-src 'none'")

	switch {
	case r.URL.Path != CallbackPath:
		page(w, http.StatusNotFound, pageNotFound)
		return
	case r.Method != http.MethodGet:
		hdr.Set("Allow", http.MethodGet)
		page(w, http.StatusMethodNotAllowed, pageIgnored)
		return
	case r.Host != h.host: // e.g. a DNS-rebound name pointing at 127.0.0.1
		page(w, http.StatusBadRequest, pageIgnored)
		return
	}
	q := r.URL.Query()
	states := q["state"]
	if len(states) != 1 || subtle.ConstantTimeCompare([]byte(states[0]), []byte(h.state)) != 1 {
		page(w, http.StatusBadRequest, pageIgnored)
		return
	}
	if !h.used.CompareAndSwap(false, true) {
		page(w, http.StatusGone, pageUsed)
		return
	}

	var res callbackResult
	codes := q["code"]
	switch {
	case q.Has("error"):
		// The description and URI are server text that could carry anything: not kept.
		code := auth.RegisteredCode(q.Get("error"))
		if code == "" { // "error=" with no value
			code = "unregistered"
		}
		res.err = &Error{Kind: KindDenied, Code: code}
		page(w, http.StatusOK, pageDenied)
	case len(codes) == 1 && codes[0] != "":
		res.code = codes[0]
		page(w, http.StatusOK, pageDone)
	default:
		res.err = &Error{Kind: KindCallback, Err: errNoCode}
		page(w, http.StatusBadRequest, pageDenied)
	}
	select {
	case h.result <- res: // buffered: never blocks for the one accepted callback
	default:
	}
}

func page(w http.ResponseWriter, status int, body string) {
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}
