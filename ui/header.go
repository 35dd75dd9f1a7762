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
	_ fyne.Tappable  = (*headerCell)(nil)
	_ desktop.Cursor = (*headerCell)(nil)
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
