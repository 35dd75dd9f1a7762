package app

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/recistview/recistview/data/export"
	"github.com/recistview/recistview/data/recist"
)

// exportStudy is a one-subject study with a baseline and a follow-up.
func exportStudy() *recist.Study {
	sum := 50.0
	s := &recist.Subject{ID: "10091001", Sex: "female", BirthYear: 1960}
	for i, date := range []string{"2023-01-10", "2023-03-10"} {
		d, _ := time.Parse(time.DateOnly, date)
		a := &recist.Assessment{ID: "dr-" + date, Name: []string{"Baseline", "Follow-up 1"}[i], Timepoint: i, Date: d, DateText: date, Raw: []byte("{}")}
		a.Lesions = []*recist.Lesion{{ID: "obs-" + date, Code: "T01", Category: recist.Target, Value: &sum, Unit: "mm", State: recist.StatePresent}}
		s.Assessments = append(s.Assessments, a)
	}
	return &recist.Study{ID: "EXP-1", Subjects: []*recist.Subject{s}}
}

func TestExportJSONReadsBack(t *testing.T) {
	fetched := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	v := NewStudyView(exportStudy(), recist.DefaultOptions(), ViewMeta{Server: "Demo (built-in simulator)", Profile: "demo", FetchedAt: fetched, Complete: true})
	var buf bytes.Buffer
	if err := Export(&buf, v, FormatJSON); err != nil {
		t.Fatal(err)
	}
	var doc export.Document
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	want := export.Build(export.Input{Study: v.Study, Results: v.Results, Server: "demo", FetchedAt: fetched})
	if doc.Study != "EXP-1" || doc.Server != "demo" || doc.FetchedAt != "2024-05-06T07:08:09Z" || len(doc.Subjects) != 1 {
		t.Fatalf("document %+v", doc)
	}
	if got := doc.Subjects[0]; got.ID != "10091001" || got.BestOverallResponse != want.Subjects[0].BestOverallResponse || len(got.Assessments) != 2 {
		t.Errorf("subject %+v", got)
	}
}

func TestExportCSVHasContractHeader(t *testing.T) {
	v := NewStudyView(exportStudy(), recist.DefaultOptions(), ViewMeta{Server: "Demo"})
	var buf bytes.Buffer
	if err := Export(&buf, v, "CSV"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || !slices.Equal(rows[0], export.CSVHeader) || rows[1][0] != "EXP-1" || rows[2][1] != "10091001" {
		t.Errorf("rows %q", rows)
	}
}

func TestExportRefusesUnknownFormatAndNoStudy(t *testing.T) {
	v := NewStudyView(exportStudy(), recist.DefaultOptions(), ViewMeta{})
	var buf bytes.Buffer
	if err := Export(&buf, v, "xml"); !errors.Is(err, ErrExportFormat) || buf.Len() != 0 {
		t.Errorf("xml: %v, wrote %d bytes", err, buf.Len())
	}
	if err := Export(&buf, nil, FormatJSON); !errors.Is(err, ErrNothingToExport) {
		t.Errorf("nil view: %v", err)
	}
}
