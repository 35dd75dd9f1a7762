package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/app"
)

// sourceHint is what the source pane says before anything is chosen.
const sourceHint = "Choose an assessment in the timeline or a lesion table column header, or a measurement in the lesion table, to see the FHIR resource as the server sent it."

// sourcePane shows the raw FHIR JSON of the chosen assessment or lesion, read-only and
// selectable, with a Copy button.
type sourcePane struct {
	fa      fyne.App
	title   *widget.Label
	text    *widget.Label
	copy    *widget.Button
	scroll  *container.Scroll
	content fyne.CanvasObject
}

func newSourcePane(fa fyne.App) *sourcePane {
	p := &sourcePane{fa: fa}
	p.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.title.Wrapping = fyne.TextWrapWord
	p.text = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	p.text.Selectable = true
	p.copy = widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), func() {
		p.fa.Clipboard().SetContent(p.text.Text)
	})
	p.scroll = container.NewScroll(p.text)
	p.content = container.NewBorder(container.NewBorder(nil, nil, nil, container.NewVBox(p.copy), p.title), nil, nil, nil, p.scroll)
	p.clear()
	return p
}

// show puts a resource in the pane: title says what it is, raw is the JSON as served.
func (p *sourcePane) show(title string, raw []byte) {
	p.title.SetText(title)
	p.text.TextStyle = fyne.TextStyle{Monospace: true}
	p.text.Wrapping = fyne.TextWrapOff
	p.text.SetText(app.PrettyJSON(raw))
	p.copy.Enable()
	p.scroll.ScrollToTop()
}

// clear shows the hint.
func (p *sourcePane) clear() {
	p.title.SetText("Source")
	p.text.TextStyle = fyne.TextStyle{}
	p.text.Wrapping = fyne.TextWrapWord
	p.text.SetText(sourceHint)
	p.copy.Disable()
}
