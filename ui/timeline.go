package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/data/recist"
)

// timeline is a subject's assessments as cards: name, date, and the reported and computed
// responses side by side, with disagreements highlighted. The cards wrap onto as many lines as
// the width needs, and scroll. Tapping one shows its source.
type timeline struct {
	box      *fyne.Container
	content  fyne.CanvasObject
	cards    []*tapCard
	onSelect func(j int)
}

func newTimeline(onSelect func(j int)) *timeline {
	t := &timeline{onSelect: onSelect}
	t.box = newFlow()
	t.content = container.NewVScroll(container.NewPadded(t.box))
	return t
}

// show builds the cards of d's assessments.
func (t *timeline) show(d *app.SubjectDetail, rc responseColors) {
	t.cards = t.cards[:0]
	objs := make([]fyne.CanvasObject, 0, len(d.Timeline))
	for j := range d.Timeline {
		card := newTapCard(timelineEntry(&d.Timeline[j], rc), func() { t.choose(j) })
		card.warn = d.Timeline[j].Mismatch
		t.cards = append(t.cards, card)
		objs = append(objs, card)
	}
	t.box.Objects = objs
	t.box.Refresh()
}

// clear removes the cards.
func (t *timeline) clear() {
	t.cards = t.cards[:0]
	t.box.Objects = nil
	t.box.Refresh()
}

// choose marks card j as selected and reports it.
func (t *timeline) choose(j int) {
	t.mark(j)
	if t.onSelect != nil {
		t.onSelect(j)
	}
}

// mark shows card j as selected (-1: none) without reporting it.
func (t *timeline) mark(j int) {
	for i, c := range t.cards {
		c.setSelected(i == j)
	}
}

// timelineEntry lays out one assessment.
func timelineEntry(e *app.TimelineEntry, rc responseColors) fyne.CanvasObject {
	title := newCell(e.Name, styleBold)
	title.sub = e.Date
	title.twoLines = true
	if e.Inferred {
		title.badge = "inferred"
	}
	reported := responseChip(e.Reported, e.ReportedText, "reported", rc)
	computed := responseChip(e.Computed, "", "computed", rc)
	if e.Mismatch {
		computed.badge = "⚠ differs"
	}
	return container.New(layout.NewCustomPaddedVBoxLayout(0), title, reported, computed)
}

// responseChip is a response as a coloured chip with a caption; a response-less text (a
// baseline's "No") in muted letters.
func responseChip(r recist.Response, text, caption string, rc responseColors) *cell {
	var c *cell
	switch {
	case r != recist.None:
		c = newCell(string(r), styleChip)
		c.chip = rc.of(r)
	case text != "":
		c = newCell(text, styleMuted)
	default:
		c = newCell("—", styleMuted)
	}
	c.sub = caption
	return c
}

// tapCard is a rounded panel that reacts to a tap, marked when selected or when it holds a
// disagreement.
type tapCard struct {
	widget.BaseWidget
	content  fyne.CanvasObject
	onTap    func()
	selected bool
	warn     bool
}

var (
	_ fyne.Tappable      = (*tapCard)(nil)
	_ desktop.Cursorable = (*tapCard)(nil)
)

func newTapCard(content fyne.CanvasObject, onTap func()) *tapCard {
	c := &tapCard{content: content, onTap: onTap}
	c.ExtendBaseWidget(c)
	return c
}

func (c *tapCard) setSelected(on bool) {
	if c.selected != on {
		c.selected = on
		c.Refresh()
	}
}

// Tapped implements fyne.Tappable.
func (c *tapCard) Tapped(*fyne.PointEvent) {
	if c.onTap != nil {
		c.onTap()
	}
}

// Cursor implements desktop.Cursor.
func (c *tapCard) Cursor() desktop.Cursor { return desktop.PointerCursor }

// CreateRenderer implements fyne.Widget.
func (c *tapCard) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.Transparent)
	r := &tapCardRenderer{c: c, bg: bg, stack: container.NewStack(bg, container.New(layout.NewCustomPaddedLayout(2, 2, 2, 2), c.content))}
	r.Refresh()
	return r
}

type tapCardRenderer struct {
	c     *tapCard
	bg    *canvas.Rectangle
	stack *fyne.Container
}

func (r *tapCardRenderer) Destroy()                     {}
func (r *tapCardRenderer) Layout(s fyne.Size)           { r.stack.Resize(s) }
func (r *tapCardRenderer) MinSize() fyne.Size           { return r.stack.MinSize() }
func (r *tapCardRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.stack} }

func (r *tapCardRenderer) Refresh() {
	th := r.c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.bg.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.bg.StrokeWidth = 1
	r.bg.FillColor = th.Color(theme.ColorNameInputBackground, v)
	r.bg.StrokeColor = th.Color(theme.ColorNameSeparator, v)
	if r.c.warn {
		r.bg.FillColor = withAlpha(th.Color(theme.ColorNameWarning, v), 0x30)
		r.bg.StrokeColor = th.Color(theme.ColorNameWarning, v)
	}
	if r.c.selected {
		r.bg.StrokeColor = th.Color(theme.ColorNamePrimary, v)
		r.bg.StrokeWidth = 2
	}
	r.bg.Refresh()
}
