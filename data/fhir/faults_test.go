package fhir

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// TestSearchCycleBackToFirstPage: a next link back to page 1 is a cycle at once, though page 1
// was fetched by the client's own URL (without page=1) and the link spells its parameters in
// another order: page 1 is neither fetched nor delivered twice.
func TestSearchCycleBackToFirstPage(t *testing.T) {
	ps := newPagedServer(t, 4)
	ps.noLast = true
	ps.hook = func(w http.ResponseWriter, r *http.Request, page int) bool {
		if page != 2 {
			return false
		}
		b := ps.bundle(r, page)
		for i := range b.Link {
			if b.Link[i].Relation == "next" {
				// Page 1 as the server links to it, its parameters in another order.
				u := ps.URL + r.URL.Path + "?page=1&researchstudy=S&_format=json&_count=50"
				b.Link[i].URL = &u
			}
		}
		json.NewEncoder(w).Encode(b)
		return true
	}
	ids, err := collect(t, ps.client(t), nil)
	if !errors.Is(err, ErrLinkCycle) {
		t.Fatalf("err = %v, want ErrLinkCycle", err)
	}
	if !slices.Equal(ids, wantIDs(2)) || ps.hitsOf(1) != 1 {
		t.Errorf("ids %v, page 1 fetched %d times", ids, ps.hitsOf(1))
	}
}

// TestTimedOutPageDoesNotStopOthers: a page that outlasts the request time-out on every attempt
// is missing, and only it: the other pages still load.
func TestTimedOutPageDoesNotStopOthers(t *testing.T) {
	ps := newPagedServer(t, 6)
	ps.hook = func(w http.ResponseWriter, r *http.Request, page int) bool {
		if page != 3 {
			return false
		}
		<-r.Context().Done() // held until the client gives up
		return true
	}
	hc := &http.Client{Transport: ps.Client().Transport, Timeout: 50 * time.Millisecond}
	c, err := NewClient(hc, ps.URL+"/fhir", WithConcurrency(1), WithRetry(RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	ids, err := collect(t, c, nil)
	var inc *IncompleteError
	if !errors.As(err, &inc) || !slices.Equal(inc.Missing, []int{3}) {
		t.Fatalf("err = %v", err)
	}
	if len(ids) != 10 || ps.hitsOf(3) != 2 {
		t.Errorf("%d ids arrived, page 3 tried %d times", len(ids), ps.hitsOf(3))
	}
}

// errSignIn stands for a sign-in failure raised by the transport.
var errSignIn = errors.New("the sign-in server is down")

// failingTransport fails requests for page 2 with errSignIn.
type failingTransport struct {
	base  http.RoundTripper
	tries atomic.Int32
}

func (f *failingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Query().Get("page") == "2" {
		f.tries.Add(1)
		return nil, errSignIn
	}
	return f.base.RoundTrip(r)
}

// TestNoRetryStopsAtSignInFailure: a transport error named by WithNoRetry is not retried and
// ends the search; without the option it is retried like any connection error.
func TestNoRetryStopsAtSignInFailure(t *testing.T) {
	policy := WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})
	for _, named := range []bool{true, false} {
		ps := newPagedServer(t, 8)
		ft := &failingTransport{base: ps.Client().Transport}
		opts := []Option{policy, WithConcurrency(1)}
		if named {
			opts = append(opts, WithNoRetry(func(err error) bool { return errors.Is(err, errSignIn) }))
		}
		c, _ := NewClient(&http.Client{Transport: ft}, ps.URL+"/fhir", opts...)
		_, err := collect(t, c, nil)
		if !errors.Is(err, errSignIn) {
			t.Fatalf("named=%v: err = %v", named, err)
		}
		fetched := 0
		for p := 3; p <= 8; p++ {
			fetched += ps.hitsOf(p)
		}
		switch {
		case named && (ft.tries.Load() != 1 || fetched == 6):
			t.Errorf("named: page 2 tried %d times, %d later pages fetched", ft.tries.Load(), fetched)
		case !named && (ft.tries.Load() != 3 || fetched != 6):
			t.Errorf("not named: page 2 tried %d times, %d later pages fetched", ft.tries.Load(), fetched)
		}
	}
}

// hitsOf returns how often page p was requested.
func (ps *pagedServer) hitsOf(p int) int {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return ps.hits[p]
}

// TestTimeoutIsRetriedAndNamed: a request that outlasts the client's time-out is retried, and
// when every attempt times out the error says so (and still matches context.DeadlineExceeded,
// as net/http's own error does), while a cancellation by the caller is not retried.
func TestTimeoutIsRetriedAndNamed(t *testing.T) {
	ps := newPagedServer(t, 1)
	ps.hook = func(w http.ResponseWriter, r *http.Request, page int) bool {
		<-r.Context().Done()
		return true
	}
	hc := &http.Client{Transport: ps.Client().Transport, Timeout: 30 * time.Millisecond}
	c, _ := NewClient(hc, ps.URL+"/fhir", WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	_, err := collect(t, c, nil)
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) || ps.hitsOf(1) != 3 {
		t.Fatalf("err = %v after %d tries", err, ps.hitsOf(1))
	}

	ps2 := newPagedServer(t, 1)
	ctx, cancel := context.WithCancel(context.Background())
	ps2.hook = func(w http.ResponseWriter, r *http.Request, page int) bool {
		cancel()
		<-r.Context().Done()
		return true
	}
	c2, _ := NewClient(ps2.Client(), ps2.URL+"/fhir", WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	err = c2.Search(ctx, "observation", "Observation", nil, nil, func(Page) error { return nil })
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) || ps2.hitsOf(1) != 1 {
		t.Fatalf("cancelled: err = %v after %d tries", err, ps2.hitsOf(1))
	}
}
