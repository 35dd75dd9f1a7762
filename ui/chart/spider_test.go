package chart

import (
	"errors"
	"math"
	"testing"

	"github.com/recistview/recistview/data/recist"
)

// smallStudy has the showcase subject (best PR, with a % change missing at follow-up 3), a
// subject with a baseline only, a progressor (PD at its first follow-up) and one without
// target lesions (non-target disease only).
func smallStudy() *recist.Study {
	prog := &recist.Subject{ID: "101-007", Assessments: []*recist.Assessment{
		assess(0, 0, recist.None, tgt("T01", 30)),
		assess(1, 49, recist.PD, tgt("T01", 45)),
	}}
	baseOnly := &recist.Subject{ID: "101-005", Assessments: []*recist.Assessment{
		assess(0, 0, recist.None, tgt("T01", 30)),
	}}
	ntOnly := &recist.Subject{ID: "101-009", Assessments: []*recist.Assessment{
		assess(0, 0, recist.None, nt("NT01", recist.StatePresent)),
		assess(1, 56, recist.NonCRNonPD, nt("NT01", recist.StatePresent)),
	}}
	return &recist.Study{ID: "101", Subjects: []*recist.Subject{showcase(), baseOnly, prog, ntOnly}}
}

func TestNewSpiderData(t *testing.T) {
	st := smallStudy()
	d := NewSpiderData(st, recist.EvaluateStudy(st, recist.DefaultOptions()))
	if len(d.Subjects) != 2 || d.Omitted != 2 {
		t.Fatalf("%d series, %d omitted; want 2 and 2", len(d.Subjects), d.Omitted)
	}
	sc := d.Subjects[0]
	if sc.ID != "101-004" || sc.Best != recist.PR {
		t.Errorf("first series %s best %s, want 101-004 best PR", sc.ID, sc.Best)
	}
	// Follow-up 3 has no computed sum, so no % change: baseline and three follow-ups remain.
	want := []Point{{0, 0}, {8, -38.3}, {16, -86.7}, {32, -65}}
	if len(sc.Points) != len(want) {
		t.Fatalf("points %v, want %v", sc.Points, want)
	}
	for i, w := range want {
		if got := sc.Points[i]; got.Weeks != w.Weeks || math.Abs(got.Pct-w.Pct) > 0.01 {
			t.Errorf("point %d = %v, want %v", i, got, w)
		}
	}
	if pd := d.Subjects[1]; pd.Best != recist.PD || pd.Points[1].Pct != 50 || pd.Points[1].Weeks != 7 {
		t.Errorf("progressor: %+v", pd)
	}
	if got := NewSpiderData(st, nil); len(got.Subjects) != 0 || got.Omitted != 4 {
		t.Errorf("without results: %+v", got)
	}
}

func TestSpiderRender(t *testing.T) {
	st := smallStudy()
	rs := recist.EvaluateStudy(st, recist.DefaultOptions())
	d := NewSpiderData(st, rs)
	for _, p := range []Palette{LightPalette(), DarkPalette()} {
		img, err := d.Render(900, 500, 1, p)
		m := rgba(t, img, err, 900, 500)
		if got := at(m, 0, 0); got != p.Background {
			t.Errorf("corner %v, want %v", got, p.Background)
		}
		if count(m, p.PD) == 0 || count(m, p.PR) == 0 {
			t.Error("the PD and PR subjects' colours are missing")
		}
	}
	// Without the progressor, no PD colour anywhere (the thresholds are drawn in Foreground).
	p := LightPalette()
	img, err := SpiderData{Subjects: d.Subjects[:1]}.Render(900, 500, 1, p)
	if n := count(rgba(t, img, err, 900, 500), p.PD); n != 0 {
		t.Errorf("%d PD pixels without a PD subject", n)
	}
	if _, err := (SpiderData{Omitted: 3}).Render(900, 500, 1, p); !errors.Is(err, ErrNoData) {
		t.Errorf("no series: %v, want ErrNoData", err)
	}
	// A course beyond the cap is drawn at the top edge and said so.
	big := SpiderData{Subjects: []SubjectSeries{{ID: "X", Best: recist.PD, Points: []Point{{0, 0}, {6, 350}}}}}
	img, err = big.Render(600, 400, 1.5, p)
	rgba(t, img, err, 600, 400)
	if got := spiderCaption(2, true); got != "2 subjects without a % change after baseline are not shown. Changes above +200% are drawn at the top edge." {
		t.Errorf("caption %q", got)
	}
}
