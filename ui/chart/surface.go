package chart

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"sync"

	"github.com/golang/freetype/truetype"
	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// defaultFont is go-chart's font (Roboto Medium), parsed once. go-chart's own lazy loader reads
// its cache without a lock, so every render goes through this Once instead.
var defaultFont = sync.OnceValues(gochart.GetDefaultFont)

// Text sizes in logical pixels (before scaling).
const (
	sizeTick    = 11.0
	sizeTitle   = 12.0
	sizeLegend  = 11.5
	sizeLabel   = 10.0
	sizeCaption = 11.0
)

// hAlign and vAlign place a text relative to its anchor point.
type hAlign int

const (
	alignLeft hAlign = iota
	alignCenter
	alignRight
)

type vAlign int

const (
	alignBaseline vAlign = iota
	alignMiddle          // the anchor is half way up the capitals
	alignTop             // the anchor is the top of the capitals
)

// surface is an RGBA image with go-chart's raster graphic context. Coordinates are device
// pixels; lengths given in logical pixels are multiplied by scale with u.
type surface struct {
	img   *image.RGBA
	gc    *drawing.RasterGraphicContext
	scale float64
	font  *truetype.Font
	faces map[float64]*face
}

// face is a text face of one size with the metrics the layout uses, in device pixels.
type face struct {
	font.Face
	capHeight float64
	descent   float64
}

// newSurface allocates a w×h image filled with bg. A scale that is not a positive number is 1.
func newSurface(w, h int, scale float32, bg color.NRGBA) (*surface, error) {
	if w < minWidth || h < minHeight {
		return nil, ErrTooSmall
	}
	f, err := defaultFont()
	if err != nil {
		return nil, err
	}
	s := float64(scale)
	if !(s > 0) || math.IsInf(s, 0) {
		s = 1
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(bg), image.Point{}, draw.Src)
	gc, err := drawing.NewRasterGraphicContext(img)
	if err != nil {
		return nil, err
	}
	gc.SetFillRule(drawing.FillRuleWinding) // overlapping markers in one path stay filled
	return &surface{img: img, gc: gc, scale: s, font: f, faces: make(map[float64]*face)}, nil
}

// Minimum image size a chart is drawn at; smaller requests give ErrTooSmall.
const (
	minWidth  = 48
	minHeight = 32
)

// u converts logical pixels to device pixels.
func (c *surface) u(v float64) float64 { return v * c.scale }

// width and height are the image size in device pixels.
func (c *surface) width() float64  { return float64(c.img.Rect.Dx()) }
func (c *surface) height() float64 { return float64(c.img.Rect.Dy()) }

// crisp moves a coordinate so that a line of the given device width covers whole pixels.
func crisp(v, width float64) float64 {
	if int(math.Round(width))%2 == 1 {
		return math.Floor(v) + 0.5
	}
	return math.Round(v)
}

// dash is a dash pattern of on and off lengths in logical pixels, scaled.
func (c *surface) dash(on, off float64) []float64 { return []float64{c.u(on), c.u(off)} }

// stroke strokes the current path of the graphic context.
func (c *surface) stroke(width float64, col color.NRGBA, dash []float64) {
	c.gc.SetLineWidth(width)
	c.gc.SetStrokeColor(col)
	c.gc.SetLineDash(dash, 0)
	c.gc.Stroke()
}

// fill fills the current path of the graphic context.
func (c *surface) fill(col color.NRGBA) {
	c.gc.SetFillColor(col)
	c.gc.Fill()
}

// line strokes a straight line; horizontal and vertical lines are aligned to the pixel grid.
func (c *surface) line(x0, y0, x1, y1, width float64, col color.NRGBA, dash []float64) {
	if y0 == y1 {
		y0 = crisp(y0, width)
		y1 = y0
	}
	if x0 == x1 {
		x0 = crisp(x0, width)
		x1 = x0
	}
	c.gc.BeginPath()
	c.gc.MoveTo(x0, y0)
	c.gc.LineTo(x1, y1)
	c.stroke(width, col, dash)
}

// rect fills the pixels of [x0,x1)×[y0,y1), rounded to whole pixels, with col blended over.
func (c *surface) rect(x0, y0, x1, y1 float64, col color.NRGBA) {
	r := image.Rect(int(math.Round(x0)), int(math.Round(y0)), int(math.Round(x1)), int(math.Round(y1)))
	op := draw.Over
	if col.A == 0xff {
		op = draw.Src
	}
	draw.Draw(c.img, r.Intersect(c.img.Rect), image.NewUniform(col), image.Point{}, op)
}

// circle adds a closed circle of radius r around (x, y) to the current path.
func (c *surface) circle(x, y, r float64) {
	n := max(12, int(math.Ceil(r*2.5)))
	c.gc.MoveTo(x+r, y)
	for i := 1; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		c.gc.LineTo(x+r*math.Cos(a), y+r*math.Sin(a))
	}
	c.gc.Close()
}

// ring strokes a circle of radius r around (x, y).
func (c *surface) ring(x, y, r, width float64, col color.NRGBA) {
	c.gc.BeginPath()
	c.circle(x, y, r)
	c.stroke(width, col, nil)
}

// dot fills a circle of radius r around (x, y) with fill and outlines it with outline.
func (c *surface) dot(x, y, r float64, fill, outline color.NRGBA, width float64) {
	c.gc.BeginPath()
	c.circle(x, y, r)
	c.fill(fill)
	if width > 0 {
		c.ring(x, y, r, width, outline)
	}
}

// faceOf returns the face of a logical text size, creating it on first use.
func (c *surface) faceOf(size float64) *face {
	if f, ok := c.faces[size]; ok {
		return f
	}
	ff := truetype.NewFace(c.font, &truetype.Options{
		Size:              c.u(size),
		DPI:               72,
		Hinting:           font.HintingFull,
		GlyphCacheEntries: 128,
	})
	b, _, _ := ff.GlyphBounds('H')
	f := &face{
		Face:      ff,
		capHeight: -fix(b.Min.Y),
		descent:   fix(ff.Metrics().Descent),
	}
	c.faces[size] = f
	return f
}

// fix converts a 26.6 fixed-point length to float64.
func fix(v fixed.Int26_6) float64 { return float64(v) / 64 }

// textWidth is the advance width of s at a logical size, in device pixels.
func (c *surface) textWidth(s string, size float64) float64 {
	return fix(font.MeasureString(c.faceOf(size), s))
}

// capHeight is the height of the capitals at a logical size, in device pixels.
func (c *surface) capHeight(size float64) float64 { return c.faceOf(size).capHeight }

// text draws s anchored at (x, y) in device pixels.
func (c *surface) text(s string, x, y, size float64, col color.NRGBA, h hAlign, v vAlign) {
	f := c.faceOf(size)
	switch h {
	case alignCenter:
		x -= c.textWidth(s, size) / 2
	case alignRight:
		x -= c.textWidth(s, size)
	}
	switch v {
	case alignMiddle:
		y += f.capHeight / 2
	case alignTop:
		y += f.capHeight
	}
	d := font.Drawer{
		Dst:  c.img,
		Src:  image.NewUniform(col),
		Face: f,
		Dot:  fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.I(int(math.Round(y)))},
	}
	d.DrawString(s)
}

// vtext draws s turned a quarter left (reading upwards), centred on (x, y).
func (c *surface) vtext(s string, x, y, size float64, col color.NRGBA) {
	f := c.faceOf(size)
	w := int(math.Ceil(c.textWidth(s, size)))
	asc := int(math.Ceil(f.capHeight * 1.25))
	h := asc + int(math.Ceil(f.descent))
	if w <= 0 || h <= 0 {
		return
	}
	flat := image.NewRGBA(image.Rect(0, 0, w, h))
	d := font.Drawer{Dst: flat, Src: image.NewUniform(col), Face: f, Dot: fixed.P(0, asc)}
	d.DrawString(s)
	// Turn left: flat (px, py) lands at (py, w-1-px).
	up := image.NewRGBA(image.Rect(0, 0, h, w))
	for py := range h {
		for px := range w {
			o := flat.PixOffset(px, py)
			copy(up.Pix[up.PixOffset(py, w-1-px):][:4], flat.Pix[o:o+4])
		}
	}
	// The capitals' centre line sits asc-capHeight/2 below the top of flat.
	mid := float64(asc) - f.capHeight/2
	at := image.Pt(int(math.Round(x-mid)), int(math.Round(y-float64(w)/2)))
	draw.Draw(c.img, up.Bounds().Add(at), up, image.Point{}, draw.Over)
}

// steps strokes horizontal steps given as x0 x1 y triples in device pixels, joining a step to
// the previous one with a vertical riser where it starts at the previous step's end.
func (c *surface) steps(seg []float64, width float64, col color.NRGBA, dash []float64) {
	if len(seg) < 3 {
		return
	}
	c.gc.BeginPath()
	lx := math.NaN()
	for k := 0; k+2 < len(seg); k += 3 {
		x0, x1, y := seg[k], seg[k+1], crisp(seg[k+2], width)
		if math.Abs(x0-lx) < 0.01 {
			c.gc.LineTo(x0, y)
		} else {
			c.gc.MoveTo(x0, y)
		}
		c.gc.LineTo(x1, y)
		lx = x1
	}
	c.stroke(width, col, dash)
}
