package recist

// borResult is the best overall response of one case's follow-ups.
type borResult struct {
	best      Response
	firstResp int // position in followUps.idx of the first timepoint counted as CR or PR, -1
	firstPD   int // position of the first PD, -1
}

// bestOverall derives the best overall response from the timepoint responses resp(i) of f's
// follow-ups, from the first up to and including the first PD (later ones are ignored), ranked
// CR > PR > SD > Non-CR/Non-PD > PD > NE. A follow-up without a response counts as NE.
//
// SD and Non-CR/Non-PD count only at least opt.SDMinDays after the baseline date, otherwise as
// NE. With opt.Confirm a CR counts as CR only when a later CR at least opt.ConfirmDays after it
// confirms it, and a CR or PR counts as PR only when a later CR or PR does; the assessments in
// between must be of the confirming kind or NE, with at most one NE. An unconfirmed CR or PR
// counts as fallback (SD, or Non-CR/Non-PD for non-target disease), under the same minimum time.
//
// The result is None when f has no follow-ups.
func bestOverall(f followUps, resp func(int) Response, fallback Response, opt Options) borResult {
	r := borResult{best: None, firstResp: -1, firstPD: -1}
	if len(f.idx) == 0 {
		return r
	}
	r.best = NE
	for k, i := range f.idx {
		got := orNE(resp(i))
		if got == PD {
			r.firstPD = k
			if PD.Rank() < r.best.Rank() {
				r.best = PD
			}
			break
		}
		c := f.counts(k, got, resp, fallback, opt)
		if (c == CR || c == PR) && r.firstResp < 0 {
			r.firstResp = k
		}
		if c.Rank() < r.best.Rank() {
			r.best = c
		}
	}
	return r
}

// counts is how the follow-up at position k with response got counts towards the best response.
func (f followUps) counts(k int, got Response, resp func(int) Response, fallback Response, opt Options) Response {
	switch got {
	case CR, PR:
		if !opt.Confirm {
			return got
		}
		if got == CR && f.confirmed(k, resp, isCR, opt.ConfirmDays) {
			return CR
		}
		if f.confirmed(k, resp, isCRorPR, opt.ConfirmDays) {
			return PR
		}
		return f.stable(k, fallback, opt)
	case SD, NonCRNonPD:
		return f.stable(k, got, opt)
	}
	return NE
}

// stable returns r when the follow-up at position k is late enough for stable disease, else NE.
func (f followUps) stable(k int, r Response, opt Options) Response {
	if atLeastDays(f.base, f.as[f.idx[k]].Date, opt.SDMinDays) {
		return r
	}
	return NE
}

// confirmed reports whether a later follow-up at least days after position k has a response
// that same accepts, with every follow-up in between accepted by same or NE, and at most one NE.
func (f followUps) confirmed(k int, resp func(int) Response, same func(Response) bool, days int) bool {
	from := f.as[f.idx[k]].Date
	ne := 0
	for _, i := range f.idx[k+1:] {
		r := orNE(resp(i))
		if same(r) && atLeastDays(from, f.as[i].Date, days) {
			return true
		}
		switch {
		case r == NE:
			ne++
			if ne > 1 {
				return false
			}
		case !same(r):
			return false
		}
	}
	return false
}

// orNE reads a missing response as not evaluated.
func orNE(r Response) Response {
	if r == None {
		return NE
	}
	return r
}

func isCR(r Response) bool     { return r == CR }
func isCRorPR(r Response) bool { return r == CR || r == PR }
