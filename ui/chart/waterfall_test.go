package chart

import (
	"errors"
	"testing"

	"github.com/recistview/recistview/data/recist"
)

func TestNewWaterfallData(t *testing.T) {
	st := smallStudy()
	d := NewWaterfallData(st, recist.EvaluateStudy(st, recist.DefaultOptions()))
	if len(d.Bars) != 2 || d.Omitted != 2 {
		t.Fatalf("%d bars, %d omitted; want 2 and 2", len(d.Bars), d.Omitted)
	}
	// Largest increase first: the progressor (+50 %), then the showcase's best −86.7 %.
	if d.Bars[0].ID != "101-007" || d.Bars[0].Pct != 50 || d.Bars[0].Best != recist.PD {
		t.Errorf("first bar %+v", d.Bars[0])
	}
	if d.Bars[1].ID != "101-004" || d.Bars[1].Pct > -86 || d.Bars[1].Best != recist.PR {
		t.Errorf("second bar %+v", d.Bars[1])
	}
	big := syntheticStudy(200, 8, 3, false)
	d = NewWaterfallData(big, recist.EvaluateStudy(big, recist.DefaultOptions()))
	for i := 1; i < len(d.Bars); i++ {
		if d.Bars[i].Pct > d.Bars[i-1].Pct {
			t.Fatalf("bars %d and %d out of order: %v > %v", i-1, i, d.Bars[i].Pct, d.Bars[i-1].Pct)
		}
	}
	if len(d.Bars)+d.Omitted != 200 {
		t.Errorf("%d bars + %d omitted ≠ 200 subjects", len(d.Bars), d.Omitted)
	}
}

func TestWaterfallRender(t *testing.T) {
	bars := []Bar{{"A", -40, recist.PR}, {"B", 35, recist.PD}, {"C", 0, recist.SD}, {"D", -100, recist.CR}}
	d := WaterfallData{Bars: bars, Omitted: 1}
	for _, p := range []Palette{LightPalette(), DarkPalette()} {
		img, err := d.Render(800, 450, 1, p)
		m := rgba(t, img, err, 800, 450)
		if got := at(m, 0, 0); got != p.Background {
			t.Errorf("corner %v, want %v", got, p.Background)
		}
		for _, r := range []recist.Response{recist.PR, recist.PD, recist.SD, recist.CR} {
			if count(m, ResponseColor(p, r)) < 50 {
				t.Errorf("%s bar missing", r)
			}
		}
	}
	p := LightPalette()
	img, err := WaterfallData{Bars: bars[:1]}.Render(800, 450, 2, p)
	if n := count(rgba(t, img, err, 800, 450), p.PD); n != 0 {
		t.Errorf("%d PD pixels without a PD bar", n)
	}
	if _, err := (WaterfallData{Omitted: 4}).Render(800, 450, 1, p); !errors.Is(err, ErrNoData) {
		t.Errorf("no bars: %v, want ErrNoData", err)
	}
	if got := waterfallCaption(1, false); got != "1 subject without a best % change is not shown." {
		t.Errorf("caption %q", got)
	}
}

// TestWaterfallLabels checks that subject ids are written under a few wide bars but not
// under hundreds of thin ones.
func TestWaterfallLabels(t *testing.T) {
	few := make([]Bar, 24)
	many := make([]Bar, 500)
	for i := range many {
		many[i] = Bar{ID: "S" + itoa(1000+i), Pct: float64(-i) / 5}
	}
	copy(few, many)
	c, err := newSurface(800, 450, 1, LightPalette().Background)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := idLabels(c, few); !ok {
		t.Error("24 bars over 800 px: want labels")
	}
	c, err = newSurface(1200, 700, 1, LightPalette().Background)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := idLabels(c, many); ok {
		t.Error("500 bars over 1200 px: want no labels")
	}
}
