package blaze

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/recistview/recistview/data/fhir"
	"github.com/recistview/recistview/data/recist"
)

// MaxReferenceReads bounds the per-reference lesion reads one Run makes when the bulk
// Observation search lacks lesions that reports name; the rest are reported as missing.
const MaxReferenceReads = 200

// resource is one of the four searches of a study load.
type resource struct {
	path, wantType, label string
	params                url.Values
	add                   func(*Builder, []fhir.Entry)
}

// Load is the loading of one study through a session. It is resumable: after a Run that could
// not complete, another Run fetches only what is still missing. A Load is not for concurrent
// Runs.
type Load struct {
	s       *Session
	study   string
	b       *Builder
	res     []resource
	states  []*fhir.SearchState
	tried   map[string]bool // lesion references read individually
	refFail map[string]error
}

// NewLoad starts the load of study (an MSK study number).
func (s *Session) NewLoad(study string) *Load {
	study = strings.TrimSpace(study)
	rs := url.Values{"researchstudy": {study}}
	res := []resource{
		{"DiagnosticReport", "DiagnosticReport", "response assessments", rs, (*Builder).AddReports},
		{"observation", "Observation", "lesion measurements", url.Values{"researchstudy": {study}, "category": {"imaging"}}, (*Builder).AddObservations},
		{"Patient", "Patient", "patients", rs, (*Builder).AddPatients},
		{"Group", "Group", "the subject list", rs, (*Builder).AddGroup},
	}
	l := &Load{s: s, study: study, b: NewBuilder(study), res: res, tried: map[string]bool{}, refFail: map[string]error{}}
	for range res {
		l.states = append(l.states, &fhir.SearchState{})
	}
	return l
}

// Study is the study number being loaded.
func (l *Load) Study() string { return l.study }

// Builder gives access to what has arrived so far (e.g. Builder().Study() for a partial view).
func (l *Load) Builder() *Builder { return l.b }

// Progress is a snapshot of a running load.
type Progress struct {
	Reports, Lesions, Subjects int
	// PagesDone and PagesKnown count pages over all searches; PagesKnown grows as each search
	// learns its page count.
	PagesDone, PagesKnown int
	// Phase says what is happening, for people.
	Phase string
}

// Result is what a Run produced.
type Result struct {
	Study *recist.Study
	// Complete is true when every page and every referenced lesion the server has was read.
	Complete bool
	// Missing says, one sentence each, what could not be read.
	Missing []string
	// FetchedAt is when the run finished.
	FetchedAt time.Time
	// Duplicates is the number of duplicate entries merged.
	Duplicates int
	// Problems lists entries that could not be mapped.
	Problems []string
}

// IncompleteError is a load that ended with parts missing; the Result still holds what arrived.
type IncompleteError struct {
	Study   string
	Missing []string
	Err     error
}

func (e *IncompleteError) Error() string {
	return fmt.Sprintf("study %s loaded incompletely: %s", e.Study, strings.Join(e.Missing, "; "))
}

// Unwrap returns the first underlying failure.
func (e *IncompleteError) Unwrap() error { return e.Err }

// Run loads everything still missing: the four searches run at the same time (pages within
// each concurrently, under the session's shared bound), then lesions that reports name but the
// bulk search lacked are read one by one. onProgress, if not nil, is called from several
// goroutines as pages arrive; keep it cheap.
//
// The Result is never nil. The error is nil for a complete load (an empty study included), an
// *AccessError for a study the partner may not read, a *SignInError when the server stops
// accepting the session, an *IncompleteError when parts are missing, or the context's error.
func (l *Load) Run(ctx context.Context, onProgress func(Progress)) (*Result, error) {
	if l.study == "" {
		return l.result(), errors.New("no study number given")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	report := func(phase string) {
		if onProgress == nil {
			return
		}
		p := Progress{Phase: phase}
		p.Reports, p.Lesions, p.Subjects = l.b.Counts()
		for _, st := range l.states {
			d, k := st.Progress()
			p.PagesDone += d
			p.PagesKnown += max(k, d)
		}
		onProgress(p)
	}

	errs := make([]error, len(l.res))
	var wg sync.WaitGroup
	for i, r := range l.res {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := l.s.fhir.Search(ctx, r.path, r.wantType, r.params, l.states[i], func(p fhir.Page) error {
				r.add(l.b, p.Bundle.Entry)
				report("Loading " + r.label)
				return nil
			})
			if err != nil {
				errs[i] = err
				if errors.Is(err, fhir.ErrForbidden) || errors.Is(err, fhir.ErrUnauthorized) {
					cancel()
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if errors.Is(err, fhir.ErrForbidden) || errors.Is(err, fhir.ErrUnauthorized) {
			return l.result(), l.s.classify(l.study, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return l.result(), err
	}
	var missing []string
	var first error
	for i, err := range errs {
		if err != nil {
			missing = append(missing, fmt.Sprintf("%s: %v", capitalise(l.res[i].label), err))
			first = firstErr(first, err)
		}
	}
	if errs[0] == nil && errs[1] == nil {
		report("Reading lesions the bulk search lacked")
		if err := l.readReferences(ctx); err != nil {
			return l.result(), err
		}
	}
	if n := len(l.refFail); n > 0 {
		var ids []string
		for id, err := range l.refFail {
			ids = append(ids, id)
			first = firstErr(first, err)
		}
		slices.Sort(ids)
		missing = append(missing, fmt.Sprintf("%d lesion measurement(s) could not be read (%s)", n, shortList(ids)))
	}
	res := l.result()
	res.Missing = missing
	res.Complete = len(missing) == 0
	if !res.Complete {
		return res, &IncompleteError{Study: l.study, Missing: missing, Err: first}
	}
	return res, nil
}

func (l *Load) result() *Result {
	return &Result{Study: l.b.Study(), FetchedAt: time.Now(), Duplicates: l.b.Duplicates(), Problems: l.b.Problems()}
}

// readReferences reads, one request each, the lesions reports name that the bulk search did
// not return. A lesion the server does not have ("No records found") stays listed as missing
// on its assessment; a read that fails is remembered for the next Run.
func (l *Load) readReferences(ctx context.Context) error {
	var todo []LesionRef
	for _, ref := range l.b.MissingLesions() {
		if !l.tried[ref.ID] || l.refFail[ref.ID] != nil {
			todo = append(todo, ref)
		}
	}
	if len(todo) > MaxReferenceReads {
		for _, ref := range todo[MaxReferenceReads:] {
			l.refFail[ref.ID] = errTooManyReferences
		}
		todo = todo[:MaxReferenceReads]
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, l.s.fhir.Concurrency())
	for _, ref := range todo {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			err := l.readReference(ctx, ref)
			mu.Lock()
			defer mu.Unlock()
			l.tried[ref.ID] = true
			if err != nil && !errors.Is(err, fhir.ErrNoRecords) {
				l.refFail[ref.ID] = err
			} else {
				delete(l.refFail, ref.ID)
			}
		}()
	}
	wg.Wait()
	for _, err := range l.refFail {
		if errors.Is(err, fhir.ErrForbidden) || errors.Is(err, fhir.ErrUnauthorized) {
			return l.s.classify(l.study, err)
		}
	}
	return ctx.Err()
}

var errTooManyReferences = errors.New("too many lesions missing from the bulk search to read one by one")

// readReference reads one lesion by its result reference (a search URL, or a plain reference).
func (l *Load) readReference(ctx context.Context, ref LesionRef) error {
	raw := ref.Reference
	if raw == "" {
		raw = "observation?" + url.Values{"researchstudy": {l.study}, "category": {"imaging"}, "id": {ref.ID}}.Encode()
	}
	u, err := l.s.fhir.Resolve(raw)
	if err != nil {
		return err
	}
	q := u.Query()
	q.Set("_format", "json")
	u.RawQuery = q.Encode()
	body, err := l.s.fhir.Get(ctx, u.String())
	if err != nil {
		return err
	}
	switch fhir.ResourceType(body) {
	case "Observation":
		l.b.AddObservations([]fhir.Entry{{Resource: body}})
	case "Bundle":
		var b fhir.Bundle
		if err := json.Unmarshal(body, &b); err != nil {
			return &fhir.Error{URL: fhir.Redact(u.String()), Status: 200, Err: fmt.Errorf("%w: %v", fhir.ErrMalformed, err)}
		}
		obs := b.Entry[:0:0]
		for _, e := range b.Entry {
			if fhir.ResourceType(e.Resource) == "Observation" {
				obs = append(obs, e)
			}
		}
		l.b.AddObservations(obs)
	default:
		return &fhir.Error{URL: fhir.Redact(u.String()), Status: 200, Err: fhir.ErrUnexpectedType}
	}
	return nil
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func shortList(ids []string) string {
	const show = 5
	if len(ids) <= show {
		return strings.Join(ids, ", ")
	}
	return strings.Join(ids[:show], ", ") + fmt.Sprintf(", … %d more", len(ids)-show)
}
