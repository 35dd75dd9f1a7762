package recist_test

import (
	"fmt"
	"time"

	"github.com/recistview/recistview/data/recist"
)

func ExampleEvaluate() {
	mm := func(v float64) *float64 { return &v }
	lesion := func(code string, v float64) *recist.Lesion {
		return &recist.Lesion{Code: code, Category: recist.Target, Organ: "Liver", State: recist.StatePresent, Value: mm(v)}
	}
	day := func(d int) time.Time { return time.Date(2006, 8, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	s := &recist.Subject{ID: "163", Assessments: []*recist.Assessment{
		{ID: "788", Name: "Baseline", Timepoint: 0, Date: day(0), Lesions: []*recist.Lesion{lesion("T01", 36.3), lesion("T02", 20)}},
		{ID: "789", Name: "Follow-up 1", Timepoint: 1, Date: day(42),
			Reported: recist.Reported{Response: recist.PR, Conclusion: "Partial Response"},
			Lesions:  []*recist.Lesion{lesion("T01", 25), lesion("T02", 20)}},
		{ID: "790", Name: "Follow-up 2", Timepoint: 2, Date: day(84),
			Reported: recist.Reported{Response: recist.PR, Conclusion: "Partial Response", TargetSum: mm(37.6)},
			Lesions:  []*recist.Lesion{lesion("T01", 19.2), lesion("T02", 18.4)}},
	}}

	r := recist.Evaluate(s, recist.DefaultOptions())
	for i, tp := range r.Timepoints {
		fmt.Printf("%s: sum %.1f mm, %s\n", s.Assessments[i].Name, *tp.TargetSum, tp.Response.Label())
	}
	fmt.Println("best:", r.BestResponse, "reported best:", r.ReportedBestResponse)
	for _, d := range r.Discrepancies {
		fmt.Println(d.Kind, "-", d.Text)
	}
	// Output:
	// Baseline: sum 56.3 mm, No response
	// Follow-up 1: sum 45.0 mm, Stable disease
	// Follow-up 2: sum 37.6 mm, Partial response
	// best: SD reported best: PR
	// response - Follow-up 1 (12 Sep 2006): reported Partial Response, but the measurements give Stable Disease: target sum 45.0 mm is −20.1 % from baseline 56.3 mm (PR needs −30 %).
}

func ExampleSummarize() {
	results := []recist.SubjectResult{
		{BestResponse: recist.PR}, {BestResponse: recist.SD}, {BestResponse: recist.PD}, {BestResponse: recist.None},
	}
	s := recist.Summarize(results)
	fmt.Printf("%d subjects, %d evaluable, ORR %.0f %%, DCR %.0f %%\n", s.Subjects, s.Evaluable, s.ORR*100, s.DCR*100)
	// Output: 4 subjects, 3 evaluable, ORR 33 %, DCR 67 %
}
