package chart

import "github.com/recistview/recistview/data/recist"

// WaterfallData is what the waterfall plot of a study draws.
type WaterfallData struct {
	// Bars has one bar per subject with a best % change, largest increase first.
	Bars []Bar
	// Omitted counts the subjects without a best % change, which have no bar.
	Omitted int
}

// Bar is one subject on the waterfall plot.
type Bar struct {
	// ID is the subject id.
	ID string
	// Pct is the subject's best (most negative) % change of the target sum from baseline
	// (recist.SubjectResult.BestPctChange).
	Pct float64
	// Best is the subject's computed best overall response; it colours the bar.
	Best recist.Response
}

// NewWaterfallData prepares the waterfall plot of st from its results (recist.EvaluateStudy,
// one per subject in the same order), bars sorted by Pct, largest first. It may run off the UI
// thread.
func NewWaterfallData(st *recist.Study, rs []recist.SubjectResult) WaterfallData {
	var d WaterfallData
	if st == nil {
		return d
	}
	n := min(len(st.Subjects), len(rs))
	d.Bars = make([]Bar, 0, n)
	for i, s := range st.Subjects[:n] {
		if s == nil || rs[i].BestPctChange == nil {
			d.Omitted++
			continue
		}
		d.Bars = append(d.Bars, Bar{ID: s.ID, Pct: *rs[i].BestPctChange, Best: rs[i].BestResponse})
	}
	d.Omitted += len(st.Subjects) - n
	d.Bars = sortedBars(d.Bars)
	return d
}
