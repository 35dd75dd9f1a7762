package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/data/blazesim"
)

// largeStudy signs in and loads DEMO-500 (500 subjects).
func largeStudy(tb testing.TB) *studyScreen {
	f := newFixture(tb, Options{})
	f.signIn(tb)
	s := f.openStudy(tb, blazesim.LargeStudy)
	if s.view == nil || len(s.view.Rows) != 500 {
		tb.Fatalf("DEMO-500 did not load: %q", s.top.status.Text)
	}
	return s
}

// TestUpdateCellDoesNotAllocate checks the subject list's and the lesion table's UpdateCell
// when a cell is bound to the data it already shows (as while scrolling back and forth over
// rows whose cells Fyne reuses): the texts and colours are prepared, nothing is built.
func TestUpdateCellDoesNotAllocate(t *testing.T) {
	_, s := openDemoStudy(t)
	c := s.list.table.CreateCell().(*cell)
	test.NewWindow(c).Resize(c.MinSize())
	for col := range app.NumColumns {
		id := widget.TableCellID{Row: 4, Col: int(col)}
		s.list.updateCell(id, c)
		if n := testing.AllocsPerRun(50, func() { s.list.updateCell(id, c) }); n != 0 {
			t.Errorf("subject list column %d: %v allocations per UpdateCell", col, n)
		}
	}
	s.selectSubject(s.view.SubjectIndex(goldenSubject))
	lt := s.subject.lesions
	rows, cols := lt.length()
	for _, id := range []widget.TableCellID{{Row: 1, Col: 0}, {Row: 1, Col: 1}, {Row: rows - 1, Col: cols - 1}} {
		lt.updateCell(id, c)
		if n := testing.AllocsPerRun(50, func() { lt.updateCell(id, c) }); n != 0 {
			t.Errorf("lesion table cell %v: %v allocations per UpdateCell", id, n)
		}
	}
}

// BenchmarkSubjectListUpdateCell binds every cell of DEMO-500's subject list in turn, as a
// scroll from top to bottom does.
func BenchmarkSubjectListUpdateCell(b *testing.B) {
	s := largeStudy(b)
	cells := make([]*cell, app.NumColumns)
	for i := range cells {
		cells[i] = s.list.table.CreateCell().(*cell)
	}
	rows := len(s.list.order)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		row := i % rows
		for col, c := range cells {
			s.list.updateCell(widget.TableCellID{Row: row, Col: col}, c)
		}
	}
}

// BenchmarkSelectSubject is choosing a subject of DEMO-500: the detail, the lesion table, the
// timeline and the chart's data.
func BenchmarkSelectSubject(b *testing.B) {
	s := largeStudy(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		s.selectSubject(i % len(s.view.Rows))
	}
}
