package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSVHeader is the CSV column order of the CLI contract.
var CSVHeader = []string{
	"study", "subject", "case", "assessment_id", "assessment_name", "timepoint", "date",
	"lesion_id", "lesion_code", "category", "organ", "nodal", "state", "value", "unit",
	"reported_target_sum", "reported_response", "computed_response", "discrepancies",
}

// CSV writes one row per lesion per assessment; an assessment without lesions still gets one
// row (with empty lesion columns) so that its responses and discrepancies are not lost.
func CSV(w io.Writer, in Input) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	doc := Build(in)
	for _, s := range doc.Subjects {
		for _, a := range s.Assessments {
			base := []string{
				doc.Study, s.ID, intText(a.CaseID), a.ID, a.Name, intText(a.Timepoint), a.Date,
			}
			tail := []string{
				floatText(a.Reported.TargetSum), string(a.Reported.Response), string(a.Computed.Response),
				strings.Join(a.Discrepancies, " | "),
			}
			if len(a.Lesions) == 0 {
				if err := cw.Write(row(base, make([]string, 8), tail)); err != nil {
					return err
				}
				continue
			}
			for _, l := range a.Lesions {
				mid := []string{l.ID, l.Code, l.Category, l.Organ, strconv.FormatBool(l.Nodal), l.State, floatText(l.Value), l.Unit}
				if err := cw.Write(row(base, mid, tail)); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func row(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	for i, v := range out {
		out[i] = neutralise(v)
	}
	return out
}

// neutralise stops a spreadsheet from reading server text as a formula (CSV injection):
// a cell starting with = + - @ gets a leading apostrophe unless it is a plain number.
func neutralise(v string) string {
	if v == "" {
		return v
	}
	switch v[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(v, 64); err == nil {
			return v
		}
		return "'" + v
	}
	return v
}

func intText(v *int) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(*v)
}

func floatText(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}
