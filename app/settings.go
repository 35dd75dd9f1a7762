// Package app is RECIST View's application layer: what the user has configured, the signed-in
// session, study loads running in the background, and the prepared views the screens show. It
// holds no widgets and never imports Fyne; the ui package turns its results into widgets, on
// the UI thread.
package app

import (
	"log/slog"
	"slices"
	"strings"

	"github.com/recistview/recistview/data/blaze"
	"github.com/recistview/recistview/data/fhir"
	"github.com/recistview/recistview/data/recist"
)

// Prefs is the subset of fyne.Preferences the app uses, so the app layer needs no Fyne import
// and tests can use a map. Secrets are never stored here.
type Prefs interface {
	String(key string) string
	SetString(key, value string)
	Bool(key string) bool
	BoolWithFallback(key string, fallback bool) bool
	SetBool(key string, value bool)
	IntWithFallback(key string, fallback int) int
	SetInt(key string, value int)
	StringList(key string) []string
	SetStringList(key string, value []string)
}

// Preference keys.
const (
	prefLastProfile  = "lastProfile"
	prefConfirm      = "recist.confirm"
	prefConfirmDays  = "recist.confirmDays"
	prefSDMinDays    = "recist.sdMinDays"
	prefConcurrency  = "net.concurrency"
	maxRecentStudies = 10
)

func prefKey(profile, field string) string { return "profile." + profile + "." + field }

// SignInForm is what the sign-in screen collects. The secret is used for signing in and, when
// Remember is set, stored in the system keychain; it is never written to preferences.
type SignInForm struct {
	Profile   string // a blaze profile name
	BaseURL   string // custom profile only
	TokenURL  string // custom profile only
	ClientID  string
	PartnerID string
	Secret    string
	Remember  bool
}

// String hides the secret.
func (f SignInForm) String() string {
	return "sign-in " + f.Profile + " client " + f.ClientID + " partner " + f.PartnerID
}

// GoString hides the secret from %#v.
func (f SignInForm) GoString() string { return f.String() }

// LogValue hides the secret from structured logs.
func (f SignInForm) LogValue() slog.Value {
	return slog.GroupValue(slog.String("profile", f.Profile), slog.String("clientID", f.ClientID),
		slog.String("partnerID", f.PartnerID), slog.Bool("secretGiven", f.Secret != ""), slog.Bool("remember", f.Remember))
}

// Settings reads and writes the user's choices in Prefs.
type Settings struct{ p Prefs }

// NewSettings wraps prefs.
func NewSettings(p Prefs) Settings { return Settings{p: p} }

// LastForm returns the last used sign-in form (without the secret) for the last used profile,
// or for profile when it is not empty.
func (s Settings) LastForm(profile string) SignInForm {
	if profile == "" {
		profile = s.p.String(prefLastProfile)
	}
	if profile == "" {
		profile = blaze.ProfileMSKStaging
	}
	return SignInForm{
		Profile:   profile,
		BaseURL:   s.p.String(prefKey(profile, "baseURL")),
		TokenURL:  s.p.String(prefKey(profile, "tokenURL")),
		ClientID:  s.p.String(prefKey(profile, "clientID")),
		PartnerID: s.p.String(prefKey(profile, "partnerID")),
		Remember:  s.p.BoolWithFallback(prefKey(profile, "remember"), true),
	}
}

// SaveForm remembers a successful sign-in's profile and ids — never the secret.
func (s Settings) SaveForm(f SignInForm) {
	s.p.SetString(prefLastProfile, f.Profile)
	s.p.SetString(prefKey(f.Profile, "clientID"), strings.TrimSpace(f.ClientID))
	s.p.SetString(prefKey(f.Profile, "partnerID"), strings.TrimSpace(f.PartnerID))
	s.p.SetBool(prefKey(f.Profile, "remember"), f.Remember)
	if f.Profile == blaze.ProfileCustom {
		s.p.SetString(prefKey(f.Profile, "baseURL"), strings.TrimSpace(f.BaseURL))
		s.p.SetString(prefKey(f.Profile, "tokenURL"), strings.TrimSpace(f.TokenURL))
	}
}

// RecentStudies returns the studies recently opened with a profile, newest first.
func (s Settings) RecentStudies(profile string) []string {
	return s.p.StringList(prefKey(profile, "recentStudies"))
}

// AddRecentStudy puts study first in the profile's recent list (case-insensitively unique).
func (s Settings) AddRecentStudy(profile, study string) {
	study = strings.TrimSpace(study)
	if study == "" {
		return
	}
	list := []string{study}
	for _, old := range s.RecentStudies(profile) {
		if !blaze.SameStudy(old, study) && len(list) < maxRecentStudies {
			list = append(list, old)
		}
	}
	s.p.SetStringList(prefKey(profile, "recentStudies"), list)
}

// ForgetRecentStudy removes study from the profile's recent list.
func (s Settings) ForgetRecentStudy(profile, study string) {
	list := slices.DeleteFunc(s.RecentStudies(profile), func(old string) bool { return blaze.SameStudy(old, study) })
	s.p.SetStringList(prefKey(profile, "recentStudies"), list)
}

// Options returns the RECIST settings (defaults: confirmation on, 28 days, SD from 42 days).
func (s Settings) Options() recist.Options {
	d := recist.DefaultOptions()
	return recist.Options{
		Confirm:     s.p.BoolWithFallback(prefConfirm, d.Confirm),
		ConfirmDays: s.p.IntWithFallback(prefConfirmDays, d.ConfirmDays),
		SDMinDays:   s.p.IntWithFallback(prefSDMinDays, d.SDMinDays),
	}
}

// SetOptions stores the RECIST settings.
func (s Settings) SetOptions(o recist.Options) {
	s.p.SetBool(prefConfirm, o.Confirm)
	s.p.SetInt(prefConfirmDays, o.ConfirmDays)
	s.p.SetInt(prefSDMinDays, o.SDMinDays)
}

// Concurrency is the bound on requests in flight per server, shared by all searches of a
// load (default fhir.DefaultConcurrency: the gateway is shared, so keep it polite).
func (s Settings) Concurrency() int {
	n := s.p.IntWithFallback(prefConcurrency, fhir.DefaultConcurrency)
	return min(max(n, 1), 16)
}
