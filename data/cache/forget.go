package cache

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Meta describes one cached study without loading it.
type Meta struct {
	Key       Key
	FetchedAt time.Time
	Complete  bool
	// Counts are the resources by kind.
	Counts map[Kind]int
	// RawBytes is the resources' size as served; Bytes what they take in the file.
	RawBytes, Bytes int64
}

// List describes every cached study, ordered by server, partner and study.
func (s *Store) List(ctx context.Context) ([]Meta, error) {
	rows, err := s.db.QueryContext(ctx, `
SELECT s.id, s.server, s.partner, s.study, s.fetched_at, s.complete,
       c.kind, COALESCE(SUM(c.count), 0), COALESCE(SUM(c.raw_bytes), 0), COALESCE(SUM(length(c.data)), 0)
FROM studies s LEFT JOIN chunks c ON c.study_id = s.id
GROUP BY s.id, c.kind
ORDER BY s.server, s.partner, s.study, s.id`)
	if err != nil {
		return nil, fmt.Errorf("cache: listing: %w", classify(err))
	}
	defer rows.Close()
	var out []Meta
	lastID := int64(-1)
	for rows.Next() {
		var id, fetched, count, raw, stored int64
		var m Meta
		var kind sql.NullString
		if err := rows.Scan(&id, &m.Key.Server, &m.Key.Partner, &m.Key.Study, &fetched, &m.Complete, &kind, &count, &raw, &stored); err != nil {
			return nil, fmt.Errorf("cache: listing: %w", classify(err))
		}
		if id != lastID {
			m.FetchedAt = time.Unix(0, fetched)
			m.Counts = map[Kind]int{}
			out = append(out, m)
			lastID = id
		}
		cur := &out[len(out)-1]
		if kind.Valid {
			cur.Counts[Kind(kind.String)] += int(count)
			cur.RawBytes += raw
			cur.Bytes += stored
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cache: listing: %w", classify(err))
	}
	return out, nil
}

// Forget removes the cached copy of key ("Forget this study"); a study not cached is not an
// error. The space is overwritten and given back to the file system.
func (s *Store) Forget(ctx context.Context, key Key) error {
	k, err := key.Normalize()
	if err != nil {
		return err
	}
	return s.forget(ctx, "forgetting "+k.String(), "server = ? AND partner = ? AND study = ?", k.Server, k.Partner, k.Study)
}

// ForgetPartner removes every study cached for partner on server (e.g. when a partner's
// access ends).
func (s *Store) ForgetPartner(ctx context.Context, server, partner string) error {
	server, err := NormalizeServer(server)
	if err != nil {
		return err
	}
	partner = strings.TrimSpace(partner)
	if partner == "" {
		return fmt.Errorf("%w: no partner id", ErrInvalidKey)
	}
	return s.forget(ctx, fmt.Sprintf("forgetting partner %s on %s", partner, server), "server = ? AND partner = ?", server, partner)
}

// ForgetAll removes every cached study ("Sign out and forget all data"). To remove the file
// itself, Close the Store and Delete its Path.
func (s *Store) ForgetAll(ctx context.Context) error {
	return s.forget(ctx, "forgetting all studies", "1 = 1")
}

// forget deletes the matching studies in one transaction, then reclaims the space.
func (s *Store) forget(ctx context.Context, what, where string, args ...any) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("cache: %s: %w", what, classify(err))
	}
	defer tx.Rollback()
	if err := deleteStudies(ctx, tx, where, args...); err != nil {
		return fmt.Errorf("cache: %s: %w", what, classify(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("cache: %s: %w", what, classify(err))
	}
	if err := s.reclaim(ctx); err != nil {
		return fmt.Errorf("cache: %s: %w", what, classify(err))
	}
	return nil
}

// deleteStudies deletes the studies matching where, and their chunks.
func deleteStudies(ctx context.Context, tx *sql.Tx, where string, args ...any) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM chunks WHERE study_id IN (SELECT id FROM studies WHERE "+where+")", args...); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "DELETE FROM studies WHERE "+where, args...)
	return err
}

// reclaim returns free pages to the file system and empties the write-ahead log, so that
// forgotten data does not linger in either (secure_delete has already zeroed the freed pages).
// The checkpoint is best effort: a reader in another process may keep part of the log alive
// until it finishes; the log is then reused, and emptied by the next checkpoint.
func (s *Store) reclaim(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA incremental_vacuum"); err != nil {
		return err
	}
	var busy, logFrames, checkpointed int
	return conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logFrames, &checkpointed)
}
