package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// forgetStudy asks, then removes the shown study's copy on this computer and its place in the
// recent list (File → Forget this study).
func (w *Window) forgetStudy() {
	s := w.study
	if s == nil || s.load == nil {
		return
	}
	study := s.load.Study()
	w.confirm("Forget study "+study+"?",
		"The copy of study "+study+" kept on this computer is removed and the study leaves the list of recent studies. "+
			"Nothing changes on the server: opening the study again loads it anew.",
		"Forget", func() {
			if w.study == s {
				s.forget(study)
			}
		})
}

// forget stops showing study and removes it from the cache in the background.
func (s *studyScreen) forget(study string) {
	// Stop the load first: a refresh that completed later would keep the study again.
	s.close()
	s.strip.hide()
	s.notice.hide()
	s.setView(nil)
	s.top.studyEntry.SetText("")
	s.top.status.SetText("Removing study " + study + " from this computer…")
	s.w.async(func() func() {
		err := s.w.app.ForgetStudy(study)
		return func() {
			if s.w.study != s {
				return
			}
			s.top.setRecent(s.w.app.Settings.RecentStudies(s.w.app.CurrentForm().Profile))
			if err != nil {
				s.top.status.SetText("Study " + study + " could not be removed from this computer")
				s.w.showError("Study not forgotten", err)
				return
			}
			s.top.status.SetText("Study " + study + " was removed from this computer.")
			s.overview.showEmpty("Study " + study + " was removed from this computer. Open a study to see its subjects.")
		}
	})
}

// signOutAndForget asks, then signs out and removes every cached study, the remembered secret
// and the recent studies (File → Sign out and forget all data).
func (w *Window) signOutAndForget() {
	if w.study == nil {
		return
	}
	w.confirm("Sign out and forget all data?",
		"This signs out and removes from this computer every study kept for offline use, the remembered client "+
			"secret of this sign-in and the list of recent studies. Nothing changes on the server.",
		"Sign out and forget", func() { w.endSession(true) })
}

// confirm asks before something that cannot be undone: do runs when the user presses the
// button labelled action.
func (w *Window) confirm(title, text, action string, do func()) {
	label := widget.NewLabel(text)
	label.Wrapping = fyne.TextWrapWord
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(460, 0))
	d := dialog.NewCustomConfirm(title, action, "Cancel", container.NewStack(width, label), func(ok bool) {
		if ok {
			do()
		}
	}, w.win)
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}
