package recist

import (
	"math"
	"strconv"
	"strings"
)

// add records a discrepancy of assessment i.
func (e *evaluator) add(i int, kind DiscrepancyKind, text string) {
	e.disc = append(e.disc, placed{at: i, d: Discrepancy{AssessmentID: e.as[i].ID, Kind: kind, Text: text}})
}

// caseDiscrepancies lists what the server reported for case c that the rules do not confirm, and
// the data gaps that stop the rules.
func (e *evaluator) caseDiscrepancies(c caseGroup, f followUps, dis disease) {
	if c.base < 0 {
		first := c.members[0]
		e.add(first, KindMissing, assessmentLabel(e.as[first])+
			": no baseline (Timepoint 0 or an assessment named Baseline) was served for this case, so its follow-ups cannot be evaluated.")
	}
	for _, i := range c.members {
		e.missingLesions(i)
		e.targetSumDiffers(i)
		if i == c.base {
			e.baselineGaps(i, dis)
			continue
		}
		if c.isExtraBaseline(e.as, i) {
			e.add(i, KindSequence, assessmentLabel(e.as[i])+": a second baseline (Timepoint 0) in this case; the rules measure from "+
				assessmentLabel(e.as[c.base])+" and do not count it as a follow-up.")
			continue
		}
		// A response the rules cannot give because the server did not send the lesions is a
		// gap, already reported as such, not a disagreement.
		unsent := len(e.as[i].MissingLesions) > 0 || (c.base >= 0 && len(e.as[c.base].MissingLesions) > 0)
		if !(unsent && e.tp[i].Response == NE) {
			e.responseDiffers(i)
		}
		if c.base >= 0 {
			e.notEvaluable(i)
		}
	}
	e.sequences(f)
}

// missingLesions reports lesions the report references that the server did not send.
func (e *evaluator) missingLesions(i int) {
	ids := e.as[i].MissingLesions
	if len(ids) == 0 {
		return
	}
	const shown = 3
	list := strings.Join(ids[:min(len(ids), shown)], ", ")
	if len(ids) > shown {
		list += ", …"
	}
	what := " lesions"
	if len(ids) == 1 {
		what = " lesion"
	}
	e.add(i, KindMissing, assessmentLabel(e.as[i])+": references "+strconv.Itoa(len(ids))+what+
		" the server did not send ("+list+"); its response cannot be fully recomputed.")
}

// targetSumDiffers reports a reported target sum 0.05 mm or more away from the lesions' sum.
func (e *evaluator) targetSumDiffers(i int) {
	a, cp := e.as[i], &e.tp[i]
	if a.Reported.TargetSum == nil || cp.TargetSum == nil {
		return
	}
	reported := toMM(*a.Reported.TargetSum, a.Reported.Unit)
	if math.Abs(reported-*cp.TargetSum) < 0.05-eps {
		return
	}
	e.add(i, KindTargetSum, assessmentLabel(a)+": reported target sum "+mmText(reported)+
		", but the target lesions add up to "+mmText(*cp.TargetSum)+".")
}

// baselineGaps reports baseline targets without a usable measurement, which leave the baseline
// sum unknown.
func (e *evaluator) baselineGaps(i int, dis disease) {
	d := &e.det[i]
	if dis != targetDisease || len(d.gaps) == 0 {
		return
	}
	text, plural := gapsText(d.gaps)
	verb := " has"
	if plural {
		verb = " have"
	}
	e.add(i, KindMissing, assessmentLabel(e.as[i])+": "+text+verb+
		" no usable measurement, so the baseline target sum is unknown.")
}

// responseDiffers reports a follow-up whose reported response differs from the computed one, or
// that reports none where the rules give an evaluable response.
func (e *evaluator) responseDiffers(i int) {
	a, comp := e.as[i], e.tp[i].Response
	rep := a.Reported.Response
	switch {
	case comp == None || rep == comp:
		return
	case rep == None && comp == NE:
		return
	}
	lead := "reported " + conclusionOf(a)
	if rep == None {
		lead = "no response was reported"
		if a.Inferred() {
			lead = "the server sent no report for this assessment"
		} else if c := strings.TrimSpace(a.Reported.Conclusion); c != "" {
			lead = "the report concludes “" + c + "”, which is no response"
		}
	}
	text, causal := e.why(i, rep)
	if causal {
		e.add(i, KindResponse, assessmentLabel(a)+": "+lead+", but "+text+" makes it "+ConclusionText(comp)+".")
		return
	}
	e.add(i, KindResponse, assessmentLabel(a)+": "+lead+", but the measurements give "+ConclusionText(comp)+": "+text+".")
}

// conclusionOf is the reported conclusion as the server wrote it, or the standard text of the
// reported response.
func conclusionOf(a *Assessment) string {
	if c := strings.TrimSpace(a.Reported.Conclusion); c != "" {
		return c
	}
	return ConclusionText(a.Reported.Response)
}

// notEvaluable reports a follow-up computed NE because measurements are missing.
func (e *evaluator) notEvaluable(i int) {
	d := &e.det[i]
	if e.tp[i].Response != NE || (len(d.gaps) == 0 && d.ne != neBaseSum) {
		return
	}
	e.add(i, KindMissing, assessmentLabel(e.as[i])+": the response is Not Evaluable because "+whyNE(d)+".")
}

// crThenPR finds each PR that follows a CR in f's responses (the first PR after each CR), as
// pairs of assessment indexes.
func crThenPR(f followUps, resp func(int) Response) (pr, cr []int) {
	lastCR := -1
	for _, i := range f.idx {
		switch resp(i) {
		case CR:
			lastCR = i
		case PR:
			if lastCR >= 0 {
				pr, cr = append(pr, i), append(cr, lastCR)
				lastCR = -1
			}
		}
	}
	return pr, cr
}

// sequences reports a PR after a CR in the reported responses, and in the computed ones where
// they flag a different assessment.
func (e *evaluator) sequences(f followUps) {
	const why = "; a PR after a complete response is a data problem: after CR any reappearance is progression."
	rpr, rcr := crThenPR(f, func(i int) Response { return e.as[i].Reported.Response })
	for k, i := range rpr {
		e.add(i, KindSequence, assessmentLabel(e.as[i])+": reported "+conclusionOf(e.as[i])+
			" after the complete response at "+assessmentLabel(e.as[rcr[k]])+why)
	}
	cpr, ccr := crThenPR(f, func(i int) Response { return e.tp[i].Response })
	for k, i := range cpr {
		if containsInt(rpr, i) {
			continue
		}
		e.add(i, KindSequence, assessmentLabel(e.as[i])+": the measurements give Partial Response after the complete response at "+
			assessmentLabel(e.as[ccr[k]])+why)
	}
}

// containsInt reports whether xs holds x.
func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
