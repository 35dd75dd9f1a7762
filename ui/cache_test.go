package ui

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/data/blaze"
	"github.com/recistview/recistview/data/blazesim"
	"github.com/recistview/recistview/data/fhir"
)

// cachePath is a fresh study cache for one test.
func cachePath(t *testing.T) string { return filepath.Join(t.TempDir(), "studies.db") }

// watchStatus records each new status line the study screen shows as the UI queue runs.
func watchStatus(f *fixture) *[]string {
	var seen []string
	f.ui.after = func() {
		if s := f.w.study; s != nil {
			if text := s.top.status.Text; len(seen) == 0 || seen[len(seen)-1] != text {
				seen = append(seen, text)
			}
		}
	}
	return &seen
}

func TestCachedReopenShowsCachedCopyThenRefreshed(t *testing.T) {
	f := newFixtureWith(t, Options{}, app.Options{Demo: true, CachePath: cachePath(t)})
	f.signIn(t)
	s := f.openStudy(t, blazesim.DemoStudy)
	if s.view == nil || !s.view.Complete || s.view.Cached {
		t.Fatalf("first open: %q", s.top.status.Text)
	}
	seen := watchStatus(f)
	cachedRows := -1
	after := f.ui.after
	f.ui.after = func() {
		after()
		if s.view != nil && s.view.Cached && cachedRows < 0 {
			cachedRows = len(s.list.order)
		}
	}
	f.openStudy(t, blazesim.DemoStudy)

	first := slices.IndexFunc(*seen, func(text string) bool { return strings.HasPrefix(text, "Cached copy from ") })
	if first < 0 || !strings.Contains((*seen)[first], "refreshing") {
		t.Fatalf("no cached copy shown while refreshing; statuses %q", *seen)
	}
	if cachedRows != 12 {
		t.Errorf("the cached copy showed %d subjects", cachedRows)
	}
	last := (*seen)[len(*seen)-1]
	if first == len(*seen)-1 || s.view.Cached || !s.view.Complete || last != s.view.Status() || !strings.Contains(last, "fetched") {
		t.Errorf("the refresh did not replace the cached copy: %q", *seen)
	}
	if s.strip.content.Visible() {
		t.Error("progress strip stays after the refresh")
	}
}

func TestFailedRefreshKeepsCachedCopyWithRetry(t *testing.T) {
	sim, err := blazesim.Start(blazesim.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	f := newFixtureWith(t, Options{}, app.Options{CachePath: cachePath(t),
		Session: blaze.SessionOptions{Retry: &fhir.RetryPolicy{MaxAttempts: 1}}})
	f.signInCustom(t, sim)
	f.openStudy(t, blazesim.DemoStudy)
	sim.Close() // the server goes away; the session keeps its token
	s := f.openStudy(t, blazesim.DemoStudy)
	if s.view == nil || !s.view.Cached || !s.view.RefreshFailed || len(s.list.order) != 12 {
		t.Fatalf("after a failed refresh: %q", s.top.status.Text)
	}
	if !strings.Contains(s.top.status.Text, "refresh did not complete") {
		t.Errorf("status %q", s.top.status.Text)
	}
	if msg := s.strip.message.Text; !strings.HasPrefix(msg, "The refresh did not complete: ") || !strings.Contains(msg, "kept on this computer") || !s.strip.retry.Visible() {
		t.Errorf("strip %q (retry %v)", msg, s.strip.retry.Visible())
	}
}

func TestWorkOfflineAfterUnreachableSignIn(t *testing.T) {
	sim, err := blazesim.Start(blazesim.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	f := newFixtureWith(t, Options{}, app.Options{CachePath: cachePath(t)})
	s := f.signInCustom(t, sim)
	f.openStudy(t, blazesim.DemoStudy)
	if s.top.offline.Visible() {
		t.Error("online, the top bar says offline")
	}
	test.Tap(s.top.signOut)
	f.settle()

	sim.Close() // the server cannot be reached any more
	f.fillCustom(sim.BaseURL, sim.TokenURL)
	if f.w.signIn.offline.Visible() {
		t.Fatal("Work offline offered before any failure")
	}
	f.submitSignIn(t)
	si := f.w.signIn
	if f.w.study != nil || si == nil || !si.offline.Visible() {
		t.Fatalf("unreachable server: no offer to work offline (%q)", si.message.Text)
	}
	test.Tap(si.offline)
	f.settle()
	s = f.w.study
	if s == nil || !f.app.Offline() {
		t.Fatalf("Work offline did not open the study screen: %q", si.message.Text)
	}
	if !s.top.offline.Visible() || s.top.offline.Text != "Offline · cached studies only" || !strings.Contains(f.w.win.Title(), "Offline") {
		t.Errorf("top bar %q (shown %v), title %q", s.top.offline.Text, s.top.offline.Visible(), f.w.win.Title())
	}
	f.openStudy(t, blazesim.DemoStudy)
	if s.view == nil || !s.view.Cached || len(s.list.order) != 12 || !strings.HasPrefix(s.top.status.Text, "Cached copy from ") {
		t.Fatalf("offline open: %q", s.top.status.Text)
	}
	if s.notice.content.Visible() || s.strip.content.Visible() {
		t.Error("offline open of a cached study shows a notice or the progress strip")
	}

	// A study never opened on this computer is explained in place, with a way to sign in.
	f.openStudy(t, blazesim.FixtureStudy)
	if !s.notice.content.Visible() || !strings.Contains(s.notice.title.Text, "not available offline") ||
		!strings.Contains(s.notice.text.Text, blazesim.FixtureStudy) || !s.notice.action.Visible() {
		t.Fatalf("not cached: notice %q / %q", s.notice.title.Text, s.notice.text.Text)
	}
	test.Tap(s.notice.action)
	f.settle()
	if f.w.signIn == nil || f.app.Offline() {
		t.Error("the notice's button did not go back to signing in")
	}
}

func TestForgetThisStudy(t *testing.T) {
	f := newFixtureWith(t, Options{}, app.Options{Demo: true, CachePath: cachePath(t)})
	f.signIn(t)
	s := f.openStudy(t, blazesim.DemoStudy)
	item := f.menuItem(t, "Forget this study")
	if item.Disabled {
		t.Fatal("Forget this study is disabled with a study open")
	}
	item.Action()
	test.Tap(f.overlayButton(t, "Forget"))
	f.settle()
	if s.view != nil || s.load != nil || len(s.list.order) != 0 {
		t.Error("the forgotten study is still shown")
	}
	if !strings.Contains(s.top.status.Text, "removed from this computer") {
		t.Errorf("status %q", s.top.status.Text)
	}
	if slices.Contains(f.app.Settings.RecentStudies(blaze.ProfileDemo), blazesim.DemoStudy) || slices.Contains(s.top.recent, blazesim.DemoStudy) {
		t.Error("the study stays in the recent list")
	}
	if !f.menuItem(t, "Forget this study").Disabled {
		t.Error("Forget this study stays enabled with nothing open")
	}
	// The cache no longer holds it: offline, it cannot be opened.
	if err := f.app.WorkOffline(f.app.CurrentForm()); err != nil {
		t.Fatal(err)
	}
	f.openStudy(t, blazesim.DemoStudy)
	if !s.notice.content.Visible() || !strings.Contains(s.notice.title.Text, "not available offline") {
		t.Errorf("the forgotten study still opens offline: %q", s.top.status.Text)
	}
}

func TestSignOutAndForgetAllData(t *testing.T) {
	f := newFixtureWith(t, Options{}, app.Options{Demo: true, CachePath: cachePath(t)})
	f.signIn(t)
	f.openStudy(t, blazesim.DemoStudy)
	form := f.app.CurrentForm()
	f.menuItem(t, "Sign out and forget all data").Action()
	test.Tap(f.overlayButton(t, "Sign out and forget"))
	f.settle()
	if f.w.signIn == nil || f.w.study != nil || f.app.Session() != nil {
		t.Fatal("still signed in")
	}
	if got := f.app.Settings.RecentStudies(blaze.ProfileDemo); len(got) != 0 {
		t.Errorf("recent studies %v", got)
	}
	if err := f.app.WorkOffline(form); err != nil {
		t.Fatal(err)
	}
	f.w.showStudyScreen(app.SignInResult{})
	s := f.openStudy(t, blazesim.DemoStudy)
	if !s.notice.content.Visible() {
		t.Errorf("the cached study survived: %q", s.top.status.Text)
	}
}

func TestCacheProblemIsShown(t *testing.T) {
	// A directory where the cache file should be: the cache cannot be used.
	f := newFixtureWith(t, Options{}, app.Options{Demo: true, CachePath: t.TempDir()})
	s := f.signIn(t)
	want := f.app.CacheProblem()
	if want == "" {
		t.Fatal("no cache problem with a directory as the cache file")
	}
	if !s.info.content.Visible() || s.info.text.Text != want {
		t.Errorf("info bar %q (shown %v), want %q", s.info.text.Text, s.info.content.Visible(), want)
	}
	f.openStudy(t, blazesim.DemoStudy)
	if s.view == nil || !s.view.Complete || !s.info.content.Visible() {
		t.Errorf("without a cache the study still loads, with the notice: %q", s.top.status.Text)
	}
}
