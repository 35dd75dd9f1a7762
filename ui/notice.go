package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// noticeCard says something about the study in place of the study panes — a study the partner
// may not read, a study number that cannot be opened, a study not kept for offline use — and
// hides them meanwhile. It may offer one action.
type noticeCard struct {
	behind  fyne.CanvasObject
	title   *widget.Label
	text    *widget.Label
	action  *widget.Button
	content fyne.CanvasObject
}

func newNoticeCard(behind fyne.CanvasObject) *noticeCard {
	n := &noticeCard{behind: behind}
	n.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	n.text = widget.NewLabel("")
	n.text.Wrapping = fyne.TextWrapWord
	n.action = widget.NewButton("", nil)
	n.action.Importance = widget.HighImportance
	n.action.Hide()
	icon := widget.NewIcon(theme.WarningIcon())
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(520, 0))
	buttons := container.NewHBox(layout.NewSpacer(), n.action)
	body := container.NewBorder(nil, nil, container.NewVBox(icon), nil, container.NewVBox(n.title, n.text, buttons))
	n.content = container.NewCenter(container.NewStack(width, widget.NewCard("", "", body)))
	n.content.Hide()
	return n
}

// show puts the notice in place of the panes.
func (n *noticeCard) show(title, text string) {
	n.showAction(title, text, "", nil)
}

// showAction puts the notice in place of the panes with a button labelled label that runs
// do (none when do is nil).
func (n *noticeCard) showAction(title, text, label string, do func()) {
	n.title.SetText(title)
	n.text.SetText(text)
	if do == nil {
		n.action.Hide()
	} else {
		n.action.SetText(label)
		n.action.OnTapped = do
		n.action.Show()
	}
	n.behind.Hide()
	n.content.Show()
}

// hide brings the panes back.
func (n *noticeCard) hide() {
	n.content.Hide()
	n.behind.Show()
}
