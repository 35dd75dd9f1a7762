package fhir

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Sentinel errors, matched with errors.Is against what the client returns.
var (
	// ErrUnauthorized is a 401: a missing or wrong x-partnerid, or a bad or expired token that a
	// fresh one did not cure.
	ErrUnauthorized = errors.New("the server did not accept our sign-in")
	// ErrForbidden is a 403: the partner may not read this study.
	ErrForbidden = errors.New("no access to this study")
	// ErrNotFound is a 404 other than Blaze's "No records found".
	ErrNotFound = errors.New("not found")
	// ErrNoRecords is Blaze's 404 "No records found": an empty result, not a failure. Search
	// treats it as an empty page; Read returns it so a caller can tell "absent" from "failed".
	ErrNoRecords = errors.New("no records found")
	// ErrBadRequest is a 400, e.g. a missing researchstudy.
	ErrBadRequest = errors.New("the server refused the request")
	// ErrThrottled is a 429 that outlasted the retries.
	ErrThrottled = errors.New("the server is throttling requests")
	// ErrServer is a 5xx that outlasted the retries.
	ErrServer = errors.New("the server failed")
	// ErrStatus is any other unexpected status.
	ErrStatus = errors.New("unexpected HTTP status")
	// ErrForeignLink is a paging link to an origin other than the FHIR base; it is not followed.
	ErrForeignLink = errors.New("a paging link points to another server")
	// ErrLinkCycle is a paging link already visited.
	ErrLinkCycle = errors.New("the server's paging links repeat")
	// ErrTooLarge is a response larger than the client's byte cap.
	ErrTooLarge = errors.New("the response is too large")
	// ErrMalformed is a body that is not the JSON expected.
	ErrMalformed = errors.New("the server sent malformed data")
	// ErrUnexpectedType is valid FHIR of the wrong resource type.
	ErrUnexpectedType = errors.New("the server sent the wrong kind of resource")
	// ErrOutcome is an OperationOutcome served with a success status.
	ErrOutcome = errors.New("the server answered with an error")
	// ErrTruncated is a response body that ended early (a dropped connection).
	ErrTruncated = errors.New("the connection dropped before the response was complete")
	// ErrTimeout is a request that outlasted the client's time-out (http.Client.Timeout). It
	// wraps net/http's own error too, which matches context.DeadlineExceeded.
	ErrTimeout = errors.New("the server did not answer in time")
)

// Error is a failed FHIR request: what was asked, the status, and the server's own words.
// It wraps one of the sentinel errors above (or the transport's error) for errors.Is/As.
type Error struct {
	// URL is the request URL without credentials.
	URL string
	// Status is the HTTP status, 0 when no response arrived.
	Status int
	// Outcome is the OperationOutcome's text, when the server sent one.
	Outcome string
	// Err is the sentinel or the underlying cause.
	Err error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Err.Error())
	if e.Status != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.Status)
	}
	if e.Outcome != "" {
		fmt.Fprintf(&b, ": %s", e.Outcome)
	}
	if e.URL != "" {
		fmt.Fprintf(&b, " [GET %s]", e.URL)
	}
	return b.String()
}

// Unwrap returns the sentinel or cause.
func (e *Error) Unwrap() error { return e.Err }

// statusError maps a status to its sentinel.
func statusError(status int) error {
	switch {
	case status == http.StatusUnauthorized:
		return ErrUnauthorized
	case status == http.StatusForbidden:
		return ErrForbidden
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusBadRequest:
		return ErrBadRequest
	case status == http.StatusTooManyRequests:
		return ErrThrottled
	case status >= 500:
		return ErrServer
	}
	return ErrStatus
}

// secretParams are query parameters whose values never appear in an error.
var secretParams = []string{"access_token", "client_secret", "code", "token", "password"}

// Redact returns raw without user info and with credential-like query values masked, for errors
// and logs.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	u.User = nil
	q := u.Query()
	changed := false
	for _, p := range secretParams {
		for k := range q {
			if strings.EqualFold(k, p) {
				q.Set(k, "REDACTED")
				changed = true
			}
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// IncompleteError reports a search that could not fetch every page. What arrived was already
// passed to the page callback; the SearchState remembers what is missing so that a later Search
// with the same state resumes.
type IncompleteError struct {
	// Resource is the searched resource type.
	Resource string
	// Missing lists the page numbers that failed (empty when the count is unknown).
	Missing []int
	// Err is the first failure.
	Err error
}

func (e *IncompleteError) Error() string {
	if len(e.Missing) > 0 {
		return fmt.Sprintf("%s: %d page(s) could not be loaded (%s): %v", e.Resource, len(e.Missing), pageList(e.Missing), e.Err)
	}
	return fmt.Sprintf("%s: the load stopped before the last page: %v", e.Resource, e.Err)
}

// Unwrap returns the first failure.
func (e *IncompleteError) Unwrap() error { return e.Err }

func pageList(pages []int) string {
	const show = 6
	var parts []string
	for i, p := range pages {
		if i == show {
			parts = append(parts, fmt.Sprintf("… %d more", len(pages)-show))
			break
		}
		parts = append(parts, fmt.Sprint(p))
	}
	return "pages " + strings.Join(parts, ", ")
}
