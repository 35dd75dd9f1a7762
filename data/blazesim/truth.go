package blazesim

import (
	"errors"
	"slices"
	"strconv"

	"github.com/recistview/recistview/data/recist"
)

// Errors of Server.Truth.
var (
	// ErrUnknownStudy: the server holds no study with that number.
	ErrUnknownStudy = errors.New("blazesim: unknown study")
	// ErrNotGenerated: the study is served from fixtures and has no generated ground truth.
	ErrNotGenerated = errors.New("blazesim: study is not generated")
)

// Truth is the ground truth of a generated study, for tests: the study exactly as served and
// what the RECIST rules give for it. It is shared and read-only; do not modify it.
type Truth struct {
	// Study holds the subjects (ordered by id) with their assessments (ordered by timepoint)
	// and lesions (ordered by code), with Reported filled with the values served and Raw with
	// the served resources.
	Study *recist.Study
	// Results are recist.Evaluate's results per subject id, computed with DefaultOptions on the
	// study as served.
	Results map[string]recist.SubjectResult
	// Computed is the response the rules give per assessment id (None for baselines).
	Computed map[string]recist.Response
	// Altered lists the assessments whose conclusion was deliberately reported wrong.
	Altered map[string]Alteration
	// Archetypes is the course each subject was drawn from, by subject id.
	Archetypes map[string]Archetype
	// Tumour is the tumour type whose metastatic pattern the study's lesions follow.
	Tumour string
	// Duplicates lists the lesion identifiers served twice (exact duplicate entries).
	Duplicates []string
}

// Alteration is one deliberately wrong conclusion.
type Alteration struct {
	// Computed is what the rules give; Reported is what the server reports instead.
	Computed, Reported recist.Response
}

// AlteredIDs returns the ids of the assessments with a deliberately wrong conclusion, in
// ascending numeric order.
func (t *Truth) AlteredIDs() []string {
	ids := make([]string, 0, len(t.Altered))
	for id := range t.Altered {
		ids = append(ids, id)
	}
	sortNumeric(ids)
	return ids
}

// Subject returns the subject with the given id, or nil.
func (t *Truth) Subject(id string) *recist.Subject {
	for _, s := range t.Study.Subjects {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// Assessments counts the study's assessments (baselines and follow-ups).
func (t *Truth) Assessments() int {
	n := 0
	for _, s := range t.Study.Subjects {
		n += len(s.Assessments)
	}
	return n
}

// sortNumeric sorts decimal id strings by value (shorter first), falling back to text order.
func sortNumeric(ids []string) {
	slices.SortFunc(ids, compareNumeric)
}

func compareNumeric(a, b string) int {
	x, errA := strconv.Atoi(a)
	y, errB := strconv.Atoi(b)
	if errA == nil && errB == nil {
		return x - y
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
