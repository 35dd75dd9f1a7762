package recist

// why explains the computed response of follow-up i to someone who was told reported. causal
// reports that text names a cause ("new lesion T-NEW01 in Liver") to be followed by "makes it
// …"; otherwise text is an account of the measurements.
func (e *evaluator) why(i int, reported Response) (text string, causal bool) {
	cp, d := &e.tp[i], &e.det[i]
	switch cp.Response {
	case PD:
		return whyPD(cp, d)
	case NE:
		return whyNE(d), false
	}
	if reported == PD {
		return whyNotPD(cp, d), false
	}
	switch cp.Response {
	case CR:
		return whyCR(cp), false
	case NonCRNonPD:
		return "non-target " + lesionName(d.ntPersist) + " persists", false
	case PR:
		if cp.TargetResponse == CR {
			if cp.NonTargetResponse == NonCRNonPD {
				return "the target lesions are gone but non-target " + lesionName(d.ntPersist) + " persists", false
			}
			return "the target lesions are gone but the non-target lesions were not all evaluated", false
		}
	}
	if reported == CR && d.remaining != nil {
		v, _ := effectiveSize(d.remaining)
		return "target " + lesionName(d.remaining) + " still measures " + mmText(v) +
			" (CR needs every target gone and nodes below 10 mm)", false
	}
	return sumFromBaseline(cp, d), false
}

// whyPD names what made a timepoint PD, in the order new lesion, target sum, non-target
// progression, reappearance.
func whyPD(cp *Computed, d *detail) (string, bool) {
	switch {
	case d.newLesion != nil:
		return "new lesion " + lesionName(d.newLesion), true
	case cp.TargetResponse == PD:
		if cp.TargetSum != nil {
			return "target sum " + mmText(d.partial) + " is " + fromNadir(d.partial, d) +
				" (PD needs +20 % and +5 mm)", false
		}
		return "the measured targets alone add up to " + mmText(d.partial) + ", " +
			fromNadir(d.partial, d) + " (PD needs +20 % and +5 mm)", false
	case d.ntProg != nil:
		return "unequivocal progression of non-target " + lesionName(d.ntProg), true
	case d.reappeared != nil:
		return "the return of " + categoryWord(d.reappeared.Category) + " " + lesionName(d.reappeared) +
			" after a complete response", true
	}
	return "the lesions show progression", false
}

// whyNE says what stopped the rules from giving a response.
func whyNE(d *detail) string {
	switch d.ne {
	case neNoBaseline:
		return "no baseline was served for this case"
	case neNoDisease:
		return "the baseline has no target or non-target lesions and there is no new lesion"
	}
	if len(d.gaps) > 0 {
		text, plural := gapsText(d.gaps)
		if plural {
			return text + " have no usable measurement"
		}
		return text + " has no usable measurement"
	}
	if d.ne == neBaseSum {
		return "the baseline target sum is unknown"
	}
	return "the lesions were not all evaluated"
}

// whyNotPD says why a timepoint reported as PD is not progression.
func whyNotPD(cp *Computed, d *detail) string {
	items := []string{"there is no new lesion"}
	if cp.NonTargetResponse != None {
		items = append(items, "no unequivocal progression")
	}
	if cp.TargetSum != nil && d.hasNadir {
		items = append(items, "target sum "+mmText(*cp.TargetSum)+" is "+fromNadir(*cp.TargetSum, d)+
			" (PD needs +20 % and +5 mm)")
	}
	return joinList(items)
}

// whyCR says what makes a timepoint a complete response.
func whyCR(cp *Computed) string {
	if cp.TargetResponse != CR {
		return "every non-target lesion is gone"
	}
	text := "every target lesion disappeared"
	if cp.TargetSum != nil && *cp.TargetSum > eps {
		text = "every non-nodal target disappeared and every node is below 10 mm (sum " + mmText(*cp.TargetSum) + ")"
	}
	if cp.NonTargetResponse == CR {
		text += ", and every non-target lesion is gone"
	}
	return text
}

// sumFromBaseline compares a timepoint's target sum with the baseline sum for PR.
func sumFromBaseline(cp *Computed, d *detail) string {
	if cp.TargetSum == nil || !d.hasBase {
		return "the target response is " + cp.TargetResponse.Label()
	}
	if cp.PctFromBaseline == nil {
		return "target sum " + mmText(*cp.TargetSum) + " against a baseline of " + mmText(d.baseSum)
	}
	return "target sum " + mmText(*cp.TargetSum) + " is " + signed(*cp.PctFromBaseline) + " % from baseline " +
		mmText(d.baseSum) + " (PR needs " + minus + "30 %)"
}

// fromNadir describes the change from the nadir to sum: "+25.0 % (+9.0 mm) from the nadir 36.0 mm".
func fromNadir(sum float64, d *detail) string {
	delta := signed(sum-d.nadir) + " mm"
	if p, ok := pct(sum, d.nadir); ok {
		delta = signed(p) + " % (" + delta + ")"
	}
	return delta + " from the nadir " + mmText(d.nadir)
}
