package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
)

// windowMenu is the main menu: File, View, Settings and Help. Items that need a study screen,
// a study or a view are disabled without one; their actions check again, because a keyboard
// shortcut runs an item's action whether it is disabled or not.
type windowMenu struct {
	main *fyne.MainMenu

	open, export, forget, signOut, forgetAll *fyne.MenuItem
	overview, subject, find                  *fyne.MenuItem
	options, about                           *fyne.MenuItem
}

// shortcut is Ctrl (Cmd on macOS) with key.
func shortcut(key fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
}

func newWindowMenu(w *Window) *windowMenu {
	m := &windowMenu{}
	m.open = fyne.NewMenuItemWithIcon("Open study…", theme.FolderOpenIcon(), w.focusStudyField)
	m.open.Shortcut = shortcut(fyne.KeyO)
	m.export = fyne.NewMenuItemWithIcon("Export study…", theme.DocumentSaveIcon(), w.exportStudy)
	m.export.Shortcut = shortcut(fyne.KeyE)
	m.forget = fyne.NewMenuItemWithIcon("Forget this study", theme.DeleteIcon(), w.forgetStudy)
	m.signOut = fyne.NewMenuItemWithIcon("Sign out", theme.LogoutIcon(), w.signOut)
	m.forgetAll = fyne.NewMenuItemWithIcon("Sign out and forget all data", theme.ContentClearIcon(), w.signOutAndForget)
	quit := fyne.NewMenuItem("Quit", nil) // the driver closes the windows
	quit.IsQuit = true
	file := fyne.NewMenu("File", m.open, m.export, fyne.NewMenuItemSeparator(), m.forget,
		fyne.NewMenuItemSeparator(), m.signOut, m.forgetAll, fyne.NewMenuItemSeparator(), quit)

	m.overview = fyne.NewMenuItem("Study overview", func() { w.showTab(false) })
	m.subject = fyne.NewMenuItem("Subject", func() { w.showTab(true) })
	m.find = fyne.NewMenuItemWithIcon("Find subject", theme.SearchIcon(), w.focusFilter)
	m.find.Shortcut = shortcut(fyne.KeyF)
	view := fyne.NewMenu("View", m.overview, m.subject, fyne.NewMenuItemSeparator(), m.find)

	m.options = fyne.NewMenuItemWithIcon("RECIST options…", theme.SettingsIcon(), w.showOptions)
	settings := fyne.NewMenu("Settings", m.options)

	m.about = fyne.NewMenuItemWithIcon("About RECIST View", theme.InfoIcon(), w.showAbout)
	help := fyne.NewMenu("Help", m.about)

	m.main = fyne.NewMainMenu(file, view, settings, help)
	return m
}

// updateMenu enables the items that apply to what is shown.
func (w *Window) updateMenu() {
	m := w.menu
	if m == nil {
		return
	}
	s := w.study
	onStudy := s != nil
	hasView := onStudy && s.view != nil && len(s.view.Rows) > 0
	hasStudy := onStudy && s.load != nil
	hasSubject := onStudy && s.selectedID != ""
	changed := false
	set := func(it *fyne.MenuItem, enabled bool) {
		if it.Disabled == enabled {
			it.Disabled = !enabled
			changed = true
		}
	}
	set(m.open, onStudy)
	set(m.export, hasView)
	set(m.forget, hasStudy)
	set(m.signOut, onStudy)
	set(m.forgetAll, onStudy)
	set(m.overview, onStudy)
	set(m.subject, hasSubject)
	set(m.find, onStudy)
	if changed {
		m.main.Refresh()
	}
}

// showTab selects the study overview or the subject tab.
func (w *Window) showTab(subject bool) {
	if w.study == nil || (subject && w.study.selectedID == "") {
		return
	}
	w.study.showTab(subject)
}
