package chart

import (
	"math"
	"strconv"
	"time"
)

// linear maps the data interval [d0, d1] onto the pixel interval [p0, p1].
type linear struct{ d0, d1, p0, p1 float64 }

// at is the pixel position of data value v.
func (l linear) at(v float64) float64 {
	if l.d1 == l.d0 {
		return (l.p0 + l.p1) / 2
	}
	return l.p0 + (v-l.d0)*(l.p1-l.p0)/(l.d1-l.d0)
}

// tick is a labelled position on an axis.
type tick struct {
	v     float64
	label string
}

// niceStep is a step of 1, 2, 2.5 or 5 × 10^k that splits span into at most about n intervals.
func niceStep(span float64, n int) float64 {
	if n < 1 {
		n = 1
	}
	if !(span > 0) {
		return 1
	}
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range [...]float64{1, 2, 2.5, 5} {
		if m*mag >= raw*(1-1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// niceAxis widens [lo, hi] to multiples of a nice step giving at most about n intervals and
// returns the widened interval with its ticks, labelled with suffix.
func niceAxis(lo, hi float64, n int, suffix string) (float64, float64, []tick) {
	if hi <= lo {
		hi = lo + 1
	}
	step := niceStep(hi-lo, n)
	lo = math.Floor(lo/step+1e-9) * step
	hi = math.Ceil(hi/step-1e-9) * step
	ticks := make([]tick, 0, int((hi-lo)/step)+1)
	for i := 0; ; i++ {
		v := lo + float64(i)*step
		if v > hi+step*1e-6 {
			break
		}
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, tick{v: v, label: formatNumber(v, step) + suffix})
	}
	return lo, hi, ticks
}

// formatNumber formats v with as many decimals as step needs and a typographic minus sign.
func formatNumber(v, step float64) string {
	if v == 0 {
		v = 0 // no "-0"
	}
	dec := 0
	for s := step; dec < 4 && math.Abs(s-math.Round(s)) > 1e-9; s *= 10 {
		dec++
	}
	if v < 0 {
		return "−" + strconv.FormatFloat(-v, 'f', dec, 64)
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}

// weekTicks are ticks at whole-week steps that read as a schedule (1, 2, 4, 6, 8, 12 ...
// weeks), at most about n of them, within [lo, hi].
func weekTicks(lo, hi float64, n int) []tick {
	if n < 1 {
		n = 1
	}
	step := 1.0
	for _, s := range [...]float64{1, 2, 4, 6, 8, 12, 16, 24, 26, 52, 104, 156, 260, 520} {
		step = s
		if (hi-lo)/s <= float64(n) {
			break
		}
	}
	var ticks []tick
	for v := math.Ceil(lo/step) * step; v <= hi+1e-9; v += step {
		if v >= 0 {
			ticks = append(ticks, tick{v: v, label: formatNumber(v, 1)})
		}
	}
	return ticks
}

// dayNum is the civil date of t as days since 1970-01-01, the x value of a date axis.
func dayNum(t time.Time) float64 {
	y, m, d := t.Date()
	return float64(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// dayTime is the inverse of dayNum.
func dayTime(d float64) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// dateTicks picks ticks for the date interval [d0, d1] (dayNum values) drawn over width device
// pixels: first days of months at the finest step whose labels ("Mar 2021", or "2021" for
// yearly steps) fit, or days ("8 Mar") when the interval is shorter than two months. measure
// is the width of a label in device pixels and gap the least space between labels.
func dateTicks(d0, d1, width, gap float64, measure func(string) float64) []tick {
	if !(d1 > d0) || !(width > 0) {
		return nil
	}
	perDay := width / (d1 - d0)
	var sparsest, any []tick // fallbacks when no step fits: at least two ticks, at least one
	for _, step := range [...]int{1, 2, 3, 6, 12, 24, 60, 120} {
		layout := "Jan 2006"
		if step >= 12 {
			layout = "2006"
		}
		ticks := monthTicks(d0, d1, step, layout)
		if len(ticks) < 2 && step == 1 {
			if days := dayTicks(d0, d1, perDay, gap, measure); len(days) >= 2 {
				return days
			}
		}
		if len(ticks) >= 2 && fits(ticks, perDay, gap, measure) {
			return ticks
		}
		if len(ticks) >= 2 {
			sparsest = ticks
		}
		if len(ticks) > 0 && any == nil {
			any = ticks
		}
	}
	if sparsest != nil {
		return sparsest
	}
	return any
}

// monthTicks are the first days of every step-th month within [d0, d1], counted from January.
func monthTicks(d0, d1 float64, step int, layout string) []tick {
	t0 := dayTime(d0)
	m := t0.Year()*12 + int(t0.Month()) - 1
	if t0.Day() != 1 {
		m++
	}
	m = (m + step - 1) / step * step
	var ticks []tick
	for ; ; m += step {
		t := time.Date(m/12, time.Month(m%12+1), 1, 0, 0, 0, 0, time.UTC)
		d := dayNum(t)
		if d > d1 {
			return ticks
		}
		ticks = append(ticks, tick{v: d, label: t.Format(layout)})
	}
}

// dayTicks are days every 1, 2, 7 or 14 days from the first whole day in [d0, d1], at the
// finest step whose labels fit.
func dayTicks(d0, d1, perDay, gap float64, measure func(string) float64) []tick {
	var ticks []tick
	for _, step := range [...]float64{1, 2, 7, 14} {
		ticks = ticks[:0]
		for d := math.Ceil(d0); d <= d1; d += step {
			ticks = append(ticks, tick{v: d, label: dayTime(d).Format("2 Jan")})
		}
		if fits(ticks, perDay, gap, measure) {
			break
		}
	}
	return ticks
}

// fits reports whether adjacent tick labels leave at least gap between them.
func fits(ticks []tick, perDay, gap float64, measure func(string) float64) bool {
	for i := 1; i < len(ticks); i++ {
		need := (measure(ticks[i-1].label)+measure(ticks[i].label))/2 + gap
		if (ticks[i].v-ticks[i-1].v)*perDay < need {
			return false
		}
	}
	return true
}
