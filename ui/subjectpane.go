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

// subjectPane is the "Subject" tab: who the subject is, the timeline of assessments, the lesion
// table, the target-sum chart, the discrepancies in sentences and the source of a chosen item.
type subjectPane struct {
	title    *widget.Label
	facts    *widget.Label
	best     *cell
	reported *cell
	change   *widget.Label

	timeline *timeline
	lesions  *lesionTable
	chart    *targetChart
	findings *fyne.Container
	source   *sourcePane

	bottom                 *container.AppTabs
	findingsTab, sourceTab *container.TabItem
	empty                  *widget.Label
	body                   fyne.CanvasObject
	content                fyne.CanvasObject
	detail                 *app.SubjectDetail
	colors                 responseColors
}

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
	p.timeline = newTimeline(p.showAssessment)
	p.lesions = newLesionTable(func(j int) {
		p.timeline.mark(j)
		p.showAssessment(j)
	}, p.showLesion)
	p.chart = newTargetChart()
	p.findings = container.NewVBox()
	p.source = newSourcePane(w.fa)

	p.findingsTab = container.NewTabItem("Discrepancies", container.NewVScroll(p.findings))
	p.sourceTab = container.NewTabItem("Source", p.source.content)
	p.bottom = container.NewAppTabs(p.findingsTab, p.sourceTab)

	header := newFlow(p.title, p.facts, p.best, p.reported, p.change)
	lower := container.NewHSplit(p.chart.content, p.bottom)
	lower.Offset = 0.5
	center := container.NewVSplit(p.lesions.table, lower)
	center.Offset = 0.55
	p.body = container.NewBorder(container.NewVBox(header, p.timeline.content), nil, nil, nil, center)
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
		p.bottom.Select(p.findingsTab)
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

// showFindings lists the discrepancies in sentences.
func (p *subjectPane) showFindings(d *app.SubjectDetail) {
	var objs []fyne.CanvasObject
	for _, text := range d.Discrepancies {
		l := widget.NewLabel("⚠ " + text)
		l.Wrapping = fyne.TextWrapWord
		objs = append(objs, l)
	}
	if len(objs) == 0 {
		l := widget.NewLabel("The reported responses agree with the RECIST 1.1 rules for this subject.")
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.SuccessImportance
		objs = append(objs, l)
	}
	p.findings.Objects = objs
	p.findings.Refresh()
	p.findingsTab.Text = fmt.Sprintf("Discrepancies (%d)", len(d.Discrepancies))
	p.bottom.Refresh()
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
}
