package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/data/blaze"
)

// studyScreen is the screen after signing in: the top bar, the load's progress strip, the
// subject list on the left and the subject and study overview tabs on the right.
type studyScreen struct {
	w        *Window
	top      *topBar
	strip    *progressStrip
	list     *subjectList
	overview *overviewPane
	subject  *subjectPane
	tabs     *container.AppTabs
	// subjectTab and overviewTab are the right pane's tabs.
	subjectTab, overviewTab *container.TabItem
	split                   *container.Split
	panes                   fyne.CanvasObject // the split, fitted to the window; hidden by a notice
	notice                  *noticeCard
	content                 fyne.CanvasObject

	load *app.StudyLoad
	// loadGen is bumped whenever the shown study changes; events of older loads are dropped.
	loadGen    uint64
	view       *app.StudyView
	selectedID string
	// pendingSubject is selected once a load brings it (the -subject flag).
	pendingSubject string
}

func newStudyScreen(w *Window) *studyScreen {
	s := &studyScreen{w: w, pendingSubject: w.opts.Subject}
	profile := w.app.CurrentForm().Profile
	s.top = newTopBar(s, w.app.Settings.RecentStudies(profile))
	s.strip = newProgressStrip(s.cancel, s.retry)
	s.list = newSubjectList(s.selectSubject)
	s.overview = newOverviewPane()
	s.subject = newSubjectPane(w)
	s.subjectTab = container.NewTabItem("Subject", s.subject.content)
	s.overviewTab = container.NewTabItem("Study overview", s.overview.content)
	s.tabs = container.NewAppTabs(s.overviewTab, s.subjectTab)
	s.tabs.Select(s.overviewTab)
	s.split = container.NewHSplit(s.list.content, s.tabs)
	s.split.Offset = 0.4
	listWidth := s.list.sizeColumns() + 24 // the table, its scroll bar and the split's padding
	fitted := container.New(&splitFit{split: s.split, want: func() float32 { return listWidth }}, s.split)
	s.panes = fitted
	s.notice = newNoticeCard(fitted)
	center := container.NewStack(fitted, s.notice.content)
	header := container.NewVBox(container.NewPadded(s.top.content), widget.NewSeparator(), s.strip.content)
	footer := container.NewVBox(widget.NewSeparator(), s.top.status)
	s.content = container.NewBorder(header, footer, nil, nil, center)
	return s
}

// serverLabel is the signed-in server's name.
func (s *studyScreen) serverLabel() string {
	if sess := s.w.app.Session(); sess != nil {
		return sess.Profile().Label
	}
	return ""
}

// open starts loading study, replacing what is shown.
func (s *studyScreen) open(study string) {
	if s.load != nil {
		s.load.Close()
		s.load = nil
	}
	s.loadGen++
	s.notice.hide()
	l, err := s.w.app.OpenStudy(study, loadListener(s, s.loadGen))
	if err != nil {
		s.notice.show("Cannot open the study", app.Explain(err))
		return
	}
	s.load = l
	s.top.studyEntry.SetText(l.Study())
	s.top.setRecent(s.w.app.Settings.RecentStudies(s.w.app.CurrentForm().Profile))
	s.top.status.SetText("Loading study " + l.Study() + "…")
	s.setView(nil)
	s.overview.showEmpty("Loading study " + l.Study() + "…")
	s.strip.started(l.Study())
}

// cancel stops the running load; what arrived stays.
func (s *studyScreen) cancel() {
	if s.load != nil {
		s.load.Cancel()
	}
}

// retry resumes the load after a failure or cancel.
func (s *studyScreen) retry() {
	if s.load == nil {
		return
	}
	s.strip.started(s.load.Study())
	s.load.Retry()
}

// close stops the load when the screen goes away (sign out).
func (s *studyScreen) close() {
	s.loadGen++
	if s.load != nil {
		s.load.Close()
		s.load = nil
	}
	s.subject.source.clear()
}

func (s *studyScreen) showProgress(p app.LoadProgress) { s.strip.running(p) }

func (s *studyScreen) showSnapshot(v *app.StudyView) {
	s.top.status.SetText(v.Status())
	s.setView(v)
}

// showDone shows the finished load: complete, incomplete (with what is missing and Retry),
// cancelled, or refused.
func (s *studyScreen) showDone(v *app.StudyView, err error) {
	var access *blaze.AccessError
	switch {
	case errors.As(err, &access):
		s.strip.hide()
		s.setView(nil)
		s.top.status.SetText("No access to study " + access.Study)
		s.notice.show("No access to study "+access.Study, app.Explain(err))
		return
	case err != nil:
		s.strip.failed(v, err, true)
	default:
		s.strip.hide()
	}
	s.top.status.SetText(v.Status())
	s.setView(v)
	if s.pendingSubject != "" {
		if i := v.SubjectIndex(s.pendingSubject); i >= 0 {
			s.pendingSubject = ""
			s.selectSubject(i)
		}
	}
}

// setView shows v (nil: nothing) in the list, the overview and the selected subject.
func (s *studyScreen) setView(v *app.StudyView) {
	s.view = v
	s.list.setView(v, s.selectedID)
	s.overview.setView(v)
	if v == nil {
		s.selectedID = ""
		s.subject.clear()
		s.tabs.Select(s.overviewTab)
		return
	}
	if i := v.SubjectIndex(s.selectedID); s.selectedID != "" && i >= 0 {
		s.subject.show(v, v.Detail(i))
	}
}

// selectSubject shows row i of the view in the subject tab.
func (s *studyScreen) selectSubject(i int) {
	if s.view == nil || i < 0 || i >= len(s.view.Rows) {
		return
	}
	s.selectedID = s.view.Rows[i].ID
	if s.list.selected != i {
		s.list.selected = i
		s.list.table.Refresh()
	}
	s.subject.show(s.view, s.view.Detail(i))
	s.tabs.Select(s.subjectTab)
}

// typedKey handles keys no focused widget took: up and down move between subjects.
func (s *studyScreen) typedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyUp:
		s.list.move(-1)
	case fyne.KeyDown:
		s.list.move(1)
	}
}
