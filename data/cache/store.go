// Package cache is RECIST View's local store of opened studies: an embedded, crash-safe SQLite
// database (modernc.org/sqlite, pure Go) in the user's cache directory, readable by its owner
// only. It keeps, per server, partner and study, the raw FHIR resources exactly as the server
// sent them and when they were fetched, so that a study reopens at once and offline, and can
// still show each resource's source JSON.
//
// It holds nothing else: no token, secret or credential is ever written (a Key carries only
// the server URL without user information, the partner id and the study number).
//
// A study is replaced atomically in one transaction: a save that fails or is interrupted
// half-way, even by a crash, leaves the previous copy intact. Several processes (the app and
// the CLI) may use one file at once; SQLite's write-ahead log and a busy timeout arbitrate.
package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"modernc.org/sqlite"
)

// File modes of the cache: owner-only.
const (
	DirMode  fs.FileMode = 0o700
	FileMode fs.FileMode = 0o600
)

// BusyTimeoutMillis is how long a statement waits for another connection or process holding
// the database before failing.
const BusyTimeoutMillis = 5000

// Store is an open cache file. It is safe for concurrent use; Close it when done.
type Store struct {
	db   *sql.DB
	path string
}

// DefaultPath is where the cache lives: os.UserCacheDir()/recistview/studies.db (e.g.
// ~/.cache/recistview/studies.db on Linux, ~/Library/Caches/recistview/studies.db on macOS,
// %LocalAppData%\recistview\studies.db on Windows).
func DefaultPath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("cache: no user cache directory: %w", err)
	}
	return filepath.Join(dir, "recistview", "studies.db"), nil
}

// Open opens the cache at path, creating it (and its directory, mode 0700) when absent. The
// database file is created with mode 0600; an existing file, and its -wal and -shm companions,
// are tightened to 0600 if they allow anyone else in. The schema is created or migrated to the
// current version. Errors wrap ErrCorrupt for a damaged file, ErrNewerSchema for a file of a
// newer program version and ErrUnsafePath for a path that is not a regular file.
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("cache: no path given")
	}
	if strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("cache: the path %q may not contain '?'", path)
	}
	if err := prepareFile(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", path+"?"+dsnParams)
	if err != nil {
		return nil, fmt.Errorf("cache: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	db.SetMaxIdleConns(2)
	s := &Store{db: db, path: path}
	if err := migrate(context.Background(), db); err != nil {
		db.Close()
		return nil, fmt.Errorf("cache: open %s: %w", path, classify(err))
	}
	// SQLite creates -wal and -shm with the database file's mode; check anyway.
	for _, p := range []string{path + "-wal", path + "-shm"} {
		if err := tighten(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			db.Close()
			return nil, err
		}
	}
	return s, nil
}

// dsnParams configure every connection: wait for other writers, write-ahead log (readers do
// not block the writer, and a crash never damages committed data), NORMAL sync (safe with a
// WAL; a power cut may lose the last save, never corrupt the file), foreign keys, write
// transactions that take the write lock at BEGIN (no deadlock between two upgrading readers),
// incremental auto-vacuum so that forgotten studies give their space back, and secure delete
// so that what was forgotten is overwritten, not merely unlinked.
var dsnParams = "_busy_timeout=" + strconv.Itoa(BusyTimeoutMillis) +
	"&_auto_vacuum=INCREMENTAL&_journal_mode=WAL&_synchronous=NORMAL&_foreign_keys=1&_txlock=immediate&_pragma=secure_delete(1)"

// Path is the file the Store uses.
func (s *Store) Path() string { return s.path }

// Close closes the database. Saves and loads in progress fail.
func (s *Store) Close() error { return s.db.Close() }

// prepareFile makes sure path's directory exists (created 0700) and that path is a regular
// file of mode 0600, creating it empty when absent.
func prepareFile(path string) error {
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, DirMode); err != nil {
			return fmt.Errorf("cache: %w", err)
		}
		// MkdirAll applies the umask; the directory we made is ours to set exactly.
		if err := os.Chmod(dir, DirMode); err != nil {
			return fmt.Errorf("cache: %w", err)
		}
	} else if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, FileMode)
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	st, err := f.Stat()
	f.Close()
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%w: %s", ErrUnsafePath, path)
	}
	return tighten(path)
}

// tighten removes group and other permissions from an existing file.
func tighten(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Mode().Perm()&^FileMode != 0 {
		if err := os.Chmod(path, st.Mode().Perm()&FileMode); err != nil {
			return fmt.Errorf("cache: restricting %s to its owner: %w", path, err)
		}
	}
	return nil
}

// SQLite primary result codes that mean the file is damaged or not a database.
const (
	sqliteCorrupt = 11
	sqliteNotADB  = 26
)

// classify wraps SQLite's "damaged file" errors in ErrCorrupt.
func classify(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqliteCorrupt, sqliteNotADB:
			return fmt.Errorf("%w: %w", ErrCorrupt, err)
		}
	}
	return err
}

// Delete removes a cache file and its -wal and -shm companions, e.g. one that Open reports
// as damaged, or to forget everything without opening it. Close any Store on it first. A
// missing file is not an error.
func Delete(path string) error {
	var errs []error
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("cache: %w", errors.Join(errs...))
	}
	return nil
}
