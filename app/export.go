package app

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/recistview/recistview/data/export"
)

// Export formats, as the `recist export -format` flag names them.
const (
	FormatJSON = "json"
	FormatCSV  = "csv"
)

// ErrExportFormat is an export asked for in a format other than FormatJSON or FormatCSV.
var ErrExportFormat = errors.New("unknown export format")

// ErrNothingToExport is an export of a view without a study.
var ErrNothingToExport = errors.New("no study is loaded to export")

// Export writes the study of v, evaluated under v's RECIST options, to w in format (FormatJSON
// or FormatCSV) with the writers of package data/export, so the desktop app saves the same
// documents as the recist CLI.
func Export(w io.Writer, v *StudyView, format string) error {
	if v == nil || v.Study == nil {
		return ErrNothingToExport
	}
	in := export.Input{Study: v.Study, Results: v.Results, Server: v.Profile, FetchedAt: v.FetchedAt}
	var err error
	switch strings.ToLower(format) {
	case FormatJSON:
		err = export.JSON(w, in)
	case FormatCSV:
		err = export.CSV(w, in)
	default:
		return fmt.Errorf("%w %q (use %s or %s)", ErrExportFormat, format, FormatJSON, FormatCSV)
	}
	if err != nil {
		return fmt.Errorf("exporting study %s: %w", v.Study.ID, err)
	}
	return nil
}
