package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/recistview/recistview/data/auth"
	"github.com/recistview/recistview/data/blaze"
	"github.com/recistview/recistview/data/blazesim"
	"github.com/recistview/recistview/data/export"
	"github.com/recistview/recistview/data/fhir"
	"github.com/recistview/recistview/data/recist"
)

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1 // sign-in failure, denied study, a load that could not complete
	exitUsage = 2
)

const usage = `recist — export a RECIST 1.1 study from a Blaze research FHIR server

Usage:
  recist export -server demo|msk-staging|msk-production -study S [options]
  recist export -base URL -token-url URL -client-id ID -partner-id ID -study S [options]
  recist version

The client secret is read from the environment variable RECIST_CLIENT_SECRET, or from the
system keychain where RECIST View stored it; it is never a flag. With -server demo the
built-in simulator is started on loopback and its demo credentials are used.

Export options:
`

// getenv reads the environment (os.Getenv in main, a map in tests).
type getenv func(string) string

// run is the whole CLI; it returns the exit code.
func run(ctx context.Context, args []string, env getenv, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		exportFlags(&exportOpts{}, stderr).PrintDefaults()
		return exitUsage
	}
	switch args[0] {
	case "export":
		return runExport(ctx, args[1:], env, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "recist", version())
		return exitOK
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		exportFlags(&exportOpts{}, stdout).PrintDefaults()
		return exitOK
	}
	fmt.Fprintf(stderr, "recist: unknown command %q (try: recist export -h)\n", args[0])
	return exitUsage
}

// exportOpts are the flags of `recist export`.
type exportOpts struct {
	server, base, tokenURL, clientID, partnerID, study string
	format, out                                        string
	concurrency, pageSize, confirmDays, sdMinDays      int
	noConfirm, verbose                                 bool
	timeout                                            time.Duration
	cache, offline                                     bool
	cachePath                                          string
}

func exportFlags(o *exportOpts, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&o.server, "server", "", "server profile: demo, msk-staging or msk-production (instead of -base/-token-url)")
	fs.StringVar(&o.base, "base", "", "FHIR base URL (https, or http on loopback)")
	fs.StringVar(&o.tokenURL, "token-url", "", "OAuth token endpoint URL")
	fs.StringVar(&o.clientID, "client-id", "", "OAuth client id (demo: the simulator's demo client)")
	fs.StringVar(&o.partnerID, "partner-id", "", "partner id sent as x-partnerid (demo: the simulator's demo partner)")
	fs.StringVar(&o.study, "study", "", "MSK study number (required)")
	fs.StringVar(&o.format, "format", "json", "output format: json or csv")
	fs.StringVar(&o.out, "o", "", "write to this file instead of standard output (written only when the load completes)")
	fs.IntVar(&o.concurrency, "concurrency", fhir.DefaultConcurrency, "requests in flight at most")
	fs.IntVar(&o.pageSize, "page-size", fhir.DefaultPageSize, "results asked for per page (_count); the server may cap it")
	fs.BoolVar(&o.noConfirm, "no-confirm", false, "do not require confirmation of CR/PR for best overall response (randomised trials)")
	fs.IntVar(&o.confirmDays, "confirm-days", 28, "minimum days to a confirming assessment")
	fs.IntVar(&o.sdMinDays, "sd-min-days", 42, "minimum days after baseline for stable disease to count")
	fs.DurationVar(&o.timeout, "timeout", 60*time.Second, "time limit of each request")
	fs.BoolVar(&o.verbose, "v", false, "log every request (URL, status, duration) to standard error; never headers or secrets")
	fs.BoolVar(&o.cache, "cache", false, "save a complete load in the local cache of studies (at the default path unless -cache-path)")
	fs.StringVar(&o.cachePath, "cache-path", "", "the cache file to use instead of the default (implies -cache)")
	fs.BoolVar(&o.offline, "offline", false, "do not contact the server: export the study from the local cache")
	return fs
}

func runExport(ctx context.Context, args []string, env getenv, stdout, stderr io.Writer) int {
	var o exportOpts
	fs := exportFlags(&o, stderr)
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "recist export: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	if err := o.check(); err != nil {
		fmt.Fprintf(stderr, "recist export: %v\n", err)
		return exitUsage
	}
	if o.offline {
		return o.runOffline(ctx, stdout, stderr)
	}
	prof, creds, cleanup, err := o.resolve(env)
	if err != nil {
		fmt.Fprintf(stderr, "recist export: %v\n", err)
		return exitFail
	}
	defer cleanup()

	sopts := blaze.SessionOptions{Concurrency: o.concurrency, PageSize: o.pageSize, Timeout: o.timeout}
	if o.verbose {
		sopts.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	sess, err := blaze.NewSession(ctx, prof, creds, sopts)
	if err != nil {
		fmt.Fprintf(stderr, "recist export: %v\n", oneLine(err))
		return exitFail
	}
	if err := sess.SignIn(ctx); err != nil {
		fmt.Fprintf(stderr, "recist export: sign-in failed: %v\n", oneLine(err))
		return exitFail
	}
	load := sess.NewLoad(o.study)
	res, err := load.Run(ctx, nil)
	if err != nil {
		fmt.Fprintf(stderr, "recist export: %v\n", oneLine(err))
		return exitFail
	}
	if o.useCache() {
		o.saveToCache(ctx, load, res, stderr)
	}
	return o.emit(prof.Name, res.Study, res.FetchedAt, stdout, stderr)
}

// emit evaluates the study and writes it in the chosen format.
func (o *exportOpts) emit(server string, study *recist.Study, fetchedAt time.Time, stdout, stderr io.Writer) int {
	opt := recist.Options{Confirm: !o.noConfirm, ConfirmDays: o.confirmDays, SDMinDays: o.sdMinDays}
	in := export.Input{Study: study, Results: recist.EvaluateStudy(study, opt), Server: server, FetchedAt: fetchedAt}
	var buf bytes.Buffer
	var err error
	if o.format == "csv" {
		err = export.CSV(&buf, in)
	} else {
		err = export.JSON(&buf, in)
	}
	if err != nil {
		fmt.Fprintf(stderr, "recist export: %v\n", err)
		return exitFail
	}
	if err := write(o.out, buf.Bytes(), stdout); err != nil {
		fmt.Fprintf(stderr, "recist export: %v\n", err)
		return exitFail
	}
	if o.out != "" {
		fmt.Fprintf(stderr, "%s\n", summary(in, o.out))
	}
	return exitOK
}

func (o *exportOpts) check() error {
	switch {
	case strings.TrimSpace(o.study) == "":
		return errors.New("-study is required")
	case o.format != "json" && o.format != "csv":
		return fmt.Errorf("-format must be json or csv, not %q", o.format)
	case o.server != "" && (o.base != "" || o.tokenURL != ""):
		return errors.New("give either -server or -base with -token-url, not both")
	case o.server == "" && (o.base == "" || (o.tokenURL == "" && !o.offline)):
		return errors.New("give -server, or both -base and -token-url")
	case o.concurrency < 1 || o.concurrency > 32:
		return errors.New("-concurrency must be between 1 and 32")
	case o.pageSize < 1:
		return errors.New("-page-size must be positive")
	}
	return nil
}

// resolve finds the profile and credentials; for the demo it starts the simulator.
func (o *exportOpts) resolve(env getenv) (blaze.Profile, blaze.Credentials, func(), error) {
	nothing := func() {}
	creds := blaze.Credentials{ClientID: o.clientID, PartnerID: o.partnerID}
	var prof blaze.Profile
	switch o.server {
	case "":
		prof = blaze.Profile{Name: blaze.ProfileCustom, Label: "Custom server", TokenURL: o.tokenURL, BaseURL: o.base, Scope: "full"}
	case blaze.ProfileDemo:
		sim, err := blazesim.StartDemo()
		if err != nil {
			return prof, creds, nothing, fmt.Errorf("starting the demo server: %w", err)
		}
		prof = blaze.DemoProfile(sim.TokenURL, sim.BaseURL)
		if creds.ClientID == "" {
			creds.ClientID = blazesim.DemoClientID
		}
		if creds.PartnerID == "" {
			creds.PartnerID = blazesim.DemoPartnerID
		}
		if s := env(auth.EnvClientSecret); s != "" {
			creds.ClientSecret = s
		} else if creds.ClientID == blazesim.DemoClientID {
			creds.ClientSecret = blazesim.DemoClientSecret
		}
		return prof, creds, func() { sim.Close() }, o.needIDs(creds)
	default:
		p, err := blaze.ProfileByName(o.server)
		if err != nil || p.Name == blaze.ProfileCustom {
			return prof, creds, nothing, fmt.Errorf("unknown -server %q (demo, msk-staging or msk-production; or use -base and -token-url)", o.server)
		}
		prof = p
	}
	if err := o.needIDs(creds); err != nil {
		return prof, creds, nothing, err
	}
	secret, err := secretFor(prof, creds, env)
	creds.ClientSecret = secret
	return prof, creds, nothing, err
}

func (o *exportOpts) needIDs(c blaze.Credentials) error {
	if strings.TrimSpace(c.ClientID) == "" || strings.TrimSpace(c.PartnerID) == "" {
		return errors.New("-client-id and -partner-id are required")
	}
	return nil
}

// secretFor reads the client secret from the environment, else from the keychain entry the
// desktop app stores.
func secretFor(p blaze.Profile, c blaze.Credentials, env getenv) (string, error) {
	if s := env(auth.EnvClientSecret); s != "" {
		return s, nil
	}
	s, err := auth.KeyringStore{}.Get(auth.KeychainService, auth.AccountKey(p.Name, c.ClientID, c.PartnerID))
	if err == nil && s != "" {
		return s, nil
	}
	return "", fmt.Errorf("no client secret: set %s (the secret is never a command-line flag)", auth.EnvClientSecret)
}

// write puts data in path atomically (a failed run leaves no partial file), or on stdout.
func write(path string, data []byte, stdout io.Writer) error {
	if path == "" || path == "-" {
		_, err := stdout.Write(data)
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".recist-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func summary(in export.Input, path string) string {
	assessments, discrepancies := 0, 0
	for i, s := range in.Study.Subjects {
		assessments += len(s.Assessments)
		if i < len(in.Results) {
			discrepancies += len(in.Results[i].Discrepancies)
		}
	}
	return fmt.Sprintf("study %s: %d subjects, %d assessments, %d discrepancies → %s",
		in.Study.ID, len(in.Study.Subjects), assessments, discrepancies, path)
}

// oneLine keeps an error message on one line.
func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }
