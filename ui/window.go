// Package ui is RECIST View's desktop interface, built with Fyne: the sign-in screen, the study
// screen (subject list, study overview, one subject's timeline, lesion table, target-sum chart,
// discrepancies and raw FHIR source) and the glue that moves the app layer's background results
// onto the UI thread (bridge.go). It holds no business logic and never talks HTTP: everything
// it shows comes from package app.
package ui

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/assets"
	"github.com/recistview/recistview/ui/chart"
)

// Title is the window title.
const Title = "RECIST View"

// DefaultSize is the window's size when it opens.
var DefaultSize = fyne.NewSize(1280, 800)

// Options configure NewWindow.
type Options struct {
	// Study, when set and the demo server runs, signs in with the demo credentials at once and
	// opens this study.
	Study string
	// Subject, with Study, selects this subject once the study has loaded.
	Subject string

	// post replaces fyne.Do as the way to the UI thread (tests).
	post func(func())
}

// Window is RECIST View's main window: the sign-in screen until a partner signs in, then the
// study screen.
type Window struct {
	fa   fyne.App
	app  *app.App
	win  fyne.Window
	opts Options

	signIn *signInScreen
	study  *studyScreen

	// bg counts running background jobs started with async (tests wait on it).
	bg sync.WaitGroup
	// post runs a closure on the UI thread: fyne.Do (see bridge.go).
	post func(func())
}

// NewWindow builds the main window of a on fa, showing the sign-in screen. The caller shows it
// (ShowAndRun) and closes a when the app stops.
func NewWindow(fa fyne.App, a *app.App, o Options) *Window {
	w := &Window{fa: fa, app: a, opts: o, post: o.post}
	if w.post == nil {
		w.post = postUI
	}
	w.win = fa.NewWindow(Title)
	w.win.SetIcon(assets.Icon)
	w.win.Resize(DefaultSize)
	w.win.SetMaster()
	w.listenThemeChanges()
	w.showSignIn(a.InitialForm())
	if o.Study != "" && a.IsDemo() {
		w.signIn.submit()
	}
	return w
}

// FyneWindow is the underlying Fyne window.
func (w *Window) FyneWindow() fyne.Window { return w.win }

// ShowAndRun shows the window and runs the Fyne event loop until the window is closed.
func (w *Window) ShowAndRun() { w.win.ShowAndRun() }

// showSignIn replaces the content with the sign-in screen, pre-filled with f.
func (w *Window) showSignIn(f app.SignInForm) {
	if w.study != nil {
		w.study.close()
		w.study = nil
	}
	w.signIn = newSignInScreen(w, f)
	w.win.Canvas().SetOnTypedKey(nil)
	w.win.SetTitle(Title)
	w.win.SetContent(w.signIn.content)
	w.signIn.focus()
}

// showStudyScreen replaces the content with the study screen of the signed-in session.
func (w *Window) showStudyScreen(res app.SignInResult) {
	w.signIn = nil
	w.study = newStudyScreen(w)
	w.win.SetContent(w.study.content)
	w.win.Canvas().SetOnTypedKey(w.study.typedKey)
	f := w.app.CurrentForm()
	w.win.SetTitle(Title + " — " + w.study.serverLabel() + " · " + f.PartnerID)
	if res.KeychainWarning != "" {
		dialog.NewInformation("Secret not remembered", res.KeychainWarning, w.win).Show()
	}
	if w.opts.Study != "" {
		study := w.opts.Study
		w.opts.Study = ""
		w.study.open(study)
	} else {
		w.win.Canvas().Focus(w.study.top.studyEntry)
	}
}

// signOut ends the session and goes back to the sign-in screen with the same profile.
func (w *Window) signOut() {
	f := w.app.CurrentForm()
	w.app.SignOut(false)
	w.showSignIn(w.app.FormFor(f.Profile))
}

// themeChanged recolours what uses response colours.
func (w *Window) themeChanged() {
	if w.study == nil {
		return
	}
	rc := newResponseColors(chart.CurrentPalette())
	w.study.list.setColors(rc)
	w.study.subject.setColors(rc)
	w.study.overview.setColors(rc)
}
