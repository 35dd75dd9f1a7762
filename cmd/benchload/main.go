// Command benchload measures RECIST View at study scale and prints one table: the load of the
// simulator's 500-subject study at several concurrencies against the latency lower bound, the
// default load against a sequential next-following pager, time to the first subject, peak heap,
// reopening from the local cache, and chart render times. It is a harness, not a test: run it
// with `make bench-load` on an otherwise idle machine.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	latency := flag.Duration("latency", 25*time.Millisecond, "simulated latency per request")
	pageCap := flag.Int("page-cap", 50, "server-side page size cap")
	runs := flag.Int("runs", 3, "repetitions of each timed step (the median is printed)")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, config{latency: *latency, pageCap: *pageCap, runs: *runs}); err != nil {
		fmt.Fprintln(os.Stderr, "benchload:", err)
		os.Exit(1)
	}
}
