package recist

// notEvaluated reports whether a non-target lesion was not evaluated: Not evaluable, Not assessed,
// or Undefined with no recorded value.
func notEvaluated(l *Lesion) bool {
	return stateIs(l, StateNotEvaluable) || stateIs(l, StateNotAssessed) ||
		(stateIs(l, StateUndefined) && l.Value == nil)
}

// nonTargetResponse applies RECIST 1.1 to the non-target lesions of a, given the non-target codes
// of the baseline (baseCodes, at least one): PD on unequivocal progression of any of them; NE when
// one is missing or not evaluated; CR when all are gone (non-nodal disappeared, nodes below
// 10 mm); Non-CR/Non-PD otherwise. The lesions that decided it are recorded in d.
func nonTargetResponse(a *Assessment, baseCodes []string, d *detail) Response {
	ne := false
	for _, l := range a.Lesions {
		if l == nil || l.Category != NonTarget {
			continue
		}
		switch {
		case stateIs(l, StateUnequivocal):
			if d.ntProg == nil {
				d.ntProg = l
			}
		case notEvaluated(l):
			ne = true
			d.gaps = append(d.gaps, gap{lesion: l, code: l.Code, cat: NonTarget})
		case !isGone(l):
			if d.ntPersist == nil {
				d.ntPersist = l
			}
		}
	}
	for _, code := range baseCodes {
		if findLesion(a, NonTarget, code) == nil {
			ne = true
			d.gaps = append(d.gaps, gap{code: code, cat: NonTarget})
		}
	}
	switch {
	case d.ntProg != nil:
		return PD
	case ne:
		return NE
	case d.ntPersist != nil:
		return NonCRNonPD
	}
	return CR
}

// countsAsNew reports whether a lesion is a new lesion that makes the timepoint PD: category New,
// not Disappeared or Not evaluable, and for a node a short axis of at least 10 mm (a node without
// a value counts unless it is Too small).
func countsAsNew(l *Lesion) bool {
	if l.Category != New || stateIs(l, StateDisappeared) || stateIs(l, StateNotEvaluable) {
		return false
	}
	if !l.Nodal {
		return true
	}
	if l.Value != nil {
		return toMM(*l.Value, l.Unit) >= nodeNormalMM-eps
	}
	return !stateIs(l, StateTooSmall)
}

// firstNewLesion returns the first lesion of a that counts as new, or nil.
func firstNewLesion(a *Assessment) *Lesion {
	for _, l := range a.Lesions {
		if l != nil && countsAsNew(l) {
			return l
		}
	}
	return nil
}

// firstReappeared returns the first target or non-target lesion of a that is present again, for
// use after a complete response: a non-nodal lesion with a size above 0 or State Present, or a
// node of at least 10 mm. It returns nil when none is.
func firstReappeared(a *Assessment) *Lesion {
	for _, l := range a.Lesions {
		if l == nil || (l.Category != Target && l.Category != NonTarget) {
			continue
		}
		v, ok := effectiveSize(l)
		if l.Nodal {
			if ok && v >= nodeNormalMM-eps {
				return l
			}
			continue
		}
		if (ok && v > eps) || stateIs(l, StatePresent) {
			return l
		}
	}
	return nil
}
