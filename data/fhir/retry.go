package fhir

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy says how idempotent GETs are retried on 429, 502, 503, 504, dropped connections
// and transport errors (security.md 17). Token POSTs are never retried.
type RetryPolicy struct {
	// MaxAttempts is the total number of tries, the first included (1 disables retries).
	MaxAttempts int
	// BaseDelay is the first backoff; each further one doubles, with jitter.
	BaseDelay time.Duration
	// MaxDelay caps a computed backoff.
	MaxDelay time.Duration
	// RetryAfterCeiling caps how long a server's Retry-After is honoured; a longer request
	// fails instead of stalling the load.
	RetryAfterCeiling time.Duration
}

// DefaultRetryPolicy is 5 attempts, 400 ms doubling to 8 s, Retry-After honoured up to 30 s.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 5, BaseDelay: 400 * time.Millisecond, MaxDelay: 8 * time.Second, RetryAfterCeiling: 30 * time.Second}
}

// RetryEvent describes a retry about to happen.
type RetryEvent struct {
	// URL is the request, without credentials.
	URL string
	// Attempt is the attempt that failed (1 = the first try).
	Attempt int
	// Wait is how long the client waits before the next attempt.
	Wait time.Duration
	// Status is the HTTP status that failed, 0 for a transport error.
	Status int
	// Throttled is true when the server asked us to slow down (429 or Retry-After).
	Throttled bool
	// Err is the failure being retried.
	Err error
}

// backoff returns the wait before attempt+1: Retry-After when the server gave one (capped),
// else exponential backoff with jitter. ok is false when Retry-After exceeds the ceiling.
func (p RetryPolicy) backoff(attempt int, retryAfter string, now time.Time) (wait time.Duration, ok bool) {
	if d, given := parseRetryAfter(retryAfter, now); given {
		if d > p.RetryAfterCeiling {
			return 0, false
		}
		return d, true
	}
	d := p.BaseDelay << (attempt - 1)
	if d > p.MaxDelay || d <= 0 {
		d = p.MaxDelay
	}
	// Equal jitter: between half and all of the computed delay.
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1)), true
}

// parseRetryAfter reads a Retry-After header in either form, delta-seconds or HTTP-date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// getWithRetry runs getOnce until it succeeds, fails for good, or attempts run out.
func (c *Client) getWithRetry(ctx context.Context, u string) ([]byte, error) {
	attempts := max(c.retry.MaxAttempts, 1)
	for attempt := 1; ; attempt++ {
		body, retryable, retryAfter, err := c.getOnce(ctx, u)
		if err == nil || !retryable || attempt >= attempts {
			return body, err
		}
		wait, ok := c.retry.backoff(attempt, retryAfter, time.Now())
		if !ok {
			return nil, err
		}
		if c.onRetry != nil {
			ev := RetryEvent{URL: Redact(u), Attempt: attempt, Wait: wait, Err: err, Throttled: retryAfter != ""}
			if fe, isFE := err.(*Error); isFE {
				ev.Status = fe.Status
				ev.Throttled = ev.Throttled || fe.Status == http.StatusTooManyRequests
			}
			c.onRetry(ev)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, &Error{URL: Redact(u), Err: ctx.Err()}
		case <-t.C:
		}
	}
}
