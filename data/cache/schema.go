package cache

import (
	"context"
	"database/sql"
	"fmt"
)

// SchemaVersion is the version of the database layout this package writes, kept in SQLite's
// user_version.
const SchemaVersion = 1

// migrations[i] brings a database from version i to version i+1. Append; never edit a
// migration that has shipped.
var migrations = []func(ctx context.Context, tx *sql.Tx) error{
	createV1,
}

// createV1 creates the first layout. A study is one row of studies; its resources are in
// chunks, a few hundred kilobytes of concatenated resources of one kind each (see format.go),
// ordered by seq.
func createV1(ctx context.Context, tx *sql.Tx) error {
	const ddl = `
CREATE TABLE studies (
	id         INTEGER PRIMARY KEY,
	server     TEXT    NOT NULL,
	partner    TEXT    NOT NULL,
	study      TEXT    NOT NULL,
	fetched_at INTEGER NOT NULL, -- Unix nanoseconds
	complete   INTEGER NOT NULL,
	saved_at   INTEGER NOT NULL, -- Unix nanoseconds
	UNIQUE (server, partner, study)
);
CREATE TABLE chunks (
	study_id  INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
	kind      TEXT    NOT NULL,
	seq       INTEGER NOT NULL,
	count     INTEGER NOT NULL, -- resources in the chunk
	raw_bytes INTEGER NOT NULL, -- the resources' total size
	codec     INTEGER NOT NULL, -- 0 stored as is, 1 DEFLATE
	data      BLOB    NOT NULL,
	PRIMARY KEY (study_id, kind, seq)
);`
	_, err := tx.ExecContext(ctx, ddl)
	return err
}

// migrate brings db to SchemaVersion, one transaction per step, each step setting
// user_version with its changes so that a crash leaves the file at a whole version. A file of
// a newer version is refused with ErrNewerSchema and left as it is.
func migrate(ctx context.Context, db *sql.DB) error {
	for {
		done, err := migrateStep(ctx, db)
		if err != nil || done {
			return err
		}
	}
}

// migrateStep runs the next migration, if any; done is true when db is current.
func migrateStep(ctx context.Context, db *sql.DB) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: one process migrates at a time
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return false, err
	}
	switch {
	case v == SchemaVersion:
		return true, nil
	case v > SchemaVersion || v < 0:
		return false, fmt.Errorf("%w (schema version %d, this program reads %d)", ErrNewerSchema, v, SchemaVersion)
	}
	if err := migrations[v](ctx, tx); err != nil {
		return false, fmt.Errorf("migrating the cache from version %d: %w", v, err)
	}
	// PRAGMA takes no parameters; v+1 is an integer of ours.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
		return false, err
	}
	return false, tx.Commit()
}
