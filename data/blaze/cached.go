package blaze

import (
	"context"
	"strings"
	"time"

	"github.com/recistview/recistview/data/cache"
)

// CacheKey is the cache key of a study read by partner from the profile's server.
func CacheKey(p Profile, partner, study string) cache.Key {
	return cache.Key{Server: p.ServerKey(), Partner: strings.TrimSpace(partner), Study: strings.TrimSpace(study)}
}

// SaveToCache keeps what a run fetched in store under the load's key, replacing any earlier
// copy in one transaction. Callers save only complete runs, so that a refresh replaces the
// cached copy only when it completed.
func (l *Load) SaveToCache(ctx context.Context, store *cache.Store, res *Result) error {
	snap := cache.Snapshot{FetchedAt: res.FetchedAt, Complete: res.Complete, Entries: map[cache.Kind][][]byte{}}
	for typ, rs := range l.b.Entries() {
		snap.Entries[cache.Kind(typ)] = rs
	}
	return store.Save(ctx, CacheKey(l.s.profile, l.s.partner, l.study), snap)
}

// Cached is a study read back from the cache.
type Cached struct {
	Builder   *Builder
	FetchedAt time.Time
	Complete  bool
}

// LoadFromCache reads a study from store; the error matches cache.ErrNotCached when there is
// no copy for this server, partner and study.
func LoadFromCache(ctx context.Context, store *cache.Store, p Profile, partner, study string) (*Cached, error) {
	snap, err := store.Load(ctx, CacheKey(p, partner, study))
	if err != nil {
		return nil, err
	}
	entries := make(map[string][][]byte, len(snap.Entries))
	for k, rs := range snap.Entries {
		entries[string(k)] = rs
	}
	return &Cached{Builder: FromEntries(strings.TrimSpace(study), entries), FetchedAt: snap.FetchedAt, Complete: snap.Complete}, nil
}
