// Command blazesim runs the simulated MSK Blaze research FHIR server on a local port, for demos
// and for trying the app or the CLI against it:
//
//	blazesim -addr 127.0.0.1:8750 -seed 20190101 -latency 50ms
//	blazesim -fault burst-5xx,drop-body -fault-seed 7
//
// -fault injects hostile-network faults (see docs/faults.md; "all" is every one). It prints the token URL, the FHIR base, the demo credentials it accepts and its studies, and
// serves until interrupted.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/recistview/recistview/data/blazesim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "blazesim:", err)
		os.Exit(1)
	}
}

// run parses args, starts the simulator, prints how to reach it and serves until ctx ends.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := blazesim.DefaultConfig()
	fs := flag.NewFlagSet("blazesim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8750", "listen address (port 0 picks a free port)")
	fs.Int64Var(&cfg.Seed, "seed", cfg.Seed, "seed of the generated studies (same seed, same data)")
	fs.DurationVar(&cfg.Latency, "latency", cfg.Latency, "delay added to every request")
	fs.IntVar(&cfg.PageCap, "page-cap", cfg.PageCap, "largest page served, whatever _count asks")
	fs.Float64Var(&cfg.WrongShare, "wrong-share", cfg.WrongShare, "share of follow-up conclusions reported wrong (0-1)")
	fs.DurationVar(&cfg.TokenTTL, "token-ttl", cfg.TokenTTL, "lifetime of access tokens")
	faults := fs.String("fault", "", "faults to inject, comma-separated, or all: "+faultList())
	fs.Int64Var(&cfg.Faults.Seed, "fault-seed", 0, "seed of the pages the faults hit (same seed, same pages)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	kinds, err := blazesim.ParseFaults(*faults)
	if err != nil {
		return err
	}
	cfg.Faults.Kinds = kinds
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	r, err := blazesim.StartOn(*addr, cfg)
	if err != nil {
		return err
	}
	printBanner(stdout, r, cfg)
	<-ctx.Done()
	return r.Close()
}

func faultList() string {
	var names []string
	for _, f := range blazesim.AllFaults() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

func printBanner(w io.Writer, r *blazesim.Running, cfg blazesim.Config) {
	fmt.Fprintf(w, "Blaze simulator, seed %d\n", cfg.Seed)
	if len(cfg.Faults.Kinds) > 0 {
		fmt.Fprintf(w, "  faults      %v (fault seed %d)\n", cfg.Faults.Kinds, cfg.Faults.Seed)
	}
	fmt.Fprintf(w, "  token URL   %s\n  FHIR base   %s\n", r.TokenURL, r.BaseURL)
	for _, p := range cfg.Partners {
		fmt.Fprintf(w, "  partner     client_id=%s client_secret=%s x-partnerid=%s\n", p.ClientID, p.ClientSecret, p.PartnerID)
		fmt.Fprintf(w, "              may read %v\n", p.Studies)
	}
	fmt.Fprintln(w, "  studies")
	for _, s := range cfg.Studies {
		what := fmt.Sprintf("%d generated subjects", s.Subjects)
		if s.Kind == blazesim.Fixture {
			what = "MSK's published example payloads"
		}
		fmt.Fprintf(w, "    %-10s %s\n", s.ID, what)
	}
	fmt.Fprintln(w, "Serving until interrupted (Ctrl-C).")
}
