package chart

import (
	"errors"
	"image"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/recistview/recistview/data/recist"
)

// recorder is a RenderFunc that records its calls and draws a plain image of the asked size.
type recorder struct {
	mu      sync.Mutex
	calls   []request
	err     error
	started chan struct{} // when set, receives once per call as the call starts
	gate    chan struct{} // when set, every call waits for a value from it
}

func (r *recorder) render(w, h int, scale float32, p Palette) (image.Image, error) {
	r.mu.Lock()
	r.calls = append(r.calls, request{w: w, h: h, scale: scale, pal: p})
	started, gate, err := r.started, r.gate, r.err
	r.mu.Unlock()
	if started != nil {
		started <- struct{}{}
	}
	if gate != nil {
		<-gate
	}
	if err != nil {
		return nil, err
	}
	return image.NewRGBA(image.Rect(0, 0, w, h)), nil
}

func (r *recorder) n() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.calls)
}

func (r *recorder) last() request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[len(r.calls)-1]
}

// newTestChart shows a chart drawn by render in an unpadded 400×300 test window.
// Each option configures the chart before it is shown.
func newTestChart(t *testing.T, render RenderFunc, options ...func(*Chart)) (*Chart, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	c := NewChart(render)
	c.Debounce = 5 * time.Millisecond
	for _, o := range options {
		o(c)
	}
	w := test.NewWindow(c)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(400, 300))
	t.Cleanup(w.Close)
	return c, w
}

// waitApplied waits until c has swapped in n results. It does not time the widget: the
// deadline only stops a broken test from hanging.
func waitApplied(t *testing.T, c *Chart, n uint64) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for c.applied.Load() < n {
		if time.Now().After(deadline) {
			t.Fatalf("waited for %d results, %d applied", n, c.applied.Load())
		}
		time.Sleep(time.Millisecond)
	}
}

// shown is the renderer's image and text, read after waitApplied.
func shown(c *Chart) (*chartRenderer, image.Image) {
	c.mu.Lock()
	r := c.rend
	c.mu.Unlock()
	return r, r.img.Image
}

func TestChartRendersAtSizeAndScale(t *testing.T) {
	rec := &recorder{}
	c, w := newTestChart(t, rec.render)
	waitApplied(t, c, 1)
	if got := rec.last(); got.w != 400 || got.h != 300 || got.scale != 1 {
		t.Fatalf("rendered %dx%d@%v, want 400x300@1", got.w, got.h, got.scale)
	}
	r, img := shown(c)
	if img == nil || img.Bounds().Dx() != 400 || !r.img.Visible() || r.text.Visible() {
		t.Fatalf("image %v shown %v, text shown %v", img, r.img.Visible(), r.text.Visible())
	}
	if r.img.FillMode != canvas.ImageFillStretch {
		t.Errorf("fill mode %v, want stretch", r.img.FillMode)
	}

	// HiDPI: the image is rendered at the canvas scale.
	w.Canvas().(test.WindowlessCanvas).SetScale(2)
	c.Refresh()
	waitApplied(t, c, 2)
	if got := rec.last(); got.w != 800 || got.h != 600 || got.scale != 2 {
		t.Fatalf("rendered %dx%d@%v, want 800x600@2", got.w, got.h, got.scale)
	}

	// Resize re-renders at the new size.
	w.Resize(fyne.NewSize(250, 200))
	waitApplied(t, c, 3)
	if got := rec.last(); got.w != 500 || got.h != 400 {
		t.Fatalf("rendered %dx%d, want 500x400", got.w, got.h)
	}
	if _, img := shown(c); img.Bounds().Dx() != 500 {
		t.Errorf("shown image is %v wide, want 500", img.Bounds().Dx())
	}
	if n := rec.n(); n != 3 {
		t.Errorf("%d renders for 3 changes", n)
	}
}

func TestChartNoRenderWithoutChange(t *testing.T) {
	rec := &recorder{}
	c, w := newTestChart(t, rec.render)
	waitApplied(t, c, 1)
	c.mu.Lock()
	gen := c.gen
	c.mu.Unlock()

	c.Refresh()
	c.Resize(c.Size())
	w.Resize(fyne.NewSize(400, 300))
	w.Content().Refresh()

	c.mu.Lock()
	if c.gen != gen {
		t.Errorf("a refresh without change scheduled a render (generation %d → %d)", gen, c.gen)
	}
	c.mu.Unlock()

	// The next change renders once more, and only once.
	other := &recorder{}
	c.SetRender(other.render)
	waitApplied(t, c, 2)
	if rec.n() != 1 || other.n() != 1 {
		t.Errorf("renders: %d of the first data, %d of the second; want 1 and 1", rec.n(), other.n())
	}
}

func TestChartPlaceholder(t *testing.T) {
	empty := &recorder{err: ErrNoData}
	c, _ := newTestChart(t, empty.render, func(c *Chart) { c.Placeholder = "Nothing here" })
	waitApplied(t, c, 1)
	r, img := shown(c)
	if img != nil || r.img.Visible() || !r.text.Visible() || r.text.Text != "Nothing here" {
		t.Fatalf("ErrNoData: image %v (shown %v), text %q (shown %v)", img, r.img.Visible(), r.text.Text, r.text.Visible())
	}

	full := &recorder{}
	c.SetRender(full.render)
	waitApplied(t, c, 2)
	r, img = shown(c)
	if img == nil || !r.img.Visible() || r.text.Visible() {
		t.Fatal("after SetRender with data, the image is not shown")
	}

	broken := &recorder{err: errors.New("disk on fire")}
	c.SetRender(broken.render)
	waitApplied(t, c, 3)
	if r, _ := shown(c); !r.text.Visible() || !strings.Contains(r.text.Text, "disk on fire") {
		t.Errorf("error text %q", r.text.Text)
	}

	c.SetRender(nil)
	waitApplied(t, c, 4)
	if r, _ := shown(c); r.text.Text != "Nothing here" {
		t.Errorf("nil render: text %q, want the placeholder", r.text.Text)
	}
}

// TestChartDropsStale blocks the first render, changes size and data while it runs, and checks
// that its result is dropped and exactly one more render, of the latest request, follows.
func TestChartDropsStale(t *testing.T) {
	first := &recorder{started: make(chan struct{}, 1), gate: make(chan struct{})}
	c, w := newTestChart(t, first.render)
	<-first.started // the first render is under way, blocked on its gate

	w.Resize(fyne.NewSize(300, 200))
	w.Resize(fyne.NewSize(320, 240))
	second := &recorder{}
	c.SetRender(second.render)
	close(first.gate)

	waitApplied(t, c, 1)
	if first.n() != 1 || second.n() != 1 {
		t.Fatalf("renders: %d first, %d second; want 1 and 1", first.n(), second.n())
	}
	if got := second.last(); got.w != 320 || got.h != 240 {
		t.Errorf("rendered %dx%d, want the latest 320x240", got.w, got.h)
	}
	if _, img := shown(c); img.Bounds().Dx() != 320 {
		t.Errorf("shown image is %d wide, want 320", img.Bounds().Dx())
	}
}

func TestChartFollowsTheme(t *testing.T) {
	rec := &recorder{}
	c, _ := newTestChart(t, rec.render)
	waitApplied(t, c, 1)
	themes := []fyne.Theme{theme.LightTheme(), theme.DarkTheme()}
	pals := []Palette{LightPalette(), DarkPalette()}
	if rec.last().pal == LightPalette() {
		themes[0], themes[1], pals[0], pals[1] = themes[1], themes[0], pals[1], pals[0]
	}
	for i, th := range themes {
		fyne.CurrentApp().Settings().SetTheme(th)
		waitApplied(t, c, uint64(i)+2)
		if got := rec.last().pal; got != pals[i] {
			t.Fatalf("theme %d rendered with background %v, want %v", i, got.Background, pals[i].Background)
		}
	}
	if n := rec.n(); n != 3 {
		t.Errorf("%d renders for two theme changes after the first", n)
	}
}

// TestChartWithRealCharts shows each chart in the widget under the race detector.
func TestChartWithRealCharts(t *testing.T) {
	st := smallStudy()
	rs := recist.EvaluateStudy(st, recist.DefaultOptions())
	c, _ := newTestChart(t, showcaseSeries().Render)
	waitApplied(t, c, 1)
	c.SetRender(NewSpiderData(st, rs).Render)
	waitApplied(t, c, 2)
	c.SetRender(NewWaterfallData(st, rs).Render)
	waitApplied(t, c, 3)
	r, img := shown(c)
	if img == nil || !r.img.Visible() || img.Bounds().Dx() != 400 {
		t.Fatalf("waterfall not shown: %v", img)
	}
	c.SetRender(TargetSeries{}.Render)
	waitApplied(t, c, 4)
	if r, _ := shown(c); r.text.Text != "No measurements to plot" {
		t.Errorf("empty series: text %q", r.text.Text)
	}
}

// TestChartRendererRecreated checks that a chart whose renderer Fyne destroyed (its cache
// drops renderers of widgets long out of view) renders again for the new one.
func TestChartRendererRecreated(t *testing.T) {
	rec := &recorder{}
	c, _ := newTestChart(t, rec.render)
	waitApplied(t, c, 1)
	old, _ := shown(c)
	old.Destroy()
	r := c.CreateRenderer()
	r.Layout(c.Size())
	waitApplied(t, c, 2)
	cr, img := shown(c)
	if cr != r || img == nil || img.Bounds().Dx() != 400 {
		t.Fatalf("the new renderer shows %v", img)
	}
	if rec.n() != 2 {
		t.Errorf("%d renders, want 2", rec.n())
	}
}
