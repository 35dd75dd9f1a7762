package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/recistview/recistview/data/blazesim"
)

// faultCase is one run of the fault suite: the demo study exported through the CLI's whole code
// path from a simulator injecting faults. A transient fault must leave the export identical to
// the fault-free one; any other must fail with its documented one-line message and write nothing.
type faultCase struct {
	name   string
	faults blazesim.Faults
	args   []string // extra export flags
	// fail lists what the one-line message must say; empty means the run must succeed.
	fail []string
	// rerun: after the failure, a second run against the same simulator (the outage over, the
	// burst spent) must succeed with the fault-free data.
	rerun bool
}

// faultCases are the faults of docs/faults.md, each with the outcome documented there, and two
// variants: a Retry-After beyond the client's ceiling, and a 5xx burst that outlasts the retries.
func faultCases() []faultCase {
	only := func(f blazesim.Fault) blazesim.Faults { return blazesim.Faults{Kinds: []blazesim.Fault{f}, Seed: 7} }
	incomplete := "recist export: study DEMO-01 loaded incompletely: "
	slow := only(blazesim.FaultSlow)
	slow.SlowDelay = time.Minute
	ceiling := only(blazesim.FaultThrottleSeconds)
	ceiling.RetryAfter = time.Minute
	longBurst := only(blazesim.FaultBurst5xx)
	longBurst.Burst = 5    // the client's attempts: the page fails, and then recovers
	longBurst.Share = 1e-9 // only the page every fault hits, so that one rerun is enough
	return []faultCase{
		{name: "throttle-seconds", faults: only(blazesim.FaultThrottleSeconds)},
		{name: "throttle-date", faults: only(blazesim.FaultThrottleDate)},
		{name: "burst-5xx", faults: only(blazesim.FaultBurst5xx)},
		{name: "drop-body", faults: only(blazesim.FaultDropBody)},
		{name: "slow", faults: slow, args: []string{"-timeout", "1s"}},
		{name: "token-down", faults: only(blazesim.FaultTokenDown), rerun: true,
			fail: []string{"recist export: sign-in failed: auth: the sign-in server reported an error", "HTTP 503, temporarily_unavailable"}},
		{name: "revoke-tokens", faults: only(blazesim.FaultRevokeTokens)},
		{name: "next-cycle", faults: only(blazesim.FaultNextCycle),
			fail: []string{incomplete, "Lesion measurements: ", "the server's paging links repeat"}},
		{name: "next-foreign", faults: only(blazesim.FaultNextForeign),
			fail: []string{incomplete, "Lesion measurements: ", "a paging link points to another server"}},
		{name: "malformed-json", faults: only(blazesim.FaultMalformedJSON),
			fail: []string{incomplete, "Lesion measurements: ", "the server sent malformed data: unexpected end of JSON input (HTTP 200)"}},
		{name: "wrong-type", faults: only(blazesim.FaultWrongType),
			fail: []string{incomplete, "Lesion measurements: ", `the server sent the wrong kind of resource: expected Observation entries, got "DiagnosticReport" (HTTP 200)`}},
		{name: "outcome-200", faults: only(blazesim.FaultOutcome200),
			fail: []string{incomplete, "Lesion measurements: ", "the server answered with an error (HTTP 200): Internal Error: the query timed out"}},
		{name: "throttle-above-ceiling", faults: ceiling,
			fail: []string{incomplete, "Lesion measurements: ", "the server is throttling requests (HTTP 429)"}},
		{name: "burst-outlasts-retries", faults: longBurst, rerun: true,
			fail: []string{incomplete, "Lesion measurements: ", "the server failed (HTTP 50"}},
	}
}

// TestFaultSuite runs every fault case at once and prints `faults survived: N/N`. The cases
// mostly wait (Retry-After, backoff, time-outs), so they run concurrently from goroutines rather
// than as parallel subtests, which -parallel would cap at GOMAXPROCS.
func TestFaultSuite(t *testing.T) {
	want := exportDigest(t, blazesim.Faults{}, nil)
	cases := faultCases()
	var survived atomic.Int32
	t.Run("faults", func(t *testing.T) {
		var wg sync.WaitGroup
		for _, fc := range cases {
			wg.Go(func() {
				t.Run(fc.name, func(t *testing.T) {
					defer func() {
						if !t.Failed() {
							survived.Add(1)
						}
					}()
					runFaultCase(t, fc, want)
				})
			})
		}
		wg.Wait()
	})
	line := fmt.Sprintf("faults survived: %d/%d", survived.Load(), len(cases))
	t.Log(line)
	fmt.Println(line)
}

// runFaultCase runs one case against its own simulator.
func runFaultCase(t *testing.T, fc faultCase, want string) {
	foreign := newRecorder(t)
	fs := fc.faults
	fs.ForeignOrigin = foreign.URL
	sim := startFaultSim(t, fs)
	start := time.Now()
	r := exportFrom(sim, fc.args)
	t.Logf("%s: exit %d in %v; %s", fc.name, r.code, time.Since(start).Round(time.Millisecond), strings.TrimSpace(r.stderr))
	if got := sim.Server.FaultsInjected()[fs.Kinds[0]]; got == 0 {
		t.Errorf("the fault never fired")
	}
	if n := foreign.requests(); n != 0 {
		t.Errorf("the foreign origin received %d request(s); headers: %v", n, foreign.headers())
	}
	if len(fc.fail) == 0 {
		if r.code != exitOK {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		if got := digest(t, r.stdout); got != want {
			t.Errorf("the export differs from the fault-free one")
		}
		return
	}
	if r.code != exitFail {
		t.Fatalf("exit %d, want %d: %s", r.code, exitFail, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("a failed export wrote %d bytes", len(r.stdout))
	}
	if strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("not one line: %q", r.stderr)
	}
	for _, w := range fc.fail {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("message %q lacks %q", r.stderr, w)
		}
	}
	if fc.rerun {
		r := exportFrom(sim, fc.args)
		if r.code != exitOK {
			t.Fatalf("second run: exit %d: %s", r.code, r.stderr)
		}
		if digest(t, r.stdout) != want {
			t.Errorf("second run: the export differs from the fault-free one")
		}
	}
}

// TestRevocationCostsOneToken checks that revoking every token mid-load makes the client fetch
// exactly one fresh token, however many requests were refused.
func TestRevocationCostsOneToken(t *testing.T) {
	sim := startFaultSim(t, blazesim.Faults{Kinds: []blazesim.Fault{blazesim.FaultRevokeTokens}, RevokeAt: 4})
	if r := exportFrom(sim, nil); r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if n := sim.Server.Stats().Path(blazesim.TokenPath); n != 2 {
		t.Errorf("token requests = %d, want 2 (sign-in and one re-authentication)", n)
	}
}

func startFaultSim(t *testing.T, fs blazesim.Faults) *blazesim.Running {
	t.Helper()
	cfg := blazesim.DefaultConfig()
	cfg.Faults = fs
	sim, err := blazesim.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	// Generate the study before the clock starts: the slow case runs with a short time-out.
	if _, err := sim.Server.Truth(blazesim.DemoStudy); err != nil {
		t.Fatal(err)
	}
	return sim
}

// exportFrom runs `recist export -format json` of the demo study against sim.
func exportFrom(sim *blazesim.Running, extra []string) result {
	args := []string{"export", "-base", sim.BaseURL, "-token-url", sim.TokenURL,
		"-client-id", blazesim.DemoClientID, "-partner-id", blazesim.DemoPartnerID,
		"-study", blazesim.DemoStudy, "-format", "json"}
	env := map[string]string{"RECIST_CLIENT_SECRET": blazesim.DemoClientSecret}
	var out, errb bytes.Buffer
	code := run(context.Background(), append(args, extra...), func(k string) string { return env[k] }, &out, &errb)
	return result{code, out.String(), errb.String()}
}

// exportDigest exports the demo study from a simulator with faults and returns its digest.
func exportDigest(t *testing.T, fs blazesim.Faults, extra []string) string {
	t.Helper()
	r := exportFrom(startFaultSim(t, fs), extra)
	if r.code != exitOK {
		t.Fatalf("fault-free export: exit %d: %s", r.code, r.stderr)
	}
	return digest(t, r.stdout)
}

// digest is the sha256 of an export with "fetchedAt" removed, keys in canonical order.
func digest(t *testing.T, export string) string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(export), &doc); err != nil {
		t.Fatalf("export is not JSON: %v", err)
	}
	if _, ok := doc["fetchedAt"]; !ok {
		t.Fatal("export has no fetchedAt")
	}
	delete(doc, "fetchedAt")
	canon, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(canon)
	return hex.EncodeToString(sum[:])
}

// recorder is a second listener that records the headers of every request it gets.
type recorder struct {
	*httptest.Server
	mu  sync.Mutex
	got []http.Header
}

func newRecorder(t *testing.T) *recorder {
	rec := &recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.got = append(rec.got, r.Header.Clone())
		rec.mu.Unlock()
		w.WriteHeader(http.StatusNotFound)
	}))
	t.Cleanup(rec.Close)
	return rec
}

func (r *recorder) requests() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.got)
}

// headers lists the credential headers received (there should be none).
func (r *recorder) headers() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, h := range r.got {
		for _, k := range []string{"Authorization", "X-Partnerid"} {
			if h.Get(k) != "" {
				out = append(out, k)
			}
		}
	}
	return out
}
