package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/recistview/recistview/data/blaze"
	"github.com/recistview/recistview/data/blazesim"
	"github.com/recistview/recistview/data/cache"
	"github.com/recistview/recistview/data/fhir"
	"github.com/recistview/recistview/data/recist"
	"github.com/recistview/recistview/ui/chart"
)

type config struct {
	latency time.Duration
	pageCap int
	runs    int
}

var creds = blaze.Credentials{ClientID: blazesim.DemoClientID, ClientSecret: blazesim.DemoClientSecret, PartnerID: blazesim.DemoPartnerID}

// harness holds the simulator the measurements share.
type harness struct {
	cfg config
	sim *blazesim.Running
}

func run(ctx context.Context, out io.Writer, cfg config) error {
	sc := blazesim.DefaultConfig()
	sc.Latency, sc.PageCap = cfg.latency, cfg.pageCap
	sim, err := blazesim.Start(sc)
	if err != nil {
		return err
	}
	defer sim.Close()
	h := &harness{cfg: cfg, sim: sim}
	if _, err := sim.Server.Truth(blazesim.LargeStudy); err != nil { // generate before timing
		return err
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	defer tw.Flush()
	fmt.Fprintf(tw, "RECIST View load benchmark — %s, %d subjects, %s latency per request, %d per page, GOMAXPROCS %d, %s\n\n",
		blazesim.LargeStudy, 500, cfg.latency, cfg.pageCap, runtime.GOMAXPROCS(0), runtime.Version())

	fmt.Fprintln(tw, "concurrency\trequests\tload time\tlower bound\tratio\t")
	var defaultLoad time.Duration
	for _, c := range []int{1, 2, 4, 6, 8} {
		m, err := h.load(ctx, c, nil)
		if err != nil {
			return err
		}
		bound := time.Duration(float64(m.requests) / float64(c) * float64(cfg.latency))
		mark := ""
		if c == fhir.DefaultConcurrency {
			defaultLoad = m.elapsed
			mark = " (default)" + verdict(float64(m.elapsed)/float64(bound) <= 1.3, "≤ 1.3×")
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%.2f×%s\t\n", c, m.requests, ms(m.elapsed), ms(bound), float64(m.elapsed)/float64(bound), mark)
	}
	fmt.Fprintln(tw)

	seq, seqReqs, err := h.sequential(ctx)
	if err != nil {
		return err
	}
	r := float64(defaultLoad) / float64(seq)
	fmt.Fprintf(tw, "sequential next-following pager\t%d requests\t%s\t\t\n", seqReqs, ms(seq))
	fmt.Fprintf(tw, "default load ÷ sequential pager\t%.2f×\t%s\t\t\n", r, verdict(r <= 0.2, "≤ 0.2×"))

	var first time.Duration
	var peak uint64
	m, err := h.load(ctx, fhir.DefaultConcurrency, &peak)
	if err != nil {
		return err
	}
	first = m.firstSubject
	fmt.Fprintf(tw, "time to first subject\t%s\t%s\t\t\n", ms(first), verdict(first < time.Second, "< 1 s"))
	fmt.Fprintf(tw, "peak heap during the default load\t%.0f MB\t%s\t(process, simulator included: %.0f MB before the load)\t\n",
		float64(peak)/(1<<20), verdict(peak < 200<<20, "< 200 MB"), float64(m.heapBefore)/(1<<20))

	reopen, err := h.reopen(ctx, m.load, m.result)
	if err != nil {
		return err
	}
	fmt.Fprintf(tw, "reopen from cache (read, map, evaluate)\t%s\t%s\t\t\n", ms(reopen), verdict(reopen < 500*time.Millisecond, "< 0.5 s"))

	subj, spider, waterfall := h.charts(m.result.Study)
	fmt.Fprintf(tw, "subject target-sum chart 800×450\t%s\t%s\t\t\n", ms(subj), verdict(subj < 30*time.Millisecond, "< 30 ms"))
	fmt.Fprintf(tw, "spider plot, 500 subjects, 1200×700\t%s\t%s\t\t\n", ms(spider), verdict(spider < 300*time.Millisecond, "< 300 ms"))
	fmt.Fprintf(tw, "waterfall plot, 500 subjects, 1200×700\t%s\t\t\t\n", ms(waterfall))
	return nil
}

// measured is one load.
type measured struct {
	elapsed, firstSubject time.Duration
	requests              int64
	heapBefore            uint64
	load                  *blaze.Load
	result                *blaze.Result
}

// load runs the app's study load at concurrency c, the median of cfg.runs runs; with peak
// set, it also samples the heap during one run.
func (h *harness) load(ctx context.Context, c int, peak *uint64) (measured, error) {
	var all []measured
	runs := h.cfg.runs
	if peak != nil {
		runs = 1
	}
	for range runs {
		runtime.GC()
		sess, err := blaze.NewSession(ctx, blaze.DemoProfile(h.sim.TokenURL, h.sim.BaseURL), creds, blaze.SessionOptions{Concurrency: c})
		if err != nil {
			return measured{}, err
		}
		if err := sess.SignIn(ctx); err != nil {
			return measured{}, err
		}
		h.sim.Server.ResetStats()
		var m measured
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		m.heapBefore = ms.HeapAlloc
		stop := make(chan struct{})
		var wg sync.WaitGroup
		if peak != nil {
			wg.Add(1)
			go samplePeak(peak, stop, &wg)
		}
		var firstNanos atomic.Int64
		start := time.Now()
		m.load = sess.NewLoad(blazesim.LargeStudy)
		res, err := m.load.Run(ctx, func(p blaze.Progress) {
			if p.Reports > 0 {
				firstNanos.CompareAndSwap(0, int64(time.Since(start)))
			}
		})
		m.elapsed = time.Since(start)
		close(stop)
		wg.Wait()
		if err != nil {
			return measured{}, err
		}
		m.result, m.firstSubject = res, time.Duration(firstNanos.Load())
		st := h.sim.Server.Stats()
		m.requests = st.Total
		all = append(all, m)
	}
	slices.SortFunc(all, func(a, b measured) int { return int(a.elapsed - b.elapsed) })
	return all[len(all)/2], nil
}

func samplePeak(peak *uint64, stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	var ms runtime.MemStats
	for {
		runtime.ReadMemStats(&ms)
		*peak = max(*peak, ms.HeapAlloc)
		select {
		case <-stop:
			return
		case <-t.C:
		}
	}
}

// sequential reads the same study the naive way: one resource after another, following
// `next` links one request at a time, decoding each page.
func (h *harness) sequential(ctx context.Context) (time.Duration, int, error) {
	sess, err := blaze.NewSession(ctx, blaze.DemoProfile(h.sim.TokenURL, h.sim.BaseURL), creds, blaze.SessionOptions{Concurrency: 1})
	if err != nil {
		return 0, 0, err
	}
	if err := sess.SignIn(ctx); err != nil {
		return 0, 0, err
	}
	c := sess.FHIR()
	base := c.Base().String()
	study := blazesim.LargeStudy
	requests := 0
	start := time.Now()
	for _, first := range []string{
		base + "/DiagnosticReport?researchstudy=" + study,
		base + "/observation?category=imaging&researchstudy=" + study,
		base + "/Patient?researchstudy=" + study,
		base + "/Group?researchstudy=" + study,
	} {
		for next := first; next != ""; {
			body, err := c.Get(ctx, next)
			requests++
			if err != nil {
				return 0, 0, err
			}
			var b fhir.Bundle
			if err := json.Unmarshal(body, &b); err != nil {
				return 0, 0, err
			}
			next = b.LinkURL("next")
		}
	}
	return time.Since(start), requests, nil
}

// reopen saves the loaded study in a temporary cache and times reading it back into an
// evaluated study, as the app does when a study is reopened.
func (h *harness) reopen(ctx context.Context, l *blaze.Load, res *blaze.Result) (time.Duration, error) {
	dir, err := os.MkdirTemp("", "benchload-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	store, err := cache.Open(filepath.Join(dir, "studies.db"))
	if err != nil {
		return 0, err
	}
	defer store.Close()
	if err := l.SaveToCache(ctx, store, res); err != nil {
		return 0, err
	}
	prof := blaze.DemoProfile("", "")
	return median(h.cfg.runs, func() error {
		c, err := blaze.LoadFromCache(ctx, store, prof, creds.PartnerID, blazesim.LargeStudy)
		if err != nil {
			return err
		}
		st := c.Builder.Study()
		recist.EvaluateStudy(st, recist.DefaultOptions())
		return nil
	})
}

// charts times the three chart renders.
func (h *harness) charts(st *recist.Study) (subject, spider, waterfall time.Duration) {
	results := recist.EvaluateStudy(st, recist.DefaultOptions())
	busiest := 0
	for i, s := range st.Subjects {
		if len(s.Assessments) > len(st.Subjects[busiest].Assessments) {
			busiest = i
		}
	}
	p := chart.LightPalette()
	ts := chart.NewTargetSeries(st.Subjects[busiest], results[busiest])
	subject, _ = median(h.cfg.runs*3, func() error { _, err := ts.Render(800, 450, 1, p); return err })
	sd := chart.NewSpiderData(st, results)
	spider, _ = median(h.cfg.runs, func() error { _, err := sd.Render(1200, 700, 1, p); return err })
	wd := chart.NewWaterfallData(st, results)
	waterfall, _ = median(h.cfg.runs, func() error { _, err := wd.Render(1200, 700, 1, p); return err })
	return subject, spider, waterfall
}

// median runs fn n times and returns the median duration.
func median(n int, fn func() error) (time.Duration, error) {
	var ds []time.Duration
	for range max(n, 1) {
		start := time.Now()
		if err := fn(); err != nil {
			return 0, err
		}
		ds = append(ds, time.Since(start))
	}
	slices.Sort(ds)
	return ds[len(ds)/2], nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }

func verdict(ok bool, target string) string {
	if ok {
		return "  ✓ target " + target
	}
	return "  ✗ target " + target
}
