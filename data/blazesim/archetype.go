package blazesim

// Archetype is the course of disease a generated subject was drawn from. The reported
// responses are what recist.Evaluate computes from the generated lesions, so a subject may end
// up with a different response than its archetype suggests (noise, an early data cut-off).
type Archetype string

// Archetypes of the generator.
const (
	// CompleteResponder: non-nodal lesions disappear, nodes shrink below 10 mm short axis.
	CompleteResponder Archetype = "complete-responder"
	// PartialResponder: the target sum falls by 30–70 % and stays down.
	PartialResponder Archetype = "partial-responder"
	// StableDisease: the target sum wanders within about -18 % to +12 %.
	StableDisease Archetype = "stable-disease"
	// EarlyProgressor: the target sum grows ≥ 20 % at the first or second follow-up.
	EarlyProgressor Archetype = "early-progressor"
	// LateProgressor: a response, then regrowth ≥ 20 % over the nadir after months.
	LateProgressor Archetype = "late-progressor"
	// NonTargetOnly: no target lesion; non-targets persist, resolve or progress.
	NonTargetOnly Archetype = "non-target-only"
	// NewLesionProgression: stable or responding targets, then a new lesion.
	NewLesionProgression Archetype = "new-lesion-progression"
	// NonTargetProgression: stable or responding targets, then unequivocal non-target progression.
	NonTargetProgression Archetype = "non-target-progression"
	// NotYetAssessed: enrolled (in the Group and Patients) but no assessment yet.
	NotYetAssessed Archetype = "not-yet-assessed"
)

// archetypeMix is the share of each archetype in a study with no Archetypes list.
var archetypeMix = []struct {
	a Archetype
	w float64
}{
	{CompleteResponder, 5},
	{PartialResponder, 22},
	{StableDisease, 23},
	{EarlyProgressor, 14},
	{LateProgressor, 14},
	{NonTargetOnly, 6},
	{NewLesionProgression, 9},
	{NonTargetProgression, 5},
	{NotYetAssessed, 2},
}

func (a Archetype) valid() bool {
	for _, m := range archetypeMix {
		if m.a == a {
			return true
		}
	}
	return false
}

func drawArchetype(r *rng) Archetype {
	w := make([]float64, len(archetypeMix))
	for i, m := range archetypeMix {
		w[i] = m.w
	}
	return archetypeMix[r.weighted(w)].a
}

// course is the planned disease course of one subject over its follow-ups: a multiplier of the
// baseline target burden per timepoint and the timepoints of non-target and new-lesion events.
// Events planned past the last follow-up never happen.
type course struct {
	// planned is how many follow-ups the archetype would run (before the data cut-off).
	planned int
	// burden[k] multiplies the target sizes at timepoint k (burden[0] = 1).
	burden []float64
	// regrowAt is the first timepoint of regrowth (late progressors), 0 if none; disappeared
	// lesions may reappear from then on.
	regrowAt int
	// ntVanishAt: from this timepoint all non-targets disappear (0 = never).
	ntVanishAt int
	// ntPartialVanish lets single non-targets resolve after a response.
	ntPartialVanish bool
	// ntProgressAt: one non-target progresses unequivocally from this timepoint (0 = never).
	ntProgressAt int
	// newAt: new lesions appear from this timepoint (0 = never).
	newAt int
	// complete marks a complete response: nodes settle below 10 mm, others disappear.
	complete bool
	// noTargets: non-target disease only.
	noTargets bool
}

// planCourse draws the course of an archetype: how many follow-ups it runs and the target
// burden and events at each.
func planCourse(a Archetype, r *rng) course {
	c := course{}
	switch a {
	case CompleteResponder:
		c.planned = r.intBetween(6, 15)
		depthAt := r.intBetween(2, 4)
		c.burden = responseCurve(r, c.planned, 0, depthAt)
		c.ntVanishAt = depthAt
		c.complete = true
	case PartialResponder:
		c.planned = r.intBetween(5, 15)
		c.burden = responseCurve(r, c.planned, r.between(0.3, 0.62), r.intBetween(2, 4))
		c.ntPartialVanish = true
	case StableDisease:
		c.planned = r.intBetween(3, 12)
		c.burden = stableCurve(r, c.planned)
	case EarlyProgressor:
		c.planned = r.intBetween(2, 4)
		c.burden = earlyProgressionCurve(r, c.planned)
	case LateProgressor:
		c.regrowAt = r.intBetween(4, 10)
		c.planned = c.regrowAt + r.intBetween(0, 3)
		c.burden = lateProgressionCurve(r, c.planned, c.regrowAt)
		c.ntPartialVanish = true
		if r.chance(0.3) {
			c.newAt = c.regrowAt
		}
	case NonTargetOnly:
		c.noTargets = true
		c.planned = r.intBetween(3, 12)
		c.burden = flatCurve(c.planned)
		switch r.weighted([]float64{55, 20, 25}) {
		case 1:
			c.ntVanishAt = r.intBetween(2, 5)
		case 2:
			c.ntProgressAt = r.intBetween(2, 8)
		}
	case NewLesionProgression, NonTargetProgression:
		at := r.intBetween(2, 6)
		c.planned = at + r.intBetween(0, 2)
		if r.chance(0.5) {
			c.burden = responseCurve(r, c.planned, r.between(0.4, 0.75), r.intBetween(2, 3))
		} else {
			c.burden = stableCurve(r, c.planned)
		}
		if a == NewLesionProgression {
			c.newAt = at
		} else {
			c.ntProgressAt = at
		}
	}
	return c
}

// responseCurve falls linearly to depth by timepoint depthAt, then holds with small drift.
func responseCurve(r *rng, n int, depth float64, depthAt int) []float64 {
	m := make([]float64, n+1)
	m[0] = 1
	for k := 1; k <= n; k++ {
		if k < depthAt {
			m[k] = 1 - (1-depth)*float64(k)/float64(depthAt)
			continue
		}
		m[k] = max(0, depth*(1+r.noise(0.04, 0.08)))
	}
	return m
}

// stableCurve wanders between 0.82 and 1.12 of baseline.
func stableCurve(r *rng, n int) []float64 {
	m := make([]float64, n+1)
	m[0] = 1
	for k := 1; k <= n; k++ {
		m[k] = min(max(m[k-1]+r.noise(0.05, 0.1), 0.82), 1.12)
	}
	return m
}

// earlyProgressionCurve grows ≥ 30 % by the first or second follow-up, then keeps growing.
func earlyProgressionCurve(r *rng, n int) []float64 {
	m := make([]float64, n+1)
	m[0] = 1
	at := r.intBetween(1, 2)
	for k := 1; k <= n; k++ {
		switch {
		case k < at:
			m[k] = r.between(0.95, 1.1)
		case k == at:
			m[k] = r.between(1.3, 1.75)
		default:
			m[k] = m[k-1] * r.between(1.05, 1.2)
		}
	}
	return m
}

// lateProgressionCurve responds to 40–75 % of baseline, holds, and regrows from regrowAt.
func lateProgressionCurve(r *rng, n, regrowAt int) []float64 {
	m := responseCurve(r, n, r.between(0.4, 0.75), r.intBetween(2, 3))
	nadir := 1.0
	for k := 1; k <= n && k < regrowAt; k++ {
		nadir = min(nadir, m[k])
	}
	for k := regrowAt; k <= n; k++ {
		if k == regrowAt {
			m[k] = nadir * r.between(1.35, 1.7)
		} else {
			m[k] = m[k-1] * r.between(1.05, 1.2)
		}
	}
	return m
}

func flatCurve(n int) []float64 {
	m := make([]float64, n+1)
	for k := range m {
		m[k] = 1
	}
	return m
}
