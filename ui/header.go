package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// headerCell is a table header that reacts to a tap: the subject list sorts by its column, the
// lesion table shows the source of its assessment. col is set by UpdateHeader.
type headerCell struct {
	cell
	col   int
	onTap func(col int)
}

var (
	_ fyne.Tappable      = (*headerCell)(nil)
	_ desktop.Cursorable = (*headerCell)(nil)
)

func newHeaderCell(onTap func(col int)) *headerCell {
	h := &headerCell{onTap: onTap}
	h.style = styleBold
	h.ExtendBaseWidget(h)
	return h
}

// Tapped implements fyne.Tappable.
func (h *headerCell) Tapped(*fyne.PointEvent) {
	if h.onTap != nil {
		h.onTap(h.col)
	}
}

// Cursor implements desktop.Cursor: a pointer shows the header can be clicked.
func (h *headerCell) Cursor() desktop.Cursor { return desktop.PointerCursor }

// twoLineHeight is the height of a two-line header cell. Table templates are one line high
// (a table makes every row as high as the taller of its cell and header templates), and the
// header row is given this height with SetRowHeight(-1, …).
func twoLineHeight() float32 {
	c := newCell("Ag", styleBold)
	c.sub, c.twoLines = "Ag", true
	return c.MinSize().Height
}
