package fhir

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

// pagedServer serves `pages` pages of Observations under /fhir/observation with Blaze-style
// absolute links. hook may override a response (return true when it wrote one).
type pagedServer struct {
	*httptest.Server
	pages    int
	noLast   bool // omit the last link (forces next-following)
	hook     func(w http.ResponseWriter, r *http.Request, page int) bool
	mu       sync.Mutex
	hits     map[int]int
	inFlight atomic.Int32
	peak     atomic.Int32
}

func newPagedServer(t *testing.T, pages int) *pagedServer {
	ps := &pagedServer{pages: pages, hits: map[int]int{}}
	ps.Server = httptest.NewServer(http.HandlerFunc(ps.serve))
	t.Cleanup(ps.Close)
	return ps
}

func (ps *pagedServer) serve(w http.ResponseWriter, r *http.Request) {
	n := ps.inFlight.Add(1)
	defer ps.inFlight.Add(-1)
	for {
		p := ps.peak.Load()
		if n <= p || ps.peak.CompareAndSwap(p, n) {
			break
		}
	}
	page := 1
	if v := r.URL.Query().Get("page"); v != "" {
		page, _ = strconv.Atoi(v)
	}
	ps.mu.Lock()
	ps.hits[page]++
	ps.mu.Unlock()
	if ps.hook != nil && ps.hook(w, r, page) {
		return
	}
	if page > ps.pages {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","details":{"text":"No records found"}}]}`)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	json.NewEncoder(w).Encode(ps.bundle(r, page))
}

func (ps *pagedServer) link(r *http.Request, page int) *string {
	q := r.URL.Query()
	q.Set("page", strconv.Itoa(page))
	s := ps.URL + r.URL.Path + "?" + q.Encode()
	return &s
}

func (ps *pagedServer) bundle(r *http.Request, page int) Bundle {
	total := ps.pages * 2
	b := Bundle{ResourceType: "Bundle", Type: "searchset", Total: &total}
	b.Link = append(b.Link, Link{Relation: "self", URL: ps.link(r, page)})
	if page == 1 {
		b.Link = append(b.Link, Link{Relation: "previous", URL: nil})
	}
	if !ps.noLast {
		b.Link = append(b.Link, Link{Relation: "last", URL: ps.link(r, ps.pages)})
	}
	if page < ps.pages {
		b.Link = append(b.Link, Link{Relation: "next", URL: ps.link(r, page+1)})
	}
	for i := range 2 {
		b.Entry = append(b.Entry, Entry{Resource: json.RawMessage(fmt.Sprintf(`{"resourceType":"Observation","id":"p%d-%d"}`, page, i))})
	}
	return b
}

func (ps *pagedServer) client(t *testing.T, opts ...Option) *Client {
	c, err := NewClient(ps.Client(), ps.URL+"/fhir", opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// collect runs a search and returns the entry ids in page order.
func collect(t *testing.T, c *Client, st *SearchState) ([]string, error) {
	t.Helper()
	var mu sync.Mutex
	got := map[int][]string{}
	err := c.Search(context.Background(), "observation", "Observation", url.Values{"researchstudy": {"S"}}, st, func(p Page) error {
		mu.Lock()
		defer mu.Unlock()
		if _, dup := got[p.Number]; dup {
			t.Errorf("page %d delivered twice", p.Number)
		}
		for _, e := range p.Bundle.Entry {
			var r struct{ ID string }
			json.Unmarshal(e.Resource, &r)
			got[p.Number] = append(got[p.Number], r.ID)
		}
		return nil
	})
	var keys []int
	for k := range got {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var ids []string
	for _, k := range keys {
		ids = append(ids, got[k]...)
	}
	return ids, err
}

func wantIDs(pages int) []string {
	var ids []string
	for p := 1; p <= pages; p++ {
		ids = append(ids, fmt.Sprintf("p%d-0", p), fmt.Sprintf("p%d-1", p))
	}
	return ids
}

func TestSearchConcurrentPagesWithinBound(t *testing.T) {
	ps := newPagedServer(t, 9)
	c := ps.client(t, WithConcurrency(3))
	ids, err := collect(t, c, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, wantIDs(9)) {
		t.Fatalf("ids = %v", ids)
	}
	if p := ps.peak.Load(); p > 3 {
		t.Errorf("peak in flight = %d, bound 3", p)
	}
	for p := 1; p <= 9; p++ {
		if ps.hits[p] != 1 {
			t.Errorf("page %d fetched %d times", p, ps.hits[p])
		}
	}
}

func TestSearchFollowsNextWithoutLast(t *testing.T) {
	ps := newPagedServer(t, 4)
	ps.noLast = true
	ids, err := collect(t, ps.client(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, wantIDs(4)) {
		t.Fatalf("ids = %v", ids)
	}
}

func TestSearchSendsCountAndFormat(t *testing.T) {
	ps := newPagedServer(t, 1)
	var q url.Values
	ps.hook = func(w http.ResponseWriter, r *http.Request, page int) bool { q = r.URL.Query(); return false }
	if _, err := collect(t, ps.client(t, WithPageSize(77)), nil); err != nil {
		t.Fatal(err)
	}
	if q.Get("_count") != "77" || q.Get("_format") != "json" || q.Get("researchstudy") != "S" {
		t.Errorf("query = %v", q)
	}
}

func TestSearchNoRecordsIsEmpty(t *testing.T) {
	ps := newPagedServer(t, 0)
	ids, err := collect(t, ps.client(t), nil)
	if err != nil || len(ids) != 0 {
		t.Fatalf("ids=%v err=%v", ids, err)
	}
}

func TestSearchRefusesForeignLinks(t *testing.T) {
	var foreignHits atomic.Int32
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { foreignHits.Add(1) }))
	defer foreign.Close()
	for _, rel := range []string{"next", "last"} {
		ps := newPagedServer(t, 3)
		ps.hook = func(w http.ResponseWriter, r *http.Request, page int) bool {
			b := ps.bundle(r, page)
			for i := range b.Link {
				if b.Link[i].Relation == rel {
					u := foreign.URL + "/fhir/observation?page=2"
					b.Link[i].URL = &u
				}
			}
			json.NewEncoder(w).Encode(b)
			return true
		}
		_, err := collect(t, ps.client(t), nil)
		if !errors.Is(err, ErrForeignLink) {
			t.Errorf("%s: err = %v, want ErrForeignLink", rel, err)
		}
	}
	if foreignHits.Load() != 0 {
		t.Errorf("foreign server was contacted %d times", foreignHits.Load())
	}
}

func TestSearchStopsOnRepeatedLink(t *testing.T) {
	ps := newPagedServer(t, 5)
	ps.noLast = true
	ps.hook = func(w http.ResponseWriter, r *http.Request, page int) bool {
		if page != 3 {
			return false
		}
		b := ps.bundle(r, page)
		for i := range b.Link {
			if b.Link[i].Relation == "next" {
				b.Link[i].URL = ps.link(r, 2) // back to page 2
			}
		}
		json.NewEncoder(w).Encode(b)
		return true
	}
	_, err := collect(t, ps.client(t), nil)
	if !errors.Is(err, ErrLinkCycle) {
		t.Fatalf("err = %v, want ErrLinkCycle", err)
	}
}

func TestSearchResumesMissingPages(t *testing.T) {
	ps := newPagedServer(t, 6)
	failing := map[int]bool{3: true, 5: true}
	ps.hook = func(w http.ResponseWriter, r *http.Request, page int) bool {
		if failing[page] {
			w.WriteHeader(http.StatusInternalServerError)
			return true
		}
		return false
	}
	c := ps.client(t, WithRetry(RetryPolicy{MaxAttempts: 1}))
	st := &SearchState{}
	ids, err := collect(t, c, st)
	var inc *IncompleteError
	if !errors.As(err, &inc) || !slices.Equal(inc.Missing, []int{3, 5}) || !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v (%#v)", err, inc)
	}
	if len(ids) != 8 || st.Complete() {
		t.Fatalf("first pass: %d ids, complete=%v", len(ids), st.Complete())
	}
	failing = map[int]bool{}
	more, err := collect(t, c, st)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(more, []string{"p3-0", "p3-1", "p5-0", "p5-1"}) || !st.Complete() {
		t.Fatalf("resume delivered %v complete=%v", more, st.Complete())
	}
	for p := 1; p <= 6; p++ {
		if want := 1 + btoi(p == 3 || p == 5); ps.hits[p] != want {
			t.Errorf("page %d fetched %d times, want %d", p, ps.hits[p], want)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestSearchErrorsAreTyped(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   error
		text   string
	}{
		{"forbidden", 403, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden","details":{"text":"Partner is not authorized to access sponsor and/or protocol S"}}]}`, ErrForbidden, "Partner is not authorized"},
		{"unauthorized", 401, `{"resourceType":"OperationOutcome","issue":[{"details":{"text":"Invalid token"}}]}`, ErrUnauthorized, "Invalid token"},
		{"other 404", 404, `{"resourceType":"OperationOutcome","issue":[{"details":{"text":"Unable to find sponsor with partner id"}}]}`, ErrNotFound, "Unable to find sponsor"},
		{"bad request", 400, `{"resourceType":"OperationOutcome","issue":[{"details":{"text":"researchstudy is required"}}]}`, ErrBadRequest, "researchstudy is required"},
		{"outcome with 200", 200, `{"resourceType":"OperationOutcome","issue":[{"details":{"text":"Internal Error"}}]}`, ErrOutcome, "Internal Error"},
		{"wrong resource type", 200, `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Patient"}}]}`, ErrUnexpectedType, "Patient"},
		{"not a bundle", 200, `{"resourceType":"Patient"}`, ErrUnexpectedType, "Patient"},
		{"malformed", 200, `{"resourceType":"Bundle","entry":[`, ErrMalformed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := newPagedServer(t, 1)
			ps.hook = func(w http.ResponseWriter, r *http.Request, page int) bool {
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
				return true
			}
			_, err := collect(t, ps.client(t), nil)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("err %T is not *Error", err)
			}
			if tt.text != "" && !containsFold(err.Error(), tt.text) {
				t.Errorf("message %q lacks %q", err, tt.text)
			}
		})
	}
}

func TestResponseByteCap(t *testing.T) {
	ps := newPagedServer(t, 1)
	_, err := collect(t, ps.client(t, WithMaxBytes(100)), nil)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

func TestRetryHonoursRetryAfter(t *testing.T) {
	ps := newPagedServer(t, 2)
	var tries atomic.Int32
	ps.hook = func(w http.ResponseWriter, r *http.Request, page int) bool {
		if page == 2 && tries.Add(1) <= 2 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			return true
		}
		return false
	}
	var events []RetryEvent
	var mu sync.Mutex
	c := ps.client(t, WithRetryHook(func(e RetryEvent) { mu.Lock(); events = append(events, e); mu.Unlock() }))
	ids, err := collect(t, c, nil)
	if err != nil || len(ids) != 4 {
		t.Fatalf("ids=%v err=%v", ids, err)
	}
	if len(events) != 2 || !events[0].Throttled || events[0].Status != 429 || events[0].Wait != 0 {
		t.Fatalf("events = %+v", events)
	}
}

func TestRetryGivesUpAfterMaxAttempts(t *testing.T) {
	ps := newPagedServer(t, 1)
	ps.hook = func(w http.ResponseWriter, r *http.Request, page int) bool {
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusServiceUnavailable)
		return true
	}
	_, err := collect(t, ps.client(t, WithRetry(RetryPolicy{MaxAttempts: 3, RetryAfterCeiling: 1})), nil)
	if !errors.Is(err, ErrServer) || ps.hits[1] != 3 {
		t.Fatalf("err=%v hits=%d", err, ps.hits[1])
	}
}

func TestRetryAfterAboveCeilingFails(t *testing.T) {
	ps := newPagedServer(t, 1)
	ps.hook = func(w http.ResponseWriter, r *http.Request, page int) bool {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
		return true
	}
	_, err := collect(t, ps.client(t), nil)
	if !errors.Is(err, ErrThrottled) || ps.hits[1] != 1 {
		t.Fatalf("err=%v hits=%d", err, ps.hits[1])
	}
}

func TestSearchCancelled(t *testing.T) {
	ps := newPagedServer(t, 3)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := ps.client(t).Search(ctx, "observation", "Observation", nil, nil, func(Page) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestResolve(t *testing.T) {
	c, _ := NewClient(http.DefaultClient, "https://h.example/fhir/api")
	u, err := c.Resolve("Observation?researchstudy=FHIR-T&category=imaging&id=163-790-T01")
	if err != nil || u.String() != "https://h.example/fhir/api/Observation?researchstudy=FHIR-T&category=imaging&id=163-790-T01" {
		t.Fatalf("u=%v err=%v", u, err)
	}
	if _, err := c.Resolve("https://evil.example/fhir/api/Observation"); !errors.Is(err, ErrForeignLink) {
		t.Fatalf("foreign: %v", err)
	}
	if _, err := c.Resolve("http://h.example/fhir/api/Observation"); !errors.Is(err, ErrForeignLink) {
		t.Fatalf("downgrade: %v", err)
	}
}

func TestRedact(t *testing.T) {
	got := Redact("https://user:pw@h.example/x?researchstudy=S&access_token=abc&client_secret=s3")
	if containsFold(got, "pw") || containsFold(got, "abc") || containsFold(got, "s3") || !containsFold(got, "researchstudy=S") {
		t.Fatalf("Redact = %q", got)
	}
}
