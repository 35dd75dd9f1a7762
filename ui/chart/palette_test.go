package chart

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/recistview/recistview/data/recist"
)

func TestResponseColor(t *testing.T) {
	for _, p := range []Palette{LightPalette(), DarkPalette()} {
		want := map[recist.Response]color.NRGBA{
			recist.CR: p.CR, recist.PR: p.PR, recist.SD: p.SD, recist.NonCRNonPD: p.NonCRNonPD,
			recist.PD: p.PD, recist.NE: p.NE, recist.None: p.Muted, "bogus": p.Muted,
		}
		for r, c := range want {
			if got := ResponseColor(p, r); got != c {
				t.Errorf("ResponseColor(%q) = %v, want %v", r, got, c)
			}
		}
		seen := make(map[color.NRGBA]recist.Response)
		for _, r := range responses {
			c := ResponseColor(p, r)
			if c.A != 0xff {
				t.Errorf("%s is not opaque: %v", r, c)
			}
			if o, dup := seen[c]; dup {
				t.Errorf("%s and %s share colour %v", r, o, c)
			}
			seen[c] = r
		}
	}
}

// TestPaletteContrast checks that text and the strongly coloured responses stand out from the
// background: at least 4.5:1 for text and 3:1 for CR, PR and PD (WCAG 2.1, 1.4.3 and 1.4.11),
// and that the light and dark palettes really are light and dark.
func TestPaletteContrast(t *testing.T) {
	for name, p := range map[string]Palette{"light": LightPalette(), "dark": DarkPalette()} {
		if got := contrast(p.Foreground, p.Background); got < 4.5 {
			t.Errorf("%s: text contrast %.2f < 4.5", name, got)
		}
		if got := contrast(p.Muted, p.Background); got < 4.5 {
			t.Errorf("%s: muted text contrast %.2f < 4.5", name, got)
		}
		for _, r := range []recist.Response{recist.CR, recist.PR, recist.PD} {
			if got := contrast(ResponseColor(p, r), p.Background); got < 3 {
				t.Errorf("%s: %s contrast %.2f < 3", name, r, got)
			}
		}
		if got := contrast(p.Mismatch, p.Background); got < 4.5 {
			t.Errorf("%s: mismatch contrast %.2f < 4.5", name, got)
		}
	}
	if isDark(LightPalette().Background) || !isDark(DarkPalette().Background) {
		t.Error("LightPalette must have a light background and DarkPalette a dark one")
	}
}

func TestCurrentPalette(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.LightTheme())
	if got := CurrentPalette(); got != LightPalette() {
		t.Errorf("light theme: got %+v", got.Background)
	}
	a.Settings().SetTheme(theme.DarkTheme())
	if got := CurrentPalette(); got != DarkPalette() {
		t.Errorf("dark theme: got %+v", got.Background)
	}
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b color.NRGBA) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func luminance(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		f := float64(v) / 255
		if f <= 0.04045 {
			return f / 12.92
		}
		return math.Pow((f+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}
