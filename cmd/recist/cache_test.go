package main

import (
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/recistview/recistview/data/blazesim"
	"github.com/recistview/recistview/data/cache"
)

func TestOfflineExportEqualsCachedLiveExport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "studies.db")
	for _, format := range []string{"json", "csv"} {
		live := runCLI(t, nil, "export", "-server", "demo", "-study", blazesim.DemoStudy, "-format", format, "-cache-path", path)
		if live.code != exitOK || live.stderr != "" {
			t.Fatalf("live %s: exit %d: %s", format, live.code, live.stderr)
		}
		off := runCLI(t, nil, "export", "-server", "demo", "-study", blazesim.DemoStudy, "-format", format, "-cache-path", path, "-offline")
		if off.code != exitOK || off.stderr != "" {
			t.Fatalf("offline %s: exit %d: %s", format, off.code, off.stderr)
		}
		if format == "json" && !strings.Contains(live.stdout, `"fetchedAt"`) {
			t.Fatal("no fetchedAt in the JSON")
		}
		if sha256.Sum256([]byte(live.stdout)) != sha256.Sum256([]byte(off.stdout)) {
			t.Errorf("%s: the offline export differs from the live one:\nlive    %.300s\noffline %.300s", format, live.stdout, off.stdout)
		}
	}
	// The study number is compared case-insensitively.
	if r := runCLI(t, nil, "export", "-server", "demo", "-study", "demo-01", "-offline", "-cache-path", path); r.code != exitOK {
		t.Errorf("lower-case study: exit %d: %s", r.code, r.stderr)
	}
	// The output's fetchedAt is the cached time, not the time of the offline run.
	s, err := cache.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	key := cache.Key{Server: "demo", Partner: blazesim.DemoPartnerID, Study: blazesim.DemoStudy}
	snap, err := s.Load(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	snap.FetchedAt = time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := s.Save(context.Background(), key, *snap); err != nil {
		t.Fatal(err)
	}
	s.Close()
	r := runCLI(t, nil, "export", "-server", "demo", "-study", blazesim.DemoStudy, "-offline", "-cache-path", path)
	if r.code != exitOK || !strings.Contains(r.stdout, `"fetchedAt": "2020-01-02T03:04:05Z"`) {
		t.Errorf("exit %d, output %.200s", r.code, r.stdout)
	}
}

func TestOfflineNeedsNoServerNorSecret(t *testing.T) {
	path := filepath.Join(t.TempDir(), "studies.db")
	sim, err := blazesim.StartDemo()
	if err != nil {
		t.Fatal(err)
	}
	live := runCLI(t, map[string]string{"RECIST_CLIENT_SECRET": blazesim.DemoClientSecret},
		"export", "-base", sim.BaseURL, "-token-url", sim.TokenURL, "-client-id", blazesim.DemoClientID,
		"-partner-id", blazesim.DemoPartnerID, "-study", blazesim.FixtureStudy, "-cache", "-cache-path", path)
	sim.Close() // nothing listens any more
	if live.code != exitOK {
		t.Fatalf("live: exit %d: %s", live.code, live.stderr)
	}
	off := runCLI(t, nil, "export", "-base", sim.BaseURL+"/", "-partner-id", blazesim.DemoPartnerID,
		"-study", blazesim.FixtureStudy, "-offline", "-cache-path", path)
	if off.code != exitOK {
		t.Fatalf("offline: exit %d: %s", off.code, off.stderr)
	}
	if off.stdout != live.stdout {
		t.Error("the offline export differs from the live one")
	}
}

func TestOfflineUncachedStudyFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "studies.db")
	// A denied study is not cached by a -cache run.
	if r := runCLI(t, nil, "export", "-server", "demo", "-study", blazesim.DeniedStudy, "-cache-path", path); r.code != exitFail {
		t.Fatalf("denied: exit %d", r.code)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"never loaded", []string{"-server", "demo", "-study", "demo-01"},
			"recist export: study DEMO-01 is not in the cache for partner " + blazesim.DemoPartnerID + " on server demo\n"},
		{"denied", []string{"-server", "demo", "-study", blazesim.DeniedStudy},
			"recist export: study DENIED-01 is not in the cache for partner " + blazesim.DemoPartnerID + " on server demo\n"},
		{"other partner", []string{"-server", "msk-staging", "-partner-id", "P-7", "-study", "12-345"},
			"recist export: study 12-345 is not in the cache for partner P-7 on server https://apigateway.apps.stageapi.mskcc.org/msk-apim/external/v2/crit/blaze/api\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, append(append([]string{"export"}, tt.args...), "-offline", "-cache-path", path)...)
			if r.code != exitFail || r.stdout != "" {
				t.Fatalf("exit %d, stdout %q", r.code, r.stdout)
			}
			if r.stderr != tt.want {
				t.Errorf("stderr %q, want %q", r.stderr, tt.want)
			}
		})
	}
}

func TestOfflineRefusesIncompleteCopy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "studies.db")
	s, err := cache.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	key := cache.Key{Server: "demo", Partner: blazesim.DemoPartnerID, Study: blazesim.DemoStudy}
	if err := s.Save(context.Background(), key, cache.Snapshot{FetchedAt: time.Now(), Complete: false}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	r := runCLI(t, nil, "export", "-server", "demo", "-study", blazesim.DemoStudy, "-offline", "-cache-path", path)
	if r.code != exitFail || !strings.Contains(r.stderr, "incomplete") || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("exit %d: %q", r.code, r.stderr)
	}
}

func TestOfflineUsage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "studies.db")
	for _, args := range [][]string{
		{"-server", "msk-staging", "-study", "S"},                 // no partner id
		{"-base", "https://h.org/api", "-study", "S"},             // no partner id
		{"-partner-id", "P", "-study", "S"},                       // no server
		{"-server", "nowhere", "-partner-id", "P", "-study", "S"}, // unknown profile
	} {
		r := runCLI(t, nil, append(append([]string{"export"}, args...), "-offline", "-cache-path", path)...)
		if r.code != exitUsage || r.stderr == "" {
			t.Errorf("%v: exit %d %q", args, r.code, r.stderr)
		}
	}
}

func TestCacheDefaultPath(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("os.UserCacheDir follows XDG_CACHE_HOME on Linux only")
	}
	dir := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", dir)
	if r := runCLI(t, nil, "export", "-server", "demo", "-study", blazesim.EmptyStudy, "-cache"); r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	st, err := os.Stat(filepath.Join(dir, "recistview", "studies.db"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode().Perm())
	}
	if r := runCLI(t, nil, "export", "-server", "demo", "-study", blazesim.EmptyStudy, "-offline"); r.code != exitOK {
		t.Fatalf("offline: exit %d: %s", r.code, r.stderr)
	}
}

func TestCacheSaveFailureIsAWarning(t *testing.T) {
	dir := t.TempDir()
	r := runCLI(t, nil, "export", "-server", "demo", "-study", blazesim.EmptyStudy, "-cache-path", dir) // a directory
	if r.code != exitOK || r.stdout == "" {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.HasPrefix(r.stderr, "recist export: warning: the study was not saved in the cache") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("stderr %q", r.stderr)
	}
}
