package store

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// Ping reports whether the database answers: on SQLite, the file is still
// the one Open opened (not removed, renamed or replaced underneath the
// process, whose open handles would otherwise go on writing to a file
// nobody sees); on both backends, a read query succeeds within ctx. It is
// cheap enough for a readiness probe every few seconds.
func (db *DB) Ping(ctx context.Context) error {
	if db.pg == nil {
		fi, err := os.Stat(db.path)
		if err != nil {
			return fmt.Errorf("store: ping: %w", err)
		}
		if db.file != nil && !os.SameFile(fi, db.file) {
			return fmt.Errorf("store: ping: %s was replaced by another file since it was opened", db.path)
		}
	}
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	if n == 0 {
		return errors.New("store: ping: the database has no schema")
	}
	return nil
}
