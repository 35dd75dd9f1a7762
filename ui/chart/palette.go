package chart

import (
	"image/color"

	"github.com/recistview/recistview/data/recist"
)

// Palette is the set of colours a chart is drawn with. LightPalette and DarkPalette match
// Fyne's default light and dark themes.
//
// The response colours follow Okabe and Ito's colour-blind-safe palette ("Color Universal
// Design", 2008), adjusted in lightness so that every pair stays apart under simulated
// deuteranopia, protanopia and tritanopia and each colour keeps a contrast of about 3:1 or more
// against the palette's background where it carries meaning.
type Palette struct {
	// Background fills the whole image.
	Background color.NRGBA
	// Foreground is the colour of text, axes and the zero line.
	Foreground color.NRGBA
	// Grid is the colour of grid lines.
	Grid color.NRGBA
	// Muted is the colour of secondary text, neutral reference lines and baseline points.
	Muted color.NRGBA
	// Mismatch marks a timepoint whose reported response differs from the computed one.
	Mismatch color.NRGBA

	// CR, PR, SD, NonCRNonPD, PD and NE are the colours of the response codes.
	CR, PR, SD, NonCRNonPD, PD, NE color.NRGBA
}

// LightPalette is the palette for a light theme (white background).
func LightPalette() Palette {
	return Palette{
		Background: rgb(0xff, 0xff, 0xff),
		Foreground: rgb(0x33, 0x33, 0x33),
		Grid:       rgb(0xe6, 0xe6, 0xe6),
		Muted:      rgb(0x70, 0x70, 0x70),
		Mismatch:   rgb(0xaa, 0x33, 0x77),

		CR:         rgb(0x00, 0x72, 0xb2), // Okabe–Ito blue
		PR:         rgb(0x00, 0x9e, 0x73), // bluish green
		SD:         rgb(0xcf, 0xa0, 0x00), // amber, lighter than PD for red-green deficiency
		NonCRNonPD: rgb(0x7f, 0x93, 0xad), // grey-blue
		PD:         rgb(0xc2, 0x3b, 0x22), // vermilion, darkened
		NE:         rgb(0x9e, 0x9e, 0x9e), // grey
	}
}

// DarkPalette is the palette for a dark theme (Fyne's near-black background).
func DarkPalette() Palette {
	return Palette{
		Background: rgb(0x17, 0x17, 0x18),
		Foreground: rgb(0xe8, 0xe8, 0xe8),
		Grid:       rgb(0x30, 0x30, 0x33),
		Muted:      rgb(0x9a, 0x9a, 0x9a),
		Mismatch:   rgb(0xe0, 0x7b, 0xb5),

		CR:         rgb(0x56, 0xb4, 0xe9), // Okabe–Ito sky blue
		PR:         rgb(0x1d, 0xbf, 0x8e), // bluish green, lightened
		SD:         rgb(0xe6, 0xa7, 0x00), // amber
		NonCRNonPD: rgb(0x93, 0xa8, 0xc4), // grey-blue
		PD:         rgb(0xef, 0x5b, 0x3c), // vermilion, lightened
		NE:         rgb(0x7a, 0x7a, 0x7a), // grey
	}
}

// ResponseColor is the colour of response r in p. None (a baseline, or no response) is p.Muted.
// Tables and chips use it so that a response has one colour across the app.
func ResponseColor(p Palette, r recist.Response) color.NRGBA {
	switch r {
	case recist.CR:
		return p.CR
	case recist.PR:
		return p.PR
	case recist.SD:
		return p.SD
	case recist.NonCRNonPD:
		return p.NonCRNonPD
	case recist.PD:
		return p.PD
	case recist.NE:
		return p.NE
	}
	return p.Muted
}

// responses lists the response codes in legend order, best first.
var responses = [...]recist.Response{recist.CR, recist.PR, recist.SD, recist.NonCRNonPD, recist.PD, recist.NE}

// drawOrder lists the response codes in the order lines and bars are painted, so that the
// responders, which a reader looks for, end on top.
var drawOrder = [...]recist.Response{recist.None, recist.NE, recist.NonCRNonPD, recist.PD, recist.SD, recist.PR, recist.CR}

// responseCode is the short label of r on a chart: its code, or "None".
func responseCode(r recist.Response) string {
	if r == recist.None {
		return "None"
	}
	return string(r)
}

func rgb(r, g, b uint8) color.NRGBA { return color.NRGBA{R: r, G: g, B: b, A: 0xff} }

// withAlpha is c with its alpha multiplied by a (0–1).
func withAlpha(c color.NRGBA, a float64) color.NRGBA {
	c.A = uint8(float64(c.A)*a + 0.5)
	return c
}
