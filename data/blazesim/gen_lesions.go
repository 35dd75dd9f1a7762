package blazesim

import (
	"fmt"
	"math"

	"github.com/recistview/recistview/data/recist"
)

// lesionPlan is one lesion of a subject across all timepoints.
type lesionPlan struct {
	code     string
	organ    string
	category recist.Category
	nodal    bool
	label    string
	modality string
	series   string // series description
	instance int    // instance number at baseline; follow-ups vary around it
	// base is the size at the first timepoint (mm); 0 for lesions assessed only qualitatively.
	base     float64
	measured bool
	hetero   float64 // exponent on the course's burden: lesions respond unevenly
	floor    float64 // nodes do not shrink below this short axis
	from     int     // first timepoint the lesion exists (> 0 for new lesions)
	// tooSmall marks a target that becomes too small to measure while the subject responds.
	tooSmall bool
	// vanishAt / progressAt are per-lesion non-target events (0 = never).
	vanishAt   int
	progressAt int
	// state and value per timepoint; state "" means the lesion is not reported there, value
	// NaN means no measurement was recorded.
	state []string
	value []float64
}

// lesionCounts are relative frequencies of 1–5 target lesions and of 0–3 non-target lesions.
var (
	targetCountWeights    = []float64{15, 28, 25, 18, 14}
	nonTargetCountWeights = []float64{20, 35, 30, 15}
)

// planBaselineLesions draws the subject's baseline target and non-target lesions.
func planBaselineLesions(r *rng, t tumour, c course, modality string) []*lesionPlan {
	var out []*lesionPlan
	perOrgan := map[string]int{}
	if !c.noTargets {
		n := 1 + r.weighted(targetCountWeights)
		for tries := 0; len(out) < n && tries < 60; tries++ {
			organ := pickSite(r, t.targets)
			if perOrgan[organGroup(organ)] >= 2 {
				continue
			}
			perOrgan[organGroup(organ)]++
			l := newLesion(r, fmt.Sprintf("T%02d", len(out)+1), organ, recist.Target, modality)
			if l.nodal {
				l.base = tenth(baseSize(r, 15, 22, 38))
			} else {
				l.base = tenth(baseSize(r, 10, 30, 55, 95))
			}
			l.measured = true
			if !l.nodal && r.chance(0.05) {
				l.label = "Long ? short axis" // the source system's mangled "long × short"
			}
			out = append(out, l)
		}
	}
	nNT := r.weighted(nonTargetCountWeights)
	if c.noTargets {
		nNT = 1 + r.weighted([]float64{40, 40, 20})
	}
	if c.ntProgressAt > 0 || c.ntVanishAt > 0 {
		nNT = max(nNT, 1)
	}
	for i := 1; i <= nNT; i++ {
		organ := pickSite(r, t.nonTargets)
		code := fmt.Sprintf("NT%02d", i)
		out = append(out, newNonTarget(r, code, organ, modality))
		if r.chance(0.15) { // a second lesion of the same site, lettered like the fixture's NT01a
			out = append(out, newNonTarget(r, code+"a", organ, modality))
		}
	}
	return out
}

func newNonTarget(r *rng, code, organ, modality string) *lesionPlan {
	l := newLesion(r, code, organ, recist.NonTarget, modality)
	if l.nodal { // pathological but not measurable as a target: 10 to < 15 mm short axis
		l.base = tenth(r.between(10, 14.9))
		l.measured = true
	}
	return l
}

func newLesion(r *rng, code, organ string, cat recist.Category, modality string) *lesionPlan {
	l := &lesionPlan{
		code: code, organ: organ, category: cat, nodal: recist.IsNodal(organ),
		label: "Long axis", modality: modality,
		instance: r.intBetween(8, 320), hetero: r.between(0.8, 1.2),
	}
	if l.nodal {
		l.label = "Short axis"
		l.floor = r.between(5, 9)
	}
	switch {
	case organ == "Brain":
		l.modality = "MR"
	case r.chance(0.01):
		l.modality = "OT"
	}
	l.series = seriesFor(r, l.modality, organ)
	return l
}

// baseSize draws a size: mostly from lo to the first bound, less often up to the later ones.
func baseSize(r *rng, lo float64, bounds ...float64) float64 {
	shares := []float64{60, 30, 10}
	i := r.weighted(shares[:len(bounds)])
	from := lo
	if i > 0 {
		from = bounds[i-1]
	}
	return r.between(from, bounds[i])
}

// tenth rounds to 0.1 mm, the precision of a caliper on a PACS screen.
func tenth(v float64) float64 { return math.Round(v*10) / 10 }

// fillTarget sets a target's state and value at every timepoint from the course.
func fillTarget(r *rng, l *lesionPlan, c course, n int) {
	l.state, l.value = make([]string, n+1), make([]float64, n+1)
	l.state[0], l.value[0] = presentState(r), l.base
	gone := false
	for k := 1; k <= n; k++ {
		b := c.burden[k]
		pre := l.base * math.Pow(b, l.hetero)
		regrowing := c.regrowAt > 0 && k >= c.regrowAt
		switch {
		case l.nodal && c.complete && b == 0:
			l.state[k], l.value[k] = recist.StatePresent, tenth(min(max(l.floor+r.noise(0.5, 1), 4), 9.8))
		case l.nodal:
			l.state[k], l.value[k] = recist.StatePresent, tenth(max(pre+r.noise(0.8, 2), l.floor))
		case gone && !regrowing:
			l.state[k], l.value[k] = recist.StateDisappeared, math.NaN()
		case l.tooSmall && b < 0.75 && !regrowing:
			l.state[k], l.value[k] = recist.StateTooSmall, math.NaN()
		case pre < 2.5:
			l.state[k], l.value[k] = recist.StateDisappeared, math.NaN()
			gone = true
		case pre < 5 && r.chance(0.4):
			l.state[k], l.value[k] = recist.StateTooSmall, math.NaN()
		case pre < 5:
			l.state[k], l.value[k] = recist.StatePresent, tenth(max(pre+r.noise(0.5, 1), 2.5))
		default:
			l.state[k], l.value[k] = recist.StatePresent, tenth(max(pre+r.noise(0.8, 2), 3))
			gone = false
		}
	}
}

// fillNonTarget sets a non-target's state (and, for nodes, short axis) at every timepoint.
func fillNonTarget(r *rng, l *lesionPlan, c course, n int, followState string) {
	l.state, l.value = make([]string, n+1), make([]float64, n+1)
	l.state[0], l.value[0] = presentState(r), math.NaN()
	if l.measured {
		l.value[0] = l.base
	}
	for k := 1; k <= n; k++ {
		l.value[k] = math.NaN()
		switch {
		case c.ntVanishAt > 0 && k >= c.ntVanishAt, l.vanishAt > 0 && k >= l.vanishAt:
			l.state[k] = recist.StateDisappeared
		case l.progressAt > 0 && k >= l.progressAt:
			l.state[k] = recist.StateUnequivocal
			if l.measured {
				prev := l.value[k-1]
				if math.IsNaN(prev) {
					prev = l.base
				}
				l.value[k] = tenth(prev * r.between(1.1, 1.5))
			}
		default:
			l.state[k] = followState
			if l.measured {
				pre := l.base * math.Pow(c.burden[k], l.hetero)
				l.value[k] = tenth(max(pre+r.noise(0.6, 1.5), 5))
			}
		}
	}
}

// fillNew sets a new lesion from its first timepoint on; it keeps growing.
func fillNew(r *rng, l *lesionPlan, n int) {
	l.state, l.value = make([]string, n+1), make([]float64, n+1)
	for k := 0; k <= n; k++ {
		l.value[k] = math.NaN()
		if k < l.from {
			continue
		}
		l.state[k] = recist.StatePresent
		if !l.measured {
			continue
		}
		if k == l.from {
			l.value[k] = l.base
		} else {
			l.value[k] = tenth(l.value[k-1] * r.between(1.05, 1.25))
		}
	}
}

// planNewLesions draws the lesions that appear at timepoint at.
func planNewLesions(r *rng, t tumour, at int, modality string) []*lesionPlan {
	count := 1
	if r.chance(0.25) {
		count = 2
	}
	var out []*lesionPlan
	for i := 1; i <= count; i++ {
		organ := pickSite(r, t.newSites)
		l := newLesion(r, fmt.Sprintf("NL%02d", i), organ, recist.New, modality)
		l.from = at
		switch {
		case l.nodal: // a new node counts once its short axis is ≥ 10 mm: make it unequivocal
			l.base, l.measured = tenth(r.between(11, 20)), true
		case measurableSite(organ) && r.chance(0.6):
			l.base, l.measured = tenth(r.between(6, 22)), true
		}
		out = append(out, l)
	}
	return out
}

// presentState is the state of a lesion when first recorded: mostly "Present", sometimes the
// source system's "Defined".
func presentState(r *rng) string {
	if r.chance(0.1) {
		return recist.StateDefined
	}
	return recist.StatePresent
}
