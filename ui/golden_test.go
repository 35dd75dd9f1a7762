package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// goldenSubject is the DEMO-01 subject of the golden file: a complete responder whose
// reported responses the simulator made disagree with the rules.
const goldenSubject = "10091005"

func TestSubjectViewMarkup(t *testing.T) {
	f, s := openDemoStudy(t)
	i := s.view.SubjectIndex(goldenSubject)
	if i < 0 {
		t.Fatalf("subject %s not in DEMO-01", goldenSubject)
	}
	p := newSubjectPane(f.w)
	w := test.NewWindow(p.content)
	defer w.Close()
	w.Resize(fyne.NewSize(980, 680)) // the Subject tab of a 1280×800 window
	p.show(s.view, s.view.Detail(i))
	test.AssertRendersToMarkup(t, "subject_view.xml", w.Canvas())

	// Choosing an assessment shows its source in place of the discrepancies.
	test.Tap(p.timeline.cards[1])
	test.AssertRendersToMarkup(t, "subject_view_source.xml", w.Canvas())
}

func TestSignInMarkup(t *testing.T) {
	f := newFixture(t, Options{})
	// The demo server's port changes from run to run; show a fixed custom form instead.
	s := f.w.signIn
	s.profile.SetSelected("Custom server")
	s.baseURL.SetText("https://blaze.example.org/api")
	s.tokenURL.SetText("https://blaze.example.org/oauth2/token")
	s.clientID.SetText("client-1")
	s.partner.SetText("PARTNER-1")
	s.secret.SetText("")
	f.w.win.Canvas().Unfocus()
	test.AssertRendersToMarkup(t, "sign_in.xml", f.w.win.Canvas())
}
