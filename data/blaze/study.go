package blaze

import (
	"cmp"
	"maps"
	"slices"
	"strconv"

	"github.com/recistview/recistview/data/recist"
)

// noSubject is the subject id given to reports and lesions that name none.
const noSubject = "(no subject)"

// Study builds the domain model from what has arrived so far. Every call returns a fresh
// Study that shares only immutable lesions with earlier ones, so a caller may keep and read it
// while loading goes on.
func (b *Builder) Study() *recist.Study { return b.snapshot().build() }

// snapshot is what has arrived, copied under the lock so that building the model does not
// hold up pages still arriving. Reports, lesions and patients are never modified once added,
// so sharing the pointers is safe.
type snapshot struct {
	study, sponsor string
	reports        []*report
	lesions        map[string]*lesion
	patients       map[string]*recist.Subject
	members        []string
}

func (b *Builder) snapshot() *snapshot {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := &snapshot{study: b.study, sponsor: b.sponsor, lesions: maps.Clone(b.lesions), patients: maps.Clone(b.patients)}
	s.reports = slices.Collect(maps.Values(b.reports))
	s.members = slices.Collect(maps.Keys(b.members))
	return s
}

func (b *snapshot) build() *recist.Study {
	st := &recist.Study{ID: b.study, SponsorID: b.sponsor}
	subjects := map[string]*recist.Subject{}
	subject := func(id string) *recist.Subject {
		if id == "" {
			id = noSubject
		}
		s, ok := subjects[id]
		if !ok {
			s = &recist.Subject{ID: id}
			subjects[id] = s
		}
		return s
	}
	for id, p := range b.patients {
		cp := *p
		cp.Assessments = nil
		subjects[id] = &cp
	}
	for _, id := range b.members {
		subject(id).InGroup = true
	}

	// Assessments from reports, with the lesions their results name.
	used := make(map[string]bool, len(b.lesions))
	byID := make(map[string]*recist.Assessment, len(b.reports))
	owner := make(map[string]string, len(b.reports))
	for _, r := range b.reports {
		a := r.a // copy; the report stays untouched
		a.Lesions = make([]*recist.Lesion, 0, len(r.lesionIDs))
		for _, id := range r.lesionIDs {
			if l, ok := b.lesions[id]; ok {
				if !used[id] {
					a.Lesions = append(a.Lesions, l.l)
					used[id] = true
				}
			} else {
				a.MissingLesions = append(a.MissingLesions, id)
			}
		}
		s := subject(r.subject)
		s.Assessments = append(s.Assessments, &a)
		byID[a.ID] = &a
		owner[a.ID] = s.ID
	}

	// Lesions no report listed: join by the assessment id inside their identifier, or keep
	// them under an assessment inferred from the lesions because its report was not served.
	var orphans []*lesion
	for id, l := range b.lesions {
		if !used[id] {
			orphans = append(orphans, l)
		}
	}
	slices.SortFunc(orphans, func(x, y *lesion) int { return cmp.Compare(x.l.ID, y.l.ID) })
	for _, l := range orphans {
		sid := l.subject
		if a, ok := byID[l.key.AssessmentID]; ok && (sid == "" || owner[a.ID] == sid) {
			a.Lesions = append(a.Lesions, l.l)
			continue
		}
		aid := l.key.AssessmentID
		if aid == "" {
			aid = "?"
		}
		a, ok := byID[aid]
		if !ok || owner[aid] != cmp.Or(sid, noSubject) {
			a = &recist.Assessment{ID: aid, Name: "Assessment " + aid + " (report not served)", Timepoint: -1, DateText: l.l.DateText}
			a.Date, _ = ParseDate(l.l.DateText)
			if c, err := strconv.Atoi(l.key.CaseID); err == nil {
				a.CaseID = &c
			}
			s := subject(sid)
			s.Assessments = append(s.Assessments, a)
			byID[aid] = a
			owner[aid] = s.ID
		}
		a.Lesions = append(a.Lesions, l.l)
	}

	st.Subjects = make([]*recist.Subject, 0, len(subjects))
	for _, s := range subjects {
		slices.SortStableFunc(s.Assessments, compareAssessments)
		st.Subjects = append(st.Subjects, s)
	}
	slices.SortFunc(st.Subjects, func(x, y *recist.Subject) int { return lessID(x.ID, y.ID) })
	return st
}

// compareAssessments orders by timepoint (unknown ones by date among the rest), then date, id.
func compareAssessments(x, y *recist.Assessment) int {
	if x.Timepoint >= 0 && y.Timepoint >= 0 && x.Timepoint != y.Timepoint {
		return cmp.Compare(x.Timepoint, y.Timepoint)
	}
	if c := x.Date.Compare(y.Date); c != 0 {
		return c
	}
	if c := cmp.Compare(x.Timepoint, y.Timepoint); c != 0 {
		return c
	}
	return lessID(x.ID, y.ID)
}
