// Package assets holds the files RECIST View ships inside its binary: the application icon.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the application icon (512×512 PNG): a falling target-sum line crossing a dashed
// response threshold.
var Icon fyne.Resource = fyne.NewStaticResource("icon.png", iconPNG)
