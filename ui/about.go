package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/assets"
)

// aboutText is what Help → About says.
const aboutText = "**" + Title + " " + Version + "**\n\n" +
	"RECIST View signs in to MSK's Blaze research FHIR server as your partner organisation, loads a study's " +
	"RECIST response assessments and lesion measurements, recomputes the responses with the RECIST 1.1 rules " +
	"and shows where the reported responses disagree with them.\n\n" +
	"The client secret is kept only in the system keychain, and only when you ask for it to be remembered; it is " +
	"never written to settings or files. Studies you open are kept on this computer so that they open at once " +
	"and can be read offline; File → Sign out and forget all data removes them, the remembered secret and the " +
	"list of recent studies."

// showAbout opens the About dialog.
func (w *Window) showAbout() {
	icon := canvas.NewImageFromResource(assets.Icon)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(64, 64))
	text := widget.NewRichTextFromMarkdown(aboutText)
	text.Wrapping = fyne.TextWrapWord
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(520, 0))
	body := container.NewBorder(nil, nil, container.NewVBox(icon), nil, container.NewStack(width, text))
	d := dialog.NewCustom("About "+Title, "Close", body, w.win)
	d.Show()
}
