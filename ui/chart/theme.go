package chart

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// CurrentPalette is the palette matching the running app's theme: DarkPalette when the
// theme's background, in the settings' theme variant, is dark, else LightPalette. It asks the
// theme rather than trusting the variant alone, so a theme that forces one look is honoured.
// Call it on the UI thread.
func CurrentPalette() Palette {
	a := fyne.CurrentApp()
	if a == nil {
		return LightPalette()
	}
	s := a.Settings()
	th := s.Theme()
	if th == nil {
		th = theme.DefaultTheme()
	}
	if isDark(th.Color(theme.ColorNameBackground, s.ThemeVariant())) {
		return DarkPalette()
	}
	return LightPalette()
}

// isDark reports whether c is closer to black than to white (relative luminance below 0.5,
// computed on the gamma-encoded channels, which is enough to tell a theme's background).
func isDark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return 0.2126*float64(r)+0.7152*float64(g)+0.0722*float64(b) < 0.5*0xffff
}
