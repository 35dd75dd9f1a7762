package recist

import "time"

// timesOf derives time to response, duration of response and time to progression, in days, from
// one case's best-response result; each is nil when it does not apply or a date is unknown.
func timesOf(f followUps, r borResult) (toResponse, duration, toProgression *int) {
	date := func(k int) time.Time { return f.as[f.idx[k]].Date }
	if r.firstResp >= 0 {
		toResponse = daysPtr(f.base, date(r.firstResp))
		if r.firstPD > r.firstResp {
			duration = daysPtr(date(r.firstResp), date(r.firstPD))
		}
	}
	if r.firstPD >= 0 {
		toProgression = daysPtr(f.base, date(r.firstPD))
	}
	return toResponse, duration, toProgression
}

// daysPtr is the number of days from a to b, or nil when either date is unknown.
func daysPtr(a, b time.Time) *int {
	d, ok := daysBetween(a, b)
	if !ok {
		return nil
	}
	return &d
}
