package recist

import (
	"cmp"
	"slices"
)

// Evaluate recomputes every assessment of s from its lesion measurements under RECIST 1.1,
// derives the best overall response under opt, and lists where the reported values disagree.
//
// Assessments are grouped by CaseID; each case is evaluated against its own baseline (the
// assessment at Timepoint 0, else the one named "Baseline"). Timepoints is parallel to
// s.Assessments. With several cases, BestResponse (and ReportedBestResponse) is the best of the
// cases' and the time-to-event figures come from the first case giving that best response.
//
// The best overall responses treat a follow-up without a response as NE. SD and Non-CR/Non-PD
// need a baseline date to count when opt.SDMinDays > 0, and confirmation needs dates when
// opt.ConfirmDays > 0. Under confirmation an unconfirmed CR or PR counts as SD, or as
// Non-CR/Non-PD when the baseline has non-target lesions only. A second assessment at
// Timepoint 0 in a case is not a follow-up: it gets a target sum and a KindSequence note.
//
// Evaluate is pure: it does no I/O, does not modify s, and may run concurrently on different
// subjects (or on the same one).
func Evaluate(s *Subject, opt Options) SubjectResult {
	if s == nil {
		return SubjectResult{}
	}
	n := len(s.Assessments)
	e := &evaluator{
		as:     s.Assessments,
		tp:     make([]Computed, n),
		det:    make([]detail, n),
		floats: floatPool{buf: make([]float64, 0, 3*n+1)},
	}
	res := SubjectResult{Timepoints: e.tp}
	for _, c := range groupCases(s.Assessments) {
		f := followUpsOf(e.as, c)
		dis := e.computeCase(c, f)
		fallback := SD
		if dis == nonTargetOnly {
			fallback = NonCRNonPD
		}
		computed := bestOverall(f, func(i int) Response { return e.tp[i].Response }, fallback, opt)
		reported := bestOverall(f, func(i int) Response { return e.as[i].Reported.Response }, fallback, opt)
		if computed.best.Rank() < res.BestResponse.Rank() {
			res.BestResponse = computed.best
			res.TimeToResponseDays, res.DurationOfResponseDays, res.TimeToProgressionDays = timesOf(f, computed)
		}
		if reported.best.Rank() < res.ReportedBestResponse.Rank() {
			res.ReportedBestResponse = reported.best
		}
		e.caseDiscrepancies(c, f, dis)
	}
	res.BestPctChange = e.bestPctChange()
	res.Discrepancies = e.sortedDiscrepancies()
	return res
}

// evaluator carries the working state of one Evaluate call.
type evaluator struct {
	as     []*Assessment
	tp     []Computed // the result's Timepoints
	det    []detail   // parallel to tp
	floats floatPool
	disc   []placed
	isBase []bool // lazily sized; true at each case's baseline
}

// placed is a discrepancy with the index of its assessment, for ordering.
type placed struct {
	at int
	d  Discrepancy
}

// computeCase fills the Computed figures of every assessment of c and returns the kind of
// disease its baseline has.
func (e *evaluator) computeCase(c caseGroup, f followUps) disease {
	if c.base < 0 {
		for _, i := range f.idx {
			e.withoutBaseline(i)
		}
		return noDisease
	}
	e.markBaseline(c.base)
	b := e.as[c.base]
	tCodes, ntCodes := codesOf(b, Target), codesOf(b, NonTarget)
	dis := diseaseAt(tCodes, ntCodes)

	var st struct {
		baseSum, nadir    float64
		hasBase, hasNadir bool
	}
	bt := tallyTargets(b, nil, &e.det[c.base])
	if bt.n > 0 && bt.known {
		e.tp[c.base].TargetSum = e.floats.ptr(bt.sum)
		e.tp[c.base].PctFromBaseline = e.floats.ptr(0)
		st.baseSum, st.nadir, st.hasBase, st.hasNadir = bt.sum, bt.sum, true, true
	}

	for _, i := range c.members {
		if c.isExtraBaseline(e.as, i) {
			e.extraBaseline(i, st.baseSum, st.hasBase)
		}
	}

	priorCR := false
	for _, i := range f.idx {
		a, d, cp := e.as[i], &e.det[i], &e.tp[i]
		d.baseSum, d.hasBase, d.nadir, d.hasNadir = st.baseSum, st.hasBase, st.nadir, st.hasNadir
		t := tallyTargets(a, tCodes, d)
		if t.n > 0 && t.known {
			cp.TargetSum = e.floats.ptr(t.sum)
			if st.hasBase {
				if p, ok := pct(t.sum, st.baseSum); ok {
					cp.PctFromBaseline = e.floats.ptr(p)
				}
			}
			if st.hasNadir {
				if p, ok := pct(t.sum, st.nadir); ok {
					cp.PctFromNadir = e.floats.ptr(p)
				}
			}
		}
		if dis == targetDisease {
			cp.TargetResponse = targetResponse(t, d)
		}
		if len(ntCodes) > 0 {
			cp.NonTargetResponse = nonTargetResponse(a, ntCodes, d)
		}
		d.newLesion = firstNewLesion(a)
		cp.NewLesions = d.newLesion != nil
		if priorCR {
			d.reappeared = firstReappeared(a)
		}
		cp.Response = overallResponse(dis, cp.TargetResponse, cp.NonTargetResponse, cp.NewLesions, d.reappeared != nil)
		if dis == noDisease && cp.Response == NE {
			d.ne = neNoDisease
		}
		if cp.Response == CR {
			priorCR = true
		}
		if dis == targetDisease && t.n > 0 && t.known && (!st.hasNadir || t.sum < st.nadir) {
			st.nadir, st.hasNadir = t.sum, true
		}
	}
	return dis
}

// withoutBaseline computes what can be computed of follow-up i of a case without a baseline:
// the target sum and new lesions. Its responses are NE.
func (e *evaluator) withoutBaseline(i int) {
	a, d, cp := e.as[i], &e.det[i], &e.tp[i]
	d.ne = neNoBaseline
	t := tallyTargets(a, nil, d)
	d.gaps = d.gaps[:0] // sizes are moot without a baseline
	if t.n > 0 {
		cp.TargetResponse = NE
		if t.known {
			cp.TargetSum = e.floats.ptr(t.sum)
		}
	}
	if len(codesOf(a, NonTarget)) > 0 {
		cp.NonTargetResponse = NE
	}
	d.newLesion = firstNewLesion(a)
	cp.NewLesions = d.newLesion != nil
	cp.Response = NE
}

// extraBaseline computes a second Timepoint-0 assessment of a case like a baseline: its target
// sum and change from the case's baseline sum, without responses.
func (e *evaluator) extraBaseline(i int, baseSum float64, hasBase bool) {
	e.markBaseline(i)
	t := tallyTargets(e.as[i], nil, &e.det[i])
	if t.n == 0 || !t.known {
		return
	}
	e.tp[i].TargetSum = e.floats.ptr(t.sum)
	if p, ok := pct(t.sum, baseSum); ok && hasBase {
		e.tp[i].PctFromBaseline = e.floats.ptr(p)
	}
}

// markBaseline records that assessment i is a case's baseline.
func (e *evaluator) markBaseline(i int) {
	if e.isBase == nil {
		e.isBase = make([]bool, len(e.as))
	}
	e.isBase[i] = true
}

// bestPctChange is the most negative PctFromBaseline after any baseline, or nil.
func (e *evaluator) bestPctChange() *float64 {
	var best *float64
	for i := range e.tp {
		p := e.tp[i].PctFromBaseline
		if p == nil || (e.isBase != nil && e.isBase[i]) {
			continue
		}
		if best == nil || *p < *best {
			best = p
		}
	}
	if best == nil {
		return nil
	}
	return e.floats.ptr(*best)
}

// sortedDiscrepancies returns the discrepancies in assessment order, keeping the order they were
// found in within one assessment.
func (e *evaluator) sortedDiscrepancies() []Discrepancy {
	if len(e.disc) == 0 {
		return nil
	}
	slices.SortStableFunc(e.disc, func(a, b placed) int { return cmp.Compare(a.at, b.at) })
	out := make([]Discrepancy, len(e.disc))
	for k, p := range e.disc {
		out[k] = p.d
	}
	return out
}
