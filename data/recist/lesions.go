package recist

import (
	"math"
	"strings"
)

// eps absorbs float64 error on thresholds: figures are 0.1 mm precise, so 1e-6 never decides.
const eps = 1e-6

// tooSmallMM is the size RECIST 1.1 assigns a lesion "too small to measure" with no recorded value.
const tooSmallMM = 5.0

// nodeNormalMM is the short axis below which a lymph node is normal.
const nodeNormalMM = 10.0

// stateIs reports whether a lesion's Blaze state is want, ignoring case and outer spaces.
func stateIs(l *Lesion, want string) bool {
	return strings.EqualFold(strings.TrimSpace(l.State), want)
}

// toMM converts a measurement in unit to millimetres; only centimetres need converting, any
// other unit (or none) is taken to be millimetres already.
func toMM(v float64, unit string) float64 {
	if strings.EqualFold(strings.TrimSpace(unit), "cm") {
		return v * 10
	}
	return v
}

// effectiveSize is the size a lesion contributes to the sum of diameters: a recorded value always
// wins; otherwise Disappeared is 0 mm and Too small 5 mm. ok is false when the size is unknown
// (Not evaluable, Not assessed, Undefined, Present without a value, ...).
func effectiveSize(l *Lesion) (mm float64, ok bool) {
	if l.Value != nil {
		return toMM(*l.Value, l.Unit), true
	}
	switch {
	case stateIs(l, StateDisappeared):
		return 0, true
	case stateIs(l, StateTooSmall):
		return tooSmallMM, true
	}
	return 0, false
}

// isGone reports whether a lesion counts as resolved for a complete response: a non-nodal lesion
// at 0 mm, or a node below 10 mm short axis.
func isGone(l *Lesion) bool {
	v, ok := effectiveSize(l)
	if !ok {
		return false
	}
	if l.Nodal {
		return v < nodeNormalMM-eps
	}
	return math.Abs(v) < eps
}

// findLesion returns the lesion of category c with code at a, or nil.
func findLesion(a *Assessment, c Category, code string) *Lesion {
	for _, l := range a.Lesions {
		if l != nil && l.Category == c && l.Code == code {
			return l
		}
	}
	return nil
}

// codesOf lists the codes of a's lesions of category c, in report order.
func codesOf(a *Assessment, c Category) []string {
	var codes []string
	for _, l := range a.Lesions {
		if l != nil && l.Category == c {
			codes = append(codes, l.Code)
		}
	}
	return codes
}

// round1 rounds to one decimal (0.1 mm, 0.1 %), never giving a negative zero.
func round1(v float64) float64 {
	r := math.Round(v*10) / 10
	if r == 0 {
		return 0
	}
	return r
}

// pct is the change from ref to v in percent, rounded to 0.1; ok is false when ref is 0.
func pct(v, ref float64) (float64, bool) {
	if math.Abs(ref) < eps {
		return 0, false
	}
	return round1((v - ref) / ref * 100), true
}
