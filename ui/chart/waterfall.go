package chart

import (
	"image"
	"math"

	"github.com/recistview/recistview/data/recist"
)

// Render draws the waterfall plot of d into a w×h image (an *image.RGBA) at scale, with p: one
// bar per subject of its best % change of the target sum from baseline, largest increase on
// the left, coloured by best overall response, with the PR (−30 %) and PD (+20 %)
// thresholds. Subject ids are written under the bars only when there is room for them. It
// returns ErrNoData when no subject has a best % change. Render is a RenderFunc.
func (d WaterfallData) Render(w, h int, scale float32, p Palette) (image.Image, error) {
	if len(d.Bars) == 0 {
		return nil, ErrNoData
	}
	c, err := newSurface(w, h, scale, p.Background)
	if err != nil {
		return nil, err
	}
	bars := sortedBars(d.Bars)
	counts := make(map[recist.Response]int)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, b := range bars {
		counts[b.Best]++
		lo, hi = min(lo, b.Pct), max(hi, b.Pct)
	}
	clipped := hi > pctCap
	lo, hi = pctDomain(lo, hi)
	labels, widest := idLabels(c, bars)
	spec := frameSpec{
		legend:  responseLegend(p, func(r recist.Response) int { return counts[r] }),
		caption: waterfallCaption(d.Omitted, clipped),
		yTitle:  "Best change in target sum (%)",
		yShort:  "%",
		xTitle:  "Subjects by best change (n = " + itoa(len(bars)) + ")",
		yAxis: func(hp float64) (float64, float64, []tick) {
			return niceAxis(lo, hi, int(hp/c.u(40)), "")
		},
	}
	if labels {
		spec.below = math.Ceil(widest + c.u(6))
	}
	f, err := layoutFrame(c, p, spec)
	if err != nil {
		return nil, err
	}
	f.drawBack()
	drawBars(f, bars, labels)
	f.thresholds()
	f.drawAxes()
	return c.img, nil
}

// idLabels reports whether the subject ids fit under the bars — each bar about a text line wide
// and the longest id no taller than a fifth of the image — and how long the longest is.
func idLabels(c *surface, bars []Bar) (bool, float64) {
	if len(bars) == 0 || len(bars) > 80 || (c.width()-c.u(100))/float64(len(bars)) < c.u(15) {
		return false, 0
	}
	widest := 0.0
	for _, b := range bars {
		widest = max(widest, c.textWidth(b.ID, sizeLabel))
	}
	return widest <= c.height()*0.2, widest
}

// drawBars draws the bars on whole pixels, with gaps between them when they are wide enough,
// and the subject ids under them when labels is set.
func drawBars(f frame, bars []Bar, labels bool) {
	c, p := f.c, f.p
	n := float64(len(bars))
	span := f.plot.w() - c.u(4)
	x0 := f.plot.x0 + c.u(2)
	slot := span / n
	gap := 0.0
	if slot >= c.u(5) {
		gap = max(1, math.Round(min(slot*0.25, c.u(6))))
	}
	y0 := math.Round(f.y.at(0))
	top := f.y.at(pctCap)
	for i, b := range bars {
		l := math.Round(x0 + float64(i)*slot)
		r := math.Round(x0+float64(i+1)*slot) - gap
		if r <= l {
			r = l + 1
		}
		y := math.Round(max(f.y.at(b.Pct), top))
		// A bar of no change is still drawn, as a sliver, so that its subject does not look
		// missing.
		if thin := math.Max(1, math.Round(c.u(1.5))); math.Abs(y-y0) < thin {
			y = y0 + thin
			if b.Pct > 0 {
				y = y0 - thin
			}
		}
		col := ResponseColor(p, b.Best)
		c.rect(l, min(y, y0), r, max(y, y0), col)
		if b.Pct > pctCap {
			// a break mark across a bar cut off at the top edge
			c.rect(l, y+c.u(6), r, y+c.u(9), p.Background)
		}
		if labels {
			w := c.textWidth(b.ID, sizeLabel)
			c.vtext(b.ID, (l+r)/2, f.plot.y1+c.u(4)+w/2, sizeLabel, p.Foreground)
		}
	}
}

// waterfallCaption says which subjects have no bar and which bars are cut off.
func waterfallCaption(omitted int, clipped bool) string {
	var s string
	switch {
	case omitted == 1:
		s = "1 subject without a best % change is not shown."
	case omitted > 1:
		s = itoa(omitted) + " subjects without a best % change are not shown."
	}
	if clipped {
		if s != "" {
			s += " "
		}
		s += "Bars above +200% are cut off."
	}
	return s
}
