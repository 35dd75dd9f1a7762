package app

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/recistview/recistview/data/recist"
)

// ViewMeta describes where a view's data came from and how complete it is.
type ViewMeta struct {
	// Server is the profile's label for people; Profile its name ("demo", "msk-staging", …),
	// which exports write as the CLI does.
	Server, Profile, Partner string
	FetchedAt                time.Time
	// Loading is true for a snapshot taken while the load runs.
	Loading bool
	// Complete is true when everything the server has was read.
	Complete bool
	// Missing says what could not be read, one sentence each.
	Missing    []string
	Duplicates int
	// Cached is true for a copy read from the local cache; FetchedAt is then when it was
	// fetched. Refreshing is set while a live load refreshes it, RefreshFailed when that
	// refresh did not complete (the cached copy stays).
	Cached, Refreshing, RefreshFailed bool
	// CacheWarning is set when a complete load could not be saved for offline use.
	CacheWarning string
}

// StudyView is an evaluated study prepared for the screens: immutable once built, so it can be
// built off the UI thread and handed over whole.
type StudyView struct {
	ViewMeta
	Study   *recist.Study
	Options recist.Options
	Results []recist.SubjectResult
	Summary recist.Summary
	// Rows has one prepared row per subject, in Study.Subjects order.
	Rows []SubjectRow
	// Assessments and Lesions count what the study holds.
	Assessments, Lesions int
}

// SubjectRow is one subject's line in the subject list, with its texts prepared.
type SubjectRow struct {
	Index       int // into Study.Subjects
	ID          string
	Sex         string
	BirthYear   string
	Assessments string
	// LastReported is the last follow-up's reported response (code, or the server's text).
	LastReported string
	// Best is the computed best overall response; ReportedBest the one from reported values.
	Best, ReportedBest recist.Response
	// Discrepancies counts the subject's discrepancies; Mismatch is true when any says the
	// reported values disagree with the rules (not merely missing data).
	Discrepancies int
	Mismatch      bool
	// BestPct is the best % change from baseline, nil when unknown; BestPctText its text.
	BestPct     *float64
	BestPctText string
	// search is the lower-case text matched by the filter.
	search  string
	nAssess int
	birth   int
}

// NewStudyView evaluates st under opt and prepares its rows. st may be nil (nothing yet).
func NewStudyView(st *recist.Study, opt recist.Options, meta ViewMeta) *StudyView {
	if st == nil {
		st = &recist.Study{}
	}
	v := &StudyView{ViewMeta: meta, Study: st, Options: opt}
	v.Results = recist.EvaluateStudy(st, opt)
	v.Summary = recist.Summarize(v.Results)
	v.Rows = make([]SubjectRow, len(st.Subjects))
	for i, s := range st.Subjects {
		v.Rows[i] = newRow(i, s, v.Results[i])
		v.Assessments += len(s.Assessments)
		for _, a := range s.Assessments {
			v.Lesions += len(a.Lesions)
		}
	}
	return v
}

// WithOptions re-evaluates the same data under other RECIST settings.
func (v *StudyView) WithOptions(opt recist.Options) *StudyView {
	return NewStudyView(v.Study, opt, v.ViewMeta)
}

func newRow(i int, s *recist.Subject, r recist.SubjectResult) SubjectRow {
	row := SubjectRow{
		Index: i, ID: s.ID, Sex: sexText(s.Sex), Assessments: strconv.Itoa(len(s.Assessments)), nAssess: len(s.Assessments),
		Best: r.BestResponse, ReportedBest: r.ReportedBestResponse, Discrepancies: len(r.Discrepancies), BestPct: r.BestPctChange,
		birth: s.BirthYear,
	}
	if s.BirthYear != 0 {
		row.BirthYear = strconv.Itoa(s.BirthYear)
	}
	for j := len(s.Assessments) - 1; j >= 0; j-- {
		a := s.Assessments[j]
		if a.IsBaseline() {
			break
		}
		if a.Reported.Response != recist.None {
			row.LastReported = string(a.Reported.Response)
			break
		}
		if a.Reported.Conclusion != "" && row.LastReported == "" {
			row.LastReported = a.Reported.Conclusion
		}
	}
	for _, d := range r.Discrepancies {
		if d.Kind != recist.KindMissing {
			row.Mismatch = true
		}
	}
	if r.BestPctChange != nil {
		row.BestPctText = fmt.Sprintf("%+.1f %%", *r.BestPctChange)
	}
	row.search = strings.ToLower(strings.Join([]string{s.ID, s.Sex, s.Race, s.Ethnicity, row.BirthYear, string(row.Best), row.LastReported}, " "))
	return row
}

func sexText(gender string) string {
	switch strings.ToLower(gender) {
	case "male":
		return "M"
	case "female":
		return "F"
	case "":
		return ""
	}
	return gender
}

// Column is a sortable column of the subject list.
type Column int

// Subject list columns, in display order.
const (
	ColSubject Column = iota
	ColSex
	ColBirthYear
	ColAssessments
	ColLastReported
	ColBest
	ColBestPct
	ColFlag
	NumColumns
)

// ColumnTitles are the subject list headers.
var ColumnTitles = [NumColumns]string{"Subject", "Sex", "Born", "Assessments", "Last reported", "Best response", "Best change", "Check"}

// Query is the subject list's filter and order.
type Query struct {
	Text string
	// Response keeps only subjects whose computed best response is this one; None keeps all.
	Response recist.Response
	// OnlyMismatches keeps subjects whose reported values disagree with the rules.
	OnlyMismatches bool
	Sort           Column
	Descending     bool
}

// Select returns the row indices matching q, in q's order.
func (v *StudyView) Select(q Query) []int {
	text := strings.ToLower(strings.TrimSpace(q.Text))
	out := make([]int, 0, len(v.Rows))
	for i := range v.Rows {
		r := &v.Rows[i]
		if text != "" && !strings.Contains(r.search, text) {
			continue
		}
		if q.Response != recist.None && r.Best != q.Response {
			continue
		}
		if q.OnlyMismatches && !r.Mismatch {
			continue
		}
		out = append(out, i)
	}
	slices.SortStableFunc(out, func(a, b int) int {
		c := compareRows(&v.Rows[a], &v.Rows[b], q.Sort)
		if q.Descending {
			return -c
		}
		return c
	})
	return out
}

func compareRows(a, b *SubjectRow, col Column) int {
	var c int
	switch col {
	case ColSex:
		c = strings.Compare(a.Sex, b.Sex)
	case ColBirthYear:
		c = cmp.Compare(a.birth, b.birth)
	case ColAssessments:
		c = cmp.Compare(a.nAssess, b.nAssess)
	case ColLastReported:
		c = cmp.Compare(recist.Response(a.LastReported).Rank(), recist.Response(b.LastReported).Rank())
	case ColBest:
		c = cmp.Compare(a.Best.Rank(), b.Best.Rank())
	case ColBestPct:
		c = comparePct(a.BestPct, b.BestPct)
	case ColFlag:
		c = cmp.Compare(b.Discrepancies, a.Discrepancies) // most first
	}
	if c == 0 {
		c = compareIDs(a.ID, b.ID)
	}
	return c
}

// comparePct orders by value with unknowns last.
func comparePct(a, b *float64) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return cmp.Compare(*a, *b)
}

func compareIDs(a, b string) int {
	na, ea := strconv.ParseUint(a, 10, 64)
	nb, eb := strconv.ParseUint(b, 10, 64)
	if ea == nil && eb == nil {
		return cmp.Compare(na, nb)
	}
	return strings.Compare(a, b)
}

// Cell returns the text of a column of row i — for table cells, with no allocation.
func (v *StudyView) Cell(i int, col Column) string {
	r := &v.Rows[i]
	switch col {
	case ColSubject:
		return r.ID
	case ColSex:
		return r.Sex
	case ColBirthYear:
		return r.BirthYear
	case ColAssessments:
		return r.Assessments
	case ColLastReported:
		return r.LastReported
	case ColBest:
		return string(r.Best)
	case ColBestPct:
		return r.BestPctText
	case ColFlag:
		if r.Mismatch {
			return "⚠"
		}
	}
	return ""
}

// SubjectIndex finds a subject by id, -1 when absent.
func (v *StudyView) SubjectIndex(id string) int {
	for i, s := range v.Study.Subjects {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// Status is a one-line description of the view's completeness for the status bar.
func (v *StudyView) Status() string {
	n := len(v.Study.Subjects)
	base := fmt.Sprintf("%d subjects · %d assessments · %d lesion measurements", n, v.Assessments, v.Lesions)
	fetched := v.FetchedAt.Local().Format("2 Jan 2006 15:04")
	switch {
	case v.Cached && v.Refreshing:
		return "Cached copy from " + fetched + " · refreshing… · " + base
	case v.Cached && v.RefreshFailed:
		return "Cached copy from " + fetched + " (the refresh did not complete) · " + base
	case v.Cached:
		return "Cached copy from " + fetched + " (offline) · " + base
	case v.Loading:
		return "Loading… " + base + " so far"
	case !v.Complete:
		return "Incomplete: " + base + " arrived"
	case n == 0:
		return "No subjects or assessments yet for this study"
	case v.Assessments == 0:
		return base + " — no assessments yet"
	}
	return base + " · fetched " + fetched
}
