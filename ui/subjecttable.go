package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/app"
)

// length implements the table's Length.
func (l *subjectList) length() (int, int) { return len(l.order), len(l.cols) }

// updateCell implements the table's UpdateCell without allocating.
func (l *subjectList) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*cell)
	if l.view == nil || id.Row >= len(l.order) || id.Col >= len(l.cols) {
		c.set("", "", stylePlain, nil, false, bgNone)
		return
	}
	row := l.order[id.Row]
	col := l.cols[id.Col]
	text := l.view.Cell(row, col)
	sel := bgNone
	if row == l.selected {
		sel = bgSelected
	}
	switch col {
	case app.ColSubject:
		c.set(text, "", styleBold, nil, false, sel)
	case app.ColBest:
		c.set(text, "", styleChip, l.colors.of(l.view.Rows[row].Best), false, sel)
	case app.ColFlag:
		c.set(text, "", styleWarning, nil, false, sel)
	default:
		c.set(text, "", stylePlain, nil, false, sel)
	}
}

// updateHeader implements the table's UpdateHeader without allocating.
func (l *subjectList) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	h := o.(*headerCell)
	h.col = id.Col
	if id.Col < 0 || id.Col >= len(l.cols) {
		h.set("", "", styleBold, nil, false, bgNone)
		return
	}
	col := l.cols[id.Col]
	state := 0
	if col == l.query.Sort {
		state = 1
		if l.query.Descending {
			state = 2
		}
	}
	text := &l.headers[col][state]
	h.set(text[0], text[1], styleBold, nil, false, bgNone)
}

// subjectTable is the subject list's table. Up and down select the previous and next subject
// (rather than only moving the table's focus cell), so the keyboard works the same whether the
// table has the focus or not.
type subjectTable struct {
	widget.Table
	list *subjectList
}

func newSubjectTable(l *subjectList) *subjectTable {
	t := &subjectTable{list: l}
	t.Length = l.length
	t.CreateCell = func() fyne.CanvasObject { return newCell("Subject 00000000", stylePlain) }
	t.UpdateCell = l.updateCell
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject {
		// The template is one line high so that data rows stay one line high; the header
		// row is made two lines high with SetRowHeight(-1, …).
		h := newHeaderCell(l.sortBy)
		h.twoLines = true
		h.text = "Subject"
		return h
	}
	t.UpdateHeader = l.updateHeader
	t.SetRowHeight(-1, twoLineHeight())
	t.OnSelected = func(id widget.TableCellID) {
		// The table marks one cell; the list marks the whole row instead.
		t.UnselectAll()
		l.choose(id.Row)
		// Take the keyboard from the study or filter field, so that up and down go on to
		// the next subject.
		if c := fyne.CurrentApp().Driver().CanvasForObject(t); c != nil && c.Focused() != fyne.Focusable(t) {
			c.Focus(t)
		}
	}
	t.ExtendBaseWidget(t)
	return t
}

// TypedKey implements fyne.Focusable.
func (t *subjectTable) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyUp:
		t.list.move(-1)
	case fyne.KeyDown:
		t.list.move(1)
	default:
		t.Table.TypedKey(ev)
	}
}
