package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// newFlow is a container that places objects left to right at their minimum size and starts a
// new line when the next one does not fit, so a row of chips and facts never forces its pane
// wider. Like a wrapping label, its minimum height follows its current width.
func newFlow(objs ...fyne.CanvasObject) *fyne.Container {
	l := &flowLayout{}
	c := container.New(l, objs...)
	l.c = c
	return c
}

type flowLayout struct{ c *fyne.Container }

// place lays out (when apply) or measures objs in lines of width; it returns the height.
func (l *flowLayout) place(objs []fyne.CanvasObject, width float32, apply bool) float32 {
	gap := theme.Size(theme.SizeNamePadding)
	x, y, lineH := float32(0), float32(0), float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		if x > 0 && x+m.Width > width {
			x, y, lineH = 0, y+lineH+gap, 0
		}
		if apply {
			o.Move(fyne.NewPos(x, y))
			o.Resize(m)
		}
		x += m.Width + gap
		lineH = max(lineH, m.Height)
	}
	return y + lineH
}

func (l *flowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.place(objs, size.Width, true)
}

func (l *flowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var widest float32
	for _, o := range objs {
		if o.Visible() {
			widest = max(widest, o.MinSize().Width)
		}
	}
	width := widest
	if l.c != nil && l.c.Size().Width > widest {
		width = l.c.Size().Width
	}
	return fyne.NewSize(widest, l.place(objs, width, false))
}
