package cache

import (
	"context"
	"errors"
	"os"
	"testing"
)

func TestListAndForget(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	keys := []Key{
		{Server: "https://a.org/api", Partner: "P1", Study: "S1"},
		{Server: "https://a.org/api", Partner: "P1", Study: "S2"},
		{Server: "https://a.org/api", Partner: "P2", Study: "S1"},
		{Server: "demo", Partner: "P1", Study: "S1"},
	}
	for _, k := range keys {
		if err := s.Save(ctx, k, snapshotOf(k.Study, 30, 200)); err != nil {
			t.Fatal(err)
		}
	}
	list, err := s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 4 {
		t.Fatalf("%d studies listed", len(list))
	}
	m := list[0]
	if m.Key != keys[3] || m.Counts[KindObservation] != 30 || m.Counts[KindGroup] != 1 || !m.Complete || m.FetchedAt.IsZero() {
		t.Errorf("first = %+v", m)
	}
	var raw int64
	for _, rs := range snapshotOf("S1", 30, 200).Entries {
		for _, r := range rs {
			raw += int64(len(r))
		}
	}
	if m.RawBytes != raw || m.Bytes <= 0 || m.Bytes >= raw {
		t.Errorf("raw %d (want %d), stored %d", m.RawBytes, raw, m.Bytes)
	}

	if err := s.Forget(ctx, Key{Server: "https://A.org/api/", Partner: "P1", Study: "s2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(ctx, keys[1]); !errors.Is(err, ErrNotCached) {
		t.Errorf("forgotten study: %v", err)
	}
	if err := s.Forget(ctx, keys[1]); err != nil {
		t.Errorf("forgetting twice: %v", err)
	}
	if err := s.ForgetPartner(ctx, "https://a.org/api", "P1"); err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{false, false, true, true} {
		_, err := s.Load(ctx, keys[i])
		if got := err == nil; got != want {
			t.Errorf("%v cached = %v, want %v (%v)", keys[i], got, want, err)
		}
	}
	if err := s.ForgetAll(ctx); err != nil {
		t.Fatal(err)
	}
	if list, err := s.List(ctx); err != nil || len(list) != 0 {
		t.Errorf("after ForgetAll: %d studies, %v", len(list), err)
	}
}

// TestForgetGivesSpaceBack checks that forgetting leaves no free pages holding old data and
// no write-ahead log behind.
func TestForgetGivesSpaceBack(t *testing.T) {
	s, path := openTemp(t)
	ctx := context.Background()
	if err := s.Save(ctx, testKey, snapshotOf("big", 3000, 500)); err != nil {
		t.Fatal(err)
	}
	if err := s.ForgetAll(ctx); err != nil {
		t.Fatal(err)
	}
	var free int
	if err := s.db.QueryRow("PRAGMA freelist_count").Scan(&free); err != nil || free != 0 {
		t.Errorf("freelist_count = %d, %v", free, err)
	}
	if st, err := os.Stat(path + "-wal"); err == nil && st.Size() != 0 {
		t.Errorf("write-ahead log still holds %d bytes", st.Size())
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() > 64<<10 {
		t.Errorf("file is %d bytes after forgetting everything", st.Size())
	}
}

func TestForgetPartnerNeedsPartner(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.ForgetPartner(context.Background(), "demo", " "); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("err = %v", err)
	}
}
