package recist

// neCause says why a timepoint is not evaluable when no lesion gap explains it.
type neCause int

const (
	neNone       neCause = iota
	neNoBaseline         // the case has no baseline
	neNoDisease          // the baseline has no target or non-target lesions
	neBaseSum            // the baseline target sum is unknown
)

// gap is a lesion the rules needed but could not size or assess.
type gap struct {
	lesion *Lesion // nil when the lesion is absent from the assessment
	code   string
	cat    Category
}

// detail records how a timepoint got its computed response, for the discrepancy texts.
type detail struct {
	ne       neCause
	baseSum  float64 // baseline target sum, when hasBase
	hasBase  bool
	nadir    float64 // smallest known sum before this timepoint, when hasNadir
	hasNadir bool
	partial  float64 // sum of the known target sizes
	// gaps are the targets and non-targets without a usable measurement.
	gaps       []gap
	remaining  *Lesion // first target that is not gone
	newLesion  *Lesion // first lesion counting as new
	ntProg     *Lesion // first non-target in unequivocal progression
	ntPersist  *Lesion // first non-target still present
	reappeared *Lesion // first lesion back after a complete response
}

// floatPool hands out *float64 from one backing array, so a subject's figures cost one
// allocation. Pointers stay valid when the array grows: each keeps its own element.
type floatPool struct{ buf []float64 }

func (p *floatPool) ptr(v float64) *float64 {
	p.buf = append(p.buf, v)
	return &p.buf[len(p.buf)-1]
}
