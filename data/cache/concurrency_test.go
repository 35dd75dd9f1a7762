package cache

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentSavesAndLoads uses one file through two Stores (as the app and the CLI would)
// from several goroutines: every load sees one whole saved copy, never a mixture.
func TestConcurrentSavesAndLoads(t *testing.T) {
	a, path := openTemp(t)
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	if err := a.Save(ctx, testKey, snapshotOf("t0", 300, 300)); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 16)
	var writers, readers sync.WaitGroup
	for w, s := range []*Store{a, b, a, b} {
		writers.Add(1)
		go func() {
			defer writers.Done()
			for i := range 5 {
				if err := s.Save(ctx, testKey, snapshotOf(fmt.Sprintf("w%d-%d", w, i), 300, 300)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	writing := make(chan struct{})
	go func() { writers.Wait(); close(writing) }()
	for _, s := range []*Store{a, b} {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				snap, err := s.Load(ctx, testKey)
				if err != nil {
					errs <- err
					return
				}
				if len(snap.Entries[KindObservation]) != 300 {
					errs <- fmt.Errorf("a load found %d observations", len(snap.Entries[KindObservation]))
					return
				}
				tag := tagOf(snap.Entries[KindObservation][0])
				for _, k := range Kinds() {
					for _, res := range snap.Entries[k] {
						if tagOf(res) != tag {
							errs <- fmt.Errorf("a load mixed copies %q and %q", tag, tagOf(res))
							return
						}
					}
				}
				select {
				case <-writing:
					return
				default:
				}
			}
		}()
	}
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got, err := a.Load(ctx, testKey); err != nil || !strings.HasPrefix(tagOf(got.Entries[KindGroup][0]), "w") {
		t.Errorf("final copy: %v", err)
	}
}

func tagOf(r []byte) string {
	i := bytes.Index(r, []byte(`"tag":"`))
	if i < 0 {
		return ""
	}
	rest := r[i+7:]
	return string(rest[:bytes.IndexByte(rest, '"')])
}

// TestLoadSeesOneCopy saves a new copy, from another Store, between Load's reading of the
// study row and of its chunks: the load must return the copy it started with, whole.
func TestLoadSeesOneCopy(t *testing.T) {
	a, path := openTemp(t)
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	old := snapshotOf("old", 300, 300)
	if err := a.Save(ctx, testKey, old); err != nil {
		t.Fatal(err)
	}
	saved := false
	testHookStudyRead = func() {
		testHookStudyRead = nil
		if err := b.Save(ctx, testKey, snapshotOf("new", 300, 300)); err != nil {
			t.Error(err)
		}
		saved = true
	}
	defer func() { testHookStudyRead = nil }()
	got, err := a.Load(ctx, testKey)
	if err != nil {
		t.Fatal(err)
	}
	if !saved {
		t.Fatal("the hook did not run")
	}
	sameEntries(t, got.Entries, old.Entries)
	if now, err := a.Load(ctx, testKey); err != nil || tagOf(now.Entries[KindPatient][0]) != "new" {
		t.Errorf("the new copy was not saved: %v", err)
	}
}
