package recist

// disease is what a case's baseline has to follow.
type disease int

const (
	// noDisease: the baseline has neither target nor non-target lesions.
	noDisease disease = iota
	// nonTargetOnly: non-target lesions and no targets.
	nonTargetOnly
	// targetDisease: at least one target lesion.
	targetDisease
)

// diseaseAt classifies a baseline by its lesions.
func diseaseAt(targets, nonTargets []string) disease {
	switch {
	case len(targets) > 0:
		return targetDisease
	case len(nonTargets) > 0:
		return nonTargetOnly
	}
	return noDisease
}

// overallResponse combines the target response tr, the non-target response ntr (None when the
// baseline has no non-target lesions), new lesions and reappearance after CR into the timepoint
// response of RECIST 1.1 (Eisenhauer 2009, tables 1 and 2):
//
//	target  non-target                  new  overall
//	CR      CR or none                  no   CR
//	CR      Non-CR/Non-PD               no   PR
//	CR      not evaluated               no   PR
//	PR      Non-PD or not all evaluated no   PR
//	SD      Non-PD or not all evaluated no   SD
//	NE      Non-PD                      no   NE
//	PD      any                         any  PD
//	any     PD                          any  PD
//	any     any                         yes  PD
//
// With non-target disease only the non-target response is the overall response; with no disease
// at baseline the timepoint is PD on a new lesion and NE otherwise.
func overallResponse(d disease, tr, ntr Response, newLesion, reappeared bool) Response {
	if tr == PD || ntr == PD || newLesion || reappeared {
		return PD
	}
	switch d {
	case targetDisease:
		switch tr {
		case CR:
			if ntr == CR || ntr == None {
				return CR
			}
			return PR
		case PR, SD:
			return tr
		}
	case nonTargetOnly:
		switch ntr {
		case CR, NonCRNonPD:
			return ntr
		}
	}
	return NE
}
