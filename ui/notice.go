package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// noticeCard says something about the study in place of the study panes — a study the partner
// may not read, a study number that cannot be opened — and hides them meanwhile.
type noticeCard struct {
	behind  fyne.CanvasObject
	title   *widget.Label
	text    *widget.Label
	content fyne.CanvasObject
}

func newNoticeCard(behind fyne.CanvasObject) *noticeCard {
	n := &noticeCard{behind: behind}
	n.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	n.text = widget.NewLabel("")
	n.text.Wrapping = fyne.TextWrapWord
	icon := widget.NewIcon(theme.WarningIcon())
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(520, 0))
	body := container.NewBorder(nil, nil, container.NewVBox(icon), nil, container.NewVBox(n.title, n.text))
	n.content = container.NewCenter(container.NewStack(width, widget.NewCard("", "", body)))
	n.content.Hide()
	return n
}

// show puts the notice in place of the panes.
func (n *noticeCard) show(title, text string) {
	n.title.SetText(title)
	n.text.SetText(text)
	n.behind.Hide()
	n.content.Show()
}

// hide brings the panes back.
func (n *noticeCard) hide() {
	n.content.Hide()
	n.behind.Show()
}
