package chart

import (
	"errors"
	"fmt"
	"image"
	"math"
	"sync"
	"sync/atomic"
	"time"
	"weak"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// DefaultDebounce is how long a Chart waits after the last change of size, scale, theme or data
// before it renders.
const DefaultDebounce = 120 * time.Millisecond

// maxPixels caps the side of a rendered image, whatever the widget's size and scale.
const maxPixels = 8192

// Chart is a widget that shows a chart drawn by a RenderFunc. It renders in the background,
// at its size times the canvas scale so that it stays crisp on HiDPI screens, whenever its
// size, the scale, the theme or the data change — debounced, and only when one of them did —
// and swaps the finished image in on the UI thread. A result that a later change has made
// stale is dropped. When the render reports ErrNoData the Placeholder text is shown instead.
//
// Create it with NewChart; change the data with SetRender. Like every widget, call its
// methods on the UI thread.
type Chart struct {
	widget.BaseWidget

	// Placeholder is shown instead of the chart when the render returns ErrNoData.
	Placeholder string
	// Debounce is the quiet time before a render; zero means DefaultDebounce.
	Debounce time.Duration

	mu        sync.Mutex
	render    RenderFunc
	data      uint64 // bumped by SetRender
	want      request
	shown     request // what the displayed image or text was made for
	haveShown bool
	gen       uint64 // bumped by every new request; a result is applied only if still current
	timer     *time.Timer
	rend      *chartRenderer
	listening bool

	busy    sync.Mutex    // held while rendering: one render at a time per chart
	applied atomic.Uint64 // results swapped in, for tests
}

var _ fyne.Widget = (*Chart)(nil)

// request is everything a rendered image depends on.
type request struct {
	w, h  int
	scale float32
	pal   Palette
	data  uint64
}

// NewChart returns a chart drawn by render, showing "No measurements to plot" when there is
// nothing to draw. render may be nil (an empty chart) and is called off the UI thread.
func NewChart(render RenderFunc) *Chart {
	c := &Chart{Placeholder: "No measurements to plot", render: render}
	c.ExtendBaseWidget(c)
	return c
}

// SetRender replaces the chart's data: render is called, debounced, to draw the new chart.
func (c *Chart) SetRender(render RenderFunc) {
	c.mu.Lock()
	c.render = render
	c.data++
	c.mu.Unlock()
	c.Refresh()
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (c *Chart) CreateRenderer() fyne.WidgetRenderer {
	c.ExtendBaseWidget(c)
	img := canvas.NewImageFromImage(nil)
	img.FillMode = canvas.ImageFillStretch
	img.ScaleMode = canvas.ImageScaleSmooth
	img.Hide()
	text := canvas.NewText("", theme.Color(theme.ColorNameDisabled))
	text.Alignment = fyne.TextAlignCenter
	text.Hide()
	r := &chartRenderer{c: c, img: img, text: text, objects: []fyne.CanvasObject{img, text}}
	c.mu.Lock()
	c.rend = r
	// A new renderer shows nothing yet, whatever an earlier one showed.
	c.want, c.haveShown = request{}, false
	listen := !c.listening
	c.listening = true
	c.mu.Unlock()
	if listen {
		// Settings has no way to remove a listener, so it holds the chart weakly: a chart that
		// is no longer used can still be collected.
		wc := weak.Make(c)
		fyne.CurrentApp().Settings().AddListener(func(fyne.Settings) {
			if c := wc.Value(); c != nil {
				c.Refresh()
			}
		})
	}
	return r
}

// schedule asks for the chart at size in device-independent units; it starts the debounce
// timer when that needs an image other than the one shown or pending.
func (c *Chart) schedule(size fyne.Size) {
	scale := float32(1)
	if cv := fyne.CurrentApp().Driver().CanvasForObject(c); cv != nil {
		scale = cv.Scale()
	}
	req := request{
		w:     min(maxPixels, int(math.Ceil(float64(size.Width*scale)))),
		h:     min(maxPixels, int(math.Ceil(float64(size.Height*scale)))),
		scale: scale,
		pal:   CurrentPalette(),
	}
	if req.w <= 0 || req.h <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	req.data = c.data
	if req == c.want {
		return
	}
	c.want = req
	c.gen++
	if c.timer != nil {
		c.timer.Stop()
	}
	if c.haveShown && req == c.shown {
		return // back to what is on screen: the pending render is cancelled
	}
	gen, render := c.gen, c.render
	d := c.Debounce
	if d <= 0 {
		d = DefaultDebounce
	}
	c.timer = time.AfterFunc(d, func() { c.run(gen, req, render) })
}

// current reports whether gen is still the latest request.
func (c *Chart) current(gen uint64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return gen == c.gen
}

// run renders request gen in the background and hands the result to the UI thread.
func (c *Chart) run(gen uint64, req request, render RenderFunc) {
	c.busy.Lock()
	if !c.current(gen) {
		c.busy.Unlock()
		return
	}
	img, err := safeRender(render, req)
	c.busy.Unlock()
	if !c.current(gen) {
		return
	}
	fyne.Do(func() { c.apply(gen, req, img, err) })
}

// safeRender calls render, turning a nil render into ErrNoData and a panic into an error.
func safeRender(render RenderFunc, req request) (img image.Image, err error) {
	if render == nil {
		return nil, ErrNoData
	}
	defer func() {
		if p := recover(); p != nil {
			img, err = nil, fmt.Errorf("chart: render failed: %v", p)
		}
	}()
	return render(req.w, req.h, req.scale, req.pal)
}

// apply shows a render result, unless a later request made it stale. It runs on the UI thread.
func (c *Chart) apply(gen uint64, req request, img image.Image, err error) {
	c.mu.Lock()
	if gen != c.gen || c.rend == nil {
		c.mu.Unlock()
		return
	}
	r := c.rend
	c.shown, c.haveShown = req, true
	c.mu.Unlock()
	r.show(img, err, c.Placeholder)
	c.applied.Add(1)
}

// stop cancels any pending render; results still in flight are dropped.
func (c *Chart) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.want = request{}
	if c.timer != nil {
		c.timer.Stop()
	}
}

// chartRenderer shows the rendered image, or a text where there is none.
type chartRenderer struct {
	c       *Chart
	img     *canvas.Image
	text    *canvas.Text
	objects []fyne.CanvasObject
}

func (r *chartRenderer) Layout(size fyne.Size) {
	r.img.Move(fyne.NewPos(0, 0))
	r.img.Resize(size)
	ts := r.text.MinSize()
	r.text.Move(fyne.NewPos(0, (size.Height-ts.Height)/2))
	r.text.Resize(fyne.NewSize(size.Width, ts.Height))
	r.c.schedule(size)
}

func (r *chartRenderer) MinSize() fyne.Size {
	return fyne.NewSize(160, 100)
}

func (r *chartRenderer) Refresh() {
	r.text.Color = theme.Color(theme.ColorNameDisabled)
	r.text.TextSize = theme.TextSize()
	r.text.Refresh()
	r.c.schedule(r.c.Size())
}

func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *chartRenderer) Destroy() { r.c.stop() }

// show displays a render result: the image, the placeholder for ErrNoData, nothing for
// ErrTooSmall, or the error.
func (r *chartRenderer) show(img image.Image, err error, placeholder string) {
	switch {
	case err == nil && img != nil:
		r.img.Image = img
		r.img.Show()
		r.text.Hide()
		r.img.Refresh()
		return
	case errors.Is(err, ErrNoData) || (err == nil && img == nil):
		r.text.Text = placeholder
	case errors.Is(err, ErrTooSmall):
		r.text.Text = ""
	default:
		r.text.Text = "The chart could not be drawn: " + err.Error()
	}
	r.img.Hide()
	r.img.Image = nil
	r.text.Show()
	r.text.Refresh()
}
