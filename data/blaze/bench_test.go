package blaze

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/recistview/recistview/data/blazesim"
	"github.com/recistview/recistview/data/fhir"
	"github.com/recistview/recistview/data/recist"
)

// largePages holds the raw pages of the simulator's 500-subject study, fetched once.
var largePages struct {
	once    sync.Once
	reports [][]byte // raw Bundle pages
	obs     [][]byte
	bytes   int64
	err     error
}

// loadLargePages fetches DEMO-500 page by page (100 per page) through the real client.
func loadLargePages(b *testing.B) {
	largePages.once.Do(func() {
		sim, err := blazesim.StartDemo()
		if err != nil {
			largePages.err = err
			return
		}
		defer sim.Close()
		s, err := NewSession(context.Background(), DemoProfile(sim.TokenURL, sim.BaseURL), demoCreds, SessionOptions{PageSize: 100})
		if err != nil {
			largePages.err = err
			return
		}
		fetch := func(path, want string, params map[string]string, into *[][]byte) {
			q := map[string][]string{"researchstudy": {blazesim.LargeStudy}}
			for k, v := range params {
				q[k] = []string{v}
			}
			var mu sync.Mutex
			largePages.err = s.FHIR().Search(context.Background(), path, want, q, nil, func(p fhir.Page) error {
				mu.Lock()
				defer mu.Unlock()
				raw, err := json.Marshal(p.Bundle)
				*into = append(*into, raw)
				largePages.bytes += int64(len(raw))
				return err
			})
		}
		fetch("DiagnosticReport", "DiagnosticReport", nil, &largePages.reports)
		fetch("observation", "Observation", map[string]string{"category": "imaging"}, &largePages.obs)
	})
	if largePages.err != nil {
		b.Fatal(largePages.err)
	}
}

func decodePage(b *testing.B, raw []byte) []fhir.Entry {
	bundle, err := fhir.DecodeBundle(raw)
	if err != nil {
		b.Fatal(err)
	}
	return bundle.Entry
}

// BenchmarkMapStudy500 is page decoding plus mapping of the whole 500-subject study (reports and
// lesions), in MB/s of served JSON.
func BenchmarkMapStudy500(b *testing.B) {
	loadLargePages(b)
	b.SetBytes(largePages.bytes)
	b.ReportAllocs()
	for b.Loop() {
		bl := NewBuilder(blazesim.LargeStudy)
		for _, p := range largePages.reports {
			bl.AddReports(decodePage(b, p))
		}
		for _, p := range largePages.obs {
			bl.AddObservations(decodePage(b, p))
		}
	}
}

// largeBuilder maps the whole 500-subject study into a Builder.
func largeBuilder(b *testing.B) *Builder {
	loadLargePages(b)
	bl := NewBuilder(blazesim.LargeStudy)
	for _, p := range largePages.reports {
		bl.AddReports(decodePage(b, p))
	}
	for _, p := range largePages.obs {
		bl.AddObservations(decodePage(b, p))
	}
	return bl
}

// BenchmarkBuildAndEvaluate500 is what a snapshot of a finished 500-subject load costs: building
// the domain model from the mapped resources and evaluating every subject.
func BenchmarkBuildAndEvaluate500(b *testing.B) {
	bl := largeBuilder(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		st := bl.Study()
		recist.EvaluateStudy(st, recist.DefaultOptions())
	}
}

// BenchmarkLoad500Latency25 loads the 500-subject study from a simulator that adds 25 ms to
// every request and serves at most 50 entries a page, at one and at four requests in flight.
// It reports the requests made and the ratio to the latency lower bound (requests ÷
// concurrency × latency). `make bench-load` prints the fuller table.
func BenchmarkLoad500Latency25(b *testing.B) {
	const latency = 25 * time.Millisecond
	cfg := blazesim.DefaultConfig()
	cfg.Latency, cfg.PageCap = latency, 50
	sim, err := blazesim.Start(cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	if _, err := sim.Server.Truth(blazesim.LargeStudy); err != nil { // generate before timing
		b.Fatal(err)
	}
	for _, c := range []int{1, 4} {
		b.Run(fmt.Sprintf("concurrency-%d", c), func(b *testing.B) {
			s, err := NewSession(context.Background(), DemoProfile(sim.TokenURL, sim.BaseURL), demoCreds, SessionOptions{Concurrency: c})
			if err != nil {
				b.Fatal(err)
			}
			if err := s.SignIn(context.Background()); err != nil {
				b.Fatal(err)
			}
			sim.Server.ResetStats()
			b.ResetTimer()
			for b.Loop() {
				if _, err := s.NewLoad(blazesim.LargeStudy).Run(context.Background(), nil); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			reqs := float64(sim.Server.Stats().Total) / float64(b.N)
			bound := reqs / float64(c) * float64(latency)
			b.ReportMetric(reqs, "requests/op")
			b.ReportMetric(float64(b.Elapsed())/float64(b.N)/bound, "×bound")
		})
	}
}
