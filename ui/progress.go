package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/data/blaze"
)

// progressStrip sits under the top bar while a study loads: a progress bar (indefinite until
// the number of pages is known), the counts, what is happening, and Cancel. After a failure it
// says what is missing and offers Retry.
type progressStrip struct {
	bar     *widget.ProgressBar
	spin    *widget.ProgressBarInfinite
	counts  *widget.Label
	phase   *widget.Label
	message *widget.Label
	// line holds the counts and the phase; details holds the message, scrolling past a few
	// lines so that a long list of what is missing leaves the study in view.
	line, details fyne.CanvasObject
	cancel        *widget.Button
	retry         *widget.Button
	dismiss       *widget.Button
	content       *fyne.Container
	// shown is the fraction the bar shows. It never goes back during a run: the number of
	// pages grows as searches report their totals, which would otherwise pull the bar back.
	shown float64
}

func newProgressStrip(onCancel, onRetry func()) *progressStrip {
	p := &progressStrip{
		bar:     widget.NewProgressBar(),
		spin:    widget.NewProgressBarInfinite(),
		counts:  widget.NewLabel(""),
		phase:   widget.NewLabel(""),
		message: widget.NewLabel(""),
	}
	p.spin.Stop()
	p.spin.Hide()
	p.phase.Importance = widget.MediumImportance
	p.phase.Truncation = fyne.TextTruncateEllipsis
	p.message.Wrapping = fyne.TextWrapWord
	p.message.Importance = widget.WarningImportance
	p.cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), onCancel)
	p.retry = widget.NewButtonWithIcon("Retry", theme.ViewRefreshIcon(), onRetry)
	p.retry.Importance = widget.HighImportance
	p.retry.Hide()
	p.dismiss = widget.NewButtonWithIcon("", theme.WindowCloseIcon(), p.hide)
	p.dismiss.Importance = widget.LowImportance
	p.dismiss.Hide()
	bars := container.NewStack(p.bar, p.spin)
	p.line = container.NewBorder(nil, nil, p.counts, nil, p.phase)
	p.details = container.New(&capHeight{max: 4 * lineHeight()}, container.NewVScroll(p.message))
	p.details.Hide()
	buttons := container.NewVBox(layout.NewSpacer(), container.NewHBox(p.cancel, p.retry, p.dismiss), layout.NewSpacer())
	p.content = container.NewPadded(container.NewBorder(nil, nil, nil, buttons, container.NewVBox(bars, p.line, p.details)))
	p.content.Hide()
	return p
}

// running shows a load's progress.
func (p *progressStrip) running(lp app.LoadProgress) {
	p.content.Show()
	p.details.Hide()
	p.line.Show()
	p.retry.Hide()
	p.dismiss.Hide()
	p.cancel.Show()
	if lp.PagesKnown == 0 {
		p.bar.Hide()
		if !p.spin.Visible() {
			p.spin.Show()
			p.spin.Start()
		}
	} else {
		p.spin.Stop()
		p.spin.Hide()
		p.bar.Show()
		p.shown = max(p.shown, lp.Fraction())
		p.bar.SetValue(p.shown)
	}
	p.counts.SetText(fmt.Sprintf("%d reports · %d lesions · %d subjects", lp.Reports, lp.Lesions, lp.Subjects))
	phase := lp.Phase
	if lp.Notice != "" {
		phase = lp.Notice
		p.phase.Importance = widget.WarningImportance
	} else {
		p.phase.Importance = widget.MediumImportance
	}
	if phase == "" {
		phase = "Loading study " + lp.Study + "…"
	}
	p.phase.SetText(phase)
}

// started shows a load that has just begun.
func (p *progressStrip) started(study string) {
	p.counts.SetText("")
	p.shown = 0
	p.bar.SetValue(0)
	p.running(app.LoadProgress{Study: study})
}

// failed shows what went wrong and what is missing, with Retry when retry is true.
func (p *progressStrip) failed(v *app.StudyView, err error, retry bool) {
	p.stopBars()
	p.content.Show()
	p.message.SetText(failureText(v, err))
	p.line.Hide()
	p.details.Show()
	p.cancel.Hide()
	p.dismiss.Show()
	if retry {
		p.retry.Show()
	} else {
		p.retry.Hide()
	}
}

// failureText says how a load ended short of complete, what is missing and what is shown.
func failureText(v *app.StudyView, err error) string {
	var incomplete *blaze.IncompleteError
	switch {
	case v != nil && v.Cached && v.RefreshFailed:
		return "The refresh did not complete: the copy kept on this computer on " +
			v.FetchedAt.Local().Format("2 Jan 2006 15:04") + " is shown, and Retry tries again.\n" + app.Explain(err)
	case errors.As(err, &incomplete):
		missing := incomplete.Missing
		if v != nil && len(v.Missing) > 0 {
			missing = v.Missing
		}
		return "The load is incomplete: what arrived is shown, and Retry fetches only what is missing.\nMissing:\n• " +
			strings.Join(missing, "\n• ")
	}
	text := app.Explain(err)
	if v != nil && len(v.Missing) > 0 && (len(v.Missing) > 1 || v.Missing[0] != text) {
		text += " Missing: " + strings.Join(v.Missing, "; ")
	}
	if v != nil && len(v.Study.Subjects) > 0 {
		text += " What arrived is shown."
	}
	return text
}

func (p *progressStrip) stopBars() {
	p.spin.Stop()
	p.spin.Hide()
	p.bar.Hide()
}

// hide removes the strip.
func (p *progressStrip) hide() {
	p.stopBars()
	p.content.Hide()
}
