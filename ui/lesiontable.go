package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/data/recist"
	"github.com/recistview/recistview/ui/chart"
)

// Lesion table footer rows that hold responses (drawn as chips), counted from the first
// footer row: target sum, % from baseline, % from nadir, reported, computed.
const (
	footerReported = 3
	footerComputed = 4
)

// lesionTable shows one subject's lesions × assessments: a sticky header row with each
// assessment's name and date, a sticky first column with the lesion code, organ and a node
// marker, sections Target / Non-target / New, and the footer rows. All texts are prepared in
// show, so UpdateCell only picks them.
type lesionTable struct {
	table *widget.Table

	detail *app.SubjectDetail
	rows   []app.LesionRow // detail.Rows then detail.Footer
	footer int             // index of the first footer row
	colors responseColors
	// onAssessment is told the assessment index of a tapped column header; onLesion the lesion
	// of a tapped cell.
	onAssessment func(j int)
	onLesion     func(l *recist.Lesion)
}

func newLesionTable(onAssessment func(int), onLesion func(*recist.Lesion)) *lesionTable {
	t := &lesionTable{onAssessment: onAssessment, onLesion: onLesion, colors: newResponseColors(chart.CurrentPalette())}
	t.table = widget.NewTable(t.length, t.createCell, t.updateCell)
	t.table.ShowHeaderRow = true
	t.table.StickyColumnCount = 1
	t.table.CreateHeader = t.createHeader
	t.table.UpdateHeader = t.updateHeader
	t.table.OnSelected = t.selected
	t.table.SetRowHeight(-1, twoLineHeight())
	return t
}

// show replaces the table's content with d's lesions; with another subject than before it
// scrolls back to the top left.
func (t *lesionTable) show(d *app.SubjectDetail) {
	if t.detail == nil || t.detail.Subject.ID != d.Subject.ID {
		t.table.ScrollToTop()
		t.table.ScrollToLeading()
	}
	t.detail = d
	t.rows = append(append(t.rows[:0], d.Rows...), d.Footer...)
	t.footer = len(d.Rows)
	t.table.UnselectAll()
	t.sizeColumns()
	t.table.Refresh()
}

// clear empties the table.
func (t *lesionTable) clear() {
	t.detail = nil
	t.rows = t.rows[:0]
	t.table.UnselectAll()
	t.table.Refresh()
}

// sizeColumns fits each column to its widest text (within bounds).
func (t *lesionTable) sizeColumns() {
	th := t.table.Theme()
	size := th.Size(theme.SizeNameText)
	pad := 2*th.Size(theme.SizeNameInnerPadding) + 4
	bold := fyne.TextStyle{Bold: true}
	first := fyne.MeasureText("Lesion", size, bold).Width
	for _, r := range t.rows {
		w := fyne.MeasureText(r.Label, size, bold).Width
		if r.Organ != "" {
			w += pad/2 + fyne.MeasureText(r.Organ, size*0.9, fyne.TextStyle{}).Width
		}
		if r.Nodal {
			w += pad + fyne.MeasureText(nodeBadge, size*0.75, fyne.TextStyle{}).Width
		}
		first = max(first, w)
	}
	t.table.SetColumnWidth(0, min(first+pad, 320))
	for j, e := range t.detail.Timeline {
		w := max(fyne.MeasureText(e.Name, size, bold).Width, fyne.MeasureText(e.Date, size*0.9, fyne.TextStyle{}).Width)
		for _, r := range t.rows {
			if j < len(r.Cells) {
				w = max(w, fyne.MeasureText(r.Cells[j].Text, size, bold).Width)
			}
		}
		t.table.SetColumnWidth(j+1, min(max(w+pad+8, 96), 240))
	}
}

// nodeBadge marks a nodal lesion (measured in short axis, nodal rules).
const nodeBadge = "node"

func (t *lesionTable) length() (int, int) {
	if t.detail == nil {
		return 0, 0
	}
	return len(t.rows), len(t.detail.Timeline) + 1
}

func (t *lesionTable) createCell() fyne.CanvasObject {
	return newCell("Follow-up 10", stylePlain)
}

func (t *lesionTable) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*cell)
	if id.Row >= len(t.rows) {
		c.set("", "", stylePlain, nil, false, bgNone)
		return
	}
	r := &t.rows[id.Row]
	section := r.Kind == app.RowSection
	shade := bgNone
	if section || r.Kind == app.RowFooter {
		shade = bgHeader
	}
	if id.Col == 0 {
		style := styleBold
		badge := ""
		if r.Nodal {
			badge = nodeBadge
		}
		c.set(r.Label, r.Organ, style, nil, false, shade)
		c.setBadge(badge)
		return
	}
	c.setBadge("")
	j := id.Col - 1
	if section || j >= len(r.Cells) {
		c.set("", "", stylePlain, nil, false, shade)
		return
	}
	x := &r.Cells[j]
	fi := id.Row - t.footer
	if fi == footerReported || fi == footerComputed {
		resp := recist.Response(x.Text)
		if resp.Rank() < recist.None.Rank() {
			c.set(x.Text, "", styleChip, t.colors.of(resp), x.Mismatch, bgNone)
		} else {
			c.set(x.Text, "", styleMuted, nil, x.Mismatch, bgNone)
		}
		return
	}
	style := stylePlain
	if x.Muted {
		style = styleMuted
	}
	c.set(x.Text, "", style, nil, x.Mismatch, bgNone)
}

func (t *lesionTable) createHeader() fyne.CanvasObject {
	h := newHeaderCell(func(col int) {
		if col >= 1 && t.onAssessment != nil {
			t.onAssessment(col - 1)
		}
	})
	h.twoLines = true
	h.text = "Follow-up 10" // one line: see twoLineHeight
	return h
}

func (t *lesionTable) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	h := o.(*headerCell)
	h.col = id.Col
	switch {
	case id.Col == 0:
		h.set("Lesion", "", styleBold, nil, false, bgNone)
	case t.detail != nil && id.Col-1 < len(t.detail.Timeline):
		e := &t.detail.Timeline[id.Col-1]
		h.set(e.Name, e.Date, styleBold, nil, false, bgNone)
	default:
		h.set("", "", styleBold, nil, false, bgNone)
	}
}

// selected shows the source of the tapped lesion measurement.
func (t *lesionTable) selected(id widget.TableCellID) {
	if id.Row >= len(t.rows) || id.Col < 1 {
		return
	}
	r := &t.rows[id.Row]
	if j := id.Col - 1; j < len(r.Cells) && r.Cells[j].Lesion != nil && t.onLesion != nil {
		t.onLesion(r.Cells[j].Lesion)
	}
}

// setColors changes the chip colours (theme change).
func (t *lesionTable) setColors(rc responseColors) {
	t.colors = rc
	t.table.Refresh()
}
