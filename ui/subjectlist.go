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

// The subject list's columns: all of them next to the study overview, and a compact form —
// who, the best response and the warning mark — while one subject's detail needs the room.
var (
	fullColumns    = []app.Column{app.ColSubject, app.ColSex, app.ColBirthYear, app.ColAssessments, app.ColLastReported, app.ColBest, app.ColBestPct, app.ColFlag}
	compactColumns = []app.Column{app.ColSubject, app.ColBest, app.ColFlag}
)

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
	// cols are the columns shown, in order (fullColumns or compactColumns).
	cols []app.Column
	// widths[mode] is the table's total width with the full (0) and compact (1) columns.
	widths [2]float32
	// headers[col][state] is a column's title on two lines (first word, then the rest) with
	// no arrow (state 0), ▲ (1) or ▼ (2): prepared once so that UpdateHeader builds no strings.
	headers [app.NumColumns][3][2]string
	// onChoose is told the row index the user selected.
	onChoose func(row int)
}

func newSubjectList(onChoose func(row int)) *subjectList {
	l := &subjectList{selected: -1, onChoose: onChoose, colors: newResponseColors(chart.CurrentPalette()), cols: fullColumns}
	for i, t := range app.ColumnTitles {
		first, rest, _ := strings.Cut(t, " ")
		sep := " "
		if rest == "" {
			sep = ""
		}
		l.headers[i] = [3][2]string{{first, rest}, {first, rest + sep + "▲"}, {first, rest + sep + "▼"}}
	}
	l.filter = widget.NewEntry()
	l.filter.SetPlaceHolder("Filter: id, sex, year, response…")
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
	l.widths[1] = l.sizeColumns(compactColumns)
	l.widths[0] = l.sizeColumns(fullColumns)
	l.response.SetSelected(allResponses)
	// The filters wrap onto more lines when the list is narrow.
	filters := container.NewVBox(l.filter, newFlow(container.NewHBox(widget.NewLabel("Best response"), l.response), l.mismatches))
	l.content = container.NewBorder(filters, l.count, nil, nil, l.table)
	return l
}

// width is the table's width (its columns, the scroll bar and the split's padding) in the
// full or compact form.
func (l *subjectList) width(compact bool) float32 {
	w := l.widths[0]
	if compact {
		w = l.widths[1]
	}
	return w + 24
}

// setCompact switches between all columns and the compact form.
func (l *subjectList) setCompact(compact bool) {
	cols := fullColumns
	if compact {
		cols = compactColumns
	}
	if len(cols) == len(l.cols) {
		return
	}
	l.cols = cols
	l.sizeColumns(cols)
	l.table.Refresh()
}

// compact reports whether the list shows the compact form.
func (l *subjectList) compact() bool { return len(l.cols) == len(compactColumns) }

// sizeColumns sets the widths of cols, shown in that order, from each column's title (with a
// sort arrow) and its widest expected text, and returns the table's total width.
func (l *subjectList) sizeColumns(cols []app.Column) float32 {
	th := l.table.Theme()
	size := th.Size(theme.SizeNameText)
	pad := 2 * cellPadding(th)
	bold := fyne.TextStyle{Bold: true}
	total := float32(0)
	for pos, i := range cols {
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
		l.table.SetColumnWidth(pos, w+pad)
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

// sortBy sorts by the column shown at position pos, toggling the direction when it is already
// the sort column.
func (l *subjectList) sortBy(pos int) {
	if pos < 0 || pos >= len(l.cols) {
		return
	}
	c := l.cols[pos]
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
