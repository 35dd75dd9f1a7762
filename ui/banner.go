package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// banner is a strip tinted in the warning colour with an icon and some lines of text, used
// for a subject's discrepancies above the lesion table. When its lines need more than
// maxLines of text it scrolls, so that a long list never pushes the table off the screen.
type banner struct {
	lines   *fyne.Container // the labels, one a paragraph
	scroll  *container.Scroll
	text    *container.ThemeOverride // the scroll, with less padding in its labels
	bg      *canvas.Rectangle
	content fyne.CanvasObject
}

// bannerMaxLines is how many lines of text the banner shows before it scrolls.
const bannerMaxLines = 4

func newBanner() *banner {
	b := &banner{lines: container.NewVBox()}
	b.bg = canvas.NewRectangle(color.Transparent)
	b.bg.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	icon := widget.NewIcon(theme.WarningIcon())
	b.scroll = container.NewVScroll(b.lines)
	b.text = container.NewThemeOverride(container.New(&capHeight{max: bannerMaxLines * lineHeight()}, b.scroll), tightTheme{})
	body := container.NewBorder(nil, nil, container.NewVBox(icon), nil, b.text)
	b.content = container.NewStack(b.bg, container.NewPadded(body))
	b.recolor()
	b.content.Hide()
	return b
}

// show puts texts in the banner, one paragraph each; none hides it.
func (b *banner) show(texts []string) {
	objs := make([]fyne.CanvasObject, 0, len(texts))
	for _, t := range texts {
		l := widget.NewLabel(t)
		l.Wrapping = fyne.TextWrapWord
		objs = append(objs, l)
	}
	b.lines.Objects = objs
	b.scroll.ScrollToTop()
	// Refreshing the override gives the new paragraphs its theme, sizes them to the scroll's
	// width and the scroll's content to them.
	b.text.Refresh()
	if len(objs) == 0 {
		b.content.Hide()
		return
	}
	b.content.Show()
}

// recolor takes the tint from the current theme.
func (b *banner) recolor() {
	b.bg.FillColor = withAlpha(theme.Color(theme.ColorNameWarning), 0x30)
	b.bg.StrokeColor = theme.Color(theme.ColorNameWarning)
	b.bg.StrokeWidth = 1
	b.bg.Refresh()
}

// lineHeight is the height of one line of label text, with the label's padding shared out.
func lineHeight() float32 {
	return fyne.MeasureText("Ag", theme.TextSize(), fyne.TextStyle{}).Height + theme.Size(theme.SizeNameLineSpacing)
}

// tightTheme is the current theme with less padding inside labels, so that the banner's
// paragraphs sit close together and leave the height to the lesion table.
type tightTheme struct{}

func (tightTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return baseTheme().Color(n, v)
}

func (tightTheme) Font(s fyne.TextStyle) fyne.Resource { return baseTheme().Font(s) }

func (tightTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return baseTheme().Icon(n) }

func (tightTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameInnerPadding {
		return baseTheme().Size(n) / 4
	}
	return baseTheme().Size(n)
}

// baseTheme is the app's theme (theme.Current would return the override being rendered).
func baseTheme() fyne.Theme {
	if a := fyne.CurrentApp(); a != nil && a.Settings().Theme() != nil {
		return a.Settings().Theme()
	}
	return theme.DefaultTheme()
}

// capHeight is a layout whose minimum height is its content's, but at most max: the content
// (a scroll) takes over beyond that.
type capHeight struct{ max float32 }

func (c *capHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(size)
	}
}

func (c *capHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		if sc, ok := o.(*container.Scroll); ok && sc.Content != nil {
			// A scroll's own minimum is tiny; ask for what the content needs, up to max.
			m.Height = min(sc.Content.MinSize().Height, c.max)
		}
		s = s.Max(m)
	}
	return s
}

// infoBar is a dismissable line under the progress strip for things the user should know
// about the local cache: why studies are not kept for offline use, or that this one was not.
type infoBar struct {
	text    *widget.Label
	content *fyne.Container
}

func newInfoBar() *infoBar {
	n := &infoBar{text: widget.NewLabel("")}
	n.text.Wrapping = fyne.TextWrapWord
	n.text.Importance = widget.WarningImportance
	closeButton := widget.NewButtonWithIcon("", theme.WindowCloseIcon(), n.hide)
	closeButton.Importance = widget.LowImportance
	n.content = container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), closeButton, n.text)
	n.content.Hide()
	return n
}

// show puts text in the bar ("" hides it).
func (n *infoBar) show(text string) {
	if text == "" {
		n.hide()
		return
	}
	n.text.SetText(text)
	n.content.Show()
}

func (n *infoBar) hide() { n.content.Hide() }
