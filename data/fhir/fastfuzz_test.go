package fhir

import (
	"bytes"
	"testing"

	"github.com/recistview/recistview/data/fixtures"
)

// Differential fuzz targets of the fast decoders against encoding/json. Their committed seed
// corpora (testdata/fuzz/FuzzDecode*/) hold single resources and pages cut from the fixtures
// and the simulator; the tricky cases and the fixtures themselves are added here.

// addDecodeSeeds adds the fixtures, the resources in them and the tricky cases.
func addDecodeSeeds(f *testing.F) {
	for _, name := range fixtures.All {
		body := fixtures.Bytes(name)
		f.Add(body)
		if b, err := DecodeBundle(body); err == nil {
			for _, e := range b.Entry {
				f.Add([]byte(e.Resource))
			}
		}
	}
	for _, in := range trickyCases {
		f.Add([]byte(in))
	}
}

// FuzzDecodeObservation: the fast Observation and Patient decoders agree with encoding/json on
// any input — both fail, or both succeed with deep-equal results — and never panic.
func FuzzDecodeObservation(f *testing.F) {
	addDecodeSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if p, _ := sameAsJSON(data, (*decoder).observation, DecodeObservation); p != "" {
			t.Fatal("Observation: " + p)
		}
		if p, _ := sameAsJSON(data, (*decoder).patient, DecodePatient); p != "" {
			t.Fatal("Patient: " + p)
		}
	})
}

// FuzzDecodeDiagnosticReport: the fast DiagnosticReport and Group decoders agree with
// encoding/json on any input and never panic.
func FuzzDecodeDiagnosticReport(f *testing.F) {
	addDecodeSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if p, _ := sameAsJSON(data, (*decoder).diagnosticReport, DecodeDiagnosticReport); p != "" {
			t.Fatal("DiagnosticReport: " + p)
		}
		if p, _ := sameAsJSON(data, (*decoder).group, DecodeGroup); p != "" {
			t.Fatal("Group: " + p)
		}
	})
}

// FuzzDecodeBundle: the page splitter agrees with encoding/json on any input, its entries are
// parts of the input, and each entry decodes as a resource the way encoding/json decodes it.
func FuzzDecodeBundle(f *testing.F) {
	addDecodeSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, fastOK := sameAsJSON(data, (*decoder).bundle, decodeBundleValue)
		if p != "" {
			t.Fatal("Bundle: " + p)
		}
		if !fastOK {
			return
		}
		b, err := DecodeBundle(data)
		if err != nil {
			t.Fatalf("the fast path read the page, DecodeBundle fails: %v", err)
		}
		for i, e := range b.Entry {
			if e.Resource != nil && (!bytes.Contains(data, e.Resource) || cap(e.Resource) != len(e.Resource)) {
				t.Fatalf("entry %d is not a capped part of the page: %q", i, e.Resource)
			}
			if p, _ := sameAsJSON([]byte(e.Resource), (*decoder).observation, DecodeObservation); p != "" {
				t.Fatalf("entry %d as an Observation: %s", i, p)
			}
			if p, _ := sameAsJSON([]byte(e.Resource), (*decoder).diagnosticReport, DecodeDiagnosticReport); p != "" {
				t.Fatalf("entry %d as a DiagnosticReport: %s", i, p)
			}
		}
	})
}
