package cache

import (
	"compress/flate"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"
)

// testHookStudyRead, when set by a test, is called between reading a study's row and its
// chunks, so that a test can save a new copy in between.
var testHookStudyRead func()

// Load returns the cached copy of key, or a *NotCachedError (errors.Is(err, ErrNotCached))
// when there is none. Chunks are decompressed on every core while later ones are still being
// read. The returned resources share buffers; do not modify them.
func (s *Store) Load(ctx context.Context, key Key) (*Snapshot, error) {
	k, err := key.Normalize()
	if err != nil {
		return nil, err
	}
	snap, err := s.load(ctx, k)
	if err != nil && !errors.Is(err, ErrNotCached) {
		return nil, fmt.Errorf("cache: loading %s: %w", k, classify(err))
	}
	return snap, err
}

func (s *Store) load(ctx context.Context, k Key) (*Snapshot, error) {
	// A read transaction, so the study row and its chunks come from one committed state even
	// while another process saves.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var id, fetched int64
	var complete bool
	err = tx.QueryRowContext(ctx, `SELECT id, fetched_at, complete FROM studies WHERE server = ? AND partner = ? AND study = ?`,
		k.Server, k.Partner, k.Study).Scan(&id, &fetched, &complete)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &NotCachedError{Key: k}
	}
	if err != nil {
		return nil, err
	}
	if testHookStudyRead != nil {
		testHookStudyRead()
	}
	rows, err := tx.QueryContext(ctx, `SELECT kind, seq, count, raw_bytes, codec, data FROM chunks WHERE study_id = ? ORDER BY kind, seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	d := newDecoder()
	var chunks []*chunk
	for rows.Next() {
		c := &chunk{}
		var kind string
		if err := rows.Scan(&kind, &c.seq, &c.count, &c.rawBytes, &c.codec, &c.data); err != nil {
			d.stop()
			return nil, err
		}
		c.kind = Kind(kind)
		d.add(len(chunks), c)
		chunks = append(chunks, c)
	}
	if err := rows.Err(); err != nil {
		d.stop()
		return nil, err
	}
	decoded, err := d.wait(len(chunks))
	if err != nil {
		return nil, err
	}
	snap := &Snapshot{FetchedAt: time.Unix(0, fetched), Complete: complete, Entries: map[Kind][][]byte{}}
	counts := map[Kind]int{}
	for _, c := range chunks {
		counts[c.kind] += c.count
	}
	for kind, n := range counts {
		snap.Entries[kind] = make([][]byte, 0, n)
	}
	for i, c := range chunks {
		snap.Entries[c.kind] = append(snap.Entries[c.kind], decoded[i]...)
	}
	return snap, nil
}

// decoder decodes chunks on GOMAXPROCS goroutines as they are handed to it.
type decoder struct {
	jobs chan decodeJob
	wg   sync.WaitGroup
	mu   sync.Mutex
	out  map[int][][]byte
	err  error
	once sync.Once
}

type decodeJob struct {
	i int
	c *chunk
}

func newDecoder() *decoder {
	d := &decoder{jobs: make(chan decodeJob, 64), out: map[int][][]byte{}}
	for range runtime.GOMAXPROCS(0) {
		d.wg.Add(1)
		go func() {
			defer d.wg.Done()
			var r io.ReadCloser // one DEFLATE reader per goroutine, made on first use
			for j := range d.jobs {
				if j.c.codec == codecDeflate && r == nil {
					r = flate.NewReader(nil)
				}
				res, err := j.c.decode(r)
				j.c.data = nil // the compressed copy is no longer needed
				d.mu.Lock()
				if err != nil && d.err == nil {
					d.err = err
				}
				d.out[j.i] = res
				d.mu.Unlock()
			}
		}()
	}
	return d
}

func (d *decoder) add(i int, c *chunk) { d.jobs <- decodeJob{i, c} }

// stop ends the goroutines without waiting for results.
func (d *decoder) stop() { d.once.Do(func() { close(d.jobs) }) }

// wait returns the decoded chunks 0..n-1 in order.
func (d *decoder) wait(n int) ([][][]byte, error) {
	d.stop()
	d.wg.Wait()
	if d.err != nil {
		return nil, d.err
	}
	out := make([][][]byte, n)
	for i := range n {
		out[i] = d.out[i]
	}
	return out, nil
}
