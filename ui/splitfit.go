package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// splitFit lays out a horizontal split so that its leading pane gets the width it wants
// (the whole subject list), within bounds, whenever the window width changes. Dragging the
// divider still works: the user's offset stays until the window is resized.
type splitFit struct {
	split     *container.Split
	want      func() float32
	lastWidth float32
}

// Minimum and maximum share of the width for the leading pane.
const (
	splitMin = 0.3
	splitMax = 0.56
)

func (l *splitFit) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size.Width != l.lastWidth && size.Width > 0 {
		l.lastWidth = size.Width
		l.split.Offset = float64(min(max(l.want()/size.Width, splitMin), splitMax))
	}
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(size)
	}
}

func (l *splitFit) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}
