package ui

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/data/auth"
	"github.com/recistview/recistview/data/blazesim"
)

// memStore is an in-memory auth.SecretStore; with noKeychain set it behaves like a system
// without a keychain.
type memStore struct {
	mu         sync.Mutex
	m          map[string]string
	noKeychain bool
}

func newMemStore() *memStore { return &memStore{m: map[string]string{}} }

func (s *memStore) Get(service, account string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.noKeychain {
		return "", fmt.Errorf("get: %w", auth.ErrNoKeychain)
	}
	v, ok := s.m[service+"|"+account]
	if !ok {
		return "", fmt.Errorf("get: %w", auth.ErrSecretNotFound)
	}
	return v, nil
}

func (s *memStore) Set(service, account, secret string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.noKeychain {
		return fmt.Errorf("set: %w", auth.ErrNoKeychain)
	}
	s.m[service+"|"+account] = secret
	return nil
}

func (s *memStore) Delete(service, account string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.noKeychain {
		return fmt.Errorf("delete: %w", auth.ErrNoKeychain)
	}
	if _, ok := s.m[service+"|"+account]; !ok {
		return fmt.Errorf("delete: %w", auth.ErrSecretNotFound)
	}
	delete(s.m, service+"|"+account)
	return nil
}

// uiQueue plays the UI thread in tests: background work posts closures, and the test
// goroutine runs them in settle, so widgets are only ever touched by the test goroutine.
type uiQueue struct {
	mu  sync.Mutex
	fns []func()
	// after, when set, runs after each closure: tests watch what the screen shows in turn.
	after func()
}

func (q *uiQueue) post(f func()) {
	q.mu.Lock()
	q.fns = append(q.fns, f)
	q.mu.Unlock()
}

// runPending runs what was posted so far; it reports whether there was anything.
func (q *uiQueue) runPending() bool {
	q.mu.Lock()
	fns := q.fns
	q.fns = nil
	q.mu.Unlock()
	for _, f := range fns {
		f()
		if q.after != nil {
			q.after()
		}
	}
	return len(fns) > 0
}

// fixture is a window on a test app with the app layer running the demo simulator.
type fixture struct {
	fa      fyne.App
	app     *app.App
	w       *Window
	secrets *memStore
	ui      *uiQueue
}

// settle waits for background jobs and the running load, and applies their results, until
// nothing more is pending.
func (f *fixture) settle() {
	for {
		f.w.bg.Wait()
		if s := f.w.study; s != nil && s.load != nil {
			s.load.Wait()
		}
		if !f.ui.runPending() {
			return
		}
	}
}

// newFixture starts the demo app and its window (sign-in screen) at the default size. Charts
// never render (their debounce outlasts the test), so nothing changes behind a test's back.
func newFixture(t testing.TB, o Options) *fixture {
	t.Helper()
	return newFixtureWith(t, o, app.Options{Demo: true})
}

// newFixtureWith is newFixture with app options (a cache, a retry policy); the keychain is
// always the in-memory one.
func newFixtureWith(t testing.TB, o Options, ao app.Options) *fixture {
	t.Helper()
	chartDebounce = time.Hour
	fa := test.NewTempApp(t)
	secrets := newMemStore()
	ao.Secrets = secrets
	a, err := app.New(context.Background(), fa.Preferences(), ao)
	if err != nil {
		t.Fatal(err)
	}
	q := &uiQueue{}
	o.post = q.post
	w := NewWindow(fa, a, o)
	t.Cleanup(func() {
		if w.study != nil && w.study.load != nil {
			w.study.load.Close()
			w.study.load.Wait()
		}
		w.bg.Wait()
		w.win.Close()
		a.Close()
	})
	w.win.Resize(DefaultSize)
	f := &fixture{fa: fa, app: a, w: w, secrets: secrets, ui: q}
	f.settle()
	return f
}

// submitSignIn presses Sign in and waits for the answer.
func (f *fixture) submitSignIn(t testing.TB) {
	t.Helper()
	test.Tap(f.w.signIn.button)
	f.settle()
}

// signIn signs in with the demo credentials and fails the test if that does not work.
func (f *fixture) signIn(t testing.TB) *studyScreen {
	t.Helper()
	f.submitSignIn(t)
	if f.w.study == nil {
		t.Fatalf("still on the sign-in screen: %q", f.w.signIn.message.Text)
	}
	return f.w.study
}

// openStudy types a study number, presses Open and waits for the load to finish.
func (f *fixture) openStudy(t testing.TB, study string) *studyScreen {
	t.Helper()
	s := f.w.study
	s.top.studyEntry.SetText("")
	test.Type(s.top.studyEntry, study)
	test.Tap(s.top.openButton)
	f.settle()
	return s
}

// cellText is what the table's UpdateCell puts in cell (row, col).
func cellText(t *testing.T, tbl *widget.Table, row, col int) *cell {
	t.Helper()
	c := tbl.CreateCell().(*cell)
	tbl.UpdateCell(widget.TableCellID{Row: row, Col: col}, c)
	return c
}

// headerOf is the header cell the table shows over column col.
func headerOf(t *testing.T, tbl *widget.Table, col int) *headerCell {
	t.Helper()
	h := tbl.CreateHeader().(*headerCell)
	tbl.UpdateHeader(widget.TableCellID{Row: -1, Col: col}, h)
	return h
}

// signInCustom signs in to sim as the demo partner with the custom profile.
func (f *fixture) signInCustom(t testing.TB, sim *blazesim.Running) *studyScreen {
	t.Helper()
	f.fillCustom(sim.BaseURL, sim.TokenURL)
	return f.signIn(t)
}

// fillCustom fills the sign-in form with the custom profile at baseURL and tokenURL and the
// demo partner's credentials.
func (f *fixture) fillCustom(baseURL, tokenURL string) {
	s := f.w.signIn
	s.profile.SetSelected("Custom server")
	s.baseURL.SetText(baseURL)
	s.tokenURL.SetText(tokenURL)
	s.clientID.SetText(blazesim.DemoClientID)
	s.partner.SetText(blazesim.DemoPartnerID)
	s.secret.SetText(blazesim.DemoClientSecret)
}

// overlayButton finds the button labelled text in the topmost overlay (a dialog).
func (f *fixture) overlayButton(t testing.TB, text string) *widget.Button {
	t.Helper()
	top := f.w.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog open to press %q in", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no %q button in the dialog", text)
	return nil
}

// menuItem finds the main menu item labelled label.
func (f *fixture) menuItem(t testing.TB, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range f.w.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
	}
	t.Fatalf("no menu item %q", label)
	return nil
}
