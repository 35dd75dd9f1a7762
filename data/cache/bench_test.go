package cache

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/recistview/recistview/data/blazesim"
)

// The benchmarks use the simulator's 500-subject study, loaded once through data/blaze (about
// 3,500 reports and 16,000 lesion Observations, 35 MB as served).

var (
	largeOnce sync.Once
	large     Snapshot
	largeErr  error
)

func demo500(b *testing.B) Snapshot {
	b.Helper()
	largeOnce.Do(func() {
		// The simulator's ground truth holds every resource exactly as served.
		srv, err := blazesim.NewServer(blazesim.DefaultConfig())
		if err != nil {
			largeErr = err
			return
		}
		truth, err := srv.Truth(blazesim.LargeStudy)
		if err != nil {
			largeErr = err
			return
		}
		large = Snapshot{FetchedAt: time.Now(), Complete: true, Entries: map[Kind][][]byte{}}
		for _, s := range truth.Study.Subjects {
			large.Entries[KindPatient] = append(large.Entries[KindPatient], s.Raw)
			for _, a := range s.Assessments {
				large.Entries[KindDiagnosticReport] = append(large.Entries[KindDiagnosticReport], a.Raw)
				for _, l := range a.Lesions {
					large.Entries[KindObservation] = append(large.Entries[KindObservation], l.Raw)
				}
			}
		}
	})
	if largeErr != nil {
		b.Fatal(largeErr)
	}
	return large
}

func rawSize(s Snapshot) int64 {
	var n int64
	for _, rs := range s.Entries {
		for _, r := range rs {
			n += int64(len(r))
		}
	}
	return n
}

var largeKey = Key{Server: "demo", Partner: blazesim.DemoPartnerID, Study: blazesim.LargeStudy}

func benchStore(b *testing.B) *Store {
	b.Helper()
	s, err := Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkSaveDEMO500 measures replacing DEMO-500 in the cache: chunking, compression and
// the transaction.
func BenchmarkSaveDEMO500(b *testing.B) {
	snap := demo500(b)
	s := benchStore(b)
	ctx := context.Background()
	b.SetBytes(rawSize(snap))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := s.Save(ctx, largeKey, snap); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	list, _ := s.List(ctx)
	b.ReportMetric(float64(list[0].Bytes)/(1<<20), "stored-MB")
}

// BenchmarkLoadDEMO500 measures the cache's half of a reopen alone, for each way a chunk can
// be stored, and for the layout not chosen (one row per resource, as is).
func BenchmarkLoadDEMO500(b *testing.B) {
	snap := demo500(b)
	ctx := context.Background()
	b.Run("deflate", func(b *testing.B) {
		s := benchStore(b)
		if err := s.Save(ctx, largeKey, snap); err != nil {
			b.Fatal(err)
		}
		benchLoad(b, s, snap)
	})
	b.Run("stored", func(b *testing.B) {
		s := benchStore(b)
		var chunks []chunk
		for _, k := range Kinds() {
			chunks = append(chunks, splitChunks(k, snap.Entries[k])...)
		}
		k, _ := largeKey.Normalize()
		if err := s.write(ctx, k, snap, chunks); err != nil {
			b.Fatal(err)
		}
		benchLoad(b, s, snap)
	})
	b.Run("row-per-resource", func(b *testing.B) {
		s := benchStore(b)
		if _, err := s.db.Exec(`CREATE TABLE resources (study_id INTEGER, kind TEXT, seq INTEGER, data BLOB, PRIMARY KEY (study_id, kind, seq))`); err != nil {
			b.Fatal(err)
		}
		tx, _ := s.db.Begin()
		for kind, rs := range snap.Entries {
			for i, r := range rs {
				if _, err := tx.Exec(`INSERT INTO resources VALUES (1, ?, ?, ?)`, string(kind), i, r); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(rawSize(snap))
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			rows, err := s.db.Query(`SELECT kind, data FROM resources WHERE study_id = 1 ORDER BY kind, seq`)
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for rows.Next() {
				var kind string
				var data []byte
				if err := rows.Scan(&kind, &data); err != nil {
					b.Fatal(err)
				}
				n++
			}
			rows.Close()
			if n < 10000 {
				b.Fatalf("%d rows", n)
			}
		}
	})
}

func benchLoad(b *testing.B, s *Store, snap Snapshot) {
	b.Helper()
	list, err := s.List(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(rawSize(snap))
	b.ReportAllocs()
	b.ReportMetric(float64(list[0].Bytes)/(1<<20), "stored-MB")
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Load(context.Background(), largeKey); err != nil {
			b.Fatal(err)
		}
	}
}
