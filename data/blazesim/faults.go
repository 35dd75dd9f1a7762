package blazesim

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Fault is one kind of hostile-network behaviour the simulator can inject (Config.Faults). Each
// is deterministic: which requests it hits follows from Faults.Seed and the request itself
// (resource, page, id), never from arrival order, so concurrent clients see the same faults.
type Fault string

// The faults. Transient ones recover after Faults.Burst hits of the same page, so a client with
// sane retries survives them; structural ones are persistent for the page or search they hit, so
// a correct client must fail with a clear error instead of showing partial data as complete.
const (
	// FaultThrottleSeconds answers 429 with Retry-After in delta-seconds. Transient.
	FaultThrottleSeconds Fault = "throttle-seconds"
	// FaultThrottleDate answers 429 with Retry-After as an HTTP-date. Transient.
	FaultThrottleDate Fault = "throttle-date"
	// FaultBurst5xx answers a burst of 503, 502 (an HTML body, as gateways send) and 504.
	// Transient.
	FaultBurst5xx Fault = "burst-5xx"
	// FaultDropBody sends the headers and half the body, then drops the connection: the
	// Content-Length is longer than what arrives. Transient.
	FaultDropBody Fault = "drop-body"
	// FaultSlow holds the response for Faults.SlowDelay (or until the client gives up), past a
	// client's request time-out. Transient.
	FaultSlow Fault = "slow"
	// FaultTokenDown makes the token endpoint answer 503 temporarily_unavailable for
	// Faults.TokenDown token requests after the first Faults.TokenDownAfter. Clients must not
	// retry token requests by themselves, so a sign-in during the outage fails.
	FaultTokenDown Fault = "token-down"
	// FaultRevokeTokens revokes every access token once, just before the data request number
	// Faults.RevokeAt is handled: that request and any other with an old token get 401.
	// Transient: one fresh token cures it.
	FaultRevokeTokens Fault = "revoke-tokens"
	// FaultNextCycle drops the `last` link of a search (so that clients follow `next`) and bends
	// `next` back to the page before (page 1 keeps its real `next`; a single page links to
	// itself). Structural.
	FaultNextCycle Fault = "next-cycle"
	// FaultNextForeign drops `last` and points `next` at Faults.ForeignOrigin. Structural.
	FaultNextForeign Fault = "next-foreign"
	// FaultMalformedJSON answers 200 with the first half of the page: complete HTTP, broken
	// JSON. Structural.
	FaultMalformedJSON Fault = "malformed-json"
	// FaultWrongType answers a valid searchset Bundle whose entries are of another resource
	// type than the search asked for. Structural.
	FaultWrongType Fault = "wrong-type"
	// FaultOutcome200 answers an error OperationOutcome with status 200. Structural.
	FaultOutcome200 Fault = "outcome-200"
)

// allFaults lists every fault in the order they are documented (and checked per request).
var allFaults = []Fault{
	FaultThrottleSeconds, FaultThrottleDate, FaultBurst5xx, FaultDropBody, FaultSlow,
	FaultTokenDown, FaultRevokeTokens,
	FaultNextCycle, FaultNextForeign, FaultMalformedJSON, FaultWrongType, FaultOutcome200,
}

// AllFaults returns every fault the simulator knows, transient ones first.
func AllFaults() []Fault { return slices.Clone(allFaults) }

// Transient reports whether a client with sane retries (and one re-authentication after a 401)
// gets the same data as without the fault. FaultTokenDown is not: the sign-in it hits fails,
// because token requests are never retried automatically.
func (f Fault) Transient() bool {
	switch f {
	case FaultThrottleSeconds, FaultThrottleDate, FaultBurst5xx, FaultDropBody, FaultSlow, FaultRevokeTokens:
		return true
	}
	return false
}

// valid reports whether f is a known fault.
func (f Fault) valid() bool { return slices.Contains(allFaults, f) }

// linkFault reports whether f bends a search's paging links rather than answering one page.
func (f Fault) linkFault() bool { return f == FaultNextCycle || f == FaultNextForeign }

// pageFault reports whether f answers (some of) the requests for one page itself.
func (f Fault) pageFault() bool {
	return f != FaultTokenDown && f != FaultRevokeTokens && !f.linkFault()
}

// ParseFaults reads a comma-separated list of fault names ("burst-5xx,slow"); "" is none and
// "all" is every fault. An unknown name is an error that lists the known ones.
func ParseFaults(s string) ([]Fault, error) {
	var out []Fault
	for _, name := range strings.Split(s, ",") {
		name = strings.ToLower(strings.TrimSpace(name))
		switch {
		case name == "":
			continue
		case name == "all":
			out = append(out, allFaults...)
			continue
		case !Fault(name).valid():
			return nil, fmt.Errorf("%w: unknown fault %q (known: %s)", ErrConfig, name, faultNames())
		}
		if !slices.Contains(out, Fault(name)) {
			out = append(out, Fault(name))
		}
	}
	return out, nil
}

func faultNames() string {
	names := make([]string, len(allFaults))
	for i, f := range allFaults {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// Defaults of Faults; zero fields fall back to them.
const (
	// DefaultFaultShare is the share of pages (searches, for link faults) a fault hits besides
	// the one it always hits.
	DefaultFaultShare = 0.2
	// DefaultFaultBurst is how many times in a row a transient fault hits the same page.
	DefaultFaultBurst = 2
	// DefaultRetryAfter is the wait a throttling answer asks for.
	DefaultRetryAfter = time.Second
	// DefaultSlowDelay is how long a slow response is held.
	DefaultSlowDelay = 5 * time.Second
	// DefaultTokenDown is how many token requests the token endpoint refuses.
	DefaultTokenDown = 1
	// DefaultForeignOrigin is where FaultNextForeign points `next` when no origin is given.
	DefaultForeignOrigin = "https://foreign.invalid"
)

// Faults says which faults a Server injects and where. The zero value injects nothing.
//
// Which requests a fault hits: every page fault always hits the first page of the imaging
// Observation search (the largest search of a study load) and, besides, each other page with
// probability Share drawn from Seed and the page's identity (resource, page number, id). A link
// fault bends the Observation search and, with probability Share, each other search.
// Transient faults hit a page Burst times in a row and then let it through; structural ones hit
// it every time.
type Faults struct {
	// Kinds are the faults to inject; several may be combined (a request gets the first that
	// applies, in the order of AllFaults).
	Kinds []Fault
	// Seed picks the pages hit besides the Observation search's; same seed, same pages.
	Seed int64
	// Share is the share (0–1) of other pages or searches hit; 0 means DefaultFaultShare.
	Share float64
	// Burst is how many consecutive requests for a page a transient fault hits before the page
	// recovers; 0 means DefaultFaultBurst.
	Burst int
	// RetryAfter is the wait the throttling faults ask for (whole seconds, rounded up; the
	// HTTP-date form is that far ahead); 0 means DefaultRetryAfter.
	RetryAfter time.Duration
	// SlowDelay is how long FaultSlow holds a response; 0 means DefaultSlowDelay. The wait
	// ends early when the client gives up.
	SlowDelay time.Duration
	// TokenDown is how many token requests FaultTokenDown refuses; 0 means DefaultTokenDown.
	TokenDown int
	// TokenDownAfter is how many token requests are answered normally before the outage.
	TokenDownAfter int
	// RevokeAt is the data request (1-based, retries included) before which FaultRevokeTokens
	// revokes every token; 0 derives one from Seed between 3 and 6.
	RevokeAt int
	// ForeignOrigin is the origin ("http://host:port") FaultNextForeign points `next` at;
	// "" means DefaultForeignOrigin.
	ForeignOrigin string
}

// Has reports whether f is among the faults to inject.
func (fs Faults) Has(f Fault) bool { return slices.Contains(fs.Kinds, f) }

// normalize fills defaults and checks the fault configuration.
func (fs Faults) normalize() (Faults, error) {
	for _, f := range fs.Kinds {
		if !f.valid() {
			return fs, fmt.Errorf("%w: unknown fault %q (known: %s)", ErrConfig, f, faultNames())
		}
	}
	switch {
	case fs.Share < 0 || fs.Share > 1 || math.IsNaN(fs.Share):
		return fs, fmt.Errorf("%w: fault share %g outside 0..1", ErrConfig, fs.Share)
	case fs.Burst < 0 || fs.TokenDown < 0 || fs.TokenDownAfter < 0 || fs.RevokeAt < 0:
		return fs, fmt.Errorf("%w: negative fault count", ErrConfig)
	case fs.RetryAfter < 0 || fs.SlowDelay < 0:
		return fs, fmt.Errorf("%w: negative fault duration", ErrConfig)
	}
	if fs.Share == 0 {
		fs.Share = DefaultFaultShare
	}
	if fs.Burst == 0 {
		fs.Burst = DefaultFaultBurst
	}
	if fs.RetryAfter == 0 {
		fs.RetryAfter = DefaultRetryAfter
	}
	if fs.SlowDelay == 0 {
		fs.SlowDelay = DefaultSlowDelay
	}
	if fs.TokenDown == 0 {
		fs.TokenDown = DefaultTokenDown
	}
	if fs.RevokeAt == 0 {
		fs.RevokeAt = 3 + int(shareOf(fs.Seed, "revoke-tokens")*4)
	}
	if fs.ForeignOrigin == "" {
		fs.ForeignOrigin = DefaultForeignOrigin
	}
	u, err := url.Parse(fs.ForeignOrigin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" {
		return fs, fmt.Errorf("%w: fault foreign origin %q is not an origin like https://host[:port]", ErrConfig, fs.ForeignOrigin)
	}
	fs.ForeignOrigin = u.Scheme + "://" + u.Host
	fs.Kinds = slices.Clone(fs.Kinds)
	return fs, nil
}
