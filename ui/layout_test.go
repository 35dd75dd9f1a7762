package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/recistview/recistview/app"
)

// absPos is o's position in the window's canvas.
func absPos(o fyne.CanvasObject) fyne.Position {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
}

// lesionTableHeight is the height the lesion table needs to show every row of d without
// scrolling: the two-line header, then each row, rows separated by the theme's padding.
func lesionTableHeight(p *subjectPane, d *app.SubjectDetail) float32 {
	pad := theme.Size(theme.SizeNamePadding)
	row := p.lesions.createCell().MinSize().Height
	n := float32(len(d.Rows) + len(d.Footer))
	return twoLineHeight() + pad + n*(row+pad)
}

func TestSubjectTabCompactsListAndFitsTableAndChart(t *testing.T) {
	f, s := openDemoStudy(t)
	full := s.list.content.Size().Width
	if s.list.compact() || full < s.list.width(false)-30 {
		t.Fatalf("beside the overview the list is compact %v, %v wide (wants %v)", s.list.compact(), full, s.list.width(false))
	}
	p := s.subject
	// The subjects of DEMO-01 with the most lesion rows, one of them with two discrepancies.
	for _, id := range []string{"10091009", "10091011", "10091001"} {
		i := s.view.SubjectIndex(id)
		s.selectSubject(i)
		d := s.view.Detail(i)
		if !s.list.compact() {
			t.Fatal("the list keeps all its columns beside a subject")
		}
		if w := s.list.content.Size().Width; w > 340 || w < s.list.width(true)-30 {
			t.Errorf("compact list is %v wide", w)
		}
		tbl := p.lesions.table.Size()
		// (The test driver's theme and window differ a little from the desktop's, which also
		// draws the menu bar inside the window: the screenshots check the real thing.)
		if need := lesionTableHeight(p, d); tbl.Height < need {
			t.Errorf("subject %s: lesion table %v high, its %d rows need %v", id, tbl.Height, len(d.Rows)+len(d.Footer), need)
		}
		t.Logf("subject %s: table %v (needs %v), chart %v", id, tbl, lesionTableHeight(p, d), p.chart.chart.Size())
		if c := p.chart.chart.Size(); c.Width < 420 || c.Height < 260 {
			t.Errorf("subject %s: chart %v", id, c)
		}
		// The chart is beside the table, the banner above it.
		if tx, cx := absPos(p.lesions.table).X, absPos(p.chart.chart).X; cx < tx+tbl.Width {
			t.Errorf("chart at x %v overlaps the table (x %v, %v wide)", cx, tx, tbl.Width)
		}
		if len(d.Discrepancies) > 0 {
			b := p.findings.content
			if !b.Visible() || absPos(b).Y+b.Size().Height > absPos(p.lesions.table).Y {
				t.Errorf("subject %s: discrepancy banner not above the table", id)
			}
			for _, o := range p.findings.lines.Objects {
				if o.Size().Height < o.MinSize().Height {
					t.Errorf("subject %s: a discrepancy is cut: %v of %v", id, o.Size().Height, o.MinSize().Height)
				}
			}
			if h := b.Size().Height; h < p.findings.lines.MinSize().Height {
				t.Errorf("subject %s: banner %v high scrolls its %v of text", id, h, p.findings.lines.MinSize().Height)
			}
		}
	}

	// Back to the overview, the list takes all its columns again; the divider stays draggable.
	s.showTab(false)
	if s.list.compact() || s.list.content.Size().Width < full-1 {
		t.Errorf("overview: list compact %v, %v wide, want %v", s.list.compact(), s.list.content.Size().Width, full)
	}
	s.split.SetOffset(0.5)
	if w := s.list.content.Size().Width; w < 0.45*f.w.win.Canvas().Size().Width {
		t.Errorf("dragging the divider to the middle left the list %v wide", w)
	}
}

func TestWideWindowShowsTableAndChartTogether(t *testing.T) {
	f, s := openDemoStudy(t)
	f.w.win.Resize(fyne.NewSize(1920, 1080))
	s.selectSubject(s.view.SubjectIndex("10091009"))
	p := s.subject
	tbl, c := p.lesions.table.Size(), p.chart.chart.Size()
	if tbl.Width < 900 || c.Width < 500 || c.Height < 350 {
		t.Errorf("at 1920×1080: table %v, chart %v", tbl, c)
	}
	if need := lesionTableHeight(p, s.view.Detail(s.view.SubjectIndex("10091009"))); tbl.Height < need {
		t.Errorf("table %v high, needs %v", tbl.Height, need)
	}
}
