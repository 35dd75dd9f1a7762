package cache

import (
	"errors"
	"fmt"
)

// Errors of the cache, matched with errors.Is.
var (
	// ErrNotCached is a study the cache does not hold (Load returns a *NotCachedError).
	ErrNotCached = errors.New("cache: study not cached")
	// ErrInvalidKey is a Key with a missing or unusable part.
	ErrInvalidKey = errors.New("cache: invalid key")
	// ErrInvalidSnapshot is a Snapshot that cannot be saved (no fetch time, an unknown kind).
	ErrInvalidSnapshot = errors.New("cache: invalid snapshot")
	// ErrCorrupt is a cache file that is damaged or not a cache at all; Delete it and fetch
	// again.
	ErrCorrupt = errors.New("cache: the cache file is damaged")
	// ErrNewerSchema is a cache file written by a newer version of the program; this one
	// leaves it untouched.
	ErrNewerSchema = errors.New("cache: the cache file was written by a newer version")
	// ErrUnsafePath is a cache path that is not a regular file.
	ErrUnsafePath = errors.New("cache: the cache path is not a regular file")
)

// NotCachedError is returned by Load for a study the cache does not hold. It matches
// ErrNotCached.
type NotCachedError struct {
	// Key is the normalised key that was looked up.
	Key Key
}

func (e *NotCachedError) Error() string {
	return fmt.Sprintf("study %s is not in the cache for partner %s on server %s", e.Key.Study, e.Key.Partner, e.Key.Server)
}

// Is makes errors.Is(err, ErrNotCached) true.
func (e *NotCachedError) Is(target error) bool { return target == ErrNotCached }
