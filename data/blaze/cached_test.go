package blaze

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/recistview/recistview/data/blazesim"
	"github.com/recistview/recistview/data/cache"
)

// BenchmarkReopenDEMO500 is what reopening a cached study costs the app: reading and
// decompressing DEMO-500 from the cache and building the domain model from it.
func BenchmarkReopenDEMO500(b *testing.B) {
	bl := largeBuilder(b)
	store, err := cache.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	prof := DemoProfile("", "")
	snap := cache.Snapshot{FetchedAt: time.Now(), Complete: true, Entries: map[cache.Kind][][]byte{}}
	for typ, rs := range bl.Entries() {
		snap.Entries[cache.Kind(typ)] = rs
	}
	if err := store.Save(ctx, CacheKey(prof, blazesim.DemoPartnerID, blazesim.LargeStudy), snap); err != nil {
		b.Fatal(err)
	}
	want := len(bl.Study().Subjects)
	b.SetBytes(largePages.bytes)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		c, err := LoadFromCache(ctx, store, prof, blazesim.DemoPartnerID, blazesim.LargeStudy)
		if err != nil {
			b.Fatal(err)
		}
		if st := c.Builder.Study(); len(st.Subjects) != want {
			b.Fatalf("%d subjects", len(st.Subjects))
		}
	}
}
