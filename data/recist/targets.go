package recist

// targetTally is the target lesions of one assessment, sized.
type targetTally struct {
	n       int     // targets in the set, measured or not
	sum     float64 // sum of the known sizes, rounded to 0.1 mm
	known   bool    // every target in the set has a known size
	allGone bool    // every known target is gone (non-nodal 0 mm, nodes < 10 mm)
}

// tallyTargets sizes the target set of a: its lesions of category Target, plus every baseline
// target code (baseCodes) it lacks, which counts as unknown. Targets that cannot be sized, and the
// first target that blocks a complete response, are recorded in d.
func tallyTargets(a *Assessment, baseCodes []string, d *detail) targetTally {
	t := targetTally{allGone: true}
	var sum float64
	unknown := 0
	for _, l := range a.Lesions {
		if l == nil || l.Category != Target {
			continue
		}
		t.n++
		v, ok := effectiveSize(l)
		if !ok {
			unknown++
			d.gaps = append(d.gaps, gap{lesion: l, code: l.Code, cat: Target})
			continue
		}
		sum += v
		if !isGone(l) {
			t.allGone = false
			if d.remaining == nil {
				d.remaining = l
			}
		}
	}
	for _, code := range baseCodes {
		if findLesion(a, Target, code) == nil {
			t.n++
			unknown++
			d.gaps = append(d.gaps, gap{code: code, cat: Target})
		}
	}
	t.known = unknown == 0
	t.sum = round1(sum)
	d.partial = t.sum
	return t
}

// targetResponse applies RECIST 1.1 to the target set, checking in this order:
//
//   - PD: the sum (or, when some targets are unknown, the sum of the known ones) is at least 20 %
//     and at least 5 mm above the nadir;
//   - NE: a target is unknown;
//   - CR: every non-nodal target is 0 mm and every node is below 10 mm (the sum may be non-zero);
//   - PR: the sum is at most 70 % of the baseline sum;
//   - SD otherwise.
//
// The nadir and baseline sum come from d; without a baseline sum PR and SD cannot be told apart,
// so the response is NE.
func targetResponse(t targetTally, d *detail) Response {
	if d.hasNadir && t.sum >= d.nadir*1.2-eps && t.sum >= d.nadir+5-eps {
		return PD
	}
	if !t.known {
		return NE
	}
	if t.allGone {
		return CR
	}
	if !d.hasBase {
		d.ne = neBaseSum
		return NE
	}
	if t.sum <= d.baseSum*0.7+eps {
		return PR
	}
	return SD
}
