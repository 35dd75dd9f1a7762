package ui

import (
	"context"
	"errors"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/assets"
	"github.com/recistview/recistview/data/auth"
	"github.com/recistview/recistview/data/blaze"
)

// signInTimeout bounds one sign-in attempt (the token request and its retries).
const signInTimeout = time.Minute

// signInScreen is the form a partner signs in with.
type signInScreen struct {
	w        *Window
	profiles []blaze.Profile

	profile            *widget.Select
	baseURL, tokenURL  *widget.Entry
	clientID, partner  *widget.Entry
	secret             *widget.Entry
	remember           *widget.Check
	message            *widget.Label
	button             *widget.Button
	offline            *widget.Button // offered when the server cannot be reached
	activity           *widget.Activity
	content            fyne.CanvasObject
	busy               bool
	formGen            uint64 // bumped when the profile changes; keychain reads of older ones are dropped
	selectedProfileKey string
}

func newSignInScreen(w *Window, f app.SignInForm) *signInScreen {
	s := &signInScreen{w: w, profiles: w.app.Profiles()}
	labels := make([]string, len(s.profiles))
	for i, p := range s.profiles {
		labels[i] = p.Label
	}
	s.profile = widget.NewSelect(labels, func(label string) { s.profileChanged(label) })
	s.baseURL = widget.NewEntry()
	s.baseURL.SetPlaceHolder("https://host/…/api (FHIR base URL)")
	s.tokenURL = widget.NewEntry()
	s.tokenURL.SetPlaceHolder("https://host/…/oauth2/token")
	s.clientID = widget.NewEntry()
	s.clientID.SetPlaceHolder("OAuth client id")
	s.partner = widget.NewEntry()
	s.partner.SetPlaceHolder("x-partnerid given by MSK")
	s.secret = widget.NewPasswordEntry()
	s.secret.SetPlaceHolder("OAuth client secret")
	s.remember = widget.NewCheck("Remember the secret in the system keychain", nil)
	s.message = widget.NewLabel("")
	s.message.Wrapping = fyne.TextWrapWord
	s.message.Hide()
	s.button = widget.NewButtonWithIcon("Sign in", theme.LoginIcon(), s.submit)
	s.button.Importance = widget.HighImportance
	s.offline = widget.NewButtonWithIcon("Work offline with cached studies", theme.StorageIcon(), func() { w.workOffline(s.form()) })
	s.offline.Hide()
	s.activity = widget.NewActivity()
	s.activity.Hide()
	for _, e := range []*widget.Entry{s.baseURL, s.tokenURL, s.clientID, s.partner, s.secret} {
		e.OnSubmitted = func(string) { s.submit() }
	}
	s.content = s.layout()
	s.fill(f)
	return s
}

func (s *signInScreen) layout() fyne.CanvasObject {
	icon := canvas.NewImageFromResource(assets.Icon)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(56, 56))
	title := widget.NewRichTextFromMarkdown("## " + Title)
	subtitle := widget.NewLabel("Sign in to MSK's Blaze research FHIR server as your partner organisation.")
	subtitle.Wrapping = fyne.TextWrapWord
	subtitle.Importance = widget.MediumImportance
	head := container.NewBorder(nil, nil, icon, nil, container.NewVBox(title))

	form := container.New(layout.NewFormLayout(),
		widget.NewLabel("Server"), s.profile,
		widget.NewLabel("FHIR base URL"), s.baseURL,
		widget.NewLabel("Token URL"), s.tokenURL,
		widget.NewLabel("Client id"), s.clientID,
		widget.NewLabel("Client secret"), s.secret,
		widget.NewLabel("Partner id"), s.partner,
		layout.NewSpacer(), s.remember,
	)
	buttons := container.NewHBox(s.offline, layout.NewSpacer(), s.activity, s.button)
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(680, 0))
	card := widget.NewCard("", "", container.NewVBox(head, subtitle, widget.NewSeparator(), form, s.message, buttons))
	return container.NewCenter(container.NewStack(width, card))
}

// fill shows form f (its secret too, when it has one: the demo's public secret).
func (s *signInScreen) fill(f app.SignInForm) {
	idx := 0
	for i, p := range s.profiles {
		if p.Name == f.Profile {
			idx = i
		}
	}
	s.selectedProfileKey = s.profiles[idx].Name
	// SetSelected calls profileChanged, which fills the remembered form of the profile;
	// then the given form overrides it.
	s.profile.SetSelected(s.profiles[idx].Label)
	s.setForm(f)
}

// setForm puts f's fields into the entries and reads a remembered secret if f has none.
func (s *signInScreen) setForm(f app.SignInForm) {
	p := s.current()
	s.formGen++
	custom := p.Name == blaze.ProfileCustom
	if custom {
		s.baseURL.SetText(f.BaseURL)
		s.tokenURL.SetText(f.TokenURL)
		s.baseURL.Enable()
		s.tokenURL.Enable()
	} else {
		// The built-in profiles' addresses are shown, not edited: the user sees where the
		// credentials go.
		s.baseURL.SetText(p.BaseURL)
		s.tokenURL.SetText(p.TokenURL)
		s.baseURL.Disable()
		s.tokenURL.Disable()
	}
	s.clientID.SetText(f.ClientID)
	s.partner.SetText(f.PartnerID)
	s.secret.SetText(f.Secret)
	s.remember.SetChecked(f.Remember)
	if p.Name == blaze.ProfileDemo {
		s.remember.Disable() // the demo secret is public; nothing to keep
	} else {
		s.remember.Enable()
	}
	if f.Secret == "" && f.ClientID != "" && f.PartnerID != "" {
		s.loadStoredSecret(s.form())
	}
}

// loadStoredSecret reads the keychain off the UI thread (it may show an unlock prompt) and puts
// the secret into the empty secret field if the form is still the same.
func (s *signInScreen) loadStoredSecret(f app.SignInForm) {
	gen := s.formGen
	s.w.async(func() func() {
		secret, err := s.w.app.StoredSecret(f)
		return func() {
			if s.w.signIn != s || s.formGen != gen || s.secret.Text != "" {
				return
			}
			if err != nil {
				s.showMessage("The system keychain could not be read, so enter the client secret. ("+app.Explain(err)+")", widget.WarningImportance)
				return
			}
			s.secret.SetText(secret)
		}
	})
}

func (s *signInScreen) current() blaze.Profile {
	for _, p := range s.profiles {
		if p.Name == s.selectedProfileKey {
			return p
		}
	}
	return s.profiles[0]
}

func (s *signInScreen) profileChanged(label string) {
	for _, p := range s.profiles {
		if p.Label == label && p.Name != s.selectedProfileKey {
			s.selectedProfileKey = p.Name
			s.message.Hide()
			s.offline.Hide()
			s.setForm(s.w.app.FormFor(p.Name))
		}
	}
}

// form is what the entries hold now.
func (s *signInScreen) form() app.SignInForm {
	f := app.SignInForm{
		Profile: s.current().Name, ClientID: s.clientID.Text, PartnerID: s.partner.Text,
		Secret: s.secret.Text, Remember: s.remember.Checked,
	}
	if f.Profile == blaze.ProfileCustom {
		f.BaseURL, f.TokenURL = s.baseURL.Text, s.tokenURL.Text
	}
	return f
}

// focus puts the cursor in the first empty field.
func (s *signInScreen) focus() {
	c := s.w.win.Canvas()
	for _, e := range []*widget.Entry{s.clientID, s.secret, s.partner} {
		if e.Text == "" {
			c.Focus(e)
			return
		}
	}
	c.Focus(s.secret)
}

// submit signs in with the form in the background; the button is disabled meanwhile.
func (s *signInScreen) submit() {
	if s.busy {
		return
	}
	f := s.form()
	s.setBusy(true)
	s.showMessage("Signing in to "+s.current().Label+"…", widget.MediumImportance)
	s.w.async(func() func() {
		ctx, cancel := context.WithTimeout(context.Background(), signInTimeout)
		defer cancel()
		res, err := s.w.app.SignIn(ctx, f)
		return func() {
			if s.w.signIn != s {
				return
			}
			s.setBusy(false)
			if errors.Is(err, auth.ErrUnreachable) {
				// The partner may still read the studies kept on this computer.
				s.offline.Show()
			} else {
				s.offline.Hide()
			}
			if err != nil {
				s.showMessage(app.Explain(err), widget.DangerImportance)
				s.w.win.Canvas().Focus(s.secret)
				return
			}
			s.w.showStudyScreen(res)
		}
	})
}

func (s *signInScreen) setBusy(busy bool) {
	s.busy = busy
	if busy {
		s.button.Disable()
		s.activity.Show()
		s.activity.Start()
		return
	}
	s.button.Enable()
	s.activity.Stop()
	s.activity.Hide()
}

func (s *signInScreen) showMessage(text string, imp widget.Importance) {
	s.message.Importance = imp
	s.message.SetText(text)
	s.message.Show()
}
