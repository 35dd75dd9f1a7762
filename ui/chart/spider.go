package chart

import (
	"image"
	"math"

	"github.com/recistview/recistview/data/recist"
)

// Render draws the spider plot of d into a w×h image (an *image.RGBA) at scale, with p: one
// line per subject of the % change of the target sum from baseline over weeks on study,
// coloured by the subject's best overall response, with the PR (−30 %) and PD (+20 %)
// thresholds. It returns ErrNoData when no subject has a % change to plot. Render is a
// RenderFunc.
func (d SpiderData) Render(w, h int, scale float32, p Palette) (image.Image, error) {
	if len(d.Subjects) == 0 {
		return nil, ErrNoData
	}
	c, err := newSurface(w, h, scale, p.Background)
	if err != nil {
		return nil, err
	}
	lo, hi, wmax := math.Inf(1), math.Inf(-1), 0.0
	counts := make(map[recist.Response]int)
	seen := make(map[string]bool, len(d.Subjects))
	for _, s := range d.Subjects {
		if !seen[s.ID] {
			seen[s.ID] = true
			counts[s.Best]++
		}
		for _, pt := range s.Points {
			lo, hi, wmax = min(lo, pt.Pct), max(hi, pt.Pct), max(wmax, pt.Weeks)
		}
	}
	clipped := hi > pctCap
	lo, hi = pctDomain(lo, hi)
	xhi := wmax + max(wmax*0.03, 0.5)
	spec := frameSpec{
		legend:  responseLegend(p, func(r recist.Response) int { return counts[r] }),
		caption: spiderCaption(d.Omitted, clipped),
		yTitle:  "Change in target sum from baseline (%)",
		yShort:  "%",
		xTitle:  "Weeks on study",
		yAxis: func(hp float64) (float64, float64, []tick) {
			return niceAxis(lo, hi, int(hp/c.u(40)), "")
		},
		xAxis: func(wp float64) (float64, float64, []tick) {
			return 0, xhi, weekTicks(0, xhi, int(wp/c.u(48)))
		},
	}
	f, err := layoutFrame(c, p, spec)
	if err != nil {
		return nil, err
	}
	f.drawBack()
	d.drawLines(f)
	f.thresholds()
	f.drawAxes()
	return c.img, nil
}

// drawLines draws the subjects' lines, grouped by best response so that responders end on
// top, with a dot at each line's last point.
func (d SpiderData) drawLines(f frame) {
	c, p := f.c, f.p
	top := f.y.at(pctCap)
	lw := c.u(1.25)
	alpha := 0.8
	if len(d.Subjects) > 100 {
		alpha = 0.6
	}
	groups := byResponse(len(d.Subjects), func(i int) recist.Response { return d.Subjects[i].Best })
	for g, idx := range groups {
		if len(idx) == 0 {
			continue
		}
		col := ResponseColor(p, drawOrder[g])
		line := withAlpha(col, alpha)
		for _, i := range idx {
			pts := d.Subjects[i].Points
			c.gc.BeginPath()
			for k, pt := range pts {
				x, y := f.x.at(pt.Weeks), max(f.y.at(pt.Pct), top)
				if k == 0 {
					c.gc.MoveTo(x, y)
				} else {
					c.gc.LineTo(x, y)
				}
			}
			c.stroke(lw, line, nil)
		}
		c.gc.BeginPath()
		for _, i := range idx {
			pts := d.Subjects[i].Points
			last := pts[len(pts)-1]
			c.circle(f.x.at(last.Weeks), max(f.y.at(last.Pct), top), c.u(2.25))
		}
		c.fill(col)
	}
}

// spiderCaption says what the spider plot leaves out or cuts off.
func spiderCaption(omitted int, clipped bool) string {
	var s string
	switch {
	case omitted == 1:
		s = "1 subject without a % change after baseline is not shown."
	case omitted > 1:
		s = itoa(omitted) + " subjects without a % change after baseline are not shown."
	}
	if clipped {
		if s != "" {
			s += " "
		}
		s += "Changes above +200% are drawn at the top edge."
	}
	return s
}
