package chart

import (
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/recistview/recistview/data/recist"
)

// day0 is the baseline date of the test subjects.
var day0 = time.Date(2021, 3, 8, 0, 0, 0, 0, time.UTC)

func fp(v float64) *float64 { return &v }

// tgt is a non-nodal target in the liver measuring v mm.
func tgt(code string, v float64) *recist.Lesion {
	return &recist.Lesion{Code: code, Category: recist.Target, Organ: "Liver", State: recist.StatePresent, Value: fp(v), Unit: "mm"}
}

// gone is a non-nodal target that disappeared (0 mm).
func gone(code string) *recist.Lesion {
	l := tgt(code, 0)
	l.State = recist.StateDisappeared
	return l
}

// unevaluable is a non-nodal target without a value.
func unevaluable(code string) *recist.Lesion {
	return &recist.Lesion{Code: code, Category: recist.Target, Organ: "Liver", State: recist.StateNotEvaluable}
}

// node is a nodal target with short axis v mm.
func node(code string, v float64) *recist.Lesion {
	l := tgt(code, v)
	l.Organ, l.Nodal = "Lymph node mediastinal", true
	return l
}

// nt is a non-target bone lesion in state.
func nt(code, state string) *recist.Lesion {
	return &recist.Lesion{Code: code, Category: recist.NonTarget, Organ: "Bone", State: state}
}

// assess is assessment n (0 = baseline), day days after day0, reporting rep.
func assess(n, day int, rep recist.Response, lesions ...*recist.Lesion) *recist.Assessment {
	name := "Baseline"
	conclusion := "No"
	if n > 0 {
		name = "Follow-up " + strconv.Itoa(n)
		conclusion = recist.ConclusionText(rep)
	}
	return &recist.Assessment{
		ID:        "A" + strconv.Itoa(n),
		Name:      name,
		Timepoint: n,
		Date:      day0.AddDate(0, 0, day),
		Reported:  recist.Reported{Response: rep, Conclusion: conclusion},
		Lesions:   lesions,
	}
}

// showcase is a subject whose chart holds every kind of point: a baseline, a PR, a nodal CR
// (sum 8 mm, not 0), a follow-up whose sum the rules cannot compute but the server reported,
// with a reported response that disagrees, and a PD reported as SD.
func showcase() *recist.Subject {
	fu3 := assess(3, 168, recist.CR, unevaluable("T01"), node("T02", 8), nt("NT01", recist.StateDisappeared))
	fu3.Reported.TargetSum, fu3.Reported.Unit = fp(10), "mm"
	return &recist.Subject{ID: "101-004", Assessments: []*recist.Assessment{
		assess(0, 0, recist.None, tgt("T01", 40), node("T02", 20), nt("NT01", recist.StatePresent)),
		assess(1, 56, recist.PR, tgt("T01", 25), node("T02", 12), nt("NT01", recist.StatePresent)),
		assess(2, 112, recist.CR, gone("T01"), node("T02", 8), nt("NT01", recist.StateDisappeared)),
		fu3,
		assess(4, 224, recist.SD, tgt("T01", 12), node("T02", 9), nt("NT01", recist.StateDisappeared)),
	}}
}

// syntheticStudy is a study of n subjects with about visits assessments each, following
// seeded random courses: responders, stable disease and progression. A subject's follow-up ends
// at progression (a sum 20 % and 5 mm over its nadir) unless full is set, which keeps every
// subject on study for all its visits (the benchmarks' worst case).
func syntheticStudy(n, visits int, seed uint64, full bool) *recist.Study {
	rng := rand.New(rand.NewPCG(seed, 7))
	st := &recist.Study{ID: "SYN-" + strconv.Itoa(n)}
	for i := range n {
		s := &recist.Subject{ID: "S" + strconv.Itoa(1000+i)}
		t1, t2 := 20+rng.Float64()*60, 15+rng.Float64()*30
		trend := rng.NormFloat64()*0.1 - 0.04 // per-visit relative change
		if rng.IntN(12) == 0 {
			trend = -0.45 // a complete responder
		}
		nadir := t1 + t2
		k := visits - 2 + rng.IntN(5)
		day := 0
		for v := range max(k, 2) {
			rep := recist.None
			if v > 0 {
				day += 42 + rng.IntN(21)
				f := 1 + trend + rng.NormFloat64()*0.05
				t1, t2 = max(0, t1*f), max(0, t2*f)
				rep = []recist.Response{recist.PR, recist.SD, recist.SD, recist.PD}[rng.IntN(4)]
			}
			l1, l2, l3 := tgt("T01", round1(t1)), tgt("T02", round1(t2)), nt("NT01", recist.StatePresent)
			if v > 0 && t1+t2 < 12 { // small enough to have gone
				l1, l2, l3, t1, t2 = gone("T01"), gone("T02"), nt("NT01", recist.StateDisappeared), 0, 0
			}
			s.Assessments = append(s.Assessments, assess(v, day, rep, l1, l2, l3))
			sum := t1 + t2
			if !full && sum >= max(nadir*1.2, nadir+5) {
				break
			}
			nadir = min(nadir, sum)
		}
		st.Subjects = append(st.Subjects, s)
	}
	return st
}

func round1(v float64) float64 { return float64(int(v*10+0.5)) / 10 }
