package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/recistview/recistview/data/auth"
	"github.com/recistview/recistview/data/blaze"
	"github.com/recistview/recistview/data/blazesim"
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
	loads   map[*StudyLoad]bool
	// sessionOpts are the options of new sessions (tests set a transport or retry policy).
	sessionOpts blaze.SessionOptions
}

// Options configure New.
type Options struct {
	// Demo starts the built-in simulator on loopback and pre-fills its demo credentials.
	Demo bool
	// Secrets is the keychain; nil means the OS keychain.
	Secrets auth.SecretStore
	// Session overrides session options (tests: transport, retry policy).
	Session blaze.SessionOptions
}

// New creates the app. root is the app's lifetime context: cancelling it (or Close) stops
// every load and token fetch.
func New(root context.Context, prefs Prefs, o Options) (*App, error) {
	ctx, cancel := context.WithCancel(root)
	a := &App{root: ctx, cancel: cancel, Settings: NewSettings(prefs), secrets: o.Secrets, loads: map[*StudyLoad]bool{}, sessionOpts: o.Session}
	if a.secrets == nil {
		a.secrets = auth.KeyringStore{}
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
	sess, err := blaze.NewSession(a.root, p, blaze.Credentials{ClientID: f.ClientID, ClientSecret: f.Secret, PartnerID: f.PartnerID}, opts)
	if err != nil {
		return res, err
	}
	if err := sess.SignIn(ctx); err != nil {
		return res, err
	}
	a.mu.Lock()
	old := a.session
	a.session = sess
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

// SignOut ends the session and cancels its loads. With forget, the stored secret and the
// recent studies of the profile are removed too.
func (a *App) SignOut(forget bool) {
	a.cancelLoads()
	a.mu.Lock()
	f := a.form
	a.session = nil
	a.form = SignInForm{}
	a.mu.Unlock()
	if forget && f.Profile != "" {
		_ = a.secrets.Delete(auth.KeychainService, auth.AccountKey(f.Profile, f.ClientID, f.PartnerID))
		for _, s := range a.Settings.RecentStudies(f.Profile) {
			a.Settings.ForgetRecentStudy(f.Profile, s)
		}
	}
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
	a.mu.Lock()
	loads := make([]*StudyLoad, 0, len(a.loads))
	for l := range a.loads {
		loads = append(loads, l)
	}
	a.mu.Unlock()
	for _, l := range loads {
		l.noteRetry(ev)
	}
}

func (a *App) cancelLoads() {
	a.mu.Lock()
	loads := make([]*StudyLoad, 0, len(a.loads))
	for l := range a.loads {
		loads = append(loads, l)
	}
	a.mu.Unlock()
	for _, l := range loads {
		l.Cancel()
	}
}
