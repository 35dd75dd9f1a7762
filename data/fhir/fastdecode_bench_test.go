package fhir

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/recistview/recistview/data/blazesim"
)

// demoResources returns the raw lesion Observations and DiagnosticReports of the simulator's
// DEMO-01, and their total size.
func demoResources(b *testing.B) (obs, reports [][]byte, size int64) {
	srv, err := blazesim.NewServer(blazesim.DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	truth, err := srv.Truth(blazesim.DemoStudy)
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range truth.Study.Subjects {
		for _, a := range s.Assessments {
			reports = append(reports, a.Raw)
			for _, l := range a.Lesions {
				obs = append(obs, l.Raw)
				size += int64(len(l.Raw))
			}
		}
	}
	return obs, reports, size
}

// BenchmarkDecodeObservation decodes DEMO-01's lesion Observations with the fast decoder and
// with encoding/json, in MB/s of resource JSON.
func BenchmarkDecodeObservation(b *testing.B) {
	obs, _, size := demoResources(b)
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, raw := range obs {
				if _, err := DecodeObservation(raw); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, raw := range obs {
				var o Observation
				if err := json.Unmarshal(raw, &o); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// BenchmarkDecodeBundle splits DEMO-01's imaging Observation pages (100 entries each) with the
// fast splitter and with encoding/json.
func BenchmarkDecodeBundle(b *testing.B) {
	sim, err := blazesim.StartDemo()
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	c, err := NewClient(&http.Client{Transport: demoAuth(b, sim)}, sim.BaseURL)
	if err != nil {
		b.Fatal(err)
	}
	var pages [][]byte
	var size int64
	next := sim.BaseURL + "/Observation?_format=json&_count=100&category=imaging&researchstudy=" + blazesim.DemoStudy
	for next != "" {
		body, err := c.Get(context.Background(), next)
		if err != nil {
			b.Fatal(err)
		}
		pages, size = append(pages, body), size+int64(len(body))
		bundle, err := DecodeBundle(body)
		if err != nil {
			b.Fatal(err)
		}
		next = bundle.LinkURL("next")
	}
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range pages {
				if _, err := DecodeBundle(p); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range pages {
				var bundle Bundle
				if err := json.Unmarshal(p, &bundle); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
