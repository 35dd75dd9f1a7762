package cache_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/recistview/recistview/data/cache"
)

// A study is saved after a complete load, reopened later (offline if need be), and forgotten.
func Example() {
	dir, _ := os.MkdirTemp("", "cache-example")
	defer os.RemoveAll(dir)
	store, err := cache.Open(filepath.Join(dir, "studies.db")) // the app uses cache.DefaultPath()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	ctx := context.Background()
	key := cache.Key{Server: "https://blaze.example.org/api/", Partner: "P-1", Study: "12-345"}

	err = store.Save(ctx, key, cache.Snapshot{
		FetchedAt: time.Date(2026, 11, 22, 20, 25, 23, 0, time.UTC),
		Complete:  true,
		Entries: map[cache.Kind][][]byte{
			cache.KindPatient: {[]byte(`{"resourceType":"Patient","id":"10081007"}`)},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	snap, err := store.Load(ctx, cache.Key{Server: "https://BLAZE.example.org/api", Partner: "P-1", Study: "12-345"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("fetched", snap.FetchedAt.UTC().Format(time.RFC3339), "complete", snap.Complete)
	fmt.Println(string(snap.Entries[cache.KindPatient][0]))

	list, _ := store.List(ctx)
	fmt.Println(list[0].Key, list[0].Counts[cache.KindPatient])

	store.Forget(ctx, key)
	_, err = store.Load(ctx, key)
	fmt.Println(errors.Is(err, cache.ErrNotCached), err)
	// Output:
	// fetched 2026-11-22T20:25:23Z complete true
	// {"resourceType":"Patient","id":"10081007"}
	// study 12-345 for partner P-1 on https://blaze.example.org/api 1
	// true study 12-345 is not in the cache for partner P-1 on server https://blaze.example.org/api
}
