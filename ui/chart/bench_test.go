package chart

import (
	"testing"

	"github.com/recistview/recistview/data/recist"
)

// BenchmarkTargetSumChart draws one subject's chart at 800×450 (target < 30 ms).
func BenchmarkTargetSumChart(b *testing.B) {
	ts := showcaseSeries()
	p := LightPalette()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ts.Render(800, 450, 1, p); err != nil {
			b.Fatal(err)
		}
	}
}

// studyData is a 500-subject study with about ten timepoints each, every subject on study to
// the end.
func studyData(b *testing.B) (*recist.Study, []recist.SubjectResult) {
	st := syntheticStudy(500, 10, 1, true)
	rs := recist.EvaluateStudy(st, recist.DefaultOptions())
	pts := 0
	for _, s := range st.Subjects {
		pts += len(s.Assessments)
	}
	if avg := float64(pts) / float64(len(st.Subjects)); avg < 9 || avg > 11 {
		b.Fatalf("%.1f timepoints per subject, want about 10", avg)
	}
	return st, rs
}

// BenchmarkSpider500 draws 500 subjects × ~10 timepoints at 1200×700 (target < 300 ms).
func BenchmarkSpider500(b *testing.B) {
	d := NewSpiderData(studyData(b))
	p := LightPalette()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := d.Render(1200, 700, 1, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSpider500HiDPI draws the same plot at 2400×1400, scale 2.
func BenchmarkSpider500HiDPI(b *testing.B) {
	d := NewSpiderData(studyData(b))
	p := DarkPalette()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := d.Render(2400, 1400, 2, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWaterfall500 draws 500 bars at 1200×700.
func BenchmarkWaterfall500(b *testing.B) {
	d := NewWaterfallData(studyData(b))
	p := LightPalette()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := d.Render(1200, 700, 1, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrepareStudy builds the spider and waterfall inputs of 500 subjects.
func BenchmarkPrepareStudy(b *testing.B) {
	st, rs := studyData(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		NewSpiderData(st, rs)
		NewWaterfallData(st, rs)
	}
}
