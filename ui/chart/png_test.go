package chart

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/recistview/recistview/data/recist"
)

// TestWritePNGs saves every chart in both palettes to $CHART_PNG_DIR for a person to look at.
// It is skipped unless the variable is set.
func TestWritePNGs(t *testing.T) {
	dir := os.Getenv("CHART_PNG_DIR")
	if dir == "" {
		t.Skip("set CHART_PNG_DIR to write the charts as PNG files")
	}
	s := showcase()
	ts := NewTargetSeries(s, recist.Evaluate(s, recist.DefaultOptions()))
	st := syntheticStudy(500, 10, 1, false)
	rs := recist.EvaluateStudy(st, recist.DefaultOptions())
	small := syntheticStudy(24, 8, 2, false)
	srs := recist.EvaluateStudy(small, recist.DefaultOptions())
	weeks := ts
	weeks.ByWeek = true
	long := syntheticStudy(1, 16, 5, true).Subjects[0]
	lts := NewTargetSeries(long, recist.Evaluate(long, recist.DefaultOptions()))
	charts := []struct {
		name   string
		render RenderFunc
		w, h   int
		scale  float32
	}{
		{"target", ts.Render, 800, 450, 1},
		{"target-weeks", weeks.Render, 800, 450, 1},
		{"target-long", lts.Render, 800, 450, 1},
		{"target-hidpi", ts.Render, 1600, 900, 2},
		{"target-small", ts.Render, 420, 260, 1},
		{"target-tiny", ts.Render, 220, 140, 1},
		{"target-1.5", ts.Render, 1050, 600, 1.5},
		{"spider", NewSpiderData(st, rs).Render, 1200, 700, 1},
		{"spider-small", NewSpiderData(small, srs).Render, 800, 450, 1},
		{"waterfall", NewWaterfallData(st, rs).Render, 1200, 700, 1},
		{"waterfall-small", NewWaterfallData(small, srs).Render, 800, 450, 1},
	}
	for _, ch := range charts {
		for _, pal := range []struct {
			name string
			p    Palette
		}{{"light", LightPalette()}, {"dark", DarkPalette()}} {
			img, err := ch.render(ch.w, ch.h, ch.scale, pal.p)
			if err != nil {
				t.Fatalf("%s: %v", ch.name, err)
			}
			writePNG(t, filepath.Join(dir, "chart-"+ch.name+"-"+pal.name+".png"), img)
		}
	}
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
