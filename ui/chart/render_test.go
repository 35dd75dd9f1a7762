package chart

import (
	"image"
	"image/color"
	"sync"
	"testing"

	"github.com/recistview/recistview/data/recist"
)

// rgba asserts that img is an *image.RGBA of w×h.
func rgba(t *testing.T, img image.Image, err error, w, h int) *image.RGBA {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	m, ok := img.(*image.RGBA)
	if !ok {
		t.Fatalf("got %T, want *image.RGBA", img)
	}
	if got := m.Bounds(); got != image.Rect(0, 0, w, h) {
		t.Fatalf("bounds %v, want %dx%d", got, w, h)
	}
	return m
}

// count is the number of pixels of img exactly of colour c.
func count(img *image.RGBA, c color.NRGBA) int {
	n := 0
	for i := 0; i+3 < len(img.Pix); i += 4 {
		if img.Pix[i] == c.R && img.Pix[i+1] == c.G && img.Pix[i+2] == c.B && img.Pix[i+3] == c.A {
			n++
		}
	}
	return n
}

// at is the colour of one pixel.
func at(img *image.RGBA, x, y int) color.NRGBA {
	return color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
}

func TestNiceAxis(t *testing.T) {
	lo, hi, ticks := niceAxis(-87, 43, 6, "")
	if lo != -100 || hi != 50 {
		t.Errorf("domain [%v, %v], want [-100, 50]", lo, hi)
	}
	var labels []string
	for _, tk := range ticks {
		labels = append(labels, tk.label)
	}
	want := []string{"−100", "−75", "−50", "−25", "0", "25", "50"}
	if len(labels) != len(want) {
		t.Fatalf("ticks %q, want %q", labels, want)
	}
	for i := range want {
		if labels[i] != want[i] {
			t.Fatalf("ticks %q, want %q", labels, want)
		}
	}
}

func TestDateTicks(t *testing.T) {
	perChar := func(s string) float64 { return float64(len(s)) * 7 }
	d0, d1 := dayNum(day0), dayNum(day0.AddDate(0, 7, 0))
	ticks := dateTicks(d0, d1, 700, 12, perChar)
	if len(ticks) != 7 || ticks[0].label != "Apr 2021" || ticks[6].label != "Oct 2021" {
		t.Errorf("7 months over 700 px: %v", ticks)
	}
	ticks = dateTicks(d0, d1, 150, 12, perChar)
	if len(ticks) < 2 || len(ticks) > 3 {
		t.Errorf("7 months over 150 px: %v", ticks)
	}
	ticks = dateTicks(d0, d0+20, 600, 12, perChar)
	if len(ticks) < 3 || ticks[0].label != "8 Mar" {
		t.Errorf("20 days: %v", ticks)
	}
}

// TestConcurrentRenders draws every chart from several goroutines at once, for the race
// detector: render functions share only the parsed font.
func TestConcurrentRenders(t *testing.T) {
	st := smallStudy()
	rs := recist.EvaluateStudy(st, recist.DefaultOptions())
	fns := []RenderFunc{showcaseSeries().Render, NewSpiderData(st, rs).Render, NewWaterfallData(st, rs).Render}
	var wg sync.WaitGroup
	errs := make(chan error, 3*len(fns))
	for range 3 {
		for _, fn := range fns {
			wg.Go(func() {
				if _, err := fn(500, 300, 1.25, DarkPalette()); err != nil {
					errs <- err
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
