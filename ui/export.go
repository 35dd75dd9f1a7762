package ui

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/app"
)

// The export dialog's format choices.
const (
	exportJSONChoice = "JSON — the whole study with reported and computed responses"
	exportCSVChoice  = "CSV — one row per lesion per assessment"
)

// exportStudy asks for a format and then a file, and writes the shown study there (File →
// Export study…, Ctrl+E).
func (w *Window) exportStudy() {
	s := w.study
	if s == nil || s.view == nil || len(s.view.Rows) == 0 {
		return
	}
	v := s.view
	study := v.Study.ID
	choice := widget.NewRadioGroup([]string{exportJSONChoice, exportCSVChoice}, nil)
	choice.Required = true
	choice.SetSelected(exportJSONChoice)
	note := widget.NewLabel(fmt.Sprintf("%d subjects, with the responses computed under the current RECIST options. The same formats as the recist command line tool.", len(v.Rows)))
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.MediumImportance
	parts := []fyne.CanvasObject{choice, note}
	if !v.Complete {
		warn := widget.NewLabel("The study did not load completely: the file holds only what arrived.")
		warn.Wrapping = fyne.TextWrapWord
		warn.Importance = widget.WarningImportance
		parts = append(parts, warn)
	}
	d := dialog.NewCustomConfirm("Export study "+study, "Choose file…", "Cancel", container.NewVBox(parts...), func(ok bool) {
		if !ok {
			return
		}
		format := app.FormatJSON
		if choice.Selected == exportCSVChoice {
			format = app.FormatCSV
		}
		w.chooseExportFile(v, format)
	}, w.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}

// chooseExportFile opens the save dialog for v's export in format.
func (w *Window) chooseExportFile(v *app.StudyView, format string) {
	fd := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			w.showError("Export failed", err)
			return
		}
		if wc == nil { // cancelled
			return
		}
		w.exportTo(v, wc, wc.URI().Path(), format)
	}, w.win)
	fd.SetTitleText("Export study " + v.Study.ID + " as " + strings.ToUpper(format))
	fd.SetFileName(exportFileName(v.Study.ID, format))
	fd.SetFilter(storage.NewExtensionFileFilter([]string{"." + format}))
	fd.Resize(fyne.NewSize(800, 560))
	fd.Show()
}

// exportFileName is the suggested file name: the study number, made safe, and the format.
func exportFileName(study, format string) string {
	safe := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r < ' ' {
			return '_'
		}
		return r
	}, study)
	return safe + "." + format
}

// exportFormat is the format for a file called name: its extension when that names one,
// otherwise chosen.
func exportFormat(name, chosen string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return app.FormatCSV
	case ".json":
		return app.FormatJSON
	}
	return chosen
}

// exportTo writes v to out in the background and says how it went. path names the file for
// the user.
func (w *Window) exportTo(v *app.StudyView, out io.WriteCloser, path, chosen string) {
	format := exportFormat(path, chosen)
	w.async(func() func() {
		err := app.Export(out, v, format)
		if cerr := out.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("saving %s: %w", path, cerr)
		}
		return func() {
			if err != nil {
				w.showError("Export failed", err)
				return
			}
			dialog.NewInformation("Study exported", fmt.Sprintf("Study %s (%d subjects) was saved as %s to %s.",
				v.Study.ID, len(v.Rows), strings.ToUpper(format), path), w.win).Show()
		}
	})
}
