package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/recistview/recistview/data/recist"
)

// SubjectDetail is one subject prepared for the subject screen: the timeline, the lesion table
// (lesions × timepoints) and the discrepancies.
type SubjectDetail struct {
	Subject *recist.Subject
	Result  recist.SubjectResult
	// Timeline has one entry per assessment, in order.
	Timeline []TimelineEntry
	// Rows are the lesion table's body: section headings and lesion rows.
	Rows []LesionRow
	// Footer rows: target sum, % from baseline, % from nadir, reported and computed response.
	Footer []LesionRow
	// Discrepancies are the plain-sentence findings.
	Discrepancies []string
}

// TimelineEntry is one assessment in the timeline.
type TimelineEntry struct {
	Index    int // into Subject.Assessments
	Name     string
	Date     string
	Reported recist.Response
	// ReportedText is the server's conclusion where it has no response code ("No", "Undefined").
	ReportedText string
	Computed     recist.Response
	Mismatch     bool
	Inferred     bool
}

// RowKind tells section headings from lesion and footer rows.
type RowKind int

// Row kinds.
const (
	RowSection RowKind = iota
	RowLesion
	RowFooter
)

// LesionRow is one row of the lesion table.
type LesionRow struct {
	Kind RowKind
	// Label is the first column: the section title, the lesion code, or the footer name.
	Label string
	// Organ and Nodal describe a lesion row.
	Organ string
	Nodal bool
	// Cells has one cell per assessment (column).
	Cells []LesionCell
}

// LesionCell is one cell of the lesion table.
type LesionCell struct {
	Text string
	// Lesion is the measurement shown, nil for footers and empty cells.
	Lesion *recist.Lesion
	// Mismatch marks a footer cell where reported and computed disagree.
	Mismatch bool
	// Muted marks a cell with nothing measured (absent, not evaluable).
	Muted bool
}

// sections orders the lesion table: targets, non-targets, new lesions, then anything the
// server categorised otherwise.
var sections = []struct {
	cat   recist.Category
	title string
}{
	{recist.Target, "Target lesions"},
	{recist.NonTarget, "Non-target lesions"},
	{recist.New, "New lesions"},
	{"", "Other lesions"},
}

// Detail prepares subject i of the view.
func (v *StudyView) Detail(i int) *SubjectDetail {
	s := v.Study.Subjects[i]
	res := v.Results[i]
	d := &SubjectDetail{Subject: s, Result: res}
	mismatch := map[string]bool{}
	for _, x := range res.Discrepancies {
		d.Discrepancies = append(d.Discrepancies, x.Text)
		if x.Kind == recist.KindResponse {
			mismatch[x.AssessmentID] = true
		}
	}
	for j, a := range s.Assessments {
		c := computedAt(res, j)
		d.Timeline = append(d.Timeline, TimelineEntry{
			Index: j, Name: a.Name, Date: shortDate(a), Reported: a.Reported.Response,
			ReportedText: a.Reported.Conclusion, Computed: c.Response,
			Mismatch: mismatch[a.ID], Inferred: a.Inferred(),
		})
	}
	d.Rows = lesionRows(s)
	d.Footer = footerRows(s, res, mismatch)
	return d
}

func computedAt(r recist.SubjectResult, j int) recist.Computed {
	if j < len(r.Timepoints) {
		return r.Timepoints[j]
	}
	return recist.Computed{}
}

// shortDate is an assessment's date for column headers: "13 Oct 2006", or as served.
func shortDate(a *recist.Assessment) string {
	if a.Date.IsZero() {
		return a.DateText
	}
	return a.Date.Format("2 Jan 2006")
}

// lesionRows builds one row per lesion code (per category, in order of first appearance) with
// one cell per assessment.
func lesionRows(s *recist.Subject) []LesionRow {
	type key struct {
		cat  recist.Category
		code string
	}
	var order []key
	rows := map[key]*LesionRow{}
	n := len(s.Assessments)
	for j, a := range s.Assessments {
		for _, l := range a.Lesions {
			k := key{l.Category, l.Code}
			r, ok := rows[k]
			if !ok {
				r = &LesionRow{Kind: RowLesion, Label: l.Code, Organ: l.Organ, Nodal: l.Nodal, Cells: make([]LesionCell, n)}
				for c := range r.Cells {
					r.Cells[c] = LesionCell{Text: "—", Muted: true}
				}
				rows[k] = r
				order = append(order, k)
			}
			r.Cells[j] = lesionCell(l)
		}
	}
	var out []LesionRow
	for _, sec := range sections {
		var keys []key
		for _, k := range order {
			known := k.cat == recist.Target || k.cat == recist.NonTarget || k.cat == recist.New
			if k.cat == sec.cat || (sec.cat == "" && !known) {
				keys = append(keys, k)
			}
		}
		if len(keys) == 0 {
			continue
		}
		slices.SortStableFunc(keys, func(a, b key) int { return strings.Compare(a.code, b.code) })
		out = append(out, LesionRow{Kind: RowSection, Label: sec.title, Cells: make([]LesionCell, n)})
		for _, k := range keys {
			out = append(out, *rows[k])
		}
	}
	return out
}

// lesionCell shows the measurement in mm, or the state where nothing was measured.
func lesionCell(l *recist.Lesion) LesionCell {
	c := LesionCell{Lesion: l}
	switch {
	case l.Value != nil:
		c.Text = fmt.Sprintf("%.1f", *l.Value)
		if l.State == recist.StateDisappeared || l.State == recist.StateUnequivocal {
			c.Text += " · " + l.State
		}
	case l.State != "":
		c.Text = l.State
		c.Muted = l.State == recist.StateNotAssessed || l.State == recist.StateNotEvaluable || l.State == recist.StateUndefined
	default:
		c.Text, c.Muted = "?", true
	}
	return c
}

// footerRows are the per-timepoint figures under the lesions.
func footerRows(s *recist.Subject, res recist.SubjectResult, mismatch map[string]bool) []LesionRow {
	n := len(s.Assessments)
	mk := func(label string) LesionRow {
		return LesionRow{Kind: RowFooter, Label: label, Cells: make([]LesionCell, n)}
	}
	sum, fromBase, fromNadir, reported, computed := mk("Target sum (mm)"), mk("% from baseline"), mk("% from nadir"), mk("Reported response"), mk("Computed response")
	for j, a := range s.Assessments {
		c := computedAt(res, j)
		sum.Cells[j] = sumCell(c.TargetSum, a.Reported.TargetSum)
		fromBase.Cells[j] = pctCell(c.PctFromBaseline)
		fromNadir.Cells[j] = pctCell(c.PctFromNadir)
		reported.Cells[j] = LesionCell{Text: responseText(a.Reported.Response, a.Reported.Conclusion), Mismatch: mismatch[a.ID]}
		computed.Cells[j] = LesionCell{Text: responseText(c.Response, ""), Mismatch: mismatch[a.ID]}
	}
	return []LesionRow{sum, fromBase, fromNadir, reported, computed}
}

// sumCell shows the computed sum, with the reported one beside it when they differ or when
// only the server's is known.
func sumCell(computed, reported *float64) LesionCell {
	switch {
	case computed != nil && reported != nil && fmt.Sprintf("%.1f", *computed) != fmt.Sprintf("%.1f", *reported):
		return LesionCell{Text: fmt.Sprintf("%.1f (reported %.1f)", *computed, *reported), Mismatch: true}
	case computed != nil:
		return LesionCell{Text: fmt.Sprintf("%.1f", *computed)}
	case reported != nil:
		return LesionCell{Text: fmt.Sprintf("reported %.1f", *reported), Muted: true}
	}
	return LesionCell{Text: "—", Muted: true}
}

func pctCell(p *float64) LesionCell {
	if p == nil {
		return LesionCell{Text: "—", Muted: true}
	}
	return LesionCell{Text: fmt.Sprintf("%+.1f %%", *p)}
}

// responseText is a response code, or the server's own text where there is no code.
func responseText(r recist.Response, conclusion string) string {
	if r != recist.None {
		return string(r)
	}
	if conclusion != "" {
		return conclusion
	}
	return "—"
}

// PrettyJSON indents a resource as the server sent it, for the source view.
func PrettyJSON(raw []byte) string {
	if len(raw) == 0 {
		return "(the server sent no resource for this item: it was inferred from other data)"
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return string(raw)
	}
	return buf.String()
}
