package recist

import (
	"testing"
	"time"
)

// step is one follow-up of a response sequence: its day after baseline and response.
type step struct {
	day int
	r   Response
}

// bor runs bestOverall on a sequence of reported responses after a baseline on day0.
func bor(opt Options, fallback Response, steps ...step) borResult {
	as := []*Assessment{baseline()}
	f := followUps{as: as, base: day0}
	for k, s := range steps {
		as = append(as, followUp(k+1, s.day, s.r))
		f.idx = append(f.idx, k+1)
	}
	f.as = as
	return bestOverall(f, func(i int) Response { return as[i].Reported.Response }, fallback, opt)
}

func TestBestOverall(t *testing.T) {
	confirm := DefaultOptions()
	plain := Options{SDMinDays: 42}
	tests := []struct {
		name     string
		opt      Options
		fallback Response
		steps    []step
		want     Response
	}{
		{"no follow-ups", confirm, SD, nil, None},
		{"only NE", confirm, SD, []step{{56, NE}}, NE},
		{"no response reported counts as NE", confirm, SD, []step{{56, None}}, NE},
		{"CR confirmed at exactly 28 days", confirm, SD, []step{{56, CR}, {84, CR}}, CR},
		{"CR 27 days apart is not confirmed", confirm, SD, []step{{56, CR}, {83, CR}}, SD},
		{"CR confirmed across one NE", confirm, SD, []step{{56, CR}, {70, NE}, {98, CR}}, CR},
		{"CR not confirmed across two NEs", confirm, SD, []step{{56, CR}, {70, NE}, {84, NE}, {112, CR}}, SD},
		{"CR confirmed by a CR with an NE after 28 days before it", confirm, SD, []step{{56, CR}, {90, NE}, {120, CR}}, CR},
		{"PR confirmed by PR", confirm, SD, []step{{56, PR}, {84, PR}}, PR},
		{"PR confirmed by CR", confirm, SD, []step{{56, PR}, {84, CR}}, PR},
		{"PR confirmed across one NE", confirm, SD, []step{{56, PR}, {70, NE}, {100, PR}}, PR},
		{"PR not confirmed across two NEs", confirm, SD, []step{{56, PR}, {70, NE}, {80, NE}, {100, PR}}, SD},
		{"PR interrupted by SD is not confirmed", confirm, SD, []step{{56, PR}, {70, SD}, {100, PR}}, SD},
		{"CR followed by PR is a confirmed PR", confirm, SD, []step{{56, CR}, {84, PR}}, PR},
		{"CR, early PR, CR is a confirmed PR", confirm, SD, []step{{56, CR}, {70, PR}, {90, CR}}, PR},
		{"unconfirmed PR followed by SD is SD", confirm, SD, []step{{56, PR}, {112, SD}}, SD},
		{"unconfirmed PR before 42 days is NE, so PD wins", confirm, SD, []step{{30, PR}, {60, PD}}, PD},
		{"PR confirmed 20 days later only is SD", confirm, SD, []step{{56, PR}, {76, PR}}, SD},
		{"confirmation interval is configurable", Options{Confirm: true, ConfirmDays: 14, SDMinDays: 42}, SD, []step{{56, PR}, {70, PR}}, PR},
		{"PD cannot confirm", confirm, SD, []step{{56, PR}, {84, PD}}, SD},
		{"SD before 42 days does not count", confirm, SD, []step{{41, SD}}, NE},
		{"SD at 42 days counts", confirm, SD, []step{{42, SD}}, SD},
		{"early SD then PD is PD", confirm, SD, []step{{35, SD}, {70, PD}}, PD},
		{"Non-CR/Non-PD before 42 days does not count", confirm, NonCRNonPD, []step{{35, NonCRNonPD}}, NE},
		{"Non-CR/Non-PD at 56 days", confirm, NonCRNonPD, []step{{56, NonCRNonPD}}, NonCRNonPD},
		{"unconfirmed CR of non-target disease is Non-CR/Non-PD", confirm, NonCRNonPD, []step{{56, CR}}, NonCRNonPD},
		{"SD ranks above Non-CR/Non-PD", confirm, NonCRNonPD, []step{{56, NonCRNonPD}, {90, SD}}, SD},
		{"stops at the first PD", confirm, SD, []step{{35, SD}, {70, PD}, {112, CR}, {140, CR}}, PD},
		{"PR before PD still counts", confirm, SD, []step{{56, PR}, {84, PR}, {112, PD}, {140, CR}, {170, CR}}, PR},
		{"PD first", confirm, SD, []step{{56, PD}, {84, CR}, {112, CR}}, PD},
		{"without confirmation CR counts as it is", plain, SD, []step{{20, CR}}, CR},
		{"without confirmation PR counts as it is", plain, SD, []step{{56, PR}, {84, SD}}, PR},
		{"without confirmation SD still needs 42 days", plain, SD, []step{{30, SD}}, NE},
		{"no SD minimum", Options{}, SD, []step{{1, SD}}, SD},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bor(tt.opt, tt.fallback, tt.steps...).best; got != tt.want {
				t.Errorf("best = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBestOverallPositions(t *testing.T) {
	r := bor(DefaultOptions(), SD, step{35, SD}, step{56, PR}, step{84, PR}, step{140, PD}, step{170, PD})
	if r.best != PR || r.firstResp != 1 || r.firstPD != 3 {
		t.Errorf("best %q, first response %d, first PD %d; want PR, 1, 3", r.best, r.firstResp, r.firstPD)
	}
	r = bor(DefaultOptions(), SD, step{56, PR}, step{112, SD})
	if r.firstResp != -1 || r.firstPD != -1 {
		t.Errorf("unconfirmed PR: first response %d, first PD %d; want -1, -1", r.firstResp, r.firstPD)
	}
}

func TestBestOverallUnknownDates(t *testing.T) {
	as := []*Assessment{baseline(), followUp(1, 56, SD), followUp(2, 84, PR), followUp(3, 112, PR)}
	as[0].Date = time.Time{}
	as[2].Date = time.Time{}
	f := followUps{as: as, idx: []int{1, 2, 3}}
	resp := func(i int) Response { return as[i].Reported.Response }
	if got := bestOverall(f, resp, SD, DefaultOptions()).best; got != NE {
		t.Errorf("without dates = %q, want NE (neither SD time nor confirmation can be shown)", got)
	}
	if got := bestOverall(f, resp, SD, Options{Confirm: true}).best; got != PR {
		t.Errorf("without dates and without minimum intervals = %q, want PR", got)
	}
}

func TestDaysBetweenIgnoresClockAndZone(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	a := time.Date(2024, 3, 9, 23, 30, 0, 0, ny)
	b := time.Date(2024, 3, 11, 0, 15, 0, 0, ny) // across the DST change
	if d, ok := daysBetween(a, b); !ok || d != 2 {
		t.Errorf("daysBetween = %d, %v; want 2, true", d, ok)
	}
	if _, ok := daysBetween(time.Time{}, b); ok {
		t.Error("daysBetween with a zero date is ok")
	}
}
