package blazesim

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

const obsSearch = base + "/observation?researchstudy=" + DemoStudy + "&category=imaging&_count=20&_format=json"

func withFaults(fs Faults) func(*Config) { return func(c *Config) { c.Faults = fs } }

func obsPage(n int) string { return obsSearch + "&page=" + strconv.Itoa(n) }

func TestParseFaults(t *testing.T) {
	got, err := ParseFaults(" burst-5xx, SLOW,burst-5xx,,")
	if err != nil || !slices.Equal(got, []Fault{FaultBurst5xx, FaultSlow}) {
		t.Errorf("got %v, %v", got, err)
	}
	all, err := ParseFaults("all")
	if err != nil || !slices.Equal(all, AllFaults()) || len(all) != 12 {
		t.Errorf("all = %v, %v", all, err)
	}
	if none, err := ParseFaults(""); err != nil || none != nil {
		t.Errorf("empty = %v, %v", none, err)
	}
	if _, err := ParseFaults("slow,nope"); !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), "throttle-seconds") {
		t.Errorf("unknown name: %v", err)
	}
}

func TestFaultKinds(t *testing.T) {
	var transient []Fault
	for _, f := range AllFaults() {
		if f.Transient() {
			transient = append(transient, f)
		}
	}
	want := []Fault{FaultThrottleSeconds, FaultThrottleDate, FaultBurst5xx, FaultDropBody, FaultSlow, FaultRevokeTokens}
	if !slices.Equal(transient, want) {
		t.Errorf("transient = %v", transient)
	}
}

func TestFaultConfigValidation(t *testing.T) {
	for name, fs := range map[string]Faults{
		"unknown kind":   {Kinds: []Fault{"nope"}},
		"share above 1":  {Kinds: []Fault{FaultSlow}, Share: 1.5},
		"negative burst": {Kinds: []Fault{FaultSlow}, Burst: -1},
		"negative delay": {Kinds: []Fault{FaultSlow}, SlowDelay: -time.Second},
		"foreign path":   {Kinds: []Fault{FaultNextForeign}, ForeignOrigin: "http://example.org/x"},
		"foreign scheme": {Kinds: []Fault{FaultNextForeign}, ForeignOrigin: "ftp://example.org"},
	} {
		cfg := DefaultConfig()
		cfg.Faults = fs
		if _, err := NewServer(cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: got %v, want ErrConfig", name, err)
		}
	}
	srv, err := NewServer(Config{Faults: Faults{Kinds: []Fault{FaultSlow}, Seed: 9}})
	if err != nil {
		t.Fatal(err)
	}
	fs := srv.Config().Faults
	if fs.Share != DefaultFaultShare || fs.Burst != DefaultFaultBurst || fs.SlowDelay != DefaultSlowDelay ||
		fs.RetryAfter != DefaultRetryAfter || fs.TokenDown != DefaultTokenDown || fs.ForeignOrigin != DefaultForeignOrigin ||
		fs.RevokeAt < 3 || fs.RevokeAt > 6 {
		t.Errorf("defaults = %+v", fs)
	}
}

func TestThrottleSecondsThenRecovers(t *testing.T) {
	h := newHarness(t, withFaults(Faults{Kinds: []Fault{FaultThrottleSeconds}, RetryAfter: 1500 * time.Millisecond}))
	for i := range 2 {
		resp, body := h.demo(obsPage(1))
		wantOutcome(t, resp, body, http.StatusTooManyRequests, "Too many requests; retry later")
		if ra := resp.Header.Get("Retry-After"); ra != "2" {
			t.Errorf("request %d: Retry-After %q, want 2 (seconds, rounded up)", i+1, ra)
		}
	}
	if b := h.bundle(obsPage(1)); len(b.Entry) != 20 {
		t.Errorf("after the burst: %d entries", len(b.Entry))
	}
	if got := h.srv.FaultsInjected()[FaultThrottleSeconds]; got != 2 {
		t.Errorf("injected = %d", got)
	}
}

func TestThrottleDate(t *testing.T) {
	h := newHarness(t, withFaults(Faults{Kinds: []Fault{FaultThrottleDate}, Burst: 1}))
	before := time.Now()
	resp, body := h.demo(obsPage(1))
	wantOutcome(t, resp, body, http.StatusTooManyRequests, "Too many requests; retry later")
	at, err := http.ParseTime(resp.Header.Get("Retry-After"))
	if err != nil {
		t.Fatalf("Retry-After %q: %v", resp.Header.Get("Retry-After"), err)
	}
	if at.Before(before.Add(time.Second).Truncate(time.Second)) || at.After(time.Now().Add(2*time.Second)) {
		t.Errorf("Retry-After %v, sent at %v", at, before)
	}
	h.bundle(obsPage(1))
}

func TestRetryAfterDateRoundsUp(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 300e6, time.UTC)
	if got := retryAfterDate(now, time.Second); got != "Sat, 01 Mar 2025 12:00:02 GMT" {
		t.Errorf("got %q", got)
	}
	if got := retryAfterDate(now.Truncate(time.Second), time.Second); got != "Sat, 01 Mar 2025 12:00:01 GMT" {
		t.Errorf("whole second: got %q", got)
	}
}

func TestBurst5xx(t *testing.T) {
	h := newHarness(t, withFaults(Faults{Kinds: []Fault{FaultBurst5xx}, Burst: 3}))
	want := []struct {
		status int
		ctype  string
	}{{503, contentTypeFHIR}, {502, "text/html"}, {504, "text/plain"}}
	for _, w := range want {
		resp, _ := h.demo(obsPage(1))
		if resp.StatusCode != w.status || resp.Header.Get("Content-Type") != w.ctype {
			t.Errorf("got %d %s, want %d %s", resp.StatusCode, resp.Header.Get("Content-Type"), w.status, w.ctype)
		}
	}
	h.bundle(obsPage(1))
}

func TestDropBodyCutsTheConnection(t *testing.T) {
	clean := newHarness(t, nil)
	_, full := clean.demo(obsPage(1))
	h := newHarness(t, withFaults(Faults{Kinds: []Fault{FaultDropBody}, Burst: 1}))
	req, _ := http.NewRequest(http.MethodGet, h.ts.URL+obsPage(1), nil)
	req.Header.Set("Authorization", "Bearer "+h.token)
	req.Header.Set("x-partnerid", DemoPartnerID)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !errors.Is(err, io.ErrUnexpectedEOF) || resp.ContentLength != int64(len(full)) || len(got) != len(full)/2 {
		t.Errorf("err %v, Content-Length %d, read %d of %d", err, resp.ContentLength, len(got), len(full))
	}
	// Links carry the origin, which differs between the two servers.
	if _, body := h.demo(obsPage(1)); strings.ReplaceAll(string(body), h.ts.URL, clean.ts.URL) != string(full) {
		t.Error("after the burst the page differs from the fault-free one")
	}
}

func TestSlowHoldsUntilTheClientGivesUp(t *testing.T) {
	h := newHarness(t, withFaults(Faults{Kinds: []Fault{FaultSlow}, SlowDelay: time.Hour, Burst: 1}))
	c := &http.Client{Timeout: 50 * time.Millisecond}
	req, _ := http.NewRequest(http.MethodGet, h.ts.URL+obsPage(1), nil)
	req.Header.Set("Authorization", "Bearer "+h.token)
	req.Header.Set("x-partnerid", DemoPartnerID)
	_, err := c.Do(req)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("err = %v, want a time-out", err)
	}
	// The held request ends when the client leaves (otherwise the server could not close).
	deadline := time.Now().Add(10 * time.Second)
	for h.srv.Stats().InFlight != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the slow request is still held after the client left")
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.bundle(obsPage(1))
}

func TestTokenDown(t *testing.T) {
	h := newHarness(t, withFaults(Faults{Kinds: []Fault{FaultTokenDown}, TokenDown: 2, TokenDownAfter: 1}))
	for range 2 {
		resp, body := h.postToken(credentials(DemoClientID, DemoClientSecret))
		if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), `"temporarily_unavailable"`) {
			t.Errorf("token during the outage: %d %s", resp.StatusCode, body)
		}
	}
	h.mustToken(DemoClientID, DemoClientSecret)
	if got := h.srv.FaultsInjected()[FaultTokenDown]; got != 2 {
		t.Errorf("injected = %d", got)
	}
}

func TestRevokeTokensOnce(t *testing.T) {
	h := newHarness(t, withFaults(Faults{Kinds: []Fault{FaultRevokeTokens}, RevokeAt: 2}))
	h.bundle(obsPage(1))
	resp, body := h.demo(obsPage(2))
	wantOutcome(t, resp, body, http.StatusUnauthorized, textBadToken)
	h.token = h.mustToken(DemoClientID, DemoClientSecret)
	for p := 2; p <= 4; p++ {
		h.bundle(obsPage(p))
	}
	if got := h.srv.FaultsInjected()[FaultRevokeTokens]; got != 1 {
		t.Errorf("revocations = %d", got)
	}
}

func TestNextCycle(t *testing.T) {
	h := newHarness(t, withFaults(Faults{Kinds: []Fault{FaultNextCycle}}))
	for p, wantNext := range map[int]int{1: 2, 2: 1, 3: 2} {
		b := h.bundle(obsPage(p))
		if _, ok := b.link("last"); ok {
			t.Errorf("page %d keeps its last link", p)
		}
		if next := pageOf(t, b, "next"); next != wantNext {
			t.Errorf("page %d: next is page %d, want %d", p, next, wantNext)
		}
	}
	// A search of a single page links to itself.
	h2 := newHarness(t, withFaults(Faults{Kinds: []Fault{FaultNextCycle}, Share: 1}))
	b := h2.bundle(base + "/Group?researchstudy=" + DemoStudy)
	if self, next := pageOf(t, b, "self"), pageOf(t, b, "next"); self != 1 || next != 1 {
		t.Errorf("single page: self %d next %d", self, next)
	}
}

func TestNextForeign(t *testing.T) {
	const foreign = "http://127.0.0.1:9"
	h := newHarness(t, withFaults(Faults{Kinds: []Fault{FaultNextForeign}, ForeignOrigin: foreign}))
	b := h.bundle(obsPage(1))
	next, _ := b.link("next")
	if next == nil || !strings.HasPrefix(*next, foreign+base+"/observation?") {
		t.Fatalf("next = %v", next)
	}
	if _, ok := b.link("last"); ok {
		t.Error("last link kept")
	}
	if got := h.srv.FaultsInjected()[FaultNextForeign]; got != 1 {
		t.Errorf("injected = %d", got)
	}
}

func TestStructuralFaultsPersist(t *testing.T) {
	for _, f := range []Fault{FaultMalformedJSON, FaultWrongType, FaultOutcome200} {
		t.Run(string(f), func(t *testing.T) {
			h := newHarness(t, withFaults(Faults{Kinds: []Fault{f}}))
			for range 3 {
				resp, body := h.demo(obsPage(1))
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("status %d", resp.StatusCode)
				}
				switch f {
				case FaultMalformedJSON:
					if json.Valid(body) {
						t.Error("valid JSON")
					}
				case FaultWrongType:
					b := decodeBundle(t, body)
					for _, e := range b.Entry {
						var r struct{ ResourceType string }
						json.Unmarshal(e.Resource, &r)
						if r.ResourceType != "DiagnosticReport" {
							t.Fatalf("entry of type %q", r.ResourceType)
						}
					}
				case FaultOutcome200:
					var o testOutcome
					if json.Unmarshal(body, &o) != nil || o.ResourceType != "OperationOutcome" {
						t.Errorf("not an OperationOutcome: %s", body)
					}
				}
			}
			if got := h.srv.FaultsInjected()[f]; got != 3 {
				t.Errorf("injected = %d", got)
			}
		})
	}
}

// TestFaultPagesFollowTheSeed checks that the pages a fault hits depend only on the seed and
// the page, not on the server instance or the order of requests.
func TestFaultPagesFollowTheSeed(t *testing.T) {
	hit := func(seed int64, order []int) []int {
		h := newHarness(t, withFaults(Faults{Kinds: []Fault{FaultMalformedJSON}, Seed: seed, Share: 0.3}))
		var pages []int
		for _, p := range order {
			if _, body := h.demo(obsPage(p)); !json.Valid(body) {
				pages = append(pages, p)
			}
		}
		slices.Sort(pages)
		return pages
	}
	up := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}
	down := slices.Clone(up)
	slices.Reverse(down)
	a, b, c := hit(1, up), hit(1, down), hit(2, up)
	if !slices.Equal(a, b) {
		t.Errorf("same seed, other order: %v vs %v", a, b)
	}
	if slices.Equal(a, c) {
		t.Errorf("seeds 1 and 2 hit the same pages %v", a)
	}
	for _, pages := range [][]int{a, c} {
		if len(pages) == 0 || pages[0] != 1 || len(pages) < 3 || len(pages) > 12 {
			t.Errorf("pages hit %v: want page 1 and about 30%% of the rest", pages)
		}
	}
}

func TestNoFaultsInjectsNothing(t *testing.T) {
	h := newHarness(t, nil)
	h.all(obsPage(1))
	if got := h.srv.FaultsInjected(); len(got) != 0 {
		t.Errorf("injected %v", got)
	}
}

// pageOf returns the page number of a Bundle link.
func pageOf(t *testing.T, b testBundle, relation string) int {
	t.Helper()
	l, _ := b.link(relation)
	if l == nil {
		t.Fatalf("no %s link", relation)
	}
	u, err := url.Parse(*l)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(u.Query().Get("page"))
	return n
}
