package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/data/blaze"
)

// studyScreen is the screen after signing in (or choosing to work offline): the top bar, the
// load's progress strip, the subject list on the left and the subject and study overview tabs
// on the right. While the Subject tab is shown the list collapses to a compact form so the
// lesion table and the chart get the room; the Study overview brings all its columns back.
type studyScreen struct {
	w        *Window
	top      *topBar
	strip    *progressStrip
	info     *infoBar
	list     *subjectList
	overview *overviewPane
	subject  *subjectPane
	tabs     *container.AppTabs
	// subjectTab and overviewTab are the right pane's tabs.
	subjectTab, overviewTab *container.TabItem
	split                   *container.Split
	fit                     *splitFit
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
	// reevaluating is the view being re-evaluated under changed RECIST options, if any.
	reevaluating *app.StudyView
}

// Bounds of the subject list's share of the window width when it shows all its columns, and
// the most the compact form may take.
const (
	splitMin     = 0.3
	splitMax     = 0.56
	compactShare = 0.4
)

func newStudyScreen(w *Window) *studyScreen {
	s := &studyScreen{w: w, pendingSubject: w.opts.Subject}
	profile := w.app.CurrentForm().Profile
	s.top = newTopBar(s, w.app.Settings.RecentStudies(profile))
	s.strip = newProgressStrip(s.cancel, s.retry)
	s.info = newInfoBar()
	s.list = newSubjectList(s.selectSubject)
	s.overview = newOverviewPane()
	s.subject = newSubjectPane(w)
	s.subjectTab = container.NewTabItem("Subject", s.subject.content)
	s.overviewTab = container.NewTabItem("Study overview", s.overview.content)
	s.tabs = container.NewAppTabs(s.overviewTab, s.subjectTab)
	s.tabs.Select(s.overviewTab)
	s.tabs.OnSelected = func(*container.TabItem) { s.fitList() }
	s.split = container.NewHSplit(s.list.content, s.tabs)
	s.split.Offset = 0.4
	fitted, fit := newSplitFit(s.split, s.listWidth)
	s.fit = fit
	s.panes = fitted
	s.notice = newNoticeCard(fitted)
	center := container.NewStack(fitted, s.notice.content)
	header := container.NewVBox(container.NewPadded(s.top.content), widget.NewSeparator(), s.strip.content, s.info.content)
	footer := container.NewVBox(widget.NewSeparator(), s.top.status)
	s.content = container.NewBorder(header, footer, nil, nil, center)
	s.info.show(w.app.CacheProblem())
	s.overview.showStart(w.app.SuggestedStudies(), s.open)
	return s
}

// listWidth is the width the subject list wants in a window total wide: compact beside a
// subject, all columns (within bounds) beside the overview.
func (s *studyScreen) listWidth(total float32) float32 {
	if s.list.compact() {
		return min(s.list.width(true), total*compactShare)
	}
	return min(max(s.list.width(false), total*splitMin), total*splitMax)
}

// fitList collapses the subject list while the Subject tab is shown and expands it for the
// overview, moving the divider to match.
func (s *studyScreen) fitList() {
	s.list.setCompact(s.tabs.Selected() == s.subjectTab)
	s.fit.refit()
}

// serverLabel is the name of the server signed in to, or worked with offline.
func (s *studyScreen) serverLabel() string {
	if sess := s.w.app.Session(); sess != nil {
		return sess.Profile().Label
	}
	if p, err := s.w.app.Profile(s.w.app.CurrentForm()); err == nil {
		return p.Label
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
	s.info.show(s.w.app.CacheProblem())
	l, err := s.w.app.OpenStudy(study, loadListener(s, s.loadGen))
	if err != nil {
		s.notice.show("Cannot open the study", app.Explain(err))
		s.w.updateMenu()
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
// a failed refresh of a cached copy, cancelled, refused, or not available offline.
func (s *studyScreen) showDone(v *app.StudyView, err error) {
	var access *blaze.AccessError
	var notCached *app.NotCachedError
	switch {
	case errors.As(err, &access):
		s.strip.hide()
		s.setView(nil)
		s.top.status.SetText("No access to study " + access.Study)
		s.notice.show("No access to study "+access.Study, app.Explain(err))
		return
	case errors.As(err, &notCached):
		s.strip.hide()
		s.setView(nil)
		s.top.status.SetText("Offline · study " + notCached.Study + " is not on this computer")
		s.notice.showAction("Study "+notCached.Study+" is not available offline",
			app.Explain(err)+" Only studies opened before on this computer can be read offline.",
			"Sign in to load it", s.w.signOut)
		return
	case err != nil:
		s.strip.failed(v, err, true)
	default:
		s.strip.hide()
	}
	s.info.show(firstNonEmpty(v.CacheWarning, s.w.app.CacheProblem()))
	s.top.status.SetText(v.Status())
	s.setView(v)
	if s.pendingSubject != "" {
		if i := v.SubjectIndex(s.pendingSubject); i >= 0 {
			s.pendingSubject = ""
			s.selectSubject(i)
		}
	}
}

// setView shows v (nil: nothing) in the list, the overview and the selected subject. A view
// evaluated under other RECIST options than the current ones is re-evaluated in the
// background and swapped in.
func (s *studyScreen) setView(v *app.StudyView) {
	s.view = v
	s.list.setView(v, s.selectedID)
	s.overview.setView(v)
	defer s.w.updateMenu()
	if v == nil {
		s.selectedID = ""
		s.subject.clear()
		s.tabs.Select(s.overviewTab)
		return
	}
	if i := v.SubjectIndex(s.selectedID); s.selectedID != "" && i >= 0 {
		s.subject.show(v, v.Detail(i))
	}
	if v.Options != s.w.app.Settings.Options() {
		s.reevaluate()
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
	// The tab first: the list collapses and the subject pane gets its width before it is
	// filled, so the discrepancy banner wraps at the width it is shown at.
	s.tabs.Select(s.subjectTab)
	s.subject.show(s.view, s.view.Detail(i))
	s.w.updateMenu()
}

// showTab selects the overview or the subject tab (the View menu).
func (s *studyScreen) showTab(subject bool) {
	if subject {
		s.tabs.Select(s.subjectTab)
	} else {
		s.tabs.Select(s.overviewTab)
	}
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

func firstNonEmpty(texts ...string) string {
	for _, t := range texts {
		if t != "" {
			return t
		}
	}
	return ""
}
