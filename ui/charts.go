package ui

import (
	"time"

	"fyne.io/fyne/v2"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/data/recist"
	"github.com/recistview/recistview/ui/chart"
)

// chartDebounce is the quiet time of the charts before they render; zero is the chart
// package's default. Tests raise it so that no render lands while they read the widgets.
var chartDebounce time.Duration

func newChartWidget(placeholder string) *chart.Chart {
	c := chart.NewChart(nil)
	c.Placeholder = placeholder
	c.Debounce = chartDebounce
	return c
}

// targetChart is one subject's target-sum chart: the sums over time with the baseline, the
// nadir and the PR and PD thresholds.
type targetChart struct {
	chart   *chart.Chart
	content fyne.CanvasObject
}

func newTargetChart() *targetChart {
	c := newChartWidget("No target lesion measurements to plot")
	return &targetChart{chart: c, content: c}
}

// show plots subject s with its evaluation r. The series is small (one subject), so it is
// prepared here; the drawing runs in the background.
func (t *targetChart) show(s *recist.Subject, r recist.SubjectResult) {
	t.chart.SetRender(chart.NewTargetSeries(s, r).Render)
}

func (t *targetChart) clear() { t.chart.SetRender(nil) }

// studyChart is a study-wide plot (spider or waterfall) of the shown view.
type studyChart struct {
	chart   *chart.Chart
	content fyne.CanvasObject
	// plot prepares the render function of a view.
	plot func(v *app.StudyView) chart.RenderFunc
}

func newSpiderChart() *studyChart {
	c := newChartWidget("No follow-up measurements to plot yet")
	return &studyChart{chart: c, content: c, plot: func(v *app.StudyView) chart.RenderFunc {
		return chart.NewSpiderData(v.Study, v.Results).Render
	}}
}

func newWaterfallChart() *studyChart {
	c := newChartWidget("No follow-up measurements to plot yet")
	return &studyChart{chart: c, content: c, plot: func(v *app.StudyView) chart.RenderFunc {
		return chart.NewWaterfallData(v.Study, v.Results).Render
	}}
}

func (s *studyChart) show(v *app.StudyView) { s.chart.SetRender(s.plot(v)) }

func (s *studyChart) clear() { s.chart.SetRender(nil) }
