package chart

import (
	"strings"
	"time"

	"github.com/recistview/recistview/data/recist"
)

// TargetSeries is what the target-sum chart of one subject plots.
type TargetSeries struct {
	// SubjectID names the subject.
	SubjectID string
	// Points are the subject's assessments that have a date and a target sum, in the
	// subject's assessment order.
	Points []TargetPoint
	// Unplotted counts the assessments left out: without a date, or without a computed or
	// reported target sum.
	Unplotted int
	// ByWeek plots weeks on study (days since the case's baseline / 7) on the x axis instead of
	// dates.
	ByWeek bool
}

// TargetPoint is one assessment on the target-sum chart.
type TargetPoint struct {
	// Name is the assessment's name ("Follow-up 2").
	Name string
	// Date is the assessment date.
	Date time.Time
	// Weeks is the time since the baseline of the point's case, in weeks; 0 when the case has
	// no dated baseline.
	Weeks float64
	// Case numbers the response case (recist.Assessment.CaseID) the point belongs to, from 0
	// in order of first appearance. Points of different cases are not joined and each case
	// has its own reference lines.
	Case int
	// Baseline marks the case's baseline.
	Baseline bool
	// Sum is the target lesion sum in mm: the computed one, or the reported one when
	// FromReport is set.
	Sum float64
	// FromReport is set when the rules could not compute the sum and Sum is the server's.
	FromReport bool
	// Response is the computed response (None at a baseline).
	Response recist.Response
	// Reported is the server's response.
	Reported recist.Response
	// Mismatch is set when the reported response disagrees with the computed one (a
	// recist.KindResponse discrepancy).
	Mismatch bool
	// HasRef is set when the point's case has a computed baseline sum; BaseSum is that sum and
	// Nadir the nadir the point is judged against by the PD rule: the least computed sum of the
	// case before this assessment, baseline included (at the baseline, its own sum).
	HasRef         bool
	BaseSum, Nadir float64
}

// NewTargetSeries prepares the target-sum chart of subject s from its evaluation r
// (recist.Evaluate(s, opt)). It may run off the UI thread.
func NewTargetSeries(s *recist.Subject, r recist.SubjectResult) TargetSeries {
	if s == nil {
		return TargetSeries{}
	}
	ts := TargetSeries{SubjectID: s.ID, Points: make([]TargetPoint, 0, len(s.Assessments))}
	mismatch := make(map[string]bool)
	for _, d := range r.Discrepancies {
		if d.Kind == recist.KindResponse && d.AssessmentID != "" {
			mismatch[d.AssessmentID] = true
		}
	}
	cases := caseIndex(s.Assessments)
	bases := baselines(s.Assessments, cases)
	type ref struct{ base, nadir float64 }
	refs := make(map[int]*ref) // case → running reference, once its baseline sum is known
	for i, a := range s.Assessments {
		if a == nil {
			continue
		}
		var tp recist.Computed
		if i < len(r.Timepoints) {
			tp = r.Timepoints[i]
		}
		pt := TargetPoint{
			Name:     a.Name,
			Date:     a.Date,
			Case:     cases[i],
			Response: tp.Response,
			Reported: a.Reported.Response,
		}
		b, hasBase := bases[cases[i]]
		pt.Baseline = hasBase && b == i
		if pt.Baseline && tp.TargetSum != nil {
			refs[cases[i]] = &ref{base: *tp.TargetSum, nadir: *tp.TargetSum}
		}
		if rf := refs[cases[i]]; rf != nil {
			pt.HasRef, pt.BaseSum, pt.Nadir = true, rf.base, rf.nadir
			if !pt.Baseline && a.Timepoint != 0 && tp.TargetSum != nil && *tp.TargetSum < rf.nadir {
				rf.nadir = *tp.TargetSum
			}
		}
		if hasBase && !s.Assessments[b].Date.IsZero() && !a.Date.IsZero() {
			pt.Weeks = (dayNum(a.Date) - dayNum(s.Assessments[b].Date)) / 7
		}
		switch {
		case tp.TargetSum != nil:
			pt.Sum = *tp.TargetSum
		case a.Reported.TargetSum != nil:
			pt.Sum, pt.FromReport = reportedMM(a.Reported), true
		default:
			ts.Unplotted++
			continue
		}
		if a.Date.IsZero() {
			ts.Unplotted++
			continue
		}
		if a.ID != "" {
			pt.Mismatch = mismatch[a.ID]
		} else {
			pt.Mismatch = responseDiffers(tp.Response, a.Reported.Response)
		}
		ts.Points = append(ts.Points, pt)
	}
	return ts
}

// caseIndex numbers the response case of every assessment, in order of first appearance; the
// assessments without a CaseID form one case, as in recist.Evaluate.
func caseIndex(as []*recist.Assessment) []int {
	out := make([]int, len(as))
	var ids []*int
next:
	for i, a := range as {
		if a == nil {
			continue
		}
		for k, id := range ids {
			if (id == nil && a.CaseID == nil) || (id != nil && a.CaseID != nil && *id == *a.CaseID) {
				out[i] = k
				continue next
			}
		}
		out[i] = len(ids)
		ids = append(ids, a.CaseID)
	}
	return out
}

// reportedMM is the reported target sum in millimetres.
func reportedMM(r recist.Reported) float64 {
	if strings.EqualFold(strings.TrimSpace(r.Unit), "cm") {
		return *r.TargetSum * 10
	}
	return *r.TargetSum
}

// responseDiffers is recist's rule for a response discrepancy, for assessments without an ID
// to look the discrepancy up by.
func responseDiffers(computed, reported recist.Response) bool {
	switch {
	case computed == recist.None || computed == reported:
		return false
	case reported == recist.None && computed == recist.NE:
		return false
	}
	return true
}

// pdThreshold is the target sum at which the RECIST 1.1 PD rule is met over nadir: a 20 %
// increase that is also at least 5 mm.
func pdThreshold(nadir float64) float64 { return max(nadir*1.2, nadir+5) }

// prThreshold is the target sum at or below which the PR rule is met: 30 % below baseline.
func prThreshold(base float64) float64 { return base * 0.7 }
