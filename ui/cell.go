package ui

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// cellStyle says how a cell draws its text.
type cellStyle uint8

const (
	stylePlain   cellStyle = iota
	styleMuted             // nothing measured, unknown: the theme's disabled colour
	styleBold              // headers, section rows, lesion codes
	styleChip              // a response chip: text on a rounded patch of the response colour
	styleWarning           // a warning mark in the theme's warning colour
)

// cellBg is a cell's background.
type cellBg uint8

const (
	bgNone     cellBg = iota
	bgSelected        // the selected row
	bgHeader          // section and footer labels
)

// cell is the one cell template of RECIST View's tables, and its chips: a main text, an
// optional muted second text (beside it, or under it with twoLines), an optional outlined badge,
// and backgrounds for a selected row and a mismatch. set changes it without allocating, so
// tables can call it from UpdateCell.
type cell struct {
	widget.BaseWidget

	text, sub, badge string
	style            cellStyle
	chip             color.Color
	mismatch         bool
	bg               cellBg
	twoLines         bool
	align            fyne.TextAlign
}

var _ fyne.Widget = (*cell)(nil)

// newCell makes a cell showing text.
func newCell(text string, style cellStyle) *cell {
	c := &cell{text: text, style: style}
	c.ExtendBaseWidget(c)
	return c
}

// set changes what the cell shows and refreshes it only if something changed.
func (c *cell) set(text, sub string, style cellStyle, chip color.Color, mismatch bool, bg cellBg) {
	if c.text == text && c.sub == sub && c.style == style && c.chip == chip && c.mismatch == mismatch && c.bg == bg {
		return
	}
	c.text, c.sub, c.style, c.chip, c.mismatch, c.bg = text, sub, style, chip, mismatch, bg
	c.Refresh()
}

// setBadge changes the outlined badge after the texts ("" for none).
func (c *cell) setBadge(badge string) {
	if c.badge != badge {
		c.badge = badge
		c.Refresh()
	}
}

// CreateRenderer implements fyne.Widget.
func (c *cell) CreateRenderer() fyne.WidgetRenderer {
	r := &cellRenderer{
		c:      c,
		bg:     canvas.NewRectangle(color.Transparent),
		patch:  canvas.NewRectangle(color.Transparent),
		badgeR: canvas.NewRectangle(color.Transparent),
		text:   canvas.NewText("", color.Black),
		sub:    canvas.NewText("", color.Black),
		badge:  canvas.NewText("", color.Black),
	}
	r.objects = []fyne.CanvasObject{r.bg, r.patch, r.badgeR, r.text, r.sub, r.badge}
	r.Refresh()
	return r
}

type cellRenderer struct {
	c                 *cell
	bg, patch, badgeR *canvas.Rectangle
	text, sub, badge  *canvas.Text
	objects           []fyne.CanvasObject
}

func (r *cellRenderer) Destroy() {}

func (r *cellRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *cellRenderer) chipPad() (float32, float32) {
	th := r.c.Theme()
	return th.Size(theme.SizeNameInnerPadding) * 0.75, th.Size(theme.SizeNamePadding) * 0.5
}

// cellPadding is the space left and right of a cell's content.
func cellPadding(th fyne.Theme) float32 { return th.Size(theme.SizeNameInnerPadding) * 0.75 }

func (r *cellRenderer) MinSize() fyne.Size {
	th := r.c.Theme()
	pad := cellPadding(th)
	t := r.text.MinSize()
	w, h := t.Width, t.Height
	if r.c.style == styleChip && r.c.text != "" {
		px, py := r.chipPad()
		w += 2 * px
		h += 2 * py
	}
	if r.c.sub != "" {
		s := r.sub.MinSize()
		if r.c.twoLines {
			w = max(w, s.Width)
			h += s.Height
		} else {
			w += pad/2 + s.Width
		}
	}
	if r.c.badge != "" {
		w += pad/2 + r.badge.MinSize().Width + pad/2
	}
	return fyne.NewSize(w+2*pad, h+th.Size(theme.SizeNamePadding)*2)
}

func (r *cellRenderer) Layout(size fyne.Size) {
	th := r.c.Theme()
	pad := cellPadding(th)
	r.bg.Resize(size)
	r.bg.Move(fyne.Position{})

	t := r.text.MinSize()
	contentW := t.Width
	if r.c.style == styleChip && r.c.text != "" {
		px, _ := r.chipPad()
		contentW += 2 * px
	}
	var s fyne.Size
	if r.c.sub != "" {
		s = r.sub.MinSize()
	}
	height := t.Height
	if r.c.twoLines && r.c.sub != "" {
		height += s.Height
	}
	x := pad
	switch r.c.align {
	case fyne.TextAlignCenter:
		x = (size.Width - contentW) / 2
	case fyne.TextAlignTrailing:
		x = size.Width - pad - contentW
	}
	y := (size.Height - height) / 2

	if r.c.style == styleChip && r.c.text != "" {
		px, py := r.chipPad()
		r.patch.Move(fyne.NewPos(x, y-py))
		r.patch.Resize(fyne.NewSize(contentW, t.Height+2*py))
		r.text.Move(fyne.NewPos(x+px, y))
	} else {
		r.patch.Resize(fyne.Size{})
		r.text.Move(fyne.NewPos(x, y))
	}
	r.text.Resize(t)
	end := x + contentW
	if r.c.sub != "" {
		if r.c.twoLines {
			r.sub.Move(fyne.NewPos(x, y+t.Height))
			end = max(end, x+s.Width)
		} else {
			r.sub.Move(fyne.NewPos(end+pad/2, y+(t.Height-s.Height)/2))
			end += pad/2 + s.Width
		}
		r.sub.Resize(s)
	}
	if r.c.badge != "" {
		b := r.badge.MinSize()
		bx := end + pad/2
		by := (size.Height - b.Height) / 2
		r.badge.Move(fyne.NewPos(bx+pad/4, by))
		r.badge.Resize(b)
		r.badgeR.Move(fyne.NewPos(bx, by))
		r.badgeR.Resize(fyne.NewSize(b.Width+pad/2, b.Height))
	} else {
		r.badgeR.Resize(fyne.Size{})
		r.badge.Resize(fyne.Size{})
	}
}

func (r *cellRenderer) Refresh() {
	c := r.c
	th := c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, v)
	muted := th.Color(theme.ColorNamePlaceHolder, v)
	size := th.Size(theme.SizeNameText)

	switch {
	case c.mismatch:
		r.bg.FillColor = withAlpha(th.Color(theme.ColorNameWarning, v), 0x40)
	case c.bg == bgSelected:
		r.bg.FillColor = th.Color(theme.ColorNameSelection, v)
	case c.bg == bgHeader:
		r.bg.FillColor = th.Color(theme.ColorNameHeaderBackground, v)
	default:
		r.bg.FillColor = color.Transparent
	}

	r.text.Text = c.text
	r.text.TextSize = size
	r.text.TextStyle = fyne.TextStyle{Bold: c.style == styleBold || c.style == styleChip}
	r.patch.FillColor = color.Transparent
	r.patch.CornerRadius = th.Size(theme.SizeNameSelectionRadius) * 2
	switch c.style {
	case styleMuted:
		r.text.Color = muted
	case styleWarning:
		r.text.Color = th.Color(theme.ColorNameWarning, v)
	case styleChip:
		if c.chip != nil && c.text != "" {
			r.patch.FillColor = c.chip
			r.text.Color = onColor(c.chip)
		} else {
			r.text.Color = fg
		}
		r.text.TextSize = size * 0.9
	default:
		r.text.Color = fg
	}

	r.sub.Text = c.sub
	r.sub.Color = muted
	r.sub.TextSize = size * 0.9

	r.badge.Text = c.badge
	r.badge.Color = muted
	r.badge.TextSize = size * 0.75
	r.badgeR.FillColor = color.Transparent
	r.badgeR.StrokeColor = muted
	r.badgeR.StrokeWidth = 1
	r.badgeR.CornerRadius = th.Size(theme.SizeNameSelectionRadius)

	r.Layout(c.Size())
	for _, o := range r.objects {
		o.Refresh()
	}
}

// withAlpha returns c with its alpha replaced, for tints of theme colours.
func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

// onColor is black or white, whichever reads better on bg (WCAG relative luminance).
func onColor(bg color.Color) color.Color {
	r, g, b, _ := bg.RGBA()
	lum := 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	if lum > 0.3 {
		return color.Black
	}
	return color.White
}

func lin(v uint32) float64 {
	c := float64(v) / 0xffff
	if c <= 0.04045 {
		return c / 12.92
	}
	return math.Pow((c+0.055)/1.055, 2.4)
}
