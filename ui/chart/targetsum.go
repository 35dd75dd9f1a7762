package chart

import (
	"image"
	"strconv"
)

// Render draws the target-sum chart of s into a w×h image (an *image.RGBA) at scale, with p.
// It returns ErrNoData when s has no point to plot and ErrTooSmall when w×h cannot hold a
// chart. Render is a RenderFunc, for NewChart and SetRender.
//
// The chart plots each assessment's target lesion sum over time, coloured by the computed
// response and labelled with its code; a hollow marker is a sum the server reported where the
// lesions gave none, a ring marks a reported response that disagrees with the computed one.
// Reference lines show the baseline sum, the PR threshold (baseline − 30 %), the nadir so far
// and the PD threshold over it (+20 % and at least +5 mm), as steps.
func (s TargetSeries) Render(w, h int, scale float32, p Palette) (image.Image, error) {
	if len(s.Points) == 0 {
		return nil, ErrNoData
	}
	c, err := newSurface(w, h, scale, p.Background)
	if err != nil {
		return nil, err
	}
	xs := make([]float64, len(s.Points))
	for i, pt := range s.Points {
		xs[i] = dayNum(pt.Date)
		if s.ByWeek {
			xs[i] = pt.Weeks
		}
	}
	xlo, xhi := paddedDomain(xs, s.ByWeek)
	ymax := 0.0
	for _, pt := range s.Points {
		ymax = max(ymax, pt.Sum)
		if pt.HasRef {
			ymax = max(ymax, pt.BaseSum)
			if !pt.Baseline {
				ymax = max(ymax, pdThreshold(pt.Nadir))
			}
		}
	}
	if ymax <= 0 {
		ymax = 10
	}
	spec := frameSpec{
		legend:  s.legend(p),
		caption: s.caption(),
		yTitle:  "Target lesion sum (mm)",
		yShort:  "mm",
		xTitle:  "Assessment date",
		yAxis: func(hp float64) (float64, float64, []tick) {
			return niceAxis(0, ymax*1.12, int(hp/c.u(40)), "")
		},
		xAxis: func(wp float64) (float64, float64, []tick) {
			if s.ByWeek {
				return xlo, xhi, weekTicks(xlo, xhi, int(wp/c.u(56)))
			}
			measure := func(l string) float64 { return c.textWidth(l, sizeTick) }
			return xlo, xhi, dateTicks(xlo, xhi, wp, c.u(14), measure)
		},
	}
	if s.ByWeek {
		spec.xTitle = "Weeks on study"
	}
	f, err := layoutFrame(c, p, spec)
	if err != nil {
		return nil, err
	}
	f.drawBack()
	s.drawReferences(f, xs)
	s.drawSums(f, xs)
	f.drawAxes()
	return c.img, nil
}

// paddedDomain is the x interval holding xs with room for markers and labels at both ends.
func paddedDomain(xs []float64, weeks bool) (float64, float64) {
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	pad := (hi - lo) * 0.05
	if weeks {
		pad = max(pad, 0.5)
	} else {
		pad = max(pad, 4)
	}
	return lo - pad, hi + pad
}

// legend lists the markers and lines the chart shows.
func (s TargetSeries) legend(p Palette) []legendItem {
	var seen [len(responses)]bool
	var base, fromReport, mismatch, refs bool
	for _, pt := range s.Points {
		base = base || pt.Baseline
		fromReport = fromReport || pt.FromReport
		mismatch = mismatch || pt.Mismatch
		refs = refs || pt.HasRef
		for k, r := range responses {
			seen[k] = seen[k] || (pt.Response == r && !pt.Baseline)
		}
	}
	var items []legendItem
	if base {
		items = append(items, legendItem{keyDot, p.Foreground, "Baseline"})
	}
	for k, r := range responses {
		if seen[k] {
			items = append(items, legendItem{keyDot, ResponseColor(p, r), string(r)})
		}
	}
	if fromReport {
		items = append(items, legendItem{keyHollow, p.Muted, "Reported sum (not computable)"})
	}
	if mismatch {
		items = append(items, legendItem{keyRing, p.Mismatch, "Reported response differs"})
	}
	if refs {
		items = append(items,
			legendItem{keyLine, p.Muted, "Baseline sum"},
			legendItem{keyDash, p.PR, "PR: −30% of baseline"},
			legendItem{keyDots, p.Muted, "Nadir so far"},
			legendItem{keyDash, p.PD, "PD: nadir +20%, ≥ 5 mm"},
		)
	}
	return items
}

// caption says what the chart leaves out.
func (s TargetSeries) caption() string {
	switch s.Unplotted {
	case 0:
		return ""
	case 1:
		return "1 assessment without a date or target sum is not shown."
	}
	return strconv.Itoa(s.Unplotted) + " assessments without a date or target sum are not shown."
}

// drawReferences draws, case by case, the baseline and PR lines across the case and the nadir
// and PD steps between consecutive points.
func (s TargetSeries) drawReferences(f frame, xs []float64) {
	c, p := f.c, f.p
	lw := c.u(1.25)
	type run struct {
		first, last int
		base        float64
		nadir, pd   []float64 // horizontal steps: x0 x1 y triples in device pixels
	}
	var runs []*run
	byCase := make(map[int]*run)
	prev := make(map[int]int) // case → previous point
	for i, pt := range s.Points {
		r := byCase[pt.Case]
		if pt.HasRef && r == nil {
			r = &run{first: i, last: i, base: pt.BaseSum}
			byCase[pt.Case] = r
			runs = append(runs, r)
		}
		j, seen := prev[pt.Case]
		prev[pt.Case] = i
		if r == nil || !pt.HasRef {
			continue
		}
		r.last = i
		if !seen || pt.Baseline {
			continue
		}
		x0, x1 := f.x.at(xs[j]), f.x.at(xs[i])
		yn, yp := f.y.at(pt.Nadir), f.y.at(pdThreshold(pt.Nadir))
		r.nadir = append(r.nadir, x0, x1, yn)
		r.pd = append(r.pd, x0, x1, yp)
	}
	for _, r := range runs {
		x0, x1 := f.x.at(xs[r.first]), f.x.at(xs[r.last])
		if x1 == x0 {
			continue
		}
		c.line(x0, f.y.at(r.base), x1, f.y.at(r.base), lw, withAlpha(p.Muted, 0.9), nil)
		c.line(x0, f.y.at(prThreshold(r.base)), x1, f.y.at(prThreshold(r.base)), lw, p.PR, c.dash(5, 3))
		c.steps(r.nadir, lw, p.Muted, c.dash(1.5, 2.5))
		c.steps(r.pd, lw, p.PD, c.dash(5, 3))
	}
}

// drawSums joins the points of each case and draws the markers and their labels.
func (s TargetSeries) drawSums(f frame, xs []float64) {
	c, p := f.c, f.p
	px := make([]float64, len(s.Points))
	py := make([]float64, len(s.Points))
	for i, pt := range s.Points {
		px[i], py[i] = f.x.at(xs[i]), f.y.at(pt.Sum)
	}
	last := make(map[int]int)
	c.gc.BeginPath()
	for i, pt := range s.Points {
		if j, ok := last[pt.Case]; ok {
			c.gc.MoveTo(px[j], py[j])
			c.gc.LineTo(px[i], py[i])
		}
		last[pt.Case] = i
	}
	c.stroke(c.u(1.75), withAlpha(p.Foreground, 0.45), nil)

	r := c.u(markerRadius)
	placed := make([]box, 0, 2*len(s.Points))
	for i := range s.Points {
		placed = append(placed, box{px[i] - r, py[i] - r, px[i] + r, py[i] + r})
	}
	for i, pt := range s.Points {
		col := ResponseColor(p, pt.Response)
		if pt.Baseline {
			col = p.Foreground
		}
		if pt.FromReport {
			c.dot(px[i], py[i], r, p.Background, col, c.u(1.75))
		} else {
			c.dot(px[i], py[i], r, col, p.Background, c.u(1))
		}
		if pt.Mismatch {
			c.ring(px[i], py[i], r+c.u(ringGap), c.u(1.75), p.Mismatch)
		}
	}
	for i, pt := range s.Points {
		text, col := pointLabel(pt), p.Foreground
		if pt.Mismatch {
			col = p.Mismatch
		}
		if b, ok := c.placeLabel(text, px[i], py[i], placed, f.plot); ok {
			placed = append(placed, b)
			pad := c.u(2)
			c.rect(b.x0-pad, b.y0-pad, b.x1+pad, b.y1+pad, withAlpha(p.Background, 0.85))
			c.text(text, (b.x0+b.x1)/2, b.y1, sizeLabel, col, alignCenter, alignBaseline)
		}
	}
}

// pointLabel is the text over a point: its response code, and the reported one where they
// disagree.
func pointLabel(pt TargetPoint) string {
	code := string(pt.Response)
	switch {
	case pt.Baseline:
		code = "BL"
	case code == "":
		code = "–"
	}
	if pt.Mismatch {
		rep := string(pt.Reported)
		if rep == "" {
			rep = "none"
		}
		code += " (rep. " + rep + ")"
	}
	return code
}

// placeLabel finds room for a point label above the marker at (x, y), else below it, that
// overlaps no placed box and stays inside the plot area; ok is false when there is none.
func (c *surface) placeLabel(text string, x, y float64, placed []box, plot box) (box, bool) {
	w := c.textWidth(text, sizeLabel)
	hgt := c.capHeight(sizeLabel)
	off := c.u(markerRadius + ringGap + 4)
	x0 := min(max(x-w/2, plot.x0+c.u(2)), plot.x1-c.u(2)-w)
	for _, top := range [...]float64{y - off - hgt, y + off} {
		b := box{x0, top, x0 + w, top + hgt}
		if b.y0 < plot.y0-c.u(2) || b.y1 > plot.y1-c.u(2) {
			continue
		}
		if !overlapsAny(b, placed, c.u(2)) {
			return b, true
		}
	}
	return box{}, false
}

// overlapsAny reports whether b, grown by gap, overlaps any of bs.
func overlapsAny(b box, bs []box, gap float64) bool {
	for _, o := range bs {
		if b.x0-gap < o.x1 && o.x0 < b.x1+gap && b.y0-gap < o.y1 && o.y0 < b.y1+gap {
			return true
		}
	}
	return false
}
