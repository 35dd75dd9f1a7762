package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/recistview/recistview/app"
)

// This file is the only place where background work meets the widgets: every fyne.Do of the
// package is here. Background goroutines compute a whole result, then hand one closure to the
// UI thread (Window.post, which is fyne.Do), which first checks that the screen that asked is
// still the current one. Tests replace post with a queue that the test goroutine runs, so that
// it alone plays the UI thread.

// postUI is how a Window hands closures to the UI thread unless Options say otherwise.
func postUI(f func()) { fyne.Do(f) }

// async runs work on a new goroutine and applies the closure it returns on the UI thread.
// work must not touch widgets; apply (which may be nil) runs on the UI thread and should
// check a generation counter before changing anything.
func (w *Window) async(work func() (apply func())) {
	w.bg.Add(1)
	go func() {
		defer w.bg.Done()
		if apply := work(); apply != nil {
			w.post(apply)
		}
	}()
}

// loadListener turns a study load's events into UI updates for the study screen s. gen is the
// screen's load generation when the load was opened: events of a load the user has since
// replaced are dropped on the UI thread.
func loadListener(s *studyScreen, gen uint64) app.Listener {
	post := s.w.post
	return app.Listener{
		Progress: func(p app.LoadProgress) {
			post(func() {
				if s.loadGen == gen {
					s.showProgress(p)
				}
			})
		},
		Snapshot: func(v *app.StudyView) {
			post(func() {
				if s.loadGen == gen {
					s.showSnapshot(v)
				}
			})
		},
		Done: func(v *app.StudyView, err error) {
			post(func() {
				if s.loadGen == gen {
					s.showDone(v, err)
				}
			})
		},
	}
}

// showError tells the user about err in a dialog, in the words of app.Explain. Errors that
// belong to one place on a screen (the sign-in form, a study) are shown there instead.
func (w *Window) showError(title string, err error) {
	if err == nil {
		return
	}
	d := dialog.NewInformation(title, app.Explain(err), w.win)
	d.Show()
}

// listenThemeChanges recolours the response chips when the theme or its variant changes. The
// settings listener may be called off the UI thread.
func (w *Window) listenThemeChanges() {
	w.fa.Settings().AddListener(func(fyne.Settings) {
		w.post(w.themeChanged)
	})
}
