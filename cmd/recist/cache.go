package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/recistview/recistview/data/blaze"
	"github.com/recistview/recistview/data/blazesim"
	"github.com/recistview/recistview/data/cache"
)

// useCache reports whether this run reads or writes the local cache of studies.
func (o *exportOpts) useCache() bool { return o.cache || o.offline || o.cachePath != "" }

// openCache opens the cache at -cache-path, or at the default path.
func (o *exportOpts) openCache() (*cache.Store, error) {
	path := o.cachePath
	if path == "" {
		p, err := cache.DefaultPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	return cache.Open(path)
}

// saveToCache keeps a complete load's raw resources in the cache. A failure is a warning on
// standard error: the export itself has succeeded.
func (o *exportOpts) saveToCache(ctx context.Context, load *blaze.Load, res *blaze.Result, stderr io.Writer) {
	err := func() error {
		store, err := o.openCache()
		if err != nil {
			return err
		}
		defer store.Close()
		return load.SaveToCache(ctx, store, res)
	}()
	if err != nil {
		fmt.Fprintf(stderr, "recist export: warning: the study was not saved in the cache: %v\n", oneLine(err))
	}
}

// runOffline exports the study from the cache without contacting the server; no secret is
// needed, only what forms the cache key (the server, and the partner id).
func (o *exportOpts) runOffline(ctx context.Context, stdout, stderr io.Writer) int {
	prof, partner, err := o.offlineProfile()
	if err != nil {
		fmt.Fprintf(stderr, "recist export: %v\n", err)
		return exitUsage
	}
	store, err := o.openCache()
	if err != nil {
		fmt.Fprintf(stderr, "recist export: %v\n", oneLine(err))
		return exitFail
	}
	defer store.Close()
	study := strings.TrimSpace(o.study)
	cached, err := blaze.LoadFromCache(ctx, store, prof, partner, study)
	if err != nil {
		var nc *cache.NotCachedError
		if errors.As(err, &nc) {
			fmt.Fprintf(stderr, "recist export: %v\n", nc)
		} else {
			fmt.Fprintf(stderr, "recist export: %v\n", oneLine(err))
		}
		return exitFail
	}
	if !cached.Complete {
		fmt.Fprintf(stderr, "recist export: the cached copy of study %s (fetched %s) is incomplete; export it online\n", study, cached.FetchedAt.UTC().Format("2006-01-02 15:04:05Z"))
		return exitFail
	}
	return o.emit(prof.Name, cached.Builder.Study(), cached.FetchedAt, stdout, stderr)
}

// offlineProfile is the server profile and partner id of an offline run; it starts nothing.
func (o *exportOpts) offlineProfile() (blaze.Profile, string, error) {
	partner := strings.TrimSpace(o.partnerID)
	var prof blaze.Profile
	switch o.server {
	case "":
		prof = blaze.Profile{Name: blaze.ProfileCustom, Label: "Custom server", BaseURL: o.base}
	case blaze.ProfileDemo:
		prof = blaze.DemoProfile("", "")
		if partner == "" {
			partner = blazesim.DemoPartnerID
		}
	default:
		p, err := blaze.ProfileByName(o.server)
		if err != nil || p.Name == blaze.ProfileCustom {
			return prof, "", fmt.Errorf("unknown -server %q (demo, msk-staging or msk-production; or use -base)", o.server)
		}
		prof = p
	}
	if partner == "" {
		return prof, "", errors.New("-partner-id is required: the cache keeps each partner's studies apart")
	}
	return prof, partner, nil
}
