package chart

import (
	"errors"
	"testing"
	"time"

	"github.com/recistview/recistview/data/recist"
)

func showcaseSeries() TargetSeries {
	s := showcase()
	return NewTargetSeries(s, recist.Evaluate(s, recist.DefaultOptions()))
}

func TestNewTargetSeries(t *testing.T) {
	ts := showcaseSeries()
	if ts.SubjectID != "101-004" || len(ts.Points) != 5 || ts.Unplotted != 0 {
		t.Fatalf("got id %q, %d points, %d unplotted", ts.SubjectID, len(ts.Points), ts.Unplotted)
	}
	type want struct {
		sum        float64
		resp       recist.Response
		fromReport bool
		mismatch   bool
		nadir      float64
		weeks      float64
	}
	wants := []want{
		{60, recist.None, false, false, 60, 0},
		{37, recist.PR, false, false, 60, 8},
		{8, recist.CR, false, false, 37, 16}, // nodal CR: the node's 8 mm short axis stays in the sum
		{10, recist.NE, true, true, 8, 24},   // T01 not evaluable; the server's 10 mm is plotted
		{21, recist.PD, false, true, 8, 32},  // +13 mm over the 8 mm nadir; reported SD
	}
	for i, w := range wants {
		pt := ts.Points[i]
		if pt.Sum != w.sum || pt.Response != w.resp || pt.FromReport != w.fromReport || pt.Mismatch != w.mismatch ||
			!pt.HasRef || pt.BaseSum != 60 || pt.Nadir != w.nadir || pt.Weeks != w.weeks || pt.Baseline != (i == 0) {
			t.Errorf("point %d = %+v, want %+v", i, pt, w)
		}
	}
	if got := pdThreshold(8); got != 13 {
		t.Errorf("PD threshold over an 8 mm nadir = %v, want 13 (the 5 mm floor)", got)
	}
	if got := pdThreshold(60); got != 72 {
		t.Errorf("PD threshold over a 60 mm nadir = %v, want 72", got)
	}
}

func TestNewTargetSeriesGaps(t *testing.T) {
	undated := assess(2, 100, recist.SD, tgt("T01", 30))
	undated.Date = time.Time{}
	noSum := assess(3, 150, recist.NE, unevaluable("T01"))
	cm := assess(4, 200, recist.SD, unevaluable("T01"))
	cm.Reported.TargetSum, cm.Reported.Unit = fp(3.5), "cm"
	second := assess(0, 300, recist.None, tgt("T01", 50))
	second.CaseID = new(int)
	s := &recist.Subject{ID: "S", Assessments: []*recist.Assessment{
		assess(0, 0, recist.None, tgt("T01", 40)),
		assess(1, 50, recist.SD, tgt("T01", 36)),
		undated, noSum, cm, second,
	}}
	ts := NewTargetSeries(s, recist.Evaluate(s, recist.DefaultOptions()))
	if ts.Unplotted != 2 {
		t.Errorf("unplotted = %d, want 2 (one undated, one without any sum)", ts.Unplotted)
	}
	if len(ts.Points) != 4 {
		t.Fatalf("%d points, want 4", len(ts.Points))
	}
	if pt := ts.Points[2]; !pt.FromReport || pt.Sum != 35 {
		t.Errorf("reported 3.5 cm: %+v, want 35 mm from the report", pt)
	}
	if pt := ts.Points[3]; pt.Case != 1 || !pt.Baseline || pt.BaseSum != 50 {
		t.Errorf("second case baseline: %+v", pt)
	}
	if cap := ts.caption(); cap != "2 assessments without a date or target sum are not shown." {
		t.Errorf("caption %q", cap)
	}
}

func TestTargetSumRender(t *testing.T) {
	ts := showcaseSeries()
	for _, p := range []Palette{LightPalette(), DarkPalette()} {
		img, err := ts.Render(800, 450, 1, p)
		m := rgba(t, img, err, 800, 450)
		if got := at(m, 0, 0); got != p.Background {
			t.Errorf("corner %v, want the background %v", got, p.Background)
		}
		if count(m, p.Mismatch) == 0 {
			t.Error("no mismatch ring drawn")
		}
	}
	p := LightPalette()
	img, err := ts.Render(800, 450, 1, p)
	with := rgba(t, img, err, 800, 450)

	// The same chart without the PD point's response: fewer PD pixels, more SD ones.
	noPD := ts
	noPD.Points = append([]TargetPoint(nil), ts.Points...)
	noPD.Points[4].Response = recist.SD
	img, err = noPD.Render(800, 450, 1, p)
	without := rgba(t, img, err, 800, 450)
	if d := count(with, p.PD) - count(without, p.PD); d < 40 {
		t.Errorf("a PD point adds %d PD pixels, want a marker's worth (≥ 40)", d)
	}
	if count(without, p.SD) < 40 || count(with, p.SD) != 0 {
		t.Errorf("SD pixels: %d with an SD point, %d without", count(without, p.SD), count(with, p.SD))
	}

	// No mismatch, no ring.
	agree := ts
	agree.Points = append([]TargetPoint(nil), ts.Points...)
	for i := range agree.Points {
		agree.Points[i].Mismatch = false
	}
	img, err = agree.Render(800, 450, 1, p)
	if n := count(rgba(t, img, err, 800, 450), p.Mismatch); n != 0 {
		t.Errorf("%d mismatch pixels without a mismatch", n)
	}

	// At scale 2 the markers grow with the image.
	img, err = ts.Render(1600, 900, 2, p)
	hi := rgba(t, img, err, 1600, 900)
	if r := float64(count(hi, p.PD)) / float64(count(with, p.PD)); r < 3 || r > 5.5 {
		t.Errorf("PD pixels at scale 2 are %.1f× those at scale 1, want about 4×", r)
	}

	byWeek := ts
	byWeek.ByWeek = true
	img, err = byWeek.Render(640, 360, 1, p)
	rgba(t, img, err, 640, 360)
}

func TestTargetSumRenderErrors(t *testing.T) {
	if _, err := (TargetSeries{}).Render(800, 450, 1, LightPalette()); !errors.Is(err, ErrNoData) {
		t.Errorf("empty series: %v, want ErrNoData", err)
	}
	if _, err := showcaseSeries().Render(20, 10, 1, LightPalette()); !errors.Is(err, ErrTooSmall) {
		t.Errorf("20×10: %v, want ErrTooSmall", err)
	}
	// Only a baseline: one point, still a chart.
	s := &recist.Subject{ID: "S", Assessments: []*recist.Assessment{assess(0, 0, recist.None, tgt("T01", 40))}}
	img, err := NewTargetSeries(s, recist.Evaluate(s, recist.DefaultOptions())).Render(400, 300, 1, DarkPalette())
	rgba(t, img, err, 400, 300)
}
