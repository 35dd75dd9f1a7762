package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/data/recist"
	"github.com/recistview/recistview/ui/chart"
)

// allResponses is the response filter's "no filter" choice.
const allResponses = "All"

// widestCells are the widest texts expected in each column, in app.Column order; the column
// widths are measured from them and the titles.
var widestCells = [app.NumColumns]string{"10091001", "M", "1999", "99", "NON-CR/NON-PD", "NON-CR/NON-PD", "-100.0 %", "⚠"}

// subjectList is the left pane: the filters and the table of subjects.
type subjectList struct {
	filter     *widget.Entry
	response   *widget.Select
	mismatches *widget.Check
	table      *subjectTable
	count      *widget.Label
	content    fyne.CanvasObject

	view     *app.StudyView
	query    app.Query
	order    []int // row indices of view, filtered and sorted
	selected int   // row index of the selected subject, -1 for none
	colors   responseColors
	// headers[col][state] is a column's title on two lines (first word, then the rest) with
	// no arrow (state 0), ▲ (1) or ▼ (2): prepared once so that UpdateHeader builds no strings.
	headers [app.NumColumns][3][2]string
	// onChoose is told the row index the user selected.
	onChoose func(row int)
}

func newSubjectList(onChoose func(row int)) *subjectList {
	l := &subjectList{selected: -1, onChoose: onChoose, colors: newResponseColors(chart.CurrentPalette())}
	for i, t := range app.ColumnTitles {
		first, rest, _ := strings.Cut(t, " ")
		sep := " "
		if rest == "" {
			sep = ""
		}
		l.headers[i] = [3][2]string{{first, rest}, {first, rest + sep + "▲"}, {first, rest + sep + "▼"}}
	}
	l.filter = widget.NewEntry()
	l.filter.SetPlaceHolder("Filter: subject id, sex, year, response…")
	l.filter.OnChanged = func(text string) {
		l.query.Text = text
		l.reselect()
	}
	options := []string{allResponses}
	for _, r := range recist.Responses {
		options = append(options, string(r))
	}
	l.response = widget.NewSelect(options, func(choice string) {
		l.query.Response = recist.None
		if choice != allResponses {
			l.query.Response = recist.Response(choice)
		}
		l.reselect()
	})
	l.mismatches = widget.NewCheck("Only disagreements", func(on bool) {
		l.query.OnlyMismatches = on
		l.reselect()
	})
	l.count = widget.NewLabel("")
	l.count.Importance = widget.MediumImportance

	l.table = newSubjectTable(l)
	l.sizeColumns()
	l.response.SetSelected(allResponses)
	filters := container.NewVBox(l.filter, container.NewHBox(widget.NewLabel("Best response"), l.response, l.mismatches))
	l.content = container.NewBorder(filters, l.count, nil, nil, l.table)
	return l
}

// sizeColumns sets each column's width from its title (with a sort arrow) and its widest
// expected text, and returns the table's total width.
func (l *subjectList) sizeColumns() float32 {
	th := l.table.Theme()
	size := th.Size(theme.SizeNameText)
	pad := 2 * cellPadding(th)
	bold := fyne.TextStyle{Bold: true}
	total := float32(0)
	for i := range app.NumColumns {
		title := &l.headers[i][2]
		w := max(fyne.MeasureText(title[0], size, bold).Width, fyne.MeasureText(title[1], size*0.9, fyne.TextStyle{}).Width)
		switch i {
		case app.ColBest: // a chip: smaller bold text with its own padding
			w = max(w, fyne.MeasureText(widestCells[i], size*0.9, bold).Width+th.Size(theme.SizeNameInnerPadding)*1.5)
		case app.ColSubject:
			w = max(w, fyne.MeasureText(widestCells[i], size, bold).Width)
		default:
			w = max(w, fyne.MeasureText(widestCells[i], size, fyne.TextStyle{}).Width)
		}
		l.table.SetColumnWidth(int(i), w+pad)
		total += w + pad + th.Size(theme.SizeNamePadding)
	}
	return total
}

// setView shows v, keeping the filter, the order and the selected subject (by id).
func (l *subjectList) setView(v *app.StudyView, selectedID string) {
	l.view = v
	l.selected = -1
	if v != nil && selectedID != "" {
		l.selected = v.SubjectIndex(selectedID)
	}
	l.reselect()
}

// reselect applies the query again.
func (l *subjectList) reselect() {
	if l.view == nil {
		l.order = l.order[:0]
		l.count.SetText("")
	} else {
		l.order = l.view.Select(l.query)
		l.count.SetText(strconv.Itoa(len(l.order)) + " of " + strconv.Itoa(len(l.view.Rows)) + " subjects shown")
	}
	l.table.Refresh()
}

// sortBy sorts by col, toggling the direction when it is already the sort column.
func (l *subjectList) sortBy(col int) {
	c := app.Column(col)
	if l.query.Sort == c {
		l.query.Descending = !l.query.Descending
	} else {
		l.query.Sort, l.query.Descending = c, false
	}
	l.reselect()
}

// choose selects the subject at position pos of the shown order.
func (l *subjectList) choose(pos int) {
	if pos < 0 || pos >= len(l.order) {
		return
	}
	l.selected = l.order[pos]
	l.table.ScrollTo(widget.TableCellID{Row: pos, Col: 0})
	l.table.Refresh()
	l.onChoose(l.selected)
}

// move selects the subject delta positions away from the selected one (up/down keys).
func (l *subjectList) move(delta int) {
	if len(l.order) == 0 {
		return
	}
	pos := -1
	for i, r := range l.order {
		if r == l.selected {
			pos = i
			break
		}
	}
	switch {
	case pos < 0 && delta > 0:
		pos = 0
	case pos < 0:
		pos = len(l.order) - 1
	default:
		pos = min(max(pos+delta, 0), len(l.order)-1)
	}
	l.choose(pos)
}

// setColors changes the chip colours (theme change).
func (l *subjectList) setColors(rc responseColors) {
	l.colors = rc
	l.table.Refresh()
}

// length implements the table's Length.
func (l *subjectList) length() (int, int) { return len(l.order), int(app.NumColumns) }

// updateCell implements the table's UpdateCell without allocating.
func (l *subjectList) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*cell)
	if l.view == nil || id.Row >= len(l.order) {
		c.set("", "", stylePlain, nil, false, bgNone)
		return
	}
	row := l.order[id.Row]
	col := app.Column(id.Col)
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
	if id.Col < 0 || id.Col >= int(app.NumColumns) {
		h.set("", "", styleBold, nil, false, bgNone)
		return
	}
	state := 0
	if app.Column(id.Col) == l.query.Sort {
		state = 1
		if l.query.Descending {
			state = 2
		}
	}
	text := &l.headers[id.Col][state]
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
