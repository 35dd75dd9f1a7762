package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/data/recist"
	"github.com/recistview/recistview/ui/chart"
)

// subjectPane is the "Subject" tab: who the subject is, the discrepancies in sentences (a
// banner, when there are any), the lesion table and, beside it, the target-sum chart over the
// assessments' cards and the source of a chosen item.
type subjectPane struct {
	title    *widget.Label
	facts    *widget.Label
	best     *cell
	reported *cell
	change   *widget.Label
	agrees   *widget.Label

	findings *banner
	timeline *timeline
	lesions  *lesionTable
	chart    *targetChart
	source   *sourcePane

	bottom                    *container.AppTabs
	assessmentsTab, sourceTab *container.TabItem
	// split puts the lesion table beside the chart column; column stacks the chart over
	// the tabs.
	split, column *splitFit
	empty         *widget.Label
	header, top   *fyne.Container
	body          *fyne.Container
	content       fyne.CanvasObject
	detail        *app.SubjectDetail
	colors        responseColors
}

// Sizes of the chart column beside the lesion table: its share of the pane within bounds,
// and the chart's share of the column's height.
const (
	chartColumnShare = 0.35
	chartColumnMin   = 440
	chartColumnMax   = 720
	chartMinHeight   = 280
)

func newSubjectPane(w *Window) *subjectPane {
	p := &subjectPane{colors: newResponseColors(chart.CurrentPalette())}
	p.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.facts = widget.NewLabel("")
	p.facts.Importance = widget.MediumImportance
	p.best = newCell("", styleChip)
	p.best.sub = "computed best"
	p.reported = newCell("", styleChip)
	p.reported.sub = "reported best"
	p.change = widget.NewLabel("")
	p.agrees = widget.NewLabel("✓ reported responses agree with RECIST 1.1")
	p.agrees.Importance = widget.SuccessImportance
	p.findings = newBanner()
	p.timeline = newTimeline(p.showAssessment)
	p.lesions = newLesionTable(func(j int) {
		p.timeline.mark(j)
		p.showAssessment(j)
	}, p.showLesion)
	p.chart = newTargetChart()
	p.source = newSourcePane(w.fa)

	p.assessmentsTab = container.NewTabItem("Assessments", p.timeline.content)
	p.sourceTab = container.NewTabItem("Source", p.source.content)
	p.bottom = container.NewAppTabs(p.assessmentsTab, p.sourceTab)

	p.header = newFlow(p.title, p.facts, p.best, p.reported, p.change, p.agrees)
	columnSplit := container.NewVSplit(p.chart.content, p.bottom)
	column, colFit := newSplitFit(columnSplit, func(h float32) float32 {
		return max(h/2, min(chartMinHeight, h-160))
	})
	split := container.NewHSplit(p.lesions.table, column)
	center, splitFit := newSplitFit(split, func(w float32) float32 {
		return w - min(max(w*chartColumnShare, chartColumnMin), chartColumnMax)
	})
	p.split, p.column = splitFit, colFit
	p.top = container.NewVBox(p.header, p.findings.content)
	p.body = container.NewBorder(p.top, nil, nil, nil, center)
	p.empty = widget.NewLabelWithStyle("Choose a subject in the list (or move with the up and down keys).", fyne.TextAlignCenter, fyne.TextStyle{})
	p.empty.Importance = widget.MediumImportance
	p.content = container.NewStack(p.body, container.NewCenter(p.empty))
	p.clear()
	return p
}

// show displays subject detail d of view v.
func (p *subjectPane) show(v *app.StudyView, d *app.SubjectDetail) {
	same := p.detail != nil && p.detail.Subject.ID == d.Subject.ID
	p.detail = d
	p.empty.Hide()
	p.body.Show()
	s := d.Subject
	p.title.SetText("Subject " + s.ID)
	p.facts.SetText(subjectFacts(s))
	p.setChip(p.best, d.Result.BestResponse)
	p.setChip(p.reported, d.Result.ReportedBestResponse)
	p.change.SetText("")
	if d.Result.BestPctChange != nil {
		p.change.SetText(fmt.Sprintf("best change %+.1f %%", *d.Result.BestPctChange))
	}
	p.timeline.show(d, p.colors)
	p.lesions.show(d)
	p.chart.show(s, d.Result)
	p.showFindings(d)
	if !same {
		p.source.clear()
		p.bottom.Select(p.assessmentsTab)
	}
	p.relayout()
}

// relayout lays the header and the banner out again for the subject's texts, and the pane for
// the banner's height. It runs twice: the first pass gives the wrapped sentences their width,
// the second the height they then need. (The desktop canvas would catch up a frame later;
// this makes it exact at once, and costs far less than refreshing the pane.)
func (p *subjectPane) relayout() {
	for range 2 {
		for _, c := range []*fyne.Container{p.header, p.top, p.body} {
			c.Layout.Layout(c.Objects, c.Size())
		}
	}
}

// clear shows the hint to choose a subject.
func (p *subjectPane) clear() {
	p.detail = nil
	p.body.Hide()
	p.empty.Show()
	p.timeline.clear()
	p.lesions.clear()
	p.chart.clear()
	p.source.clear()
}

func (p *subjectPane) setChip(c *cell, r recist.Response) {
	text, style := string(r), styleChip
	if r == recist.None {
		text, style = "none yet", styleMuted
	}
	c.set(text, c.sub, style, p.colors.of(r), false, bgNone)
}

// subjectFacts is "F · born 1956 · 6 assessments".
func subjectFacts(s *recist.Subject) string {
	var parts []string
	switch strings.ToLower(s.Sex) {
	case "male":
		parts = append(parts, "male")
	case "female":
		parts = append(parts, "female")
	case "":
	default:
		parts = append(parts, s.Sex)
	}
	if s.BirthYear != 0 {
		parts = append(parts, fmt.Sprintf("born %d", s.BirthYear))
	}
	n := len(s.Assessments)
	if n == 1 {
		parts = append(parts, "1 assessment")
	} else {
		parts = append(parts, fmt.Sprintf("%d assessments", n))
	}
	return strings.Join(parts, " · ")
}

// showFindings lists the discrepancies in sentences in the banner above the table; without
// any, the header says the reported responses agree.
func (p *subjectPane) showFindings(d *app.SubjectDetail) {
	texts := make([]string, len(d.Discrepancies))
	for i, text := range d.Discrepancies {
		texts[i] = "• " + text // the banner already carries the warning icon
	}
	p.findings.show(texts)
	if len(texts) == 0 && len(d.Subject.Assessments) > 0 {
		p.agrees.Show()
	} else {
		p.agrees.Hide()
	}
}

// showAssessment shows the source of assessment j of the subject.
func (p *subjectPane) showAssessment(j int) {
	if p.detail == nil || j < 0 || j >= len(p.detail.Subject.Assessments) {
		return
	}
	a := p.detail.Subject.Assessments[j]
	e := p.detail.Timeline[j]
	p.source.show("Assessment "+e.Name+" · "+e.Date+" · DiagnosticReport "+a.ID, a.Raw)
	p.bottom.Select(p.sourceTab)
}

// showLesion shows the source of one lesion measurement.
func (p *subjectPane) showLesion(l *recist.Lesion) {
	title := "Lesion " + l.Code
	if l.Organ != "" {
		title += " · " + l.Organ
	}
	if l.DateText != "" {
		title += " · " + l.DateText
	}
	p.source.show(title+" · Observation "+l.ID, l.Raw)
	p.timeline.mark(-1)
	p.bottom.Select(p.sourceTab)
}

// setColors changes the chip colours (theme change).
func (p *subjectPane) setColors(rc responseColors) {
	p.colors = rc
	p.lesions.setColors(rc)
	if p.detail != nil {
		p.setChip(p.best, p.detail.Result.BestResponse)
		p.setChip(p.reported, p.detail.Result.ReportedBestResponse)
		p.timeline.show(p.detail, rc)
	}
	p.findings.recolor()
}
