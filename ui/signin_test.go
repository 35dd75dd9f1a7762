package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/data/auth"
	"github.com/recistview/recistview/data/blaze"
	"github.com/recistview/recistview/data/blazesim"
)

func TestDemoOpensOnSignInWithDemoCredentials(t *testing.T) {
	f := newFixture(t, Options{})
	s := f.w.signIn
	if s == nil {
		t.Fatal("the window does not start on the sign-in screen")
	}
	if !strings.Contains(f.w.win.Title(), "RECIST View") {
		t.Errorf("title %q", f.w.win.Title())
	}
	if got := f.w.win.Canvas().Size(); got != DefaultSize {
		t.Errorf("size %v, want %v", got, DefaultSize)
	}
	if s.profile.Selected != "Demo (built-in simulator)" || s.clientID.Text != blazesim.DemoClientID ||
		s.partner.Text != blazesim.DemoPartnerID || s.secret.Text != blazesim.DemoClientSecret {
		t.Errorf("form %q %q %q (secret filled: %v)", s.profile.Selected, s.clientID.Text, s.partner.Text, s.secret.Text != "")
	}
	if !s.secret.Password {
		t.Error("the secret entry is not a password entry")
	}
}

func TestSignInRejectedSecretSaysSoWithoutTheSecret(t *testing.T) {
	f := newFixture(t, Options{})
	const wrong = "not-the-secret-9f8e7d"
	f.w.signIn.secret.SetText(wrong)
	f.submitSignIn(t)
	s := f.w.signIn
	if f.w.study != nil || s == nil {
		t.Fatal("signed in with a wrong secret")
	}
	want := app.Explain(fmt.Errorf("x: %w", auth.ErrRejected))
	if s.message.Text != want {
		t.Errorf("message %q, want %q", s.message.Text, want)
	}
	if s.message.Importance != widget.DangerImportance || !s.message.Visible() {
		t.Errorf("message not shown as an error (importance %v)", s.message.Importance)
	}
	if strings.Contains(s.message.Text, wrong) || strings.Contains(s.message.Text, blazesim.DemoClientSecret) {
		t.Errorf("message shows a secret: %q", s.message.Text)
	}
	if s.button.Disabled() || s.busy {
		t.Error("the Sign in button stays disabled after the answer")
	}
}

func TestSignInWithEnterShowsStudyScreen(t *testing.T) {
	f := newFixture(t, Options{})
	f.w.signIn.secret.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f.settle()
	if f.w.study == nil {
		t.Fatalf("Enter did not sign in: %q", f.w.signIn.message.Text)
	}
	if got := f.w.study.top.identity.Text; got != "Demo (built-in simulator) · "+blazesim.DemoPartnerID {
		t.Errorf("identity %q", got)
	}
	if !strings.HasPrefix(f.w.win.Title(), "RECIST View") {
		t.Errorf("title %q", f.w.win.Title())
	}
	// Sign out goes back to the sign-in screen.
	test.Tap(f.w.study.top.signOut)
	f.settle()
	if f.w.signIn == nil || f.w.study != nil || f.app.Session() != nil {
		t.Fatal("Sign out did not end the session")
	}
}

func TestCustomProfileRemembersIDsAndKeepsSecretInKeychain(t *testing.T) {
	f := newFixture(t, Options{})
	sim, err := blazesim.Start(blazesim.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	s := f.w.signIn
	s.profile.SetSelected("Custom server")
	if s.baseURL.Disabled() {
		t.Fatal("custom URLs are not editable")
	}
	s.baseURL.SetText(sim.BaseURL)
	s.tokenURL.SetText(sim.TokenURL)
	s.clientID.SetText(blazesim.DemoClientID)
	s.partner.SetText(blazesim.DemoPartnerID)
	s.secret.SetText(blazesim.DemoClientSecret)
	s.remember.SetChecked(true)
	f.signIn(t)

	account := auth.AccountKey(blaze.ProfileCustom, blazesim.DemoClientID, blazesim.DemoPartnerID)
	if got, err := f.secrets.Get(auth.KeychainService, account); err != nil || got != blazesim.DemoClientSecret {
		t.Errorf("keychain holds %q, %v", got, err)
	}
	form := f.app.Settings.LastForm(blaze.ProfileCustom)
	if form.BaseURL != sim.BaseURL || form.ClientID != blazesim.DemoClientID || form.PartnerID != blazesim.DemoPartnerID {
		t.Errorf("remembered %v", form)
	}
	for _, key := range []string{"secret", "clientSecret", "profile.custom.secret"} {
		if v := f.fa.Preferences().String(key); v != "" {
			t.Errorf("preference %s = %q", key, v)
		}
	}

	// Back on the sign-in screen, the secret comes from the keychain, read off the UI thread.
	test.Tap(f.w.study.top.signOut)
	f.settle()
	if got := f.w.signIn.secret.Text; got != blazesim.DemoClientSecret {
		t.Errorf("secret field after sign-out %q", got)
	}
}

func TestNoKeychainWarns(t *testing.T) {
	f := newFixture(t, Options{})
	f.secrets.noKeychain = true
	sim, err := blazesim.Start(blazesim.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	s := f.w.signIn
	s.profile.SetSelected("Custom server")
	s.baseURL.SetText(sim.BaseURL)
	s.tokenURL.SetText(sim.TokenURL)
	s.clientID.SetText(blazesim.DemoClientID)
	s.partner.SetText(blazesim.DemoPartnerID)
	s.secret.SetText(blazesim.DemoClientSecret)
	s.remember.SetChecked(true)
	f.signIn(t)
	top := f.w.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no warning about the missing keychain")
	}
	if !hasLabel(top, "No system keychain is available, so the secret is kept for this session only; you will be asked for it next time.") {
		t.Error("the warning does not say the secret is kept for this session only")
	}
}

func TestInsecureCustomURLIsExplained(t *testing.T) {
	f := newFixture(t, Options{})
	s := f.w.signIn
	s.profile.SetSelected("Custom server")
	s.baseURL.SetText("http://blaze.example.org/api")
	s.tokenURL.SetText("http://blaze.example.org/token")
	s.clientID.SetText("c")
	s.partner.SetText("p")
	s.secret.SetText("s")
	f.submitSignIn(t)
	want := app.Explain(fmt.Errorf("x: %w", auth.ErrInsecure))
	if f.w.signIn == nil || f.w.signIn.message.Text != want {
		t.Errorf("message %q, want %q", f.w.signIn.message.Text, want)
	}
}

// hasLabel reports whether a label with text is under o.
func hasLabel(o fyne.CanvasObject, text string) bool {
	for _, obj := range test.LaidOutObjects(o) {
		if l, ok := obj.(*widget.Label); ok && l.Text == text {
			return true
		}
		if rt, ok := obj.(*widget.RichText); ok && rt.String() == text {
			return true
		}
	}
	return false
}
