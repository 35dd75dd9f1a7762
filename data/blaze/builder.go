package blaze

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/recistview/recistview/data/fhir"
	"github.com/recistview/recistview/data/recist"
)

// Builder accumulates a study's resources as pages arrive, in any order, and builds the domain
// model from whatever has arrived so far. Duplicate entries are merged; lesions are joined to
// assessments by lesion identifier. It is safe for concurrent use.
type Builder struct {
	mu        sync.Mutex
	study     string
	sponsor   string
	reports   map[string]*report // by assessment id
	refs      map[string]string  // lesion id -> result reference, for per-reference reads
	lesions   map[string]*lesion // by lesion id
	patients  map[string]*recist.Subject
	members   map[string]bool
	groups    [][]byte        // raw Group resources of this study, for Entries
	subjects  map[string]bool // every subject id seen, for Counts
	duplicate int
	problems  []string
}

// NewBuilder returns an empty Builder for the study number study.
func NewBuilder(study string) *Builder {
	return &Builder{
		study:    study,
		reports:  map[string]*report{},
		refs:     map[string]string{},
		lesions:  map[string]*lesion{},
		patients: map[string]*recist.Subject{},
		members:  map[string]bool{},
		subjects: map[string]bool{},
	}
}

// Counts reports what has arrived: distinct assessments, lesions and subjects.
func (b *Builder) Counts() (reports, lesions, subjects int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.reports), len(b.lesions), len(b.subjects)
}

// Duplicates is the number of duplicate entries merged so far.
func (b *Builder) Duplicates() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.duplicate
}

// Problems lists entries that could not be mapped, one sentence each.
func (b *Builder) Problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.problems)
}

// AddReports maps DiagnosticReport entries. Of two entries for the same assessment the higher
// revision wins; identical ones are merged.
func (b *Builder) AddReports(entries []fhir.Entry) {
	mapped := make([]*report, 0, len(entries))
	for _, e := range entries {
		r, err := mapReport(e.Resource)
		if err != nil {
			b.problem("a DiagnosticReport could not be read (%v)", err)
			continue
		}
		mapped = append(mapped, r)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, r := range mapped {
		if b.sponsor == "" && r.a.Extra != nil {
			b.sponsor = cmp.Or(extraFold(r.a.Extra, "SponsorId"), b.sponsor)
		}
		key := r.a.ID
		if old, ok := b.reports[key]; ok {
			b.duplicate++
			if !newerRevision(r.revision, old.revision) {
				continue
			}
		}
		b.reports[key] = r
		b.subjects[r.subject] = true
		for i, id := range r.lesionIDs {
			if _, ok := b.refs[id]; !ok {
				b.refs[id] = r.refs[i]
			}
		}
	}
}

// AddObservations maps imaging Observation entries; a lesion identifier seen again is merged.
func (b *Builder) AddObservations(entries []fhir.Entry) {
	mapped := make([]*lesion, 0, len(entries))
	for _, e := range entries {
		l, err := mapLesion(e.Resource)
		if err != nil {
			b.problem("an imaging Observation could not be read (%v)", err)
			continue
		}
		if l.l.ID == "" {
			b.problem("an imaging Observation has no lesion identifier and cannot be placed")
			continue
		}
		mapped = append(mapped, l)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, l := range mapped {
		if old, ok := b.lesions[l.l.ID]; ok {
			b.duplicate++
			if bytes.Equal(old.l.Raw, l.l.Raw) || old.l.Value != nil {
				continue
			}
		}
		b.lesions[l.l.ID] = l
		if l.subject != "" {
			b.subjects[l.subject] = true
		}
	}
}

// AddPatients maps Patient entries.
func (b *Builder) AddPatients(entries []fhir.Entry) {
	mapped := make([]*recist.Subject, 0, len(entries))
	for _, e := range entries {
		s, err := mapPatient(e.Resource)
		if err != nil || s.ID == "" {
			b.problem("a Patient could not be read")
			continue
		}
		mapped = append(mapped, s)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range mapped {
		if _, ok := b.patients[s.ID]; ok {
			b.duplicate++
		}
		b.patients[s.ID] = s
		b.subjects[s.ID] = true
	}
}

// AddGroup records the members of Group entries whose identifier names this study
// (case-insensitively) or that carry no identifier.
func (b *Builder) AddGroup(entries []fhir.Entry) {
	for _, e := range entries {
		g, err := fhir.DecodeGroup(e.Resource)
		if err != nil {
			b.problem("a Group could not be read (%v)", err)
			continue
		}
		if id := fhir.IdentifierValue(g.Identifier, "#IDB.Protocol"); id != "" && !SameStudy(id, b.study) {
			continue
		}
		b.mu.Lock()
		b.groups = append(b.groups, e.Resource)
		for _, m := range g.Member {
			if id := SubjectID(m.Entity.Reference); id != "" {
				b.members[id] = true
				b.subjects[id] = true
			}
		}
		b.mu.Unlock()
	}
}

// MissingLesions returns the lesion identifiers that reports reference but no Observation has
// supplied, with the reference to read each one by, sorted by id.
func (b *Builder) MissingLesions() []LesionRef {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []LesionRef
	for id, ref := range b.refs {
		if _, ok := b.lesions[id]; !ok {
			out = append(out, LesionRef{ID: id, Reference: ref})
		}
	}
	slices.SortFunc(out, func(a, b LesionRef) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// LesionRef is a lesion a report references, and the search URL that reads it.
type LesionRef struct {
	ID        string
	Reference string
}

func (b *Builder) problem(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.problems) < 100 {
		b.problems = append(b.problems, fmt.Sprintf(format, args...))
	}
}

// newerRevision reports whether revision a (case, assessment) is later than b.
func newerRevision(a, b [2]int) bool {
	if a[0] != b[0] {
		return a[0] > b[0]
	}
	return a[1] > b[1]
}

func extraFold(m map[string]string, key string) string {
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return ""
}

// lessID orders subject ids: numeric ones numerically, then the rest as text.
func lessID(a, b string) int {
	na, ea := strconv.ParseUint(a, 10, 64)
	nb, eb := strconv.ParseUint(b, 10, 64)
	switch {
	case ea == nil && eb == nil:
		return cmp.Compare(na, nb)
	case ea == nil:
		return -1
	case eb == nil:
		return 1
	}
	return strings.Compare(a, b)
}
