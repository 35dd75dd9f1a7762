package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/assets"
)

// offlineLabel is what the top bar says while working from the cache without signing in.
const offlineLabel = "Offline · cached studies only"

// topBar is the study screen's header — who is signed in where, the study to open, and Sign
// out — and the status line at the bottom, which says what is shown.
type topBar struct {
	studyEntry *widget.SelectEntry
	openButton *widget.Button
	status     *widget.Label
	identity   *widget.Label
	offline    *widget.Label
	signOut    *widget.Button
	content    fyne.CanvasObject
	recent     []string // the studies the drop-down offers
}

func newTopBar(s *studyScreen, recent []string) *topBar {
	t := &topBar{recent: recent}
	t.studyEntry = widget.NewSelectEntry(recent)
	t.studyEntry.SetPlaceHolder("MSK study number, e.g. 19-123")
	t.studyEntry.OnSubmitted = func(text string) { s.open(text) }
	t.openButton = widget.NewButtonWithIcon("Open", theme.FolderOpenIcon(), func() { s.open(t.studyEntry.Text) })
	t.openButton.Importance = widget.HighImportance
	t.status = widget.NewLabel("Open a study to see its subjects.")
	t.status.Importance = widget.MediumImportance
	t.status.Truncation = fyne.TextTruncateEllipsis
	t.identity = widget.NewLabel(s.serverLabel() + " · " + s.w.app.CurrentForm().PartnerID)
	t.identity.Importance = widget.MediumImportance
	t.offline = widget.NewLabelWithStyle(offlineLabel, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.offline.Importance = widget.WarningImportance
	if !s.w.app.Offline() {
		t.offline.Hide()
	}
	t.signOut = widget.NewButtonWithIcon("Sign out", theme.LogoutIcon(), s.w.signOut)

	icon := canvas.NewImageFromResource(assets.Icon)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(28, 28))
	name := widget.NewLabelWithStyle(Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	entryWidth := canvas.NewRectangle(color.Transparent)
	entryWidth.SetMinSize(fyne.NewSize(220, 0))
	study := container.NewStack(entryWidth, t.studyEntry)
	left := container.NewHBox(icon, name, t.offline, t.identity, widget.NewSeparator(), widget.NewLabel("Study"), study, t.openButton)
	right := container.NewHBox(layout.NewSpacer(), t.signOut)
	t.content = container.NewBorder(nil, nil, left, right)
	return t
}

// setRecent offers the recently opened studies in the study field's drop-down.
func (t *topBar) setRecent(recent []string) {
	t.recent = recent
	t.studyEntry.SetOptions(recent)
}
