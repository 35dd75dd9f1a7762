package recist

// Summary is the study-level tally of best overall responses.
type Summary struct {
	// Counts is the number of subjects by computed BestResponse; subjects without a follow-up
	// count under None.
	Counts map[Response]int
	// Subjects is the number of results summarised.
	Subjects int
	// Evaluable is the number of subjects with at least one assessment after baseline (a
	// BestResponse other than None); it is the denominator of ORR and DCR.
	Evaluable int
	// ORR is the objective response rate: the fraction of evaluable subjects whose best response
	// is CR or PR; 0 when none is evaluable.
	ORR float64
	// DCR is the disease control rate as recist-1.1.md defines it: the fraction of evaluable
	// subjects whose best response is CR, PR or SD. Non-CR/Non-PD (non-target disease only) does
	// not count towards it. 0 when none is evaluable.
	DCR float64
}

// Summarize tallies the computed best overall responses of a study's subjects.
func Summarize(results []SubjectResult) Summary {
	s := Summary{Counts: make(map[Response]int), Subjects: len(results)}
	for _, r := range results {
		s.Counts[r.BestResponse]++
		if r.BestResponse != None {
			s.Evaluable++
		}
	}
	if s.Evaluable > 0 {
		n := float64(s.Evaluable)
		s.ORR = float64(s.Counts[CR]+s.Counts[PR]) / n
		s.DCR = float64(s.Counts[CR]+s.Counts[PR]+s.Counts[SD]) / n
	}
	return s
}
