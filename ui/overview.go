package ui

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/data/recist"
	"github.com/recistview/recistview/ui/chart"
)

// noAssessments is what the overview says for a study without assessments.
const noAssessments = "No assessments yet for this study"

// overviewPane is the "Study overview" tab: the number of subjects by computed best response,
// the objective response and disease control rates, the spider plot and the waterfall plot.
type overviewPane struct {
	counts  []*cell // one per recist.Responses, then "no follow-up yet"
	rates   *widget.Label
	about   *widget.Label
	spider  *studyChart
	fall    *studyChart
	empty   *widget.Label
	start   *fyne.Container // studies to open, before any is open
	body    fyne.CanvasObject
	content fyne.CanvasObject
	colors  responseColors
	view    *app.StudyView
}

func newOverviewPane() *overviewPane {
	o := &overviewPane{colors: newResponseColors(chart.CurrentPalette())}
	row := newFlow(widget.NewLabelWithStyle("Best overall response", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for range len(recist.Responses) + 1 {
		c := newCell("", styleChip)
		o.counts = append(o.counts, c)
		row.Add(c)
	}
	o.rates = widget.NewLabel("")
	o.rates.Wrapping = fyne.TextWrapWord
	o.about = widget.NewLabel("")
	o.about.Importance = widget.MediumImportance
	o.about.Wrapping = fyne.TextWrapWord
	o.spider = newSpiderChart()
	o.fall = newWaterfallChart()
	charts := container.New(&pairLayout{}, o.spider.content, o.fall.content)
	// On a short window the charts keep a legible height and the overview scrolls.
	o.body = container.NewVScroll(container.NewBorder(container.NewVBox(row, o.rates, o.about), nil, nil, nil, charts))
	o.empty = widget.NewLabelWithStyle("Open a study to see its overview.", fyne.TextAlignCenter, fyne.TextStyle{})
	o.empty.Importance = widget.MediumImportance
	o.start = container.NewVBox()
	o.start.Hide()
	o.content = container.NewStack(o.body, container.NewCenter(o.empty), container.NewCenter(o.start))
	o.setView(nil)
	return o
}

// setView shows v's summary and plots; nil or a study without assessments shows a message.
func (o *overviewPane) setView(v *app.StudyView) {
	o.view = v
	switch {
	case v == nil:
		o.showEmpty("Open a study to see its overview.")
		return
	case v.Assessments == 0 && v.Loading:
		o.showEmpty("Loading… no assessments have arrived yet.")
		return
	case v.Assessments == 0:
		o.showEmpty(noAssessments + ".")
		return
	}
	o.empty.Hide()
	o.start.Hide()
	o.body.Show()
	sum := v.Summary
	for i, r := range recist.Responses {
		o.counts[i].set(string(r), strconv.Itoa(sum.Counts[r]), styleChip, o.colors.of(r), false, bgNone)
	}
	o.counts[len(recist.Responses)].set("no follow-up", strconv.Itoa(sum.Counts[recist.None]), styleMuted, nil, false, bgNone)
	if sum.Evaluable == 0 {
		o.rates.SetText("No subject has a follow-up assessment yet: response rates need one.")
	} else {
		o.rates.SetText(fmt.Sprintf("Objective response rate %.0f %% (CR + PR) · disease control rate %.0f %% (CR + PR + SD) · %d of %d subjects evaluable",
			100*sum.ORR, 100*sum.DCR, sum.Evaluable, sum.Subjects))
	}
	o.about.SetText(overviewAbout(v))
	o.spider.show(v)
	o.fall.show(v)
}

// overviewAbout says under which rules the responses were computed and how many disagree.
func overviewAbout(v *app.StudyView) string {
	mismatches := 0
	for i := range v.Rows {
		if v.Rows[i].Mismatch {
			mismatches++
		}
	}
	confirm := "without confirmation"
	if v.Options.Confirm {
		confirm = fmt.Sprintf("CR and PR confirmed after at least %d days", v.Options.ConfirmDays)
	}
	text := fmt.Sprintf("Computed with RECIST 1.1: %s; SD counted from day %d. ", confirm, v.Options.SDMinDays)
	if v.Loading {
		text = "Still loading: these figures are provisional until every lesion measurement has arrived. " + text
	}
	switch mismatches {
	case 0:
		text += "Every subject's reported responses agree with the rules."
	case 1:
		text += "1 subject has reported responses that disagree with the rules (⚠ in the list)."
	default:
		text += fmt.Sprintf("%d subjects have reported responses that disagree with the rules (⚠ in the list).", mismatches)
	}
	return text
}

func (o *overviewPane) showEmpty(text string) {
	o.start.Hide()
	o.body.Hide()
	o.empty.SetText(text)
	o.empty.Show()
	o.spider.clear()
	o.fall.clear()
}

// setColors changes the chip colours (theme change).
func (o *overviewPane) setColors(rc responseColors) {
	o.colors = rc
	o.setView(o.view)
}

// pairLayout puts two objects side by side when the space is wide, one above the other when
// it is tall.
type pairLayout struct{}

func (*pairLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 2 {
		return
	}
	gap := float32(8)
	if size.Width >= 1.6*size.Height {
		w := (size.Width - gap) / 2
		objs[0].Move(fyne.Position{})
		objs[0].Resize(fyne.NewSize(w, size.Height))
		objs[1].Move(fyne.NewPos(w+gap, 0))
		objs[1].Resize(fyne.NewSize(w, size.Height))
		return
	}
	h := (size.Height - gap) / 2
	objs[0].Move(fyne.Position{})
	objs[0].Resize(fyne.NewSize(size.Width, h))
	objs[1].Move(fyne.NewPos(0, h+gap))
	objs[1].Resize(fyne.NewSize(size.Width, h))
}

// minChartHeight keeps each study chart legible; below it the overview scrolls.
const minChartHeight = 280

func (*pairLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += max(m.Height, minChartHeight)
	}
	return s
}

// showStart offers studies to open (the demo's, the recent ones) before any study is open.
func (o *overviewPane) showStart(suggestions []app.StudySuggestion, open func(study string)) {
	if len(suggestions) == 0 {
		return
	}
	o.start.RemoveAll()
	o.start.Add(widget.NewLabelWithStyle("Open a study", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	form := container.New(layout.NewFormLayout())
	for _, sg := range suggestions {
		study := sg.Study
		b := widget.NewButton(study, func() { open(study) })
		note := widget.NewLabel(sg.Note)
		note.Importance = widget.LowImportance
		form.Add(b)
		form.Add(note)
	}
	o.start.Add(form)
	o.empty.Hide()
	o.start.Show()
}
