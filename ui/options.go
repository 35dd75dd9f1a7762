package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/recistview/recistview/data/recist"
)

// Bounds of the day counts the RECIST options accept.
const (
	minDays = 1
	maxDays = 3650
)

// optionsForm is the Settings → RECIST options… form: whether CR and PR need confirmation,
// after how many days, and from which day SD counts.
type optionsForm struct {
	confirm     *widget.Check
	confirmDays *widget.Entry
	sdDays      *widget.Entry
	items       []*widget.FormItem
}

func newOptionsForm(o recist.Options) *optionsForm {
	d := recist.DefaultOptions()
	f := &optionsForm{}
	f.confirmDays = widget.NewEntry()
	f.confirmDays.SetText(strconv.Itoa(o.ConfirmDays))
	f.confirmDays.Validator = validDays
	f.sdDays = widget.NewEntry()
	f.sdDays.SetText(strconv.Itoa(o.SDMinDays))
	f.sdDays.Validator = validDays
	f.confirm = widget.NewCheck("CR and PR must be confirmed by a later assessment", func(on bool) {
		if on {
			f.confirmDays.Enable()
		} else {
			f.confirmDays.Disable()
		}
	})
	f.confirm.SetChecked(o.Confirm)
	if !o.Confirm {
		f.confirmDays.Disable()
	}
	f.items = []*widget.FormItem{
		{Text: "Confirmation", Widget: f.confirm, HintText: "Where the protocol requires it (non-randomised trials)."},
		{Text: "Confirmation after (days)", Widget: f.confirmDays, HintText: fmt.Sprintf("The confirming assessment comes at least this long after the response (RECIST 1.1: 4 weeks; default %d).", d.ConfirmDays)},
		{Text: "SD counts from day", Widget: f.sdDays, HintText: fmt.Sprintf("SD needs a measurement at least this long after baseline (protocol-defined, commonly 6–8 weeks; default %d).", d.SDMinDays)},
	}
	return f
}

// errDays is a day count that is not a whole number in range.
var errDays = fmt.Errorf("enter a whole number of days from %d to %d", minDays, maxDays)

func validDays(text string) error {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < minDays || n > maxDays {
		return errDays
	}
	return nil
}

// options is what the form holds, or errDays when a day count is not valid.
func (f *optionsForm) options() (recist.Options, error) {
	if validDays(f.confirmDays.Text) != nil || validDays(f.sdDays.Text) != nil {
		return recist.Options{}, errDays
	}
	cd, _ := strconv.Atoi(strings.TrimSpace(f.confirmDays.Text))
	sd, _ := strconv.Atoi(strings.TrimSpace(f.sdDays.Text))
	return recist.Options{Confirm: f.confirm.Checked, ConfirmDays: cd, SDMinDays: sd}, nil
}

// showOptions opens the RECIST options dialog; Save stores them and re-evaluates the shown
// study under them.
func (w *Window) showOptions() {
	f := newOptionsForm(w.app.Settings.Options())
	d := dialog.NewForm("RECIST options", "Save", "Cancel", f.items, func(ok bool) {
		if !ok {
			return
		}
		o, err := f.options()
		if err != nil {
			w.showError("RECIST options not saved", err)
			return
		}
		w.applyOptions(o)
	}, w.win)
	d.Show()
}

// applyOptions stores o and re-evaluates the shown study under it, off the UI thread.
func (w *Window) applyOptions(o recist.Options) {
	w.app.Settings.SetOptions(o)
	if w.study != nil && w.study.view != nil {
		w.study.reevaluate()
	}
}

// reevaluate evaluates the shown view again under the current RECIST options in the
// background and swaps the result in, unless another view has replaced it meanwhile.
func (s *studyScreen) reevaluate() {
	v := s.view
	if v == nil || s.reevaluating == v {
		return
	}
	s.reevaluating = v
	opt := s.w.app.Settings.Options()
	s.w.async(func() func() {
		nv := v.WithOptions(opt)
		return func() {
			if s.reevaluating == v {
				s.reevaluating = nil
			}
			if s.w.study != s || s.view != v {
				return
			}
			s.setView(nv)
			s.top.status.SetText(nv.Status())
		}
	})
}
