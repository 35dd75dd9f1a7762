package cache

import (
	"compress/flate"
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"
)

// Snapshot is one study as fetched: the raw resources exactly as the server sent them, by
// kind, and when they were fetched.
type Snapshot struct {
	// FetchedAt is when the load that produced the resources finished.
	FetchedAt time.Time
	// Complete is false for a load that ended with parts missing.
	Complete bool
	// Entries are the resources by kind, each a JSON resource as served. Loaded Entries share
	// buffers: do not modify them.
	Entries map[Kind][][]byte
}

// testHookChunkSaved, when set by a test, is called after each chunk is written inside the
// save transaction, so that a test can interrupt a save half-way.
var testHookChunkSaved func(n int)

// Save stores snap as the cached copy of key, replacing any previous copy in one transaction:
// a save that fails, is cancelled or is cut short by a crash leaves the previous copy as it
// was. Compression runs before the transaction, on every core, so other users of the file
// wait only for the writes.
func (s *Store) Save(ctx context.Context, key Key, snap Snapshot) error {
	k, err := key.Normalize()
	if err != nil {
		return err
	}
	if snap.FetchedAt.IsZero() || snap.FetchedAt.Year() < 1700 || snap.FetchedAt.Year() > 2200 {
		return fmt.Errorf("%w: fetch time %v", ErrInvalidSnapshot, snap.FetchedAt)
	}
	for kind := range snap.Entries {
		if !kind.valid() {
			return fmt.Errorf("%w: unknown kind %q", ErrInvalidSnapshot, kind)
		}
	}
	var chunks []chunk
	for _, kind := range Kinds() {
		chunks = append(chunks, splitChunks(kind, snap.Entries[kind])...)
	}
	if err := compressAll(ctx, chunks); err != nil {
		return fmt.Errorf("cache: saving %s: %w", k, err)
	}
	if err := s.write(ctx, k, snap, chunks); err != nil {
		return fmt.Errorf("cache: saving %s: %w", k, classify(err))
	}
	return nil
}

// write replaces the study's rows in one transaction.
func (s *Store) write(ctx context.Context, k Key, snap Snapshot, chunks []chunk) error {
	tx, err := s.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE (see dsnParams)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := deleteStudies(ctx, tx, "server = ? AND partner = ? AND study = ?", k.Server, k.Partner, k.Study); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx,
		`INSERT INTO studies (server, partner, study, fetched_at, complete, saved_at) VALUES (?, ?, ?, ?, ?, ?)`,
		k.Server, k.Partner, k.Study, snap.FetchedAt.UnixNano(), snap.Complete, time.Now().UnixNano())
	if err != nil {
		return err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	stmt, err := tx.PrepareContext(ctx,
		`INSERT INTO chunks (study_id, kind, seq, count, raw_bytes, codec, data) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i, c := range chunks {
		if _, err := stmt.ExecContext(ctx, id, string(c.kind), c.seq, c.count, c.rawBytes, int(c.codec), c.data); err != nil {
			return err
		}
		if testHookChunkSaved != nil {
			testHookChunkSaved(i + 1)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return tx.Commit()
}

// compressAll compresses the chunks on GOMAXPROCS goroutines.
func compressAll(ctx context.Context, chunks []chunk) error {
	workers := min(runtime.GOMAXPROCS(0), len(chunks))
	next := make(chan *chunk)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fw, err := flate.NewWriter(nil, deflateLevel)
			if err != nil {
				errs[w] = err
			}
			for c := range next {
				if errs[w] == nil {
					errs[w] = c.compress(fw)
				}
			}
		}()
	}
	for i := range chunks {
		if ctx.Err() != nil {
			break
		}
		next <- &chunks[i]
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}
