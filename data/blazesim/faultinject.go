package blazesim

import (
	"maps"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// injector applies Config.Faults to the requests of one Server.
type injector struct {
	fs  Faults
	srv *Server

	mu            sync.Mutex
	seen          map[string]int // fault|page key -> requests of that page the fault selected
	injected      map[Fault]int
	tokenRequests int
	dataRequests  int
	revoked       bool
}

// pageKey identifies what a data request asks for, independent of arrival order and of how
// the URL spells its parameters.
type pageKey struct {
	resource string // lower-case resource segment: "observation"
	page     int
	id       string // the _id/id search parameter or the read id; "" for a plain search
}

func (k pageKey) String() string { return k.resource + "|" + strconv.Itoa(k.page) + "|" + k.id }

// anchor is the page every page fault hits: the first page of the imaging Observation search.
func (k pageKey) anchor() bool { return k.resource == "observation" && k.page == 1 && k.id == "" }

func keyOf(r *http.Request) pageKey {
	rest, _ := cutPrefixFold(r.URL.Path, FHIRBasePath+"/")
	seg, readID, _ := strings.Cut(rest, "/")
	v := r.URL.Query()
	k := pageKey{resource: strings.ToLower(seg), page: 1, id: strings.TrimSuffix(readID, "/")}
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n > 0 {
		k.page = n
	}
	for _, name := range []string{"_id", "_Id", "id", "_ID"} {
		if k.id == "" && v.Has(name) {
			k.id = v.Get(name)
		}
	}
	return k
}

// injectFaults wraps next with the configured faults; without any it returns next itself.
func (s *Server) injectFaults(next http.Handler) http.Handler {
	if len(s.cfg.Faults.Kinds) == 0 {
		return next
	}
	in := &injector{fs: s.cfg.Faults, srv: s, seen: map[string]int{}, injected: map[Fault]int{}}
	s.faults = in
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { in.serve(w, r, next) })
}

// FaultsInjected counts, per fault, the requests it has answered: for the link faults the pages
// whose links it bent, for FaultRevokeTokens the revocations. Faults that have not fired are
// absent.
func (s *Server) FaultsInjected() map[Fault]int {
	if s.faults == nil {
		return map[Fault]int{}
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return maps.Clone(s.faults.injected)
}

func (in *injector) record(f Fault) {
	in.mu.Lock()
	in.injected[f]++
	in.mu.Unlock()
}

func (in *injector) serve(w http.ResponseWriter, r *http.Request, next http.Handler) {
	if strings.EqualFold(r.URL.Path, TokenPath) {
		if in.fs.Has(FaultTokenDown) && in.tokenDown() {
			in.record(FaultTokenDown)
			w.Header().Set("Retry-After", retryAfterSeconds(in.fs.RetryAfter))
			writeOAuthError(w, http.StatusServiceUnavailable, "temporarily_unavailable")
			return
		}
		next.ServeHTTP(w, r)
		return
	}
	if r.Method != http.MethodGet || !isDataPath(r.URL.Path) {
		next.ServeHTTP(w, r)
		return
	}
	if in.fs.Has(FaultRevokeTokens) && in.revokeNow() {
		in.srv.RevokeTokens()
		in.record(FaultRevokeTokens)
	}
	k := keyOf(r)
	for _, f := range allFaults {
		if !in.fs.Has(f) {
			continue
		}
		if f.pageFault() {
			if n, hit := in.hitPage(f, k); hit {
				in.record(f)
				in.answer(f, n, w, r, next)
				return
			}
		}
		if f.linkFault() && in.hitSearch(f, k) {
			in.bend(f, w, r, next)
			return
		}
	}
	next.ServeHTTP(w, r)
}

// tokenDown counts a token request and reports whether the outage refuses it.
func (in *injector) tokenDown() bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.tokenRequests++
	n := in.tokenRequests - in.fs.TokenDownAfter
	return n >= 1 && n <= in.fs.TokenDown
}

// revokeNow counts a data request and reports whether it is the one before which every token
// is revoked.
func (in *injector) revokeNow() bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.dataRequests++
	if in.revoked || in.dataRequests < in.fs.RevokeAt {
		return false
	}
	in.revoked = true
	return true
}

// hitPage reports whether page fault f answers this request of page k, and which of the page's
// selected requests it is (1-based). Transient faults let a page through after Burst hits.
func (in *injector) hitPage(f Fault, k pageKey) (n int, hit bool) {
	if !k.anchor() && shareOf(in.fs.Seed, string(f)+"|"+k.String()) >= in.fs.Share {
		return 0, false
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	key := string(f) + "|" + k.String()
	in.seen[key]++
	n = in.seen[key]
	return n, !f.Transient() || n <= in.fs.Burst
}

// hitSearch reports whether link fault f bends the search k belongs to. Reads by id are never
// bent: clients do not page through them.
func (in *injector) hitSearch(f Fault, k pageKey) bool {
	if k.id != "" {
		return false
	}
	return k.resource == "observation" || shareOf(in.fs.Seed, string(f)+"|"+k.resource) < in.fs.Share
}

// answer serves request n (1-based) of a page that page fault f hits.
func (in *injector) answer(f Fault, n int, w http.ResponseWriter, r *http.Request, next http.Handler) {
	fhirJSON := wantsFHIRJSON(r)
	switch f {
	case FaultThrottleSeconds:
		w.Header().Set("Retry-After", retryAfterSeconds(in.fs.RetryAfter))
		writeOutcome(w, http.StatusTooManyRequests, fhirJSON, "throttled", "Too many requests; retry later")
	case FaultThrottleDate:
		w.Header().Set("Retry-After", retryAfterDate(time.Now(), in.fs.RetryAfter))
		writeOutcome(w, http.StatusTooManyRequests, fhirJSON, "throttled", "Too many requests; retry later")
	case FaultBurst5xx:
		writeGatewayError(w, fhirJSON, n)
	case FaultDropBody:
		c := capture(next, r)
		c.writeTo(w, c.body.Bytes(), c.body.Len()/2)
	case FaultSlow:
		t := time.NewTimer(in.fs.SlowDelay)
		defer t.Stop()
		select {
		case <-t.C:
			next.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	case FaultMalformedJSON:
		c := capture(next, r)
		body := c.body.Bytes()
		if c.status == http.StatusOK {
			body = body[:len(body)/2]
		}
		c.writeTo(w, body, len(body))
	case FaultWrongType:
		c := capture(next, r)
		body := c.body.Bytes()
		if c.status == http.StatusOK {
			if b, ok := swapEntryTypes(body); ok {
				body = b
			}
		}
		c.writeTo(w, body, len(body))
	case FaultOutcome200:
		writeOutcome(w, http.StatusOK, fhirJSON, "timeout", "Internal Error: the query timed out before all results were read")
	}
}

// bend serves the page with its links bent by link fault f, when it is a Bundle.
func (in *injector) bend(f Fault, w http.ResponseWriter, r *http.Request, next http.Handler) {
	c := capture(next, r)
	body := c.body.Bytes()
	if c.status == http.StatusOK {
		if b, ok := bendLinks(f, body, in.fs.ForeignOrigin); ok {
			body = b
			in.record(f)
		}
	}
	c.writeTo(w, body, len(body))
}

// writeGatewayError answers the nth request of a 5xx burst: 503 with an OperationOutcome, 502
// with an HTML page (as gateways send), 504 with plain text, in turn.
func writeGatewayError(w http.ResponseWriter, fhirJSON bool, n int) {
	switch (n - 1) % 3 {
	case 0:
		writeOutcome(w, http.StatusServiceUnavailable, fhirJSON, "transient", "Service Unavailable")
	case 1:
		body := []byte("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>\n")
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write(body) // an error means the client went away
	default:
		body := []byte("upstream request timeout")
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusGatewayTimeout)
		_, _ = w.Write(body) // an error means the client went away
	}
}

// retryAfterSeconds is d as Retry-After delta-seconds, rounded up.
func retryAfterSeconds(d time.Duration) string {
	return strconv.Itoa(int(math.Ceil(d.Seconds())))
}

// retryAfterDate is Retry-After as an HTTP-date at least d after now: HTTP-dates have whole
// seconds, so the instant is rounded up.
func retryAfterDate(now time.Time, d time.Duration) string {
	at := now.Add(d)
	if t := at.Truncate(time.Second); t.Before(at) {
		at = t.Add(time.Second)
	}
	return at.UTC().Format(http.TimeFormat)
}
