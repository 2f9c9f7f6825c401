package store

import (
	"context"
	"database/sql"
)

// WriteInScope runs fn as a write of scope s, for tests of the write path
// itself.
func (db *DB) WriteInScope(ctx context.Context, s string, fn func(tx *sql.Tx) error) error {
	return db.updateIn(ctx, "", scope(s), fn)
}
