package fhir

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Page is one page of search results as it arrives.
type Page struct {
	// Number is the 1-based page number.
	Number int
	// Last is the number of pages the server announced, 0 when unknown.
	Last int
	// Total is the Bundle's total, or -1 when absent.
	Total int
	// Bundle is the decoded page; its entries' resources are raw.
	Bundle *Bundle
}

// PageFunc receives pages as they arrive. Pages fetched in parallel are delivered from several
// goroutines at once, in any order, so that the caller's mapping of a page runs in parallel
// with the others; it must be safe for concurrent use. Returning an error stops the search.
type PageFunc func(Page) error

// SearchState remembers a search's progress so that a failed search can resume: pages already
// delivered are not fetched again. The zero value is a fresh search. A state belongs to one
// search (resource and parameters) and is safe for concurrent use.
type SearchState struct {
	mu       sync.Mutex
	first    string       // page 1 URL as requested
	last     int          // announced page count, 0 when unknown
	total    int          // Bundle.total of page 1, -1 when absent
	done     map[int]bool // pages delivered
	failed   map[int]error
	next     string // sequential mode: the next link still to fetch
	seen     map[string]bool
	finished bool
}

// Complete reports whether every page was delivered.
func (s *SearchState) Complete() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.finished
}

// Progress returns the pages delivered and the pages announced (0 when unknown).
func (s *SearchState) Progress() (done, last int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.done), s.last
}

// Search reads every page of `{base}/{resource}?{params}` (with _count and _format=json added)
// and hands each to fn. Page 1 comes first; when its `last` link gives the page count the
// remaining pages are fetched concurrently under the client's bound, else `next` links are
// followed one by one. A link to another origin or a repeated link ends the search with an
// error. Blaze's 404 "No records found" is an empty page.
//
// wantType is the resource type the entries must have (e.g. "Observation"). st may be nil; pass
// the state of a failed search to resume it. When some pages fail the error is an
// *IncompleteError and the pages that did arrive have been delivered.
func (c *Client) Search(ctx context.Context, resource, wantType string, params url.Values, st *SearchState, fn PageFunc) error {
	if st == nil {
		st = &SearchState{}
	}
	deliver := fn
	st.mu.Lock()
	if st.done == nil {
		st.done, st.failed, st.seen, st.total = map[int]bool{}, map[int]error{}, map[string]bool{}, -1
	}
	if st.first == "" {
		q := url.Values{}
		for k, v := range params {
			q[k] = append([]string(nil), v...)
		}
		q.Set("_count", strconv.Itoa(c.pageSize))
		q.Set("_format", "json")
		st.first = c.base.String() + "/" + resource + "?" + q.Encode()
	}
	finished, haveFirst, last, next := st.finished, st.done[1], st.last, st.next
	st.mu.Unlock()
	if finished {
		return nil
	}

	if !haveFirst {
		b, err := c.fetchPage(ctx, st.first, wantType)
		if err != nil {
			st.mu.Lock()
			st.failed[1] = err
			st.mu.Unlock()
			return c.incomplete(resource, st, err)
		}
		last, next, err = c.readLinks(b)
		if err != nil {
			return err
		}
		st.mu.Lock()
		st.last, st.total, st.next = last, total(b), next
		st.seen[linkKey(st.first)] = true
		c.markSelf(st, b)
		st.mu.Unlock()
		if err := deliver(Page{Number: 1, Last: last, Total: total(b), Bundle: b}); err != nil {
			return err
		}
		st.mu.Lock()
		st.done[1] = true
		delete(st.failed, 1)
		st.mu.Unlock()
	}
	if last > 1 {
		return c.fetchRest(ctx, resource, wantType, st, deliver)
	}
	if last == 1 || next == "" {
		st.mu.Lock()
		st.finished = true
		st.mu.Unlock()
		return nil
	}
	return c.followNext(ctx, resource, wantType, st, deliver)
}

// readLinks returns the page count from `last` (0 when absent or unusable) and the `next` URL,
// checking both links' origins.
func (c *Client) readLinks(b *Bundle) (last int, next string, err error) {
	if n := b.LinkURL("next"); n != "" {
		u, err := c.Resolve(n)
		if err != nil {
			return 0, "", err
		}
		next = u.String()
	}
	if l := b.LinkURL("last"); l != "" {
		u, err := c.Resolve(l)
		if err != nil {
			return 0, "", err
		}
		if p, convErr := strconv.Atoi(u.Query().Get("page")); convErr == nil && p >= 1 {
			if p > c.maxPages {
				return 0, "", &Error{URL: Redact(l), Err: fmt.Errorf("%w: the server announced %d pages, more than the limit of %d", ErrMalformed, p, c.maxPages)}
			}
			last = p
		}
	}
	if last == 0 && next == "" {
		last = 1
	}
	return last, next, nil
}

// fetchRest fetches pages 2..last concurrently; a page that fails is remembered and the others
// go on, except after a failure that no other page can escape (sign-in, access, cancellation).
func (c *Client) fetchRest(ctx context.Context, resource, wantType string, st *SearchState, deliver func(Page) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	st.mu.Lock()
	last := st.last
	var todo []int
	for p := 2; p <= last; p++ {
		if !st.done[p] {
			todo = append(todo, p)
		}
	}
	st.mu.Unlock()

	var wg sync.WaitGroup
	var stopErr error
	var stopOnce sync.Once
	work := make(chan int)
	workers := min(c.Concurrency(), len(todo))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				b, err := c.fetchPage(ctx, pageURL(st.first, p), wantType)
				if err == nil {
					err = deliver(Page{Number: p, Last: last, Total: st.totalValue(), Bundle: b})
					if err != nil {
						stopOnce.Do(func() { stopErr = err; cancel() })
						continue
					}
				}
				st.mu.Lock()
				if err == nil {
					st.done[p] = true
					delete(st.failed, p)
				} else if ctx.Err() == nil || st.failed[p] == nil {
					st.failed[p] = err
				}
				st.mu.Unlock()
				if err != nil && c.fatal(err) {
					cancel()
				}
			}
		}()
	}
feed:
	for _, p := range todo {
		select {
		case work <- p:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	if stopErr != nil {
		return stopErr
	}
	st.mu.Lock()
	for _, p := range todo {
		if !st.done[p] && st.failed[p] == nil {
			st.failed[p] = ctx.Err()
		}
	}
	st.finished = len(st.done) >= last
	st.mu.Unlock()
	if st.Complete() {
		return nil
	}
	return c.incomplete(resource, st, nil)
}

// followNext follows `next` links one at a time.
func (c *Client) followNext(ctx context.Context, resource, wantType string, st *SearchState, deliver func(Page) error) error {
	for {
		st.mu.Lock()
		next, n := st.next, len(st.done)+1
		if next == "" {
			st.finished = true
			st.mu.Unlock()
			return nil
		}
		if st.seen[linkKey(next)] {
			st.mu.Unlock()
			return &Error{URL: Redact(next), Err: ErrLinkCycle}
		}
		if n > c.maxPages {
			st.mu.Unlock()
			return &Error{URL: Redact(next), Err: fmt.Errorf("%w: more than %d pages", ErrMalformed, c.maxPages)}
		}
		st.mu.Unlock()

		b, err := c.fetchPage(ctx, next, wantType)
		if err != nil {
			st.mu.Lock()
			st.failed[n] = err
			st.mu.Unlock()
			return c.incomplete(resource, st, err)
		}
		_, following, err := c.readLinks(b)
		if err != nil {
			return err
		}
		if p, convErr := strconv.Atoi(mustQuery(next).Get("page")); convErr == nil && p > 0 {
			n = p
		}
		if err := deliver(Page{Number: n, Total: st.totalValue(), Bundle: b}); err != nil {
			return err
		}
		st.mu.Lock()
		st.seen[linkKey(next)] = true
		c.markSelf(st, b)
		st.done[n] = true
		delete(st.failed, n)
		st.next = following
		st.mu.Unlock()
	}
}

// markSelf records a page's own `self` link as visited, so that a `next` link leading back to
// it is known as a cycle even where it is spelled otherwise than the URL that fetched the page
// (page 1 is fetched by the client's URL, but servers link to it by their own). st.mu is held.
func (c *Client) markSelf(st *SearchState, b *Bundle) {
	if self := b.LinkURL("self"); self != "" {
		if u, err := c.Resolve(self); err == nil {
			st.seen[linkKey(u.String())] = true
		}
	}
}

// linkKey is the form under which a visited page is remembered: its URL with the query's
// parameters sorted and no fragment, so that two spellings of one page count as one.
func linkKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	u.RawQuery, u.Fragment, u.RawFragment = u.Query().Encode(), "", ""
	return u.String()
}

// fetchPage GETs one page and checks it is a Bundle of wantType.
func (c *Client) fetchPage(ctx context.Context, u, wantType string) (*Bundle, error) {
	body, err := c.Get(ctx, u)
	if errors.Is(err, ErrNoRecords) {
		return &Bundle{ResourceType: "Bundle", Type: "searchset"}, nil
	}
	if err != nil {
		return nil, err
	}
	return decodeBundle(body, u, wantType)
}

// decodeBundle parses a page and checks its kind. The entries' resources alias body (see
// DecodeBundle).
func decodeBundle(body []byte, u, wantType string) (*Bundle, error) {
	b, err := DecodeBundle(body)
	if err != nil {
		return nil, &Error{URL: Redact(u), Status: http.StatusOK, Err: fmt.Errorf("%w: %v", ErrMalformed, err)}
	}
	switch b.ResourceType {
	case "Bundle":
	case "OperationOutcome":
		return nil, &Error{URL: Redact(u), Status: http.StatusOK, Outcome: outcomeText(body), Err: ErrOutcome}
	default:
		return nil, &Error{URL: Redact(u), Status: http.StatusOK, Err: fmt.Errorf("%w: expected a Bundle, got %q", ErrUnexpectedType, b.ResourceType)}
	}
	if wantType != "" {
		for _, e := range b.Entry {
			if got := ResourceType(e.Resource); !strings.EqualFold(got, wantType) {
				return nil, &Error{URL: Redact(u), Status: http.StatusOK, Err: fmt.Errorf("%w: expected %s entries, got %q", ErrUnexpectedType, wantType, got)}
			}
		}
	}
	return b, nil
}

// incomplete builds the IncompleteError for the state's failed pages. The reported cause is
// the given one, else the first failure that is not a cancellation caused by another.
func (c *Client) incomplete(resource string, st *SearchState, cause error) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	missing := make([]int, 0, len(st.failed))
	for p := range st.failed {
		missing = append(missing, p)
	}
	sort.Ints(missing)
	for _, p := range missing {
		if cause == nil || (errors.Is(cause, context.Canceled) && !errors.Is(st.failed[p], context.Canceled)) {
			cause = st.failed[p]
		}
	}
	if st.last == 0 {
		missing = nil // following next links: how many pages remain is unknown
	}
	return &IncompleteError{Resource: resource, Missing: missing, Err: cause}
}

func (s *SearchState) totalValue() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// fatal reports errors after which fetching other pages is pointless: sign-in and access
// failures, and the transport errors WithNoRetry names. A request that timed out is not one
// (net/http's time-out error matches context.DeadlineExceeded, so that is not tested here): the
// other pages go on and only the slow one is missing. The caller's own cancellation needs no
// test either, as it ends every fetch by itself.
func (c *Client) fatal(err error) bool {
	if errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrForbidden) {
		return true
	}
	var fe *Error
	return errors.As(err, &fe) && fe.Status == 0 && c.permanent(fe.Err)
}

// pageURL returns first with page=n.
func pageURL(first string, n int) string {
	u, _ := url.Parse(first)
	q := u.Query()
	q.Set("page", strconv.Itoa(n))
	u.RawQuery = q.Encode()
	return u.String()
}

func mustQuery(raw string) url.Values {
	u, err := url.Parse(raw)
	if err != nil {
		return url.Values{}
	}
	return u.Query()
}

func total(b *Bundle) int {
	if b.Total == nil {
		return -1
	}
	return *b.Total
}
