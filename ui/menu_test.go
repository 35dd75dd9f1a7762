package ui

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/data/blazesim"
	"github.com/recistview/recistview/data/export"
	"github.com/recistview/recistview/data/recist"
)

// pressShortcut does what the desktop window does with Ctrl+key: it runs the main menu item
// that has that shortcut (whether or not it is disabled).
func (f *fixture) pressShortcut(t *testing.T, key fyne.KeyName) {
	t.Helper()
	want := (&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}).ShortcutName()
	for _, m := range f.w.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == want {
				it.Action()
				return
			}
		}
	}
	t.Fatalf("no menu item has the shortcut %s", want)
}

func TestMainMenuFollowsTheScreen(t *testing.T) {
	f := newFixture(t, Options{})
	menu := f.w.win.MainMenu()
	var names []string
	for _, m := range menu.Items {
		names = append(names, m.Label)
	}
	if !slices.Equal(names, []string{"File", "View", "Settings", "Help"}) {
		t.Fatalf("menus %v", names)
	}
	for _, label := range []string{"Open study…", "Export study…", "Forget this study", "Sign out", "Sign out and forget all data", "Study overview", "Subject"} {
		if !f.menuItem(t, label).Disabled {
			t.Errorf("%q is enabled on the sign-in screen", label)
		}
	}
	if f.menuItem(t, "RECIST options…").Disabled || f.menuItem(t, "About RECIST View").Disabled {
		t.Error("settings or about disabled on the sign-in screen")
	}
	// Shortcuts do nothing without a study screen.
	f.pressShortcut(t, fyne.KeyE)
	if f.w.win.Canvas().Overlays().Top() != nil {
		t.Error("Ctrl+E opened a dialog on the sign-in screen")
	}

	f.signIn(t)
	s := f.openStudy(t, blazesim.DemoStudy)
	for _, label := range []string{"Open study…", "Export study…", "Forget this study", "Sign out", "Sign out and forget all data", "Study overview"} {
		if f.menuItem(t, label).Disabled {
			t.Errorf("%q is disabled with a study open", label)
		}
	}
	if !f.menuItem(t, "Subject").Disabled {
		t.Error("View → Subject enabled before a subject is chosen")
	}
	s.selectSubject(0)
	f.menuItem(t, "Study overview").Action()
	if s.tabs.Selected() != s.overviewTab || s.list.compact() {
		t.Error("View → Study overview did not show the overview with the whole list")
	}
	f.menuItem(t, "Subject").Action()
	if s.tabs.Selected() != s.subjectTab || !s.list.compact() {
		t.Error("View → Subject did not show the subject with the compact list")
	}

	c := f.w.win.Canvas()
	f.pressShortcut(t, fyne.KeyF)
	if c.Focused() != fyne.Focusable(s.list.filter) {
		t.Errorf("Ctrl+F focused %T", c.Focused())
	}
	f.pressShortcut(t, fyne.KeyO)
	if c.Focused() != fyne.Focusable(s.top.studyEntry) {
		t.Errorf("Ctrl+O focused %T", c.Focused())
	}
	f.pressShortcut(t, fyne.KeyE)
	if top := c.Overlays().Top(); top == nil || !hasLabel(top, "Export study "+blazesim.DemoStudy) {
		t.Error("Ctrl+E did not open the export dialog")
	}
	test.Tap(f.overlayButton(t, "Cancel"))
}

func TestExportWritesWhatExportReads(t *testing.T) {
	f, s := openDemoStudy(t)
	dir := t.TempDir()
	write := func(name, chosen string) []byte {
		t.Helper()
		p := filepath.Join(dir, name)
		out, err := storage.Writer(storage.NewFileURI(p))
		if err != nil {
			t.Fatal(err)
		}
		f.w.exportTo(s.view, out, p, chosen)
		f.settle()
		if top := f.w.win.Canvas().Overlays().Top(); top == nil || !hasLabel(top, "Study exported") {
			t.Fatalf("%s: no confirmation", name)
		}
		test.Tap(f.overlayButton(t, "OK"))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}

	var doc export.Document
	if err := json.Unmarshal(write("demo.json", app.FormatJSON), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Study != blazesim.DemoStudy || len(doc.Subjects) != len(s.view.Rows) {
		t.Fatalf("document of study %q with %d subjects", doc.Study, len(doc.Subjects))
	}
	for i, subj := range doc.Subjects {
		if row := s.view.Rows[i]; subj.ID != row.ID || subj.BestOverallResponse != row.Best {
			t.Errorf("subject %s best %s, the screen shows %s %s", subj.ID, subj.BestOverallResponse, row.ID, row.Best)
		}
	}
	// A .csv name gives CSV whatever was chosen.
	rows, err := csv.NewReader(strings.NewReader(string(write("demo.csv", app.FormatJSON)))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], export.CSVHeader) || len(rows) < s.view.Lesions {
		t.Errorf("CSV: header %q, %d rows for %d lesions", rows[0], len(rows), s.view.Lesions)
	}
	if got := exportFileName("19/123", app.FormatCSV); got != "19_123.csv" {
		t.Errorf("file name %q", got)
	}
}

// optionsDialog opens Settings → RECIST options… and returns its fields.
func optionsDialog(t *testing.T, f *fixture) (*widget.Check, []*widget.Entry) {
	t.Helper()
	f.menuItem(t, "RECIST options…").Action()
	top := f.w.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no options dialog")
	}
	var check *widget.Check
	var entries []*widget.Entry
	for _, o := range test.LaidOutObjects(top) {
		switch w := o.(type) {
		case *widget.Check:
			check = w
		case *widget.Entry:
			entries = append(entries, w)
		}
	}
	if check == nil || len(entries) != 2 {
		t.Fatalf("options dialog has check %v and %d entries", check != nil, len(entries))
	}
	return check, entries
}

func TestRECISTOptionsChangeBestResponses(t *testing.T) {
	f, s := openDemoStudy(t)
	before := s.view
	// Settings under which some subject's best response differs.
	var opt recist.Options
	var want *app.StudyView
	for _, o := range []recist.Options{{ConfirmDays: 28, SDMinDays: 42}, {Confirm: true, ConfirmDays: 28, SDMinDays: 120}, {ConfirmDays: 28, SDMinDays: 120}} {
		v := before.WithOptions(o)
		if slices.ContainsFunc(v.Rows, func(r app.SubjectRow) bool { return r.Best != before.Rows[r.Index].Best }) {
			opt, want = o, v
			break
		}
	}
	if want == nil {
		t.Fatal("no RECIST setting changes a best response in DEMO-01")
	}

	check, entries := optionsDialog(t, f)
	entries[1].SetText("many")
	if err := entries[1].Validate(); err == nil {
		t.Error("a non-number is accepted as a day count")
	}
	check.SetChecked(opt.Confirm)
	entries[0].SetText(strconv.Itoa(opt.ConfirmDays))
	entries[1].SetText(strconv.Itoa(opt.SDMinDays))
	test.Tap(f.overlayButton(t, "Save"))
	f.settle()

	if got := f.app.Settings.Options(); got != opt {
		t.Fatalf("stored options %+v, want %+v", got, opt)
	}
	if s.view == before || s.view.Options != opt {
		t.Fatalf("the view was not re-evaluated: %+v", s.view.Options)
	}
	tbl := &s.list.table.Table
	for pos, row := range s.list.order {
		if got := cellText(t, tbl, pos, int(app.ColBest)).text; got != string(want.Rows[row].Best) {
			t.Errorf("subject %s shows %q, want %s", want.Rows[row].ID, got, want.Rows[row].Best)
		}
	}
	if !strings.Contains(s.overview.about.Text, "SD counted from day "+strconv.Itoa(opt.SDMinDays)) {
		t.Errorf("overview says %q", s.overview.about.Text)
	}
	// The dialog opens with what was stored.
	check, entries = optionsDialog(t, f)
	if check.Checked != opt.Confirm || entries[1].Text != strconv.Itoa(opt.SDMinDays) {
		t.Errorf("dialog reopens with %v %q", check.Checked, entries[1].Text)
	}
}

func TestAboutSaysVersionAndKeychain(t *testing.T) {
	f := newFixture(t, Options{})
	f.menuItem(t, "About RECIST View").Action()
	top := f.w.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no About dialog")
	}
	var text string
	for _, o := range test.LaidOutObjects(top) {
		if rt, ok := o.(*widget.RichText); ok {
			text += rt.String()
		}
	}
	for _, want := range []string{"RECIST View 0.1.0", "RECIST 1.1", "system keychain"} {
		if !strings.Contains(text, want) {
			t.Errorf("About does not say %q", want)
		}
	}
}
