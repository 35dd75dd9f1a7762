package blazesim

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/recistview/recistview/data/recist"
)

// Assessment dates: baselines from 2019 to 2024, nothing after the data cut-off.
var (
	firstBaseline = time.Date(2019, 1, 7, 0, 0, 0, 0, time.UTC)
	lastBaseline  = time.Date(2024, 12, 20, 0, 0, 0, 0, time.UTC)
	dataCutoff    = time.Date(2025, 9, 30, 0, 0, 0, 0, time.UTC)
)

// Follow-up scans are 6 to 9 weeks apart.
const (
	minGapDays = 42
	maxGapDays = 63
)

// subjectPlan carries the study-level decisions for one subject.
type subjectPlan struct {
	id        string
	archetype Archetype
	tumour    tumour
	forceNE   bool // give the subject a not-evaluable timepoint
	forceTiny bool // give the subject a target that becomes too small to measure
}

// genSubject is one generated subject: demographics and its assessments as a recist.Subject.
type genSubject struct {
	plan    subjectPlan
	subject *recist.Subject
	// entryLag[k] is how long after the scan assessment k was entered (it orders assessment ids).
	entryLag []time.Duration
}

// generateSubject draws a subject's demographics, disease course, lesions and assessments
// (all planned follow-ups; the study truncates after progression).
func generateSubject(r *rng, p subjectPlan) *genSubject {
	s := &recist.Subject{ID: p.id, InGroup: true}
	g := &genSubject{plan: p, subject: s}
	baseline := weekday(firstBaseline.AddDate(0, 0, r.IntN(int(lastBaseline.Sub(firstBaseline).Hours()/24))))
	drawDemographics(r, s, p.tumour, baseline.Year())
	if p.archetype == NotYetAssessed {
		return g
	}
	c := planCourse(p.archetype, r)
	dates := scanDates(r, baseline, c.planned)
	n := len(dates) - 1
	modality := []string{"CT", "MR", "PT"}[r.weighted([]float64{88, 8, 4})]

	lesions := planBaselineLesions(r, p.tumour, c, modality)
	applyModifiers(r, p, c, lesions, n)
	followState := recist.StatePresent
	if r.chance(0.5) {
		followState = recist.StateStable
	}
	for _, l := range lesions {
		if l.category == recist.Target {
			fillTarget(r, l, c, n)
		} else {
			fillNonTarget(r, l, c, n, followState)
		}
	}
	if c.newAt > 0 && c.newAt <= n {
		for _, l := range planNewLesions(r, p.tumour, c.newAt, modality) {
			fillNew(r, l, n)
			lesions = append(lesions, l)
		}
	}
	markNotEvaluable(r, p, lesions, n)
	slices.SortFunc(lesions, func(a, b *lesionPlan) int { return strings.Compare(a.code, b.code) })

	caseRevision := 1 + r.weighted([]float64{50, 25, 12, 6, 4, 3})
	for k := 0; k <= n; k++ {
		s.Assessments = append(s.Assessments, buildAssessment(r, k, dates[k], caseRevision, lesions))
		lag := time.Duration(r.intBetween(1, 21)) * 24 * time.Hour
		if k == 0 && r.chance(0.06) { // a baseline revised long after: a later id than its follow-ups
			lag = time.Duration(r.intBetween(120, 400)) * 24 * time.Hour
		}
		g.entryLag = append(g.entryLag, lag)
	}
	return g
}

// applyModifiers marks the lesions that fall out of the plain course: a target that becomes too
// small to measure, and the non-target events of the course.
func applyModifiers(r *rng, p subjectPlan, c course, lesions []*lesionPlan, n int) {
	var targets, nonTargets []*lesionPlan
	for _, l := range lesions {
		if l.category == recist.Target {
			targets = append(targets, l)
		} else {
			nonTargets = append(nonTargets, l)
		}
	}
	responding := p.archetype == PartialResponder || p.archetype == LateProgressor
	if responding && (p.forceTiny || r.chance(0.3)) {
		for _, l := range targets {
			if !l.nodal && l.base < 25 {
				l.tooSmall = true
				break
			}
		}
	}
	if c.ntProgressAt > 0 && len(nonTargets) > 0 {
		nonTargets[r.IntN(len(nonTargets))].progressAt = c.ntProgressAt
	}
	if c.ntPartialVanish {
		for _, l := range nonTargets {
			if l.progressAt == 0 && r.chance(0.25) {
				l.vanishAt = r.intBetween(3, max(3, n))
			}
		}
	}
}

// markNotEvaluable gives some subjects one follow-up (not the last) at which a target was not
// evaluable or not assessed.
func markNotEvaluable(r *rng, p subjectPlan, lesions []*lesionPlan, n int) {
	var targets []*lesionPlan
	for _, l := range lesions {
		if l.category == recist.Target {
			targets = append(targets, l)
		}
	}
	if len(targets) == 0 || n < 3 || !(p.forceNE || r.chance(0.08)) {
		return
	}
	k := r.intBetween(1, n-1)
	l := targets[r.IntN(len(targets))]
	l.state[k] = recist.StateNotEvaluable
	if r.chance(0.4) {
		l.state[k] = recist.StateNotAssessed
	}
	l.value[k] = math.NaN()
}

// scanDates returns the baseline and up to planned follow-ups 6–9 weeks apart, stopping at the
// data cut-off but keeping at least two follow-ups. Times of day are office hours.
func scanDates(r *rng, baseline time.Time, planned int) []time.Time {
	day := baseline
	dates := []time.Time{withTime(r, day)}
	for len(dates) <= planned {
		gap := r.intBetween(minGapDays, maxGapDays)
		next := day.AddDate(0, 0, gap)
		next = offWeekend(next, gap)
		if next.After(dataCutoff) && len(dates) > 2 {
			break
		}
		day = next
		dates = append(dates, withTime(r, day))
	}
	return dates
}

// offWeekend moves a scan planned gap days after the previous one off the weekend, staying
// within 6–9 weeks: forward to Monday where that fits, back to Friday otherwise.
func offWeekend(d time.Time, gap int) time.Time {
	switch d.Weekday() {
	case time.Saturday:
		if gap+2 <= maxGapDays {
			return d.AddDate(0, 0, 2)
		}
		return d.AddDate(0, 0, -1)
	case time.Sunday:
		if gap+1 <= maxGapDays {
			return d.AddDate(0, 0, 1)
		}
		return d.AddDate(0, 0, -2)
	}
	return d
}

// weekday moves a weekend day to the following Monday.
func weekday(d time.Time) time.Time {
	switch d.Weekday() {
	case time.Saturday:
		return d.AddDate(0, 0, 2)
	case time.Sunday:
		return d.AddDate(0, 0, 1)
	}
	return d
}

func withTime(r *rng, day time.Time) time.Time {
	return day.Add(time.Duration(r.intBetween(7*3600+30*60, 18*3600+59*60)) * time.Second)
}

// Demographic vocabulary as the Patient extensions spell it.
var (
	races           = []string{"White", "Black or African American", "Asian", "American Indian or Alaska Native", "Native Hawaiian or Other Pacific Islander", "Other", "Unknown"}
	raceWeights     = []float64{68, 12, 9, 0.8, 0.4, 3.8, 6}
	ethnicities     = []string{"NON", "HIS", "UNK"}
	ethnicityWeight = []float64{84, 10, 6}
)

func drawDemographics(r *rng, s *recist.Subject, t tumour, baselineYear int) {
	s.Sex = "male"
	if r.chance(t.female) {
		s.Sex = "female"
	}
	age := int(math.Round(min(max(62+r.NormFloat64()*11, 24), 88)))
	s.BirthYear = baselineYear - age
	s.Race = races[r.weighted(raceWeights)]
	s.Ethnicity = ethnicities[r.weighted(ethnicityWeight)]
}

// buildAssessment turns timepoint k of the lesion plans into a recist.Assessment; ids are
// assigned by the study once all subjects are known.
func buildAssessment(r *rng, k int, at time.Time, caseRevision int, lesions []*lesionPlan) *recist.Assessment {
	rev := 1 + r.weighted([]float64{80, 15, 5})
	a := &recist.Assessment{
		Name: "Baseline", Timepoint: k, Date: at, DateText: at.Format("2006-01-02T15:04:05"),
		Criteria: "RECIST 1.1", CaseRevision: &caseRevision, AssessmentRevision: &rev,
	}
	if k > 0 {
		a.Name = fmt.Sprintf("Follow-up %d", k)
	}
	if r.chance(0.3) {
		rd := at.AddDate(0, 0, r.intBetween(1, 40)).Truncate(24 * time.Hour).
			Add(time.Duration(r.intBetween(8*3600, 19*3600)) * time.Second)
		a.RevisionDate = rd.Format("2006-01-02T15:04:05")
	}
	series := r.intBetween(2, 8)
	for _, p := range lesions {
		if p.state[k] == "" {
			continue
		}
		l := &recist.Lesion{
			Code: p.code, Category: p.category, CategoryText: recist.CategoryText(p.category),
			Organ: p.organ, Nodal: p.nodal, State: p.state[k], Modality: p.modality, Label: p.label,
			SeriesDesc: p.series, DateText: at.Format("2006-01-02"),
		}
		ser, inst := series, max(1, p.instance+r.intBetween(-8, 8))
		l.Series, l.Instance = &ser, &inst
		if v := p.value[k]; !math.IsNaN(v) {
			l.Value, l.Unit = &v, "mm"
		}
		a.Lesions = append(a.Lesions, l)
	}
	return a
}
