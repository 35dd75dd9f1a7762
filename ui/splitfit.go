package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// splitFit lays out a split so that its leading pane gets the length it wants for the space
// there is (the subject list's width, the lesion table's share), whenever that space or the
// wanted length changes. Dragging the divider still works: the user's offset stays until the
// window is resized or the wanted length changes (the list collapsing, say).
type splitFit struct {
	split *container.Split
	// want is the leading pane's wanted length (width of a horizontal split, height of a
	// vertical one) for a split of total length.
	want func(total float32) float32
	// lastTotal and lastWant are what the offset was last set for.
	lastTotal, lastWant float32
}

// newSplitFit returns split inside a container that fits its offset with want.
func newSplitFit(split *container.Split, want func(total float32) float32) (*fyne.Container, *splitFit) {
	l := &splitFit{split: split, want: want}
	return container.New(l, split), l
}

func (l *splitFit) total(size fyne.Size) float32 {
	if l.split.Horizontal {
		return size.Width
	}
	return size.Height
}

// Layout implements fyne.Layout.
func (l *splitFit) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if off, ok := l.fit(size); ok {
		l.split.Offset = off
	}
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(size)
	}
}

// fit returns the offset for size, and true when the size or the wanted length changed
// since the offset was last fitted.
func (l *splitFit) fit(size fyne.Size) (float64, bool) {
	total := l.total(size)
	if total <= 0 {
		return 0, false
	}
	want := l.want(total)
	if total == l.lastTotal && want == l.lastWant {
		return 0, false
	}
	l.lastTotal, l.lastWant = total, want
	return float64(min(max(want/total, 0), 1)), true
}

// refit applies a changed wanted length now (the layout runs only when the size changes).
func (l *splitFit) refit() {
	if off, ok := l.fit(l.split.Size()); ok {
		l.split.SetOffset(off)
	}
}

// MinSize implements fyne.Layout.
func (l *splitFit) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}
