package recist

import (
	"strings"
	"time"
)

// caseGroup is one response case of a subject: the assessments sharing a CaseID.
type caseGroup struct {
	id      *int  // the CaseID, nil for assessments without one
	members []int // indexes into Subject.Assessments, in order
	base    int   // index of the case's baseline, -1 when none was served
}

// groupCases splits assessments by CaseID (nil is one group of its own), in order of first
// appearance, and picks each case's baseline: the first assessment at Timepoint 0, else the first
// named "Baseline" (any case), else none.
func groupCases(as []*Assessment) []caseGroup {
	var groups []caseGroup
next:
	for i, a := range as {
		if a == nil {
			continue
		}
		for g := range groups {
			if sameCase(groups[g].id, a.CaseID) {
				groups[g].members = append(groups[g].members, i)
				continue next
			}
		}
		members := append(make([]int, 0, len(as)-i), i)
		groups = append(groups, caseGroup{id: a.CaseID, members: members, base: -1})
	}
	for g := range groups {
		groups[g].base = pickBaseline(as, groups[g].members)
	}
	return groups
}

// isExtraBaseline reports whether member i of c is at Timepoint 0 without being its baseline.
func (c caseGroup) isExtraBaseline(as []*Assessment, i int) bool {
	return i != c.base && as[i].Timepoint == 0
}

// sameCase reports whether two CaseIDs name the same case.
func sameCase(a, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// pickBaseline returns the index of the baseline among members, or -1.
func pickBaseline(as []*Assessment, members []int) int {
	for _, i := range members {
		if as[i].Timepoint == 0 {
			return i
		}
	}
	for _, i := range members {
		if strings.EqualFold(strings.TrimSpace(as[i].Name), "Baseline") {
			return i
		}
	}
	return -1
}

// followUps are the assessments of a case after its baseline, with the baseline date.
type followUps struct {
	as   []*Assessment
	idx  []int     // indexes into as, in order
	base time.Time // zero when the case has no baseline
}

// followUpsOf lists the members of c other than its baseline and any further assessment at
// Timepoint 0 (a second baseline, which is not a follow-up).
func followUpsOf(as []*Assessment, c caseGroup) followUps {
	f := followUps{as: as, idx: make([]int, 0, len(c.members))}
	for _, i := range c.members {
		if !c.isExtraBaseline(as, i) && i != c.base {
			f.idx = append(f.idx, i)
		}
	}
	if c.base >= 0 {
		f.base = as[c.base].Date
	}
	return f
}

// daysBetween is the number of calendar days from a to b (negative when b is earlier); ok is
// false when either date is unknown.
func daysBetween(a, b time.Time) (days int, ok bool) {
	if a.IsZero() || b.IsZero() {
		return 0, false
	}
	return int(civil(b).Sub(civil(a)).Hours() / 24), true
}

// civil is t's calendar date at UTC midnight, so day counts ignore clock time and DST.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// atLeastDays reports whether b is at least min days after a; a min of 0 or less always holds,
// otherwise unknown dates do not.
func atLeastDays(a, b time.Time, min int) bool {
	if min <= 0 {
		return true
	}
	d, ok := daysBetween(a, b)
	return ok && d >= min
}
