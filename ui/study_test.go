package ui

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/data/blazesim"
	"github.com/recistview/recistview/data/recist"
)

// openDemoStudy signs in with the demo partner and opens DEMO-01.
func openDemoStudy(t *testing.T) (*fixture, *studyScreen) {
	t.Helper()
	f := newFixture(t, Options{})
	f.signIn(t)
	s := f.openStudy(t, blazesim.DemoStudy)
	if s.view == nil || !s.view.Complete {
		t.Fatalf("DEMO-01 did not load completely: %q", s.top.status.Text)
	}
	return f, s
}

// responseMismatch finds a subject whose reported response the rules contradict.
func responseMismatch(t *testing.T, v *app.StudyView) (int, recist.Discrepancy) {
	t.Helper()
	for i, r := range v.Results {
		for _, d := range r.Discrepancies {
			if d.Kind == recist.KindResponse {
				return i, d
			}
		}
	}
	t.Fatal("the simulator made no response wrong in DEMO-01")
	return -1, recist.Discrepancy{}
}

func TestOpenStudyFillsListAndOverview(t *testing.T) {
	f, s := openDemoStudy(t)
	v := s.view
	if len(v.Rows) != 12 {
		t.Fatalf("%d subjects, want 12", len(v.Rows))
	}
	rows, cols := s.list.table.Length()
	if rows != 12 || cols != int(app.NumColumns) {
		t.Errorf("table %d×%d", rows, cols)
	}
	if s.strip.content.Visible() {
		t.Error("the progress strip stays after a complete load")
	}
	if s.top.status.Text != v.Status() {
		t.Errorf("status %q, want %q", s.top.status.Text, v.Status())
	}
	if s.tabs.Selected() != s.overviewTab {
		t.Error("the overview is not shown before a subject is chosen")
	}
	if got := f.app.Settings.RecentStudies("demo"); len(got) == 0 || got[0] != blazesim.DemoStudy {
		t.Errorf("recent studies %v", got)
	}
	if !slices.Contains(s.top.recent, blazesim.DemoStudy) {
		t.Errorf("study field offers %v", s.top.recent)
	}
	// Cells come from the view, the best response as a chip in its colour.
	tbl := &s.list.table.Table
	for pos, row := range s.list.order {
		for col := range app.NumColumns {
			if got, want := cellText(t, tbl, pos, int(col)).text, v.Cell(row, col); got != want {
				t.Errorf("cell %d,%d = %q, want %q", pos, col, got, want)
			}
		}
		c := cellText(t, tbl, pos, int(app.ColBest))
		if v.Rows[row].Best != recist.None && (c.style != styleChip || c.chip != s.list.colors.of(v.Rows[row].Best)) {
			t.Errorf("row %d best response is not a %s chip", pos, v.Rows[row].Best)
		}
	}
	// The overview counts by best response.
	for i, r := range recist.Responses {
		if got := s.overview.counts[i]; got.text != string(r) || got.sub != strconv.Itoa(v.Summary.Counts[r]) {
			t.Errorf("overview count %d = %q %q", i, got.text, got.sub)
		}
	}
	if !strings.Contains(s.overview.rates.Text, "Objective response rate") {
		t.Errorf("rates %q", s.overview.rates.Text)
	}
}

func TestSubjectViewShowsLesionsFooterAndDiscrepancy(t *testing.T) {
	_, s := openDemoStudy(t)
	v := s.view
	i, disc := responseMismatch(t, v)
	pos := slices.Index(s.list.order, i)
	s.list.table.Select(widget.TableCellID{Row: pos, Col: 2}) // as a tap on the row does
	if s.tabs.Selected() != s.subjectTab || s.selectedID != v.Rows[i].ID {
		t.Fatalf("subject %s not shown (selected %q)", v.Rows[i].ID, s.selectedID)
	}
	p := s.subject
	d := v.Detail(i)
	if p.title.Text != "Subject "+v.Rows[i].ID {
		t.Errorf("title %q", p.title.Text)
	}

	tbl := p.lesions.table
	rows, cols := tbl.Length()
	if rows != len(d.Rows)+len(d.Footer) || cols != len(d.Timeline)+1 {
		t.Fatalf("lesion table %d×%d, want %d×%d", rows, cols, len(d.Rows)+len(d.Footer), len(d.Timeline)+1)
	}
	if d.Rows[0].Kind != app.RowSection || cellText(t, tbl, 0, 0).text != d.Rows[0].Label {
		t.Errorf("first row %q is not the section %q", cellText(t, tbl, 0, 0).text, d.Rows[0].Label)
	}
	for r, row := range append(slices.Clone(d.Rows), d.Footer...) {
		first := cellText(t, tbl, r, 0)
		if first.text != row.Label || first.sub != row.Organ {
			t.Errorf("row %d label %q %q, want %q %q", r, first.text, first.sub, row.Label, row.Organ)
		}
		if row.Nodal != (first.badge == nodeBadge) {
			t.Errorf("row %d (%s) node marker %q", r, row.Label, first.badge)
		}
		for j, want := range row.Cells {
			c := cellText(t, tbl, r, j+1)
			if row.Kind != app.RowSection && (c.text != want.Text || c.mismatch != want.Mismatch) {
				t.Errorf("cell %s/%d = %q (mismatch %v), want %q (%v)", row.Label, j, c.text, c.mismatch, want.Text, want.Mismatch)
			}
		}
	}
	// Footer: the computed response row marks the disagreeing assessment.
	footer := len(d.Rows)
	if got := cellText(t, tbl, footer, 0).text; got != "Target sum (mm)" {
		t.Errorf("first footer row %q", got)
	}
	j := slices.IndexFunc(d.Subject.Assessments, func(a *recist.Assessment) bool { return a.ID == disc.AssessmentID })
	computed := cellText(t, tbl, footer+footerComputed, j+1)
	reported := cellText(t, tbl, footer+footerReported, j+1)
	if !computed.mismatch || !reported.mismatch || computed.text == reported.text {
		t.Errorf("assessment %d: reported %q computed %q not marked as a disagreement", j, reported.text, computed.text)
	}
	// Header: the assessment's name and date.
	if h := headerOf(t, tbl, j+1); h.text != d.Timeline[j].Name || h.sub != d.Timeline[j].Date {
		t.Errorf("header %q %q", h.text, h.sub)
	}
	// Timeline: the disagreeing assessment is highlighted.
	if !p.timeline.cards[j].warn {
		t.Error("timeline does not highlight the disagreement")
	}
	// Discrepancies in sentences, in the banner above the table.
	found := false
	for _, o := range p.findings.lines.Objects {
		if l, ok := o.(*widget.Label); ok && l.Text == "• "+disc.Text {
			found = true
		}
	}
	if !found || !p.findings.content.Visible() {
		t.Errorf("discrepancy %q not shown in the banner", disc.Text)
	}
	if len(p.findings.lines.Objects) != len(d.Discrepancies) || p.agrees.Visible() {
		t.Errorf("banner has %d lines for %d discrepancies (agreement shown: %v)", len(p.findings.lines.Objects), len(d.Discrepancies), p.agrees.Visible())
	}
	// A subject without discrepancies has no banner and says it agrees.
	for k := range v.Rows {
		if v.Rows[k].Discrepancies == 0 && v.Rows[k].Assessments != "0" {
			s.selectSubject(k)
			if p.findings.content.Visible() || !p.agrees.Visible() {
				t.Errorf("subject %s without discrepancies: banner %v, agreement %v", v.Rows[k].ID, p.findings.content.Visible(), p.agrees.Visible())
			}
			break
		}
	}
}

func TestSourceOfAssessmentAndLesion(t *testing.T) {
	f, s := openDemoStudy(t)
	s.selectSubject(0)
	p := s.subject
	a := p.detail.Subject.Assessments[1]
	test.Tap(p.timeline.cards[1])
	if p.bottom.Selected() != p.sourceTab || p.source.text.Text != app.PrettyJSON(a.Raw) {
		t.Fatalf("source of the assessment not shown: %q", p.source.title.Text)
	}
	test.Tap(p.source.copy)
	if got := f.fa.Clipboard().Content(); got != app.PrettyJSON(a.Raw) {
		t.Errorf("clipboard holds %q", got)
	}
	// A measurement cell shows its Observation.
	r := slices.IndexFunc(p.lesions.rows, func(r app.LesionRow) bool { return r.Kind == app.RowLesion })
	l := p.lesions.rows[r].Cells[0].Lesion
	p.lesions.table.Select(widget.TableCellID{Row: r, Col: 1})
	if p.source.text.Text != app.PrettyJSON(l.Raw) || !strings.Contains(p.source.title.Text, l.Code) {
		t.Errorf("source of lesion %s not shown: %q", l.Code, p.source.title.Text)
	}
	// A column header shows its assessment.
	test.Tap(headerOf(t, p.lesions.table, 1))
	if p.source.text.Text != app.PrettyJSON(p.detail.Subject.Assessments[0].Raw) {
		t.Errorf("header tap did not show the baseline's source: %q", p.source.title.Text)
	}
}

func TestKeysMoveBetweenSubjects(t *testing.T) {
	f, s := openDemoStudy(t)
	keys := f.w.win.Canvas().OnTypedKey()
	if keys == nil {
		t.Fatal("no key handler on the canvas")
	}
	keys(&fyne.KeyEvent{Name: fyne.KeyDown})
	if s.selectedID != s.view.Rows[s.list.order[0]].ID {
		t.Fatalf("down selects %q, want the first subject", s.selectedID)
	}
	keys(&fyne.KeyEvent{Name: fyne.KeyDown})
	keys(&fyne.KeyEvent{Name: fyne.KeyDown})
	keys(&fyne.KeyEvent{Name: fyne.KeyUp})
	if want := s.view.Rows[s.list.order[1]].ID; s.selectedID != want || s.subject.detail.Subject.ID != want {
		t.Errorf("selected %q, want %q", s.selectedID, want)
	}
	// The same keys work while the table has the focus.
	s.list.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if want := s.view.Rows[s.list.order[2]].ID; s.selectedID != want {
		t.Errorf("table focus: selected %q, want %q", s.selectedID, want)
	}
}

func TestSortAndFilterSubjects(t *testing.T) {
	_, s := openDemoStudy(t)
	l := s.list
	h := headerOf(t, &l.table.Table, int(app.ColBestPct))
	test.Tap(h)
	if want := s.view.Select(app.Query{Sort: app.ColBestPct}); !slices.Equal(l.order, want) {
		t.Errorf("ascending order %v, want %v", l.order, want)
	}
	if h := headerOf(t, &l.table.Table, int(app.ColBestPct)); h.sub != "change ▲" {
		t.Errorf("header %q %q", h.text, h.sub)
	}
	test.Tap(h)
	if want := s.view.Select(app.Query{Sort: app.ColBestPct, Descending: true}); !slices.Equal(l.order, want) {
		t.Errorf("descending order %v, want %v", l.order, want)
	}
	if h := headerOf(t, &l.table.Table, int(app.ColBestPct)); h.sub != "change ▼" {
		t.Errorf("header %q %q", h.text, h.sub)
	}
	if h := headerOf(t, &l.table.Table, int(app.ColSubject)); h.text != "Subject" || h.sub != "" {
		t.Errorf("unsorted header %q %q", h.text, h.sub)
	}

	l.response.SetSelected(string(recist.PR))
	if len(l.order) == 0 {
		t.Fatal("no PR subject")
	}
	for _, r := range l.order {
		if s.view.Rows[r].Best != recist.PR {
			t.Errorf("filter PR shows %s with %s", s.view.Rows[r].ID, s.view.Rows[r].Best)
		}
	}
	l.response.SetSelected(allResponses)
	test.Tap(l.mismatches)
	if len(l.order) == 0 {
		t.Fatal("no disagreement in DEMO-01")
	}
	for _, r := range l.order {
		if !s.view.Rows[r].Mismatch {
			t.Errorf("only disagreements shows %s", s.view.Rows[r].ID)
		}
	}
	test.Tap(l.mismatches)
	id := s.view.Rows[0].ID
	test.Type(l.filter, id)
	if len(l.order) != 1 || s.view.Rows[l.order[0]].ID != id || l.count.Text != "1 of 12 subjects shown" {
		t.Errorf("filter %q shows %v (%q)", id, l.order, l.count.Text)
	}
}

func TestDeniedStudySaysWhichStudyAndPartner(t *testing.T) {
	f := newFixture(t, Options{})
	f.signIn(t)
	s := f.openStudy(t, blazesim.DeniedStudy)
	if !s.notice.content.Visible() || s.panes.Visible() {
		t.Fatal("no notice in place of the study")
	}
	for _, want := range []string{blazesim.DeniedStudy, blazesim.DemoPartnerID} {
		if !strings.Contains(s.notice.text.Text+s.notice.title.Text, want) {
			t.Errorf("notice %q / %q does not mention %s", s.notice.title.Text, s.notice.text.Text, want)
		}
	}
	// Opening a readable study brings the panes back.
	f.openStudy(t, blazesim.DemoStudy)
	if s.notice.content.Visible() || len(s.list.order) != 12 {
		t.Error("the notice stays after opening another study")
	}
}

func TestEmptyStudySaysNoAssessmentsYet(t *testing.T) {
	f := newFixture(t, Options{})
	f.signIn(t)
	s := f.openStudy(t, blazesim.EmptyStudy)
	if s.notice.content.Visible() || s.strip.details.Visible() {
		t.Fatalf("empty study shown as a failure: %q %q", s.notice.text.Text, s.strip.message.Text)
	}
	if !s.overview.empty.Visible() || s.overview.empty.Text != noAssessments+"." {
		t.Errorf("overview says %q", s.overview.empty.Text)
	}
}

func TestCancelKeepsWhatArrivedAndRetryResumes(t *testing.T) {
	f := newFixture(t, Options{})
	// A slow server with small pages, so that Cancel lands in the middle of the load.
	const slow = "SLOW-60"
	cfg := blazesim.DefaultConfig()
	cfg.Latency = 10 * time.Millisecond
	cfg.PageCap, cfg.DefaultCount = 25, 25
	cfg.Studies = []blazesim.StudySpec{{ID: slow, Subjects: 60, FirstSubjectID: 10190001}}
	cfg.Partners = []blazesim.Partner{{ClientID: blazesim.DemoClientID, ClientSecret: blazesim.DemoClientSecret,
		PartnerID: blazesim.DemoPartnerID, Studies: []string{slow}}}
	sim, err := blazesim.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	s := f.signInCustom(t, sim)

	test.Type(s.top.studyEntry, slow)
	test.Tap(s.top.openButton)
	if !s.strip.content.Visible() || !s.strip.cancel.Visible() {
		t.Fatal("no progress strip with Cancel while loading")
	}
	test.Tap(s.strip.cancel)
	f.settle()
	if !s.strip.retry.Visible() || !strings.HasPrefix(s.strip.message.Text, app.Explain(context.Canceled)) {
		t.Fatalf("after cancel: %q (retry shown %v)", s.strip.message.Text, s.strip.retry.Visible())
	}
	if s.view == nil || s.view.Complete {
		t.Fatal("no partial view after cancel")
	}

	test.Tap(s.strip.retry)
	f.settle()
	if s.view == nil || !s.view.Complete || len(s.view.Rows) != 60 {
		t.Fatalf("retry did not complete the load: %q", s.top.status.Text)
	}
	if s.strip.content.Visible() {
		t.Error("progress strip stays after the retried load completed")
	}
}

func TestOpenWithoutStudyNumberIsExplained(t *testing.T) {
	f := newFixture(t, Options{})
	s := f.signIn(t)
	test.Tap(s.top.openButton)
	f.settle()
	if !s.notice.content.Visible() || s.notice.text.Text == "" {
		t.Error("an empty study number is not explained")
	}
}

// TestStartOffersDemoStudies: before any study is open, the overview offers the demo server's
// studies (and recent ones); tapping one opens it.
func TestStartOffersDemoStudies(t *testing.T) {
	f := newFixture(t, Options{})
	s := f.signIn(t)
	if !s.overview.start.Visible() {
		t.Fatal("no study is offered before one is open")
	}
	var fhirT *widget.Button
	var offered []string
	for _, o := range s.overview.start.Objects {
		form, ok := o.(*fyne.Container)
		if !ok {
			continue
		}
		for _, obj := range form.Objects {
			if b, ok := obj.(*widget.Button); ok {
				offered = append(offered, b.Text)
				if b.Text == blazesim.FixtureStudy {
					fhirT = b
				}
			}
		}
	}
	for _, want := range []string{blazesim.DemoStudy, blazesim.LargeStudy, blazesim.FixtureStudy, blazesim.EmptyStudy, blazesim.DeniedStudy} {
		if !slices.Contains(offered, want) {
			t.Errorf("%s not offered (offered %v)", want, offered)
		}
	}
	test.Tap(fhirT)
	f.settle()
	if s.view == nil || len(s.view.Rows) != 3 || s.top.studyEntry.Text != blazesim.FixtureStudy {
		t.Fatalf("FHIR-T was not opened: entry %q", s.top.studyEntry.Text)
	}
	if s.overview.start.Visible() {
		t.Error("the study offer stays over an open study")
	}
}
