package cache

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

var testKey = Key{Server: "https://blaze.example.org/api", Partner: "P-1", Study: "12-345"}

// resource is a JSON resource of about size bytes whose content depends on kind, i and tag.
func resource(kind Kind, i int, tag string, size int) []byte {
	b := fmt.Appendf(nil, `{"resourceType":%q,"id":"%d","tag":%q,"pad":"`, kind, i, tag)
	for j := 0; len(b) < size; j++ {
		b = append(b, "abcdefghijklmnopqrstuvwxyz0123456789"[(i*31+j*7)%36])
	}
	return append(b, `"}`...)
}

// snapshotOf builds a snapshot with n resources of each kind (one Group).
func snapshotOf(tag string, n, size int) Snapshot {
	s := Snapshot{FetchedAt: time.Date(2026, 11, 22, 20, 25, 23, 123456789, time.UTC), Complete: true, Entries: map[Kind][][]byte{}}
	for _, k := range Kinds() {
		m := n
		if k == KindGroup {
			m = 1
		}
		for i := range m {
			s.Entries[k] = append(s.Entries[k], resource(k, i, tag, size))
		}
	}
	return s
}

func sampleSnapshot() Snapshot { return snapshotOf("a", 20, 300) }

func sameEntries(t *testing.T, got, want map[Kind][][]byte) {
	t.Helper()
	for _, k := range Kinds() {
		if len(got[k]) != len(want[k]) {
			t.Fatalf("%s: %d resources, want %d", k, len(got[k]), len(want[k]))
		}
		for i := range want[k] {
			if !bytes.Equal(got[k][i], want[k][i]) {
				t.Fatalf("%s[%d] = %.60s…, want %.60s…", k, i, got[k][i], want[k][i])
			}
		}
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	// Large enough for several chunks of each big kind, compressed and not.
	want := snapshotOf("a", 3000, 400)
	want.Entries[KindPatient] = append(want.Entries[KindPatient], []byte{}, []byte(`{"resourceType":"Patient","name":"Zoë ✓"}`))
	if err := s.Save(ctx, testKey, want); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(ctx, testKey)
	if err != nil {
		t.Fatal(err)
	}
	if !got.FetchedAt.Equal(want.FetchedAt) || got.Complete != want.Complete {
		t.Errorf("fetched %v complete %v, want %v %v", got.FetchedAt, got.Complete, want.FetchedAt, want.Complete)
	}
	sameEntries(t, got.Entries, want.Entries)
	// A resource is its own slice: appending to one does not overwrite the next.
	obs := got.Entries[KindObservation]
	_ = append(obs[0], "XXXX"...)
	if !bytes.Equal(obs[1], want.Entries[KindObservation][1]) {
		t.Error("resources share capacity")
	}
}

func TestSaveReplacesStudy(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	if err := s.Save(ctx, testKey, snapshotOf("old", 500, 400)); err != nil {
		t.Fatal(err)
	}
	want := snapshotOf("new", 10, 100)
	want.Complete = false
	want.FetchedAt = want.FetchedAt.Add(time.Hour)
	if err := s.Save(ctx, testKey, want); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(ctx, testKey)
	if err != nil {
		t.Fatal(err)
	}
	sameEntries(t, got.Entries, want.Entries)
	if got.Complete || !got.FetchedAt.Equal(want.FetchedAt) {
		t.Errorf("complete %v fetched %v", got.Complete, got.FetchedAt)
	}
	var chunks int
	if err := s.db.QueryRow("SELECT COUNT(*) FROM chunks").Scan(&chunks); err != nil || chunks != len(Kinds()) {
		t.Errorf("%d chunk rows after replacing, want %d (%v)", chunks, len(Kinds()), err)
	}
}

func TestSaveRejectsBadSnapshots(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	for name, snap := range map[string]Snapshot{
		"no fetch time": {Entries: map[Kind][][]byte{KindPatient: {[]byte("{}")}}},
		"unknown kind":  {FetchedAt: time.Now(), Entries: map[Kind][][]byte{"Condition": {[]byte("{}")}}},
	} {
		if err := s.Save(ctx, testKey, snap); !errors.Is(err, ErrInvalidSnapshot) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if err := s.Save(ctx, Key{Server: "demo", Study: "S"}, sampleSnapshot()); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("no partner: err = %v", err)
	}
}

func TestEmptyStudyRoundTrip(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	at := time.Unix(1700000000, 5)
	if err := s.Save(ctx, testKey, Snapshot{FetchedAt: at, Complete: true}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(ctx, testKey)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Entries) != 0 || !got.FetchedAt.Equal(at) || !got.Complete {
		t.Errorf("got %+v", got)
	}
}

// TestCancelledSaveKeepsOldCopy interrupts a save after its first chunk is written inside the
// transaction: the previous copy must be there, whole, afterwards.
func TestCancelledSaveKeepsOldCopy(t *testing.T) {
	s, _ := openTemp(t)
	old := snapshotOf("old", 2000, 400)
	if err := s.Save(context.Background(), testKey, old); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	written := 0
	testHookChunkSaved = func(n int) {
		written = n
		if n == 1 {
			cancel()
		}
	}
	defer func() { testHookChunkSaved = nil }()
	err := s.Save(ctx, testKey, snapshotOf("new", 2000, 400))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if written < 1 {
		t.Fatal("the save never reached its insert loop")
	}
	testHookChunkSaved = nil
	got, err := s.Load(context.Background(), testKey)
	if err != nil {
		t.Fatal(err)
	}
	sameEntries(t, got.Entries, old.Entries)
}

// TestCrashDuringSaveKeepsOldCopy kills a process in the middle of a save (after some chunks
// are written in the open transaction) and checks the file still holds the previous copy.
func TestCrashDuringSaveKeepsOldCopy(t *testing.T) {
	if path := os.Getenv("RECIST_CACHE_CRASH_PATH"); path != "" {
		crashMidSave(path) // in the child: never returns
	}
	path := filepath.Join(t.TempDir(), "c.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	old := snapshotOf("old", 2000, 400)
	if err := s.Save(context.Background(), testKey, old); err != nil {
		t.Fatal(err)
	}
	s.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashDuringSaveKeepsOldCopy$")
	cmd.Env = append(os.Environ(), "RECIST_CACHE_CRASH_PATH="+path)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != crashExitCode {
		t.Fatalf("child: %v\n%s", err, out)
	}

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Load(context.Background(), testKey)
	if err != nil {
		t.Fatal(err)
	}
	sameEntries(t, got.Entries, old.Entries)
	var ok string
	if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check = %q, %v", ok, err)
	}
}

const crashExitCode = 37

// crashMidSave starts replacing the study and exits the process abruptly after three chunks.
func crashMidSave(path string) {
	s, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testHookChunkSaved = func(n int) {
		if n == 3 {
			os.Exit(crashExitCode)
		}
	}
	err = s.Save(context.Background(), testKey, snapshotOf("new", 2000, 400))
	fmt.Fprintln(os.Stderr, "the save finished without crashing:", err)
	os.Exit(1)
}
