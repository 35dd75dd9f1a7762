package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/recistview/recistview/data/auth"
	"github.com/recistview/recistview/data/blaze"
	"github.com/recistview/recistview/data/blazesim"
	"github.com/recistview/recistview/data/cache"
	"github.com/recistview/recistview/data/fhir"
)

// App is the application's state: settings, the optional built-in demo server, the signed-in
// session and its loads. Methods that talk to the network or the keychain block; the ui layer
// calls them from goroutines. App is safe for concurrent use.
type App struct {
	root     context.Context
	cancel   context.CancelFunc
	Settings Settings
	secrets  auth.SecretStore

	mu      sync.Mutex
	demo    *blazesim.Running
	session *blaze.Session
	form    SignInForm // of the current session, without secret
	offline bool       // working from the cache without a session
	// cache keeps opened studies between runs; nil when disabled or unusable (cacheErr).
	cache    *cache.Store
	cacheErr error
	loads    map[*StudyLoad]bool
	// sessionOpts are the options of new sessions (tests set a transport or retry policy).
	sessionOpts blaze.SessionOptions
	log         *slog.Logger
}

// Options configure New.
type Options struct {
	// Demo starts the built-in simulator on loopback and pre-fills its demo credentials.
	Demo bool
	// Secrets is the keychain; nil means the OS keychain.
	Secrets auth.SecretStore
	// Session overrides session options (tests: transport, retry policy).
	Session blaze.SessionOptions
	// CachePath is the local study cache (cache.DefaultPath() in the desktop app); empty
	// disables caching.
	CachePath string
	// Logger receives debug lines: sign-ins, loads, and every request (URL, status, duration).
	// Never secrets, tokens or headers. Nil discards.
	Logger *slog.Logger
}

// New creates the app. root is the app's lifetime context: cancelling it (or Close) stops
// every load and token fetch.
func New(root context.Context, prefs Prefs, o Options) (*App, error) {
	ctx, cancel := context.WithCancel(root)
	a := &App{root: ctx, cancel: cancel, Settings: NewSettings(prefs), secrets: o.Secrets, loads: map[*StudyLoad]bool{}, sessionOpts: o.Session, log: o.Logger}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	if a.sessionOpts.Logger == nil {
		a.sessionOpts.Logger = a.log
	}
	if a.secrets == nil {
		a.secrets = auth.KeyringStore{}
	}
	if o.CachePath != "" {
		a.cache, a.cacheErr = cache.Open(o.CachePath)
	}
	if o.Demo {
		sim, err := blazesim.StartDemo()
		if err != nil {
			cancel()
			return nil, fmt.Errorf("starting the built-in demo server: %w", err)
		}
		a.demo = sim
	}
	return a, nil
}

// Close cancels everything running and stops the demo server.
func (a *App) Close() {
	a.cancel()
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.demo != nil {
		a.demo.Close()
		a.demo = nil
	}
	if a.cache != nil {
		a.cache.Close()
		a.cache = nil
	}
}

// IsDemo reports whether the built-in demo server runs.
func (a *App) IsDemo() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.demo != nil
}

// Profiles lists the server profiles to choose from; the demo profile only when the demo
// server runs.
func (a *App) Profiles() []blaze.Profile {
	var out []blaze.Profile
	for _, p := range blaze.Profiles() {
		if p.Name == blaze.ProfileDemo {
			if !a.IsDemo() {
				continue
			}
			p = a.demoProfile()
		}
		out = append(out, p)
	}
	return out
}

func (a *App) demoProfile() blaze.Profile {
	a.mu.Lock()
	defer a.mu.Unlock()
	return blaze.DemoProfile(a.demo.TokenURL, a.demo.BaseURL)
}

// InitialForm is the sign-in form to show first: with the demo server, its demo partner's
// credentials (secret included, it is public); otherwise the last used profile and ids.
func (a *App) InitialForm() SignInForm {
	if a.IsDemo() {
		return SignInForm{Profile: blaze.ProfileDemo, ClientID: blazesim.DemoClientID, PartnerID: blazesim.DemoPartnerID, Secret: blazesim.DemoClientSecret}
	}
	f := a.Settings.LastForm("")
	if f.Profile == blaze.ProfileDemo {
		f = a.Settings.LastForm(blaze.ProfileMSKStaging)
	}
	return f
}

// FormFor returns the remembered form of a profile (the demo's public credentials for demo).
func (a *App) FormFor(profile string) SignInForm {
	if profile == blaze.ProfileDemo && a.IsDemo() {
		return a.InitialForm()
	}
	return a.Settings.LastForm(profile)
}

// Profile resolves a form's profile to URLs.
func (a *App) Profile(f SignInForm) (blaze.Profile, error) {
	switch f.Profile {
	case blaze.ProfileDemo:
		if !a.IsDemo() {
			return blaze.Profile{}, errors.New("the demo server is not running (start RECIST View with -demo)")
		}
		return a.demoProfile(), nil
	case blaze.ProfileCustom:
		p, _ := blaze.ProfileByName(blaze.ProfileCustom)
		p.BaseURL, p.TokenURL = strings.TrimSpace(f.BaseURL), strings.TrimSpace(f.TokenURL)
		if p.BaseURL == "" || p.TokenURL == "" {
			return p, errors.New("a custom server needs both the FHIR base URL and the token URL")
		}
		return p, nil
	}
	return blaze.ProfileByName(f.Profile)
}

// ErrNoSecret is a sign-in attempted without a client secret.
var ErrNoSecret = errors.New("enter the client secret")

// SignInResult says how a sign-in went beyond success: whether the secret could be kept.
type SignInResult struct {
	// KeychainWarning is set when Remember was asked but no keychain is available or it
	// failed: the secret is then kept for this session only.
	KeychainWarning string
}

// SignIn checks the form with the server (a token is fetched now) and makes it the current
// session. On success the profile and ids are saved in preferences and, if asked, the secret
// in the keychain. Blocks: call it off the UI thread. ctx bounds the wait, not the session.
func (a *App) SignIn(ctx context.Context, f SignInForm) (SignInResult, error) {
	var res SignInResult
	if strings.TrimSpace(f.ClientID) == "" || strings.TrimSpace(f.PartnerID) == "" {
		return res, errors.New("enter the client id and the partner id")
	}
	if f.Secret == "" {
		return res, ErrNoSecret
	}
	p, err := a.Profile(f)
	if err != nil {
		return res, err
	}
	opts := a.sessionOpts
	opts.Concurrency = a.Settings.Concurrency()
	opts.OnRetry = a.onRetry
	a.log.Debug("signing in", "form", f, "tokenURL", p.TokenURL, "base", p.BaseURL)
	sess, err := blaze.NewSession(a.root, p, blaze.Credentials{ClientID: f.ClientID, ClientSecret: f.Secret, PartnerID: f.PartnerID}, opts)
	if err != nil {
		a.log.Debug("sign-in failed", "err", err)
		return res, err
	}
	if err := sess.SignIn(ctx); err != nil {
		a.log.Debug("sign-in failed", "err", err, "explained", Explain(err))
		return res, err
	}
	a.log.Debug("signed in", "profile", f.Profile, "partner", f.PartnerID)
	a.mu.Lock()
	old := a.session
	a.session, a.offline = sess, false
	saved := f
	saved.Secret = ""
	a.form = saved
	a.mu.Unlock()
	if old != nil {
		a.cancelLoads()
	}
	a.Settings.SaveForm(saved)
	if f.Profile != blaze.ProfileDemo {
		res.KeychainWarning = a.keepSecret(f)
	}
	return res, nil
}

// keepSecret stores or forgets the secret according to f.Remember; it returns a warning for
// the user when the keychain cannot be used.
func (a *App) keepSecret(f SignInForm) string {
	account := auth.AccountKey(f.Profile, strings.TrimSpace(f.ClientID), strings.TrimSpace(f.PartnerID))
	if !f.Remember {
		err := a.secrets.Delete(auth.KeychainService, account)
		if err != nil && !errors.Is(err, auth.ErrSecretNotFound) && !errors.Is(err, auth.ErrNoKeychain) {
			return "The secret could not be removed from the system keychain."
		}
		return ""
	}
	err := a.secrets.Set(auth.KeychainService, account, f.Secret)
	switch {
	case err == nil:
		return ""
	case errors.Is(err, auth.ErrNoKeychain):
		return "No system keychain is available, so the secret is kept for this session only; you will be asked for it next time."
	default:
		return "The system keychain did not store the secret, so it is kept for this session only."
	}
}

// StoredSecret reads the remembered secret for a form from the keychain. It may block on an
// unlock prompt: call it off the UI thread. "" with a nil error means none is stored.
func (a *App) StoredSecret(f SignInForm) (string, error) {
	if f.Profile == blaze.ProfileDemo {
		return "", nil
	}
	s, err := a.secrets.Get(auth.KeychainService, auth.AccountKey(f.Profile, strings.TrimSpace(f.ClientID), strings.TrimSpace(f.PartnerID)))
	if errors.Is(err, auth.ErrSecretNotFound) {
		return "", nil
	}
	return s, err
}

// SignOut ends the session (or offline work) and cancels its loads. With forget — "Sign out
// and forget all data" — every cached study, the stored secret and the recent studies of the
// profile are removed too. Blocks on the keychain and the cache: call it off the UI thread.
func (a *App) SignOut(forget bool) error {
	a.cancelLoads()
	a.mu.Lock()
	f := a.form
	a.session, a.offline = nil, false
	a.form = SignInForm{}
	store := a.cache
	a.mu.Unlock()
	if !forget {
		return nil
	}
	var err error
	if store != nil {
		err = store.ForgetAll(context.Background())
	}
	if f.Profile != "" {
		_ = a.secrets.Delete(auth.KeychainService, auth.AccountKey(f.Profile, f.ClientID, f.PartnerID))
		for _, s := range a.Settings.RecentStudies(f.Profile) {
			a.Settings.ForgetRecentStudy(f.Profile, s)
		}
	}
	return err
}

// WorkOffline opens the app on the cached studies of a profile and partner without signing in,
// for when the server cannot be reached. Studies open from the cache only.
func (a *App) WorkOffline(f SignInForm) error {
	if a.cacheStore() == nil {
		return errors.New("there is no local copy of any study to work with offline")
	}
	if _, err := a.Profile(f); err != nil {
		return err
	}
	if strings.TrimSpace(f.PartnerID) == "" {
		return errors.New("enter the partner id: cached studies are kept per partner")
	}
	a.cancelLoads()
	f.Secret = ""
	a.mu.Lock()
	a.session, a.offline, a.form = nil, true, f
	a.mu.Unlock()
	return nil
}

// Offline reports whether the app works from the cache without a session.
func (a *App) Offline() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.offline
}

// CacheProblem says why the local cache is not in use, or "" when it is (or is disabled).
func (a *App) CacheProblem() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cacheErr == nil {
		return ""
	}
	return "Studies are not kept for offline use: " + a.cacheErr.Error()
}

func (a *App) cacheStore() *cache.Store {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.cache
}

// ForgetStudy removes a study's cached copy and its place in the recent list. Blocks on the
// cache: call it off the UI thread.
func (a *App) ForgetStudy(study string) error {
	f := a.CurrentForm()
	a.Settings.ForgetRecentStudy(f.Profile, study)
	store := a.cacheStore()
	if store == nil {
		return nil
	}
	p, err := a.Profile(f)
	if err != nil {
		return err
	}
	return store.Forget(context.Background(), blaze.CacheKey(p, f.PartnerID, study))
}

// Session returns the current session, or nil when signed out.
func (a *App) Session() *blaze.Session {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.session
}

// CurrentForm returns the signed-in form (without secret).
func (a *App) CurrentForm() SignInForm {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.form
}

// onRetry forwards a retry to the running loads (shown as "server busy, retrying in 2 s").
func (a *App) onRetry(ev fhir.RetryEvent) {
	for _, l := range a.openLoads() {
		l.noteRetry(ev)
	}
}

func (a *App) cancelLoads() {
	for _, l := range a.openLoads() {
		l.Cancel()
	}
}

// openLoads copies the set of open loads, to act on them without holding the lock.
func (a *App) openLoads() []*StudyLoad {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Collect(maps.Keys(a.loads))
}

// StudySuggestion is a study the start screen offers to open.
type StudySuggestion struct {
	Study string
	// Note says what it is ("12 subjects", "opened recently").
	Note string
}

// demoStudies are the built-in simulator's studies, for the start screen.
var demoStudies = []StudySuggestion{
	{blazesim.DemoStudy, "12 subjects, some reported responses deliberately wrong"},
	{blazesim.LargeStudy, "500 subjects"},
	{blazesim.FixtureStudy, "MSK's published example payloads"},
	{blazesim.EmptyStudy, "subjects enrolled, no assessments yet"},
	{blazesim.DeniedStudy, "the demo partner may not read it"},
}

// SuggestedStudies lists what to open first: the demo server's studies in demo mode, then the
// studies recently opened with the current profile.
func (a *App) SuggestedStudies() []StudySuggestion {
	var out []StudySuggestion
	f := a.CurrentForm()
	if f.Profile == blaze.ProfileDemo && a.IsDemo() {
		out = append(out, demoStudies...)
	}
	for _, s := range a.Settings.RecentStudies(f.Profile) {
		known := false
		for _, d := range out {
			known = known || blaze.SameStudy(d.Study, s)
		}
		if !known {
			out = append(out, StudySuggestion{Study: s, Note: "opened recently"})
		}
	}
	return out
}
