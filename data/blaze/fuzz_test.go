package blaze

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"testing"
	"time"

	"github.com/recistview/recistview/data/export"
	"github.com/recistview/recistview/data/fhir"
	"github.com/recistview/recistview/data/fixtures"
	"github.com/recistview/recistview/data/recist"
)

// The fuzz targets' seed corpora live in testdata/fuzz/Fuzz*/ (tricky cases and single resources
// cut from the fixtures); the published fixtures themselves are added here. `make fuzz` runs each
// target for a few seconds.

// FuzzParseChange: a change string either reads as a finite number of millimetres within
// ±1e6 or is refused, and what it reads as reads back the same when written as Blaze writes it.
func FuzzParseChange(f *testing.F) {
	for _, s := range []string{"-12.0 mm", "+3.1 mm", "0.0 mm", "--", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		mm, ok := ParseChange(s)
		if !ok {
			if mm != 0 {
				t.Fatalf("%q refused but read as %v", s, mm)
			}
			return
		}
		if math.IsNaN(mm) || math.IsInf(mm, 0) || math.Abs(mm) > 1e6 {
			t.Fatalf("%q read as %v", s, mm)
		}
		written := fmt.Sprintf("%+.1f mm", mm)
		back, ok := ParseChange(written)
		if !ok || math.Abs(back-mm) > 0.05+1e-9*math.Abs(mm) {
			t.Fatalf("%q read as %v, written %q, read back %v %v", s, mm, written, back, ok)
		}
	})
}

// FuzzParseDate: a date either parses to an instant with a four-digit year or is refused; the
// other small parsers of identifiers and references never panic on the same text.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2006-10-13T09:31:24", "2020-08-25", "1988", "2021-03-04T05:06:07.123+02:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := ParseDate(s); ok && (d.Year() < 0 || d.Year() > 9999) {
			t.Fatalf("%q parsed as %v", s, d)
		}
		if y, ok := ParseBirthYear(s); ok && (y < 1800 || y > 2200) {
			t.Fatalf("%q: birth year %d", s, y)
		}
		_ = SubjectID(s)
		if k, ok := ParseLesionID(s); ok && (k.CaseID == "" || k.AssessmentID == "" || k.Code == "") {
			t.Fatalf("%q split into %+v", s, k)
		}
		_ = ResultLesionID(s, "")
		_ = SameStudy(s, "FHIR-T")
	})
}

// FuzzMapResources maps arbitrary bytes as every resource kind — as one resource, and as a
// Bundle's entries when they are one — merges them with the published fixtures, builds the study,
// evaluates it under RECIST 1.1 and exports it. Nothing may panic, and the export must succeed.
func FuzzMapResources(f *testing.F) {
	for _, name := range fixtures.All {
		f.Add(fixtures.Bytes(name))
	}
	fixtureEntries := map[string][]fhir.Entry{}
	for _, name := range []string{fixtures.DiagnosticReportBundle, fixtures.ObservationBundle, fixtures.PatientBundle, fixtures.GroupBundle} {
		var b fhir.Bundle
		if err := json.Unmarshal(fixtures.Bytes(name), &b); err != nil {
			f.Fatal(err)
		}
		fixtureEntries[name] = b.Entry
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		entries := []fhir.Entry{{Resource: data}}
		var b fhir.Bundle
		if json.Unmarshal(data, &b) == nil && b.ResourceType == "Bundle" {
			entries = append(entries, b.Entry...)
		}
		bl := NewBuilder("FHIR-T")
		bl.AddReports(fixtureEntries[fixtures.DiagnosticReportBundle])
		bl.AddObservations(fixtureEntries[fixtures.ObservationBundle])
		bl.AddPatients(fixtureEntries[fixtures.PatientBundle])
		bl.AddGroup(fixtureEntries[fixtures.GroupBundle])
		bl.AddReports(entries)
		bl.AddObservations(entries)
		bl.AddPatients(entries)
		bl.AddGroup(entries)
		_, _, _ = bl.Counts()
		_ = bl.MissingLesions()
		st := bl.Study()
		for _, s := range st.Subjects {
			_ = recist.Evaluate(s, recist.Options{})
		}
		results := recist.EvaluateStudy(st, recist.DefaultOptions())
		in := export.Input{Study: st, Results: results, Server: "fuzz", FetchedAt: time.Unix(0, 0)}
		if err := export.JSON(io.Discard, in); err != nil {
			t.Fatalf("JSON export: %v", err)
		}
		if err := export.CSV(io.Discard, in); err != nil {
			t.Fatalf("CSV export: %v", err)
		}
	})
}

// TestAbsurdMeasurementsKeptAsText: a measurement or target sum beyond ±1e6 mm (found by
// FuzzMapResources: two lesions of 1e308 mm sum to +Inf, which no export can write) is not read
// as a number; its text is kept.
func TestAbsurdMeasurementsKeptAsText(t *testing.T) {
	l, err := mapLesion([]byte(`{"resourceType":"Observation","identifier":[{"system":"#LesionIdentifier","value":"1-2-T01"}],"valueQuantity":{"value":1e308,"unit":"mm"}}`))
	if err != nil || l.l.Value != nil || l.l.Extra["valueQuantity"] != "1e308" {
		t.Errorf("lesion: value %v, extra %v, err %v", l.l.Value, l.l.Extra, err)
	}
	r, err := mapReport([]byte(`{"resourceType":"DiagnosticReport","extension":[{"url":"#CurrentValue","valueDecimal":-2e6}]}`))
	if err != nil || r.a.Reported.TargetSum != nil || r.a.Extra["CurrentValue"] != "-2e6" {
		t.Errorf("report: sum %v, extra %v, err %v", r.a.Reported.TargetSum, r.a.Extra, err)
	}
	if l, _ := mapLesion([]byte(`{"resourceType":"Observation","valueQuantity":{"value":12.5}}`)); l.l.Value == nil || *l.l.Value != 12.5 {
		t.Error("a plausible measurement was refused")
	}
}

// TestSubjectIDInvalidUTF8: found by FuzzParseDate, a reference with invalid UTF-8 before
// "Patient/" made SubjectID slice out of range.
func TestSubjectIDInvalidUTF8(t *testing.T) {
	for ref, want := range map[string]string{
		"\x81\x81mple/fhpr/Patient/": "",
		"\x81/PATIENT/42":            "42",
		"ḞḞ/patient/7/":              "7",
		"no subject":                 "no subject",
	} {
		if got := SubjectID(ref); got != want {
			t.Errorf("SubjectID(%q) = %q, want %q", ref, got, want)
		}
	}
}
