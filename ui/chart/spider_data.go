package chart

import (
	"sort"

	"github.com/recistview/recistview/data/recist"
)

// SpiderData is what the spider plot of a study draws.
type SpiderData struct {
	// Subjects has one series per subject and response case with a % change after baseline.
	Subjects []SubjectSeries
	// Omitted counts the subjects left out for want of a % change after baseline.
	Omitted int
}

// SubjectSeries is one subject's course on the spider plot.
type SubjectSeries struct {
	// ID is the subject id.
	ID string
	// Best is the subject's computed best overall response; it colours the line.
	Best recist.Response
	// Points are the % changes of the target sum from baseline over weeks on study, in
	// order of time, starting with the baseline (0, 0).
	Points []Point
}

// Point is one timepoint of a subject on the spider plot.
type Point struct {
	// Weeks is the time since the baseline: days / 7.
	Weeks float64
	// Pct is the % change of the target sum from baseline (recist.Computed.PctFromBaseline).
	Pct float64
}

// NewSpiderData prepares the spider plot of st from its results (recist.EvaluateStudy, one per
// subject in the same order). It may run off the UI thread.
func NewSpiderData(st *recist.Study, rs []recist.SubjectResult) SpiderData {
	var d SpiderData
	if st == nil {
		return d
	}
	n := min(len(st.Subjects), len(rs))
	d.Subjects = make([]SubjectSeries, 0, n)
	for i, s := range st.Subjects[:n] {
		added := false
		for _, ser := range subjectCourses(s, rs[i]) {
			d.Subjects = append(d.Subjects, ser)
			added = true
		}
		if !added {
			d.Omitted++
		}
	}
	d.Omitted += len(st.Subjects) - n
	return d
}

// subjectCourses is a subject's series, one per response case with a dated baseline and at
// least one dated % change after it.
func subjectCourses(s *recist.Subject, r recist.SubjectResult) []SubjectSeries {
	if s == nil {
		return nil
	}
	cases := caseIndex(s.Assessments)
	bases := baselines(s.Assessments, cases)
	ncases := 0
	for _, k := range cases {
		ncases = max(ncases, k+1)
	}
	var out []SubjectSeries
	for k := range ncases {
		b, ok := bases[k]
		if !ok {
			continue
		}
		base := s.Assessments[b].Date
		if base.IsZero() {
			continue
		}
		ser := SubjectSeries{ID: s.ID, Best: r.BestResponse}
		for i, a := range s.Assessments {
			if a == nil || cases[i] != k || i >= len(r.Timepoints) || a.Date.IsZero() {
				continue
			}
			pct := r.Timepoints[i].PctFromBaseline
			if pct == nil {
				continue
			}
			ser.Points = append(ser.Points, Point{Weeks: (dayNum(a.Date) - dayNum(base)) / 7, Pct: *pct})
		}
		if len(ser.Points) < 2 {
			continue
		}
		sort.SliceStable(ser.Points, func(a, b int) bool { return ser.Points[a].Weeks < ser.Points[b].Weeks })
		out = append(out, ser)
	}
	return out
}
