package blazesim

import (
	"cmp"
	"hash/fnv"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/recistview/recistview/data/recist"
)

// duplicateShare is the share of lesion Observations served twice, like MSK's example bundle.
const duplicateShare = 0.003

// generateStudy synthesises a study: subjects, assessments and lesions, the reported values
// (what recist.Evaluate computes, with wrongShare of the follow-up conclusions altered), and the
// pre-serialised resources.
func generateStudy(seed int64, spec StudySpec, wrongShare float64) *studyData {
	plans := planSubjects(seed, spec)
	subjects := make([]*genSubject, len(plans))
	for i, p := range plans {
		r := newRNG(seed, spec.ID, streamSubject+uint64(i))
		g := generateSubject(r, p)
		truncateAfterProgression(r, g)
		subjects[i] = g
	}
	assignAssessmentIDs(newRNG(seed, spec.ID, streamIDs), subjects)

	truth := &Truth{
		Study:      &recist.Study{ID: spec.ID, SponsorID: spec.SponsorID},
		Results:    map[string]recist.SubjectResult{},
		Computed:   map[string]recist.Response{},
		Altered:    map[string]Alteration{},
		Archetypes: map[string]Archetype{},
	}
	if len(plans) > 0 {
		truth.Tumour = plans[0].tumour.name
	}
	for _, g := range subjects {
		s := g.subject
		truth.Study.Subjects = append(truth.Study.Subjects, s)
		truth.Archetypes[s.ID] = g.plan.archetype
		fillReported(s, recist.Evaluate(s, recist.DefaultOptions()), truth.Computed)
	}
	alterConclusions(newRNG(seed, spec.ID, streamWrong), truth, wrongShare)
	for _, s := range truth.Study.Subjects {
		truth.Results[s.ID] = recist.Evaluate(s, recist.DefaultOptions())
	}
	return renderStudy(seed, spec, truth)
}

// planSubjects makes the study-level draws: tumour type, archetypes, subject and case ids, and
// which subjects are made to show a not-evaluable timepoint and a too-small lesion, so that
// every study of some size shows both.
func planSubjects(seed int64, spec StudySpec) []subjectPlan {
	r := newRNG(seed, spec.ID, streamStudy)
	t := tumours[r.IntN(len(tumours))]
	id := spec.FirstSubjectID
	if id == 0 {
		h := fnv.New32a()
		h.Write([]byte(strings.ToLower(spec.ID)))
		id = 10000000 + int(h.Sum32()%8000)*10000 + 1
	}
	plans := make([]subjectPlan, spec.Subjects)
	var withTargets, responders []int
	for i := range plans {
		a := drawArchetype(r)
		if len(spec.Archetypes) > 0 {
			a = spec.Archetypes[i%len(spec.Archetypes)]
		}
		if i > 0 {
			id += 1 + r.weighted([]float64{60, 25, 15}) // screen failures leave gaps
		}
		plans[i] = subjectPlan{id: strconv.Itoa(id), archetype: a, tumour: t}
		switch a {
		case PartialResponder, LateProgressor:
			responders = append(responders, i)
			withTargets = append(withTargets, i)
		case NonTargetOnly, NotYetAssessed:
		default:
			withTargets = append(withTargets, i)
		}
	}
	if len(withTargets) > 0 {
		plans[withTargets[r.IntN(len(withTargets))]].forceNE = true
	}
	if len(responders) > 0 {
		plans[responders[r.IntN(len(responders))]].forceTiny = true
	}
	return plans
}

// truncateAfterProgression ends a subject's follow-up after the first progression, usually at
// once, sometimes after one more scan, and always with at least two follow-ups.
func truncateAfterProgression(r *rng, g *genSubject) {
	s := g.subject
	if len(s.Assessments) == 0 {
		return
	}
	for i, a := range s.Assessments {
		a.ID = "tmp-" + strconv.Itoa(i)
	}
	res := recist.Evaluate(s, recist.DefaultOptions())
	for k := 1; k < len(res.Timepoints); k++ {
		if res.Timepoints[k].Response != recist.PD {
			continue
		}
		keep := k
		if k == 1 || r.chance(0.25) {
			keep = k + 1
		}
		if keep+1 < len(s.Assessments) {
			s.Assessments = s.Assessments[:keep+1]
			g.entryLag = g.entryLag[:keep+1]
		}
		return
	}
}

// assignAssessmentIDs numbers the assessments of the study in the order they were entered
// (scan date plus a lag), as a database sequence would, and names the lesions
// {CaseId}-{AssessmentId}-{code}. Case ids follow the subjects.
func assignAssessmentIDs(r *rng, subjects []*genSubject) {
	type entered struct {
		at      time.Time
		subject int
		a       *recist.Assessment
	}
	var all []entered
	caseID := 100 + r.IntN(2400)
	for i, g := range subjects {
		if i > 0 {
			caseID += 1 + r.IntN(9)
		}
		for k, a := range g.subject.Assessments {
			c := caseID
			a.CaseID = &c
			all = append(all, entered{at: a.Date.Add(g.entryLag[k]), subject: i, a: a})
		}
	}
	slices.SortStableFunc(all, func(x, y entered) int {
		if c := x.at.Compare(y.at); c != 0 {
			return c
		}
		return cmp.Compare(x.subject, y.subject)
	})
	id := 700 + r.IntN(9000)
	for _, e := range all {
		id += 1 + r.weighted([]float64{70, 20, 10})
		e.a.ID = strconv.Itoa(id)
		for _, l := range e.a.Lesions {
			l.ID = strconv.Itoa(*e.a.CaseID) + "-" + e.a.ID + "-" + l.Code
		}
	}
}

// fillReported sets each assessment's Reported values from the rules' result: the target sum,
// its changes from the previous, baseline and nadir sums, and the conclusion.
func fillReported(s *recist.Subject, res recist.SubjectResult, computed map[string]recist.Response) {
	var baseSum *float64
	nadir := math.Inf(1)
	for k, a := range s.Assessments {
		tp := res.Timepoints[k]
		rep := recist.Reported{Unit: "mm"}
		if tp.TargetSum != nil {
			sum := round1(*tp.TargetSum)
			rep.TargetSum = &sum
		}
		switch {
		case k == 0:
			baseSum = rep.TargetSum
			if baseSum != nil {
				rep.ChangeFromBaseline = diff(*baseSum, *baseSum)
			}
			rep.Conclusion = "No"
		default:
			if cur, prev := rep.TargetSum, s.Assessments[k-1].Reported.TargetSum; cur != nil && prev != nil {
				rep.ChangeFromPrevious = diff(*cur, *prev)
			}
			if rep.TargetSum != nil && baseSum != nil {
				rep.ChangeFromBaseline = diff(*rep.TargetSum, *baseSum)
			}
			if rep.TargetSum != nil && !math.IsInf(nadir, 1) {
				rep.ChangeFromNadir = diff(*rep.TargetSum, nadir)
			}
			rep.Response = tp.Response
			rep.Conclusion = recist.ConclusionText(tp.Response)
			if rep.Conclusion == "" {
				rep.Conclusion = "Undefined"
			}
		}
		if rep.TargetSum != nil {
			nadir = min(nadir, *rep.TargetSum)
		}
		a.Reported = rep
		computed[a.ID] = rep.Response
	}
}

// alterConclusions reports round(share × follow-ups) conclusions wrong, each as a plausible
// neighbouring response.
func alterConclusions(r *rng, t *Truth, share float64) {
	var followUps []*recist.Assessment
	for _, s := range t.Study.Subjects {
		for _, a := range s.Assessments {
			if !a.IsBaseline() {
				followUps = append(followUps, a)
			}
		}
	}
	slices.SortFunc(followUps, func(x, y *recist.Assessment) int { return compareNumeric(x.ID, y.ID) })
	n := int(math.Round(share * float64(len(followUps))))
	for _, i := range r.Perm(len(followUps))[:n] {
		a := followUps[i]
		wrong := neighbour(r, a.Reported.Response)
		t.Altered[a.ID] = Alteration{Computed: a.Reported.Response, Reported: wrong}
		a.Reported.Response = wrong
		a.Reported.Conclusion = recist.ConclusionText(wrong)
	}
}

// neighbour is a wrong but plausible response next to right, the kind of slip a reader makes.
func neighbour(r *rng, right recist.Response) recist.Response {
	switch right {
	case recist.CR:
		return recist.PR
	case recist.PR:
		if r.chance(0.3) {
			return recist.CR
		}
		return recist.SD
	case recist.SD:
		if r.chance(0.5) {
			return recist.PD
		}
		return recist.PR
	case recist.PD:
		return recist.SD
	case recist.NonCRNonPD:
		if r.chance(0.4) {
			return recist.CR
		}
		return recist.SD
	}
	return recist.SD // NE and None
}
