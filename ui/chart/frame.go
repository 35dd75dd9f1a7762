package chart

import (
	"math"
)

// box is a rectangle in device pixels.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) w() float64 { return b.x1 - b.x0 }
func (b box) h() float64 { return b.y1 - b.y0 }

// frameSpec describes the furniture around a chart's plot area.
type frameSpec struct {
	legend  []legendItem
	caption string
	xTitle  string
	yTitle  string
	// yShort replaces yTitle when the plot is not tall enough for it ("mm", "%").
	yShort string
	// yAxis chooses the y domain and its ticks for a plot area h device pixels high.
	yAxis func(h float64) (lo, hi float64, ticks []tick)
	// xAxis chooses the x domain and its ticks for a plot area w device pixels wide; nil draws
	// no x ticks and makes the x domain [0, 1].
	xAxis func(w float64) (lo, hi float64, ticks []tick)
	// below is extra room, in device pixels, between the plot area and the x title (the
	// waterfall's turned subject labels).
	below float64
}

// frame is a laid-out chart: where the plot area is and how data map onto it.
type frame struct {
	c        *surface
	p        Palette
	spec     frameSpec
	legend   legend
	plot     box
	x, y     linear
	xt, yt   []tick
	legendAt box
}

// tickLen is the length of a tick mark and yInset the gap between the x axis and the lowest y
// value, in logical pixels.
const (
	tickLen = 4
	yInset  = 5
)

// layoutFrame places the legend, caption, titles and axes and returns the plot area. When the
// legend or caption would leave too little room for the plot they are left out; when even
// then the plot would be too small, it returns ErrTooSmall.
func layoutFrame(c *surface, p Palette, spec frameSpec) (frame, error) {
	f, ok := tryLayout(c, p, spec)
	if !ok {
		spec.legend, spec.caption = nil, ""
		if f, ok = tryLayout(c, p, spec); !ok {
			return frame{}, ErrTooSmall
		}
	}
	return f, nil
}

func tryLayout(c *surface, p Palette, spec frameSpec) (frame, bool) {
	f := frame{c: c, p: p, spec: spec}
	pad := c.u(10)
	top, bottom := pad, c.height()-pad
	left, right := pad, c.width()-pad
	if len(spec.legend) > 0 {
		f.legend = c.layoutLegend(spec.legend, right-left)
		f.legendAt = box{left, top, right, top + f.legend.height()}
		top += f.legend.height() + c.u(6)
	}
	top += c.capHeight(sizeTick) / 2 // room for the top tick label
	if spec.caption != "" {
		bottom -= c.capHeight(sizeCaption) + c.faceOf(sizeCaption).descent + c.u(8)
	}
	if spec.xTitle != "" {
		bottom -= c.capHeight(sizeTitle) + c.faceOf(sizeTitle).descent + c.u(8)
	}
	bottom -= spec.below
	if spec.xAxis != nil {
		bottom -= c.u(tickLen) + c.u(6) + c.capHeight(sizeTick) + c.faceOf(sizeTick).descent
	}
	if spec.yTitle != "" {
		left += c.capHeight(sizeTitle)*1.25 + c.faceOf(sizeTitle).descent + c.u(8)
	}
	if bottom-top < c.u(48) || bottom-top < 0.35*c.height() {
		return f, false
	}
	ylo, yhi, yt := spec.yAxis(bottom - top)
	widest := 0.0
	for _, t := range yt {
		widest = max(widest, c.textWidth(t.label, sizeTick))
	}
	left += math.Ceil(widest) + c.u(6) + c.u(tickLen)
	xlo, xhi := 0.0, 1.0
	var xt []tick
	if spec.xAxis != nil {
		right -= c.u(6)
		xlo, xhi, xt = spec.xAxis(right - left)
	}
	if right-left < c.u(64) {
		return f, false
	}
	f.plot = box{math.Round(left), math.Round(top), math.Round(right), math.Round(bottom)}
	f.x = linear{xlo, xhi, f.plot.x0, f.plot.x1}
	// The lowest value sits a little above the x axis so that lines and markers on it (a
	// −100 % course, a 0 mm sum) stay visible.
	f.y = linear{ylo, yhi, f.plot.y1 - math.Round(c.u(yInset)), f.plot.y0}
	f.xt, f.yt = xt, yt
	return f, true
}

// drawBack draws what goes under the data: the legend, the grid and the caption.
func (f frame) drawBack() {
	c, p := f.c, f.p
	if len(f.legend.rows) > 0 {
		c.drawLegend(f.legend, f.legendAt.x0, f.legendAt.y0, p)
	}
	gw := max(1, math.Round(c.u(1)))
	for _, t := range f.yt {
		y := f.y.at(t.v)
		c.line(f.plot.x0, y, f.plot.x1, y, gw, p.Grid, nil)
	}
	for _, t := range f.xt {
		x := f.x.at(t.v)
		c.line(x, f.plot.y0, x, f.plot.y1, gw, p.Grid, nil)
	}
	if f.spec.caption != "" {
		y := c.height() - c.u(10) - c.faceOf(sizeCaption).descent
		c.text(f.spec.caption, c.u(10), y, sizeCaption, p.Muted, alignLeft, alignBaseline)
	}
}

// drawAxes draws the axis lines, ticks, tick labels and titles over the data.
func (f frame) drawAxes() {
	c, p := f.c, f.p
	aw := max(1, math.Round(c.u(1)))
	axis := withAlpha(p.Foreground, 0.75)
	tl := c.u(tickLen)
	c.line(f.plot.x0, f.plot.y0, f.plot.x0, f.plot.y1, aw, axis, nil)
	for _, t := range f.yt {
		y := f.y.at(t.v)
		c.line(f.plot.x0-tl, y, f.plot.x0, y, aw, axis, nil)
		c.text(t.label, f.plot.x0-tl-c.u(5), y, sizeTick, p.Foreground, alignRight, alignMiddle)
	}
	if f.spec.xAxis != nil {
		c.line(f.plot.x0, f.plot.y1, f.plot.x1, f.plot.y1, aw, axis, nil)
		ly := f.plot.y1 + tl + c.u(5)
		for _, t := range f.xt {
			x := f.x.at(t.v)
			c.line(x, f.plot.y1, x, f.plot.y1+tl, aw, axis, nil)
			half := c.textWidth(t.label, sizeTick) / 2
			lx := min(max(x, c.u(4)+half), c.width()-c.u(4)-half)
			c.text(t.label, lx, ly, sizeTick, p.Foreground, alignCenter, alignTop)
		}
	}
	if f.spec.xTitle != "" {
		y := f.plot.y1 + f.spec.below + c.u(8) + c.capHeight(sizeTitle)
		if f.spec.xAxis != nil {
			y += tl + c.u(6) + c.capHeight(sizeTick) + c.faceOf(sizeTick).descent
		}
		c.text(f.spec.xTitle, (f.plot.x0+f.plot.x1)/2, y, sizeTitle, p.Foreground, alignCenter, alignBaseline)
	}
	title := f.spec.yTitle
	if c.textWidth(title, sizeTitle) > f.plot.h() {
		title = f.spec.yShort
	}
	if title != "" && c.textWidth(title, sizeTitle) <= f.plot.h() {
		x := c.u(10) + c.capHeight(sizeTitle)*0.75
		c.vtext(title, x, (f.plot.y0+f.plot.y1)/2, sizeTitle, p.Foreground)
	}
}
