package recist

import (
	"runtime"
	"sync"
)

// EvaluateStudy evaluates every subject of st under opt, in parallel, and returns the results
// in subject order.
func EvaluateStudy(st *Study, opt Options) []SubjectResult {
	out := make([]SubjectResult, len(st.Subjects))
	workers := min(runtime.GOMAXPROCS(0), len(st.Subjects))
	if workers <= 1 {
		for i, s := range st.Subjects {
			out[i] = Evaluate(s, opt)
		}
		return out
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = Evaluate(st.Subjects[i], opt)
			}
		}()
	}
	for i := range st.Subjects {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
