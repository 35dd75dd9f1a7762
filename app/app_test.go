package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/recistview/recistview/data/auth"
	"github.com/recistview/recistview/data/blaze"
	"github.com/recistview/recistview/data/blazesim"
	"github.com/recistview/recistview/data/recist"
	"github.com/zalando/go-keyring"
)

// memPrefs is an in-memory Prefs that also lets a test read everything stored.
type memPrefs struct {
	mu sync.Mutex
	m  map[string]any
}

func newMemPrefs() *memPrefs { return &memPrefs{m: map[string]any{}} }

func (p *memPrefs) get(k string) (any, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	v, ok := p.m[k]
	return v, ok
}
func (p *memPrefs) set(k string, v any)      { p.mu.Lock(); defer p.mu.Unlock(); p.m[k] = v }
func (p *memPrefs) String(k string) string   { v, _ := p.get(k); s, _ := v.(string); return s }
func (p *memPrefs) SetString(k, v string)    { p.set(k, v) }
func (p *memPrefs) Bool(k string) bool       { return p.BoolWithFallback(k, false) }
func (p *memPrefs) SetBool(k string, v bool) { p.set(k, v) }
func (p *memPrefs) SetInt(k string, v int)   { p.set(k, v) }
func (p *memPrefs) BoolWithFallback(k string, fb bool) bool {
	if v, ok := p.get(k); ok {
		return v.(bool)
	}
	return fb
}
func (p *memPrefs) IntWithFallback(k string, fb int) int {
	if v, ok := p.get(k); ok {
		return v.(int)
	}
	return fb
}
func (p *memPrefs) StringList(k string) []string       { v, _ := p.get(k); s, _ := v.([]string); return s }
func (p *memPrefs) SetStringList(k string, v []string) { p.set(k, v) }
func (p *memPrefs) dump() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return fmt.Sprint(p.m)
}

func newDemoApp(t *testing.T, prefs Prefs) *App {
	t.Helper()
	keyring.MockInit()
	a, err := New(context.Background(), prefs, Options{Demo: true, Secrets: auth.KeyringStore{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	return a
}

// recorder collects a load's events and checks they arrive in order.
type recorder struct {
	mu        sync.Mutex
	progress  int
	snapshots []*StudyView
	done      chan struct{}
	view      *StudyView
	err       error
	afterDone bool
}

func newRecorder() *recorder { return &recorder{done: make(chan struct{})} }

func (r *recorder) listener() Listener {
	return Listener{
		Progress: func(LoadProgress) { r.mu.Lock(); r.progress++; r.checkOpen(); r.mu.Unlock() },
		Snapshot: func(v *StudyView) { r.mu.Lock(); r.snapshots = append(r.snapshots, v); r.checkOpen(); r.mu.Unlock() },
		Done: func(v *StudyView, err error) {
			r.mu.Lock()
			r.view, r.err = v, err
			r.checkOpen()
			r.mu.Unlock()
			close(r.done)
		},
	}
}

func (r *recorder) checkOpen() {
	select {
	case <-r.done:
		r.afterDone = true
	default:
	}
}

func signInDemo(t *testing.T, a *App) {
	t.Helper()
	if _, err := a.SignIn(context.Background(), a.InitialForm()); err != nil {
		t.Fatal(err)
	}
}

func TestOpenDemoStudy(t *testing.T) {
	a := newDemoApp(t, newMemPrefs())
	signInDemo(t, a)
	r := newRecorder()
	l, err := a.OpenStudy(blazesim.DemoStudy, r.listener())
	if err != nil {
		t.Fatal(err)
	}
	<-r.done
	l.Wait()
	if r.err != nil || !r.view.Complete || r.view.Loading {
		t.Fatalf("err=%v complete=%v", r.err, r.view.Complete)
	}
	if r.afterDone {
		t.Error("an event arrived after Done")
	}
	v := r.view
	if len(v.Rows) != len(v.Study.Subjects) || len(v.Rows) < 10 || v.Summary.Subjects != len(v.Rows) {
		t.Fatalf("rows %d subjects %d", len(v.Rows), len(v.Study.Subjects))
	}
	mismatches := v.Select(Query{OnlyMismatches: true})
	if len(mismatches) == 0 {
		t.Fatal("no subject flagged: the demo reports some conclusions wrong")
	}
	d := v.Detail(mismatches[0])
	if len(d.Discrepancies) == 0 || len(d.Footer) != 5 || len(d.Timeline) != len(d.Subject.Assessments) {
		t.Fatalf("detail: %d discrepancies, %d footer rows", len(d.Discrepancies), len(d.Footer))
	}
	if got := a.Settings.RecentStudies(blaze.ProfileDemo); len(got) != 1 || got[0] != blazesim.DemoStudy {
		t.Errorf("recent = %v", got)
	}
}

func TestSignInWrongSecretKeepsNothing(t *testing.T) {
	prefs := newMemPrefs()
	a := newDemoApp(t, prefs)
	f := a.InitialForm()
	f.Secret = "definitely-wrong-7a7a"
	_, err := a.SignIn(context.Background(), f)
	if !errors.Is(err, auth.ErrRejected) {
		t.Fatalf("err = %v", err)
	}
	msg := Explain(err)
	if !strings.Contains(msg, "rejected these credentials") || strings.Contains(msg, f.Secret) {
		t.Errorf("message %q", msg)
	}
	if a.Session() != nil {
		t.Error("a rejected sign-in became the session")
	}
}

func TestSecretNeverInPreferences(t *testing.T) {
	prefs := newMemPrefs()
	sim, err := blazesim.StartDemo()
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	keyring.MockInit()
	a, err := New(context.Background(), prefs, Options{Secrets: auth.KeyringStore{}})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	f := SignInForm{Profile: blaze.ProfileCustom, BaseURL: sim.BaseURL, TokenURL: sim.TokenURL,
		ClientID: blazesim.DemoClientID, PartnerID: blazesim.DemoPartnerID, Secret: blazesim.DemoClientSecret, Remember: true}
	res, err := a.SignIn(context.Background(), f)
	if err != nil || res.KeychainWarning != "" {
		t.Fatalf("err=%v warning=%q", err, res.KeychainWarning)
	}
	if strings.Contains(prefs.dump(), blazesim.DemoClientSecret) {
		t.Fatal("the secret reached the preferences")
	}
	if got := a.Settings.LastForm(""); got.Profile != blaze.ProfileCustom || got.BaseURL != sim.BaseURL || got.ClientID != blazesim.DemoClientID || got.Secret != "" {
		t.Errorf("last form = %#v", got)
	}
	stored, err := a.StoredSecret(a.Settings.LastForm(""))
	if err != nil || stored != blazesim.DemoClientSecret {
		t.Errorf("keychain secret found=%v, err=%v", stored != "", err)
	}
	// Unticking Remember removes it.
	f.Remember = false
	if _, err := a.SignIn(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	if s, _ := a.StoredSecret(a.Settings.LastForm("")); s != "" {
		t.Error("the secret stayed in the keychain")
	}
}

func TestNoKeychainWarns(t *testing.T) {
	sim, err := blazesim.StartDemo()
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	a, err := New(context.Background(), newMemPrefs(), Options{Secrets: noKeychain{}})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	res, err := a.SignIn(context.Background(), SignInForm{Profile: blaze.ProfileCustom, BaseURL: sim.BaseURL, TokenURL: sim.TokenURL,
		ClientID: blazesim.DemoClientID, PartnerID: blazesim.DemoPartnerID, Secret: blazesim.DemoClientSecret, Remember: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.KeychainWarning, "this session only") {
		t.Errorf("warning = %q", res.KeychainWarning)
	}
}

type noKeychain struct{}

func (noKeychain) Get(string, string) (string, error) { return "", auth.ErrNoKeychain }
func (noKeychain) Set(string, string, string) error   { return auth.ErrNoKeychain }
func (noKeychain) Delete(string, string) error        { return auth.ErrNoKeychain }

func TestDeniedStudyExplained(t *testing.T) {
	a := newDemoApp(t, newMemPrefs())
	signInDemo(t, a)
	r := newRecorder()
	if _, err := a.OpenStudy(blazesim.DeniedStudy, r.listener()); err != nil {
		t.Fatal(err)
	}
	<-r.done
	var ae *blaze.AccessError
	if !errors.As(r.err, &ae) {
		t.Fatalf("err = %v", r.err)
	}
	msg := Explain(r.err)
	if !strings.Contains(msg, blazesim.DeniedStudy) || !strings.Contains(msg, blazesim.DemoPartnerID) {
		t.Errorf("message %q", msg)
	}
}

func TestCancelThenRetryResumes(t *testing.T) {
	sim, err := blazesim.Start(func() blazesim.Config {
		c := blazesim.DefaultConfig()
		c.Latency = 5 * time.Millisecond
		return c
	}())
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	a, err := New(context.Background(), newMemPrefs(), Options{Secrets: noKeychain{}})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.SignIn(context.Background(), SignInForm{Profile: blaze.ProfileCustom, BaseURL: sim.BaseURL, TokenURL: sim.TokenURL,
		ClientID: blazesim.DemoClientID, PartnerID: blazesim.DemoPartnerID, Secret: blazesim.DemoClientSecret}); err != nil {
		t.Fatal(err)
	}
	r := newRecorder()
	l, err := a.OpenStudy(blazesim.LargeStudy, r.listener())
	if err != nil {
		t.Fatal(err)
	}
	l.Cancel()
	<-r.done
	if !errors.Is(r.err, context.Canceled) || r.view.Complete {
		t.Fatalf("after cancel: err=%v complete=%v", r.err, r.view.Complete)
	}
	if Explain(r.err) != "Loading was cancelled." {
		t.Errorf("explain = %q", Explain(r.err))
	}
	before := sim.Server.Stats().Total
	r2 := newRecorder()
	l.listener = r2.listener()
	l.Retry()
	<-r2.done
	if r2.err != nil || !r2.view.Complete || len(r2.view.Rows) != 500 {
		t.Fatalf("after retry: err=%v complete=%v rows=%d", r2.err, r2.view.Complete, len(r2.view.Rows))
	}
	if sim.Server.Stats().Total <= before {
		t.Error("retry made no requests")
	}
}

func TestSubjectRowsAndQuery(t *testing.T) {
	st := &recist.Study{ID: "S", Subjects: []*recist.Subject{
		{ID: "10", Sex: "female", BirthYear: 1970},
		{ID: "9", Sex: "male", BirthYear: 1960},
	}}
	v := NewStudyView(st, recist.DefaultOptions(), ViewMeta{Complete: true})
	if got := v.Select(Query{Sort: ColSubject}); got[0] != 1 {
		t.Errorf("numeric id order: %v", got)
	}
	if got := v.Select(Query{Sort: ColBirthYear, Descending: true}); got[0] != 0 {
		t.Errorf("birth year desc: %v", got)
	}
	if got := v.Select(Query{Text: "MALE"}); len(got) != 2 {
		t.Errorf("text filter is case-insensitive and matches both: %v", got)
	}
	if got := v.Select(Query{Text: "female"}); len(got) != 1 || got[0] != 0 {
		t.Errorf("female: %v", got)
	}
	if v.Cell(0, ColSex) != "F" || v.Cell(1, ColBirthYear) != "1960" || v.Cell(0, ColAssessments) != "0" {
		t.Errorf("cells %q %q %q", v.Cell(0, ColSex), v.Cell(1, ColBirthYear), v.Cell(0, ColAssessments))
	}
	if !strings.Contains(v.Status(), "no assessments yet") {
		t.Errorf("status = %q", v.Status())
	}
}

func TestCachedStudyShownAtOnceThenRefreshed(t *testing.T) {
	path := t.TempDir() + "/studies.db"
	keyring.MockInit()
	a, err := New(context.Background(), newMemPrefs(), Options{Demo: true, Secrets: auth.KeyringStore{}, CachePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	signInDemo(t, a)
	first := newRecorder()
	if _, err := a.OpenStudy(blazesim.DemoStudy, first.listener()); err != nil {
		t.Fatal(err)
	}
	<-first.done
	if first.err != nil || first.view.Cached || first.view.CacheWarning != "" {
		t.Fatalf("first open: err=%v cached=%v warning=%q", first.err, first.view.Cached, first.view.CacheWarning)
	}
	for _, v := range first.snapshots {
		if v.Cached {
			t.Fatal("a cached copy appeared before anything was cached")
		}
	}

	second := newRecorder()
	if _, err := a.OpenStudy(blazesim.DemoStudy, second.listener()); err != nil {
		t.Fatal(err)
	}
	<-second.done
	if len(second.snapshots) == 0 || !second.snapshots[0].Cached || !second.snapshots[0].Refreshing {
		t.Fatalf("reopen did not show the cached copy first: %d snapshots", len(second.snapshots))
	}
	for _, v := range second.snapshots[1:] {
		if !v.Cached {
			t.Error("a partial live snapshot replaced the complete cached copy")
		}
	}
	cached := second.snapshots[0]
	if len(cached.Rows) != len(first.view.Rows) || cached.FetchedAt.Sub(first.view.FetchedAt).Abs() > time.Second {
		t.Errorf("cached copy: %d rows fetched %v; live: %d rows fetched %v", len(cached.Rows), cached.FetchedAt, len(first.view.Rows), first.view.FetchedAt)
	}
	if !strings.HasPrefix(cached.Status(), "Cached copy from ") {
		t.Errorf("status = %q", cached.Status())
	}
	if second.err != nil || second.view.Cached || !second.view.Complete {
		t.Errorf("refresh: err=%v cached=%v complete=%v", second.err, second.view.Cached, second.view.Complete)
	}

	// Offline (the server gone): the cached copy is all there is, and it is enough.
	form := a.CurrentForm()
	if err := a.WorkOffline(form); err != nil {
		t.Fatal(err)
	}
	off := newRecorder()
	if _, err := a.OpenStudy(blazesim.DemoStudy, off.listener()); err != nil {
		t.Fatal(err)
	}
	<-off.done
	if off.err != nil || !off.view.Cached || len(off.view.Rows) != len(first.view.Rows) {
		t.Fatalf("offline: err=%v cached=%v rows=%d", off.err, off.view.Cached, len(off.view.Rows))
	}
	missing := newRecorder()
	if _, err := a.OpenStudy(blazesim.FixtureStudy, missing.listener()); err != nil {
		t.Fatal(err)
	}
	<-missing.done
	var nc *NotCachedError
	if !errors.As(missing.err, &nc) {
		t.Fatalf("offline uncached: err=%v", missing.err)
	}

	// Forget this study, then sign out and forget all data.
	if err := a.ForgetStudy(blazesim.DemoStudy); err != nil {
		t.Fatal(err)
	}
	gone := newRecorder()
	a.OpenStudy(blazesim.DemoStudy, gone.listener())
	<-gone.done
	if !errors.As(gone.err, &nc) {
		t.Errorf("after Forget: err=%v", gone.err)
	}
	if err := a.SignOut(true); err != nil {
		t.Fatal(err)
	}
}

func TestFailedRefreshKeepsCachedCopy(t *testing.T) {
	path := t.TempDir() + "/studies.db"
	sim, err := blazesim.StartDemo()
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	a, err := New(context.Background(), newMemPrefs(), Options{Secrets: noKeychain{}, CachePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	form := SignInForm{Profile: blaze.ProfileCustom, BaseURL: sim.BaseURL, TokenURL: sim.TokenURL,
		ClientID: blazesim.DemoClientID, PartnerID: blazesim.DemoPartnerID, Secret: blazesim.DemoClientSecret}
	if _, err := a.SignIn(context.Background(), form); err != nil {
		t.Fatal(err)
	}
	first := newRecorder()
	a.OpenStudy(blazesim.DemoStudy, first.listener())
	<-first.done
	if first.err != nil {
		t.Fatal(first.err)
	}
	sim.Server.RevokeTokens()
	sim.Close() // the server goes away: the refresh cannot complete
	second := newRecorder()
	a.OpenStudy(blazesim.DemoStudy, second.listener())
	<-second.done
	if second.err == nil || !second.view.Cached || !second.view.RefreshFailed || len(second.view.Rows) != len(first.view.Rows) {
		t.Fatalf("err=%v cached=%v refreshFailed=%v rows=%d", second.err, second.view.Cached, second.view.RefreshFailed, len(second.view.Rows))
	}
	if !strings.Contains(second.view.Status(), "refresh did not complete") {
		t.Errorf("status = %q", second.view.Status())
	}
}
