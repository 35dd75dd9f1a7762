package chart

import (
	"image/color"
	"math"
)

// keyKind is the swatch drawn in front of a legend label.
type keyKind int

const (
	keyDot    keyKind = iota // a filled marker
	keyHollow                // an outlined marker
	keyRing                  // the mismatch ring around a marker
	keyLine                  // a solid line
	keyDash                  // a dashed line
	keyDots                  // a dotted line
	keyBar                   // a filled square
	keyNone                  // no swatch: a heading for the items after it
)

// legendItem is one entry of a legend.
type legendItem struct {
	kind  keyKind
	col   color.NRGBA
	label string
}

// legendRow is the items of one line of a laid-out legend with their x positions.
type legendRow struct {
	items []legendItem
	xs    []float64
}

// legend is a legend laid out in rows that fit a width.
type legend struct {
	rows  []legendRow
	lineH float64
}

// swatchWidth is the width of a legend item's swatch, in device pixels.
func (c *surface) swatchWidth(k keyKind) float64 {
	switch k {
	case keyLine, keyDash, keyDots:
		return c.u(22)
	case keyNone:
		return -c.u(6) // no swatch and no gap before the text
	}
	return c.u(11)
}

// layoutLegend flows items left to right in rows no wider than width.
func (c *surface) layoutLegend(items []legendItem, width float64) legend {
	l := legend{lineH: math.Ceil(c.capHeight(sizeLegend) + c.u(10))}
	gapAfter, gapIn := c.u(16), c.u(6)
	var row legendRow
	x := 0.0
	for _, it := range items {
		w := c.swatchWidth(it.kind) + gapIn + c.textWidth(it.label, sizeLegend)
		if x > 0 && x+w > width {
			l.rows = append(l.rows, row)
			row, x = legendRow{}, 0
		}
		row.items = append(row.items, it)
		row.xs = append(row.xs, x)
		x += w + gapAfter
	}
	if len(row.items) > 0 {
		l.rows = append(l.rows, row)
	}
	return l
}

// height is the height of the laid-out legend.
func (l legend) height() float64 { return float64(len(l.rows)) * l.lineH }

// drawLegend draws a laid-out legend with its top left corner at (x, y).
func (c *surface) drawLegend(l legend, x, y float64, p Palette) {
	for r, row := range l.rows {
		mid := math.Round(y + (float64(r)+0.5)*l.lineH)
		for i, it := range row.items {
			sx := x + row.xs[i]
			sw := c.swatchWidth(it.kind)
			c.swatch(it, sx, mid, sw, p)
			c.text(it.label, sx+sw+c.u(6), mid, sizeLegend, p.Foreground, alignLeft, alignMiddle)
		}
	}
}

// swatch draws the key of a legend item in the box of width w centred vertically on mid.
func (c *surface) swatch(it legendItem, x, mid, w float64, p Palette) {
	r := c.u(markerRadius)
	cx := x + w/2
	switch it.kind {
	case keyDot:
		c.dot(cx, mid, r, it.col, p.Background, c.u(1))
	case keyHollow:
		c.dot(cx, mid, r, p.Background, it.col, c.u(1.75))
	case keyRing:
		c.dot(cx, mid, r, p.Muted, p.Background, c.u(1))
		c.ring(cx, mid, r+c.u(ringGap), c.u(1.75), it.col)
	case keyLine:
		c.line(x, mid, x+w, mid, c.u(2), it.col, nil)
	case keyDash:
		c.line(x, mid, x+w, mid, c.u(1.5), it.col, c.dash(5, 3))
	case keyDots:
		c.line(x, mid, x+w, mid, c.u(1.5), it.col, c.dash(1.5, 2.5))
	case keyBar:
		s := math.Round(c.u(10))
		c.rect(cx-s/2, mid-s/2, cx+s/2, mid+s/2, it.col)
	}
}

// Marker geometry in logical pixels.
const (
	markerRadius = 4.5
	ringGap      = 3.25
)
