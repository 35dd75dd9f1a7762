// Package ui is RECIST View's desktop interface, built with Fyne: the sign-in screen, the study
// screen (subject list, study overview, one subject's lesion table, target-sum chart,
// discrepancies, assessments and raw FHIR source), the main menu and its dialogs, and the glue
// that moves the app layer's background results onto the UI thread (bridge.go). It holds no
// business logic and never talks HTTP: everything it shows comes from package app.
package ui

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/assets"
	"github.com/recistview/recistview/ui/chart"
)

// Title is the window title.
const Title = "RECIST View"

// Version is the version the About dialog shows.
const Version = "0.1.0"

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

// Window is RECIST View's main window: the sign-in screen until a partner signs in (or chooses
// to work offline), then the study screen; the main menu is there throughout.
type Window struct {
	fa   fyne.App
	app  *app.App
	win  fyne.Window
	opts Options
	menu *windowMenu

	signIn *signInScreen
	study  *studyScreen
	// signingOut is set while a sign-out runs in the background.
	signingOut bool

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
	w.menu = newWindowMenu(w)
	w.win.SetMainMenu(w.menu.main)
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
	w.updateMenu()
}

// showStudyScreen replaces the content with the study screen of the signed-in session, or of
// offline work from the cache.
func (w *Window) showStudyScreen(res app.SignInResult) {
	w.signIn = nil
	w.study = newStudyScreen(w)
	w.win.SetContent(w.study.content)
	w.win.Canvas().SetOnTypedKey(w.study.typedKey)
	f := w.app.CurrentForm()
	title := Title + " — " + w.study.serverLabel() + " · " + f.PartnerID
	if w.app.Offline() {
		title += " · " + offlineLabel
	}
	w.win.SetTitle(title)
	w.updateMenu()
	if res.KeychainWarning != "" {
		dialog.NewInformation("Secret not remembered", res.KeychainWarning, w.win).Show()
	}
	if w.opts.Study != "" {
		study := w.opts.Study
		w.opts.Study = ""
		w.study.open(study)
	} else {
		w.focusStudyField()
	}
}

// signOut ends the session (or offline work) and goes back to the sign-in screen with the
// same profile. The load stops at once; the app call runs in the background.
func (w *Window) signOut() {
	w.endSession(false)
}

// endSession signs out, with forget also removing every cached study, the stored secret and
// the recent studies (app.App.SignOut), then shows the sign-in screen.
func (w *Window) endSession(forget bool) {
	if w.study == nil || w.signingOut {
		return
	}
	w.signingOut = true
	w.study.close()
	profile := w.app.CurrentForm().Profile
	w.async(func() func() {
		err := w.app.SignOut(forget)
		return func() {
			w.signingOut = false
			w.showSignIn(w.app.FormFor(profile))
			if err != nil {
				w.showError("Not everything could be forgotten", err)
			}
		}
	})
}

// workOffline opens the study screen on the cache for form's server and partner, without
// signing in (the server could not be reached).
func (w *Window) workOffline(f app.SignInForm) {
	s := w.signIn
	w.async(func() func() {
		err := w.app.WorkOffline(f)
		return func() {
			if w.signIn != s {
				return
			}
			if err != nil {
				s.showMessage(app.Explain(err), widget.DangerImportance)
				return
			}
			w.showStudyScreen(app.SignInResult{})
		}
	})
}

// focusStudyField puts the cursor in the study number field (File → Open study…, Ctrl+O).
func (w *Window) focusStudyField() {
	if w.study != nil {
		w.win.Canvas().Focus(w.study.top.studyEntry)
	}
}

// focusFilter puts the cursor in the subject filter (Ctrl+F).
func (w *Window) focusFilter() {
	if w.study != nil {
		w.win.Canvas().Focus(w.study.list.filter)
	}
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
