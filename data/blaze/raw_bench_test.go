package blaze

import (
	"context"
	"sync"
	"testing"

	"github.com/recistview/recistview/data/blazesim"
)

var (
	largeOnce    sync.Once
	largeEntries map[string][][]byte
	largeErr     error
)

// loadLarge loads the simulator's DEMO-500 once per test binary and returns its raw entries.
func loadLarge(b *testing.B) map[string][][]byte {
	b.Helper()
	largeOnce.Do(func() {
		sim, err := blazesim.StartDemo()
		if err != nil {
			largeErr = err
			return
		}
		defer sim.Close()
		s, err := NewSession(context.Background(), DemoProfile(sim.TokenURL, sim.BaseURL), demoCreds, SessionOptions{PageSize: 100})
		if err != nil {
			largeErr = err
			return
		}
		l := s.NewLoad(blazesim.LargeStudy)
		if _, err := l.Run(context.Background(), nil); err != nil {
			largeErr = err
			return
		}
		largeEntries = l.Builder().Entries()
	})
	if largeErr != nil {
		b.Fatal(largeErr)
	}
	return largeEntries
}

func rawBytes(m map[string][][]byte) int64 {
	var n int64
	for _, rs := range m {
		for _, r := range rs {
			n += int64(len(r))
		}
	}
	return n
}

// BenchmarkFromEntriesDEMO500 measures building DEMO-500's Study from its raw entries, the
// mapping half of a reopen from the cache.
func BenchmarkFromEntriesDEMO500(b *testing.B) {
	e := loadLarge(b)
	b.SetBytes(rawBytes(e))
	b.ReportAllocs()
	for b.Loop() {
		if st := FromEntries(blazesim.LargeStudy, e).Study(); len(st.Subjects) == 0 {
			b.Fatal("no subjects")
		}
	}
}
