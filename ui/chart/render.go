package chart

import (
	"image"
	"sort"
	"strings"

	"github.com/recistview/recistview/data/recist"
)

// RenderFunc draws a chart into a w×h pixel image at scale (device pixels per logical pixel:
// text, lines and markers grow with it) in palette p. It returns ErrNoData when there is
// nothing to plot. TargetSeries.Render, SpiderData.Render and WaterfallData.Render are
// RenderFuncs; a RenderFunc must be safe to call from any goroutine.
type RenderFunc func(w, h int, scale float32, p Palette) (image.Image, error)

// Percentages above pctCap are drawn at the top edge of the spider and waterfall plots, so a
// single large progression does not flatten everyone else.
const pctCap = 200.0

// baselines returns, for each case number in cases (see caseIndex), the index of the case's
// baseline: its first assessment at Timepoint 0, else its first named "Baseline", as
// recist.Evaluate picks it.
func baselines(as []*recist.Assessment, cases []int) map[int]int {
	out := make(map[int]int)
	for i, a := range as {
		if a == nil {
			continue
		}
		if _, ok := out[cases[i]]; !ok && a.Timepoint == 0 {
			out[cases[i]] = i
		}
	}
	for i, a := range as {
		if a == nil {
			continue
		}
		if _, ok := out[cases[i]]; !ok && strings.EqualFold(strings.TrimSpace(a.Name), "Baseline") {
			out[cases[i]] = i
		}
	}
	return out
}

// responseLegend is the legend of the best responses that count gives a number of subjects for,
// in legend order.
func responseLegend(p Palette, count func(recist.Response) int) []legendItem {
	items := []legendItem{{kind: keyNone, label: "Best response:"}}
	for _, r := range append(responses[:], recist.None) {
		if n := count(r); n > 0 {
			items = append(items, legendItem{keyBar, ResponseColor(p, r), responseCode(r) + " (" + itoa(n) + ")"})
		}
	}
	return items
}

// byResponse groups the indexes 0..n-1 by response, in drawOrder.
func byResponse(n int, resp func(int) recist.Response) [][]int {
	groups := make([][]int, len(drawOrder))
	for i := range n {
		r := resp(i)
		for g, o := range drawOrder {
			if o == r {
				groups[g] = append(groups[g], i)
				break
			}
		}
	}
	return groups
}

// thresholds draws the reference lines of a % change plot over the data: a solid line at 0 and
// dashed lines at −30 % (PR) and +20 % (PD), labelled at the right end.
func (f frame) thresholds() {
	c, p := f.c, f.p
	c.line(f.plot.x0, f.y.at(0), f.plot.x1, f.y.at(0), max(1, c.u(1.25)), withAlpha(p.Foreground, 0.8), nil)
	for _, th := range [...]struct {
		v     float64
		label string
	}{{-30, "PR −30%"}, {20, "PD +20%"}} {
		y := f.y.at(th.v)
		c.line(f.plot.x0, y, f.plot.x1, y, max(1, c.u(1.5)), p.Foreground, c.dash(6, 4))
		w := c.textWidth(th.label, sizeLabel)
		hgt := c.capHeight(sizeLabel)
		x1 := f.plot.x1 - c.u(4)
		c.rect(x1-w-c.u(3), y-hgt-c.u(6), x1+c.u(3), y-c.u(2), withAlpha(p.Background, 0.85))
		c.text(th.label, x1, y-c.u(4), sizeLabel, p.Foreground, alignRight, alignBaseline)
	}
}

// pctDomain widens the data interval [lo, hi] of a % change plot so that the PR and PD
// thresholds are always in view, and cuts it off at pctCap.
func pctDomain(lo, hi float64) (float64, float64) {
	return min(lo, -40), min(max(hi, 30), pctCap)
}

// sortedBars returns bars sorted by Pct, largest first (ties by ID), copying them only when
// they are not sorted already.
func sortedBars(bars []Bar) []Bar {
	less := func(a, b Bar) bool {
		if a.Pct != b.Pct {
			return a.Pct > b.Pct
		}
		return a.ID < b.ID
	}
	if sort.SliceIsSorted(bars, func(i, j int) bool { return less(bars[i], bars[j]) }) {
		return bars
	}
	out := append([]Bar(nil), bars...)
	sort.SliceStable(out, func(i, j int) bool { return less(out[i], out[j]) })
	return out
}

func itoa(n int) string {
	if n < 0 {
		return "−" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
