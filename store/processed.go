package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/tandem-dev/tandem"
)

// claim records the context's idempotency key, if any and not yet taken,
// in tx. It returns tandem.ErrDuplicate if the key was recorded before.
func (db *DB) claim(ctx context.Context, tx *sql.Tx) (taken bool, err error) {
	key := tandem.TakeIdempotencyKey(ctx)
	if key == "" {
		return false, nil
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO processed (key, created_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, key, db.now())
	if err != nil {
		return true, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return true, tandem.ErrDuplicate
	}
	return true, nil
}

// Processed reports whether key was recorded by a write made under
// tandem.WithIdempotencyKey.
func (db *DB) Processed(ctx context.Context, key string) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM processed WHERE key = ?`, key).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: processed %s: %w", key, err)
	}
	return n > 0, nil
}

// PruneProcessed deletes processed keys older than the given instant; Slack
// redelivers within minutes, so a day of keys is plenty.
func (db *DB) PruneProcessed(ctx context.Context, before time.Time) error {
	_, err := db.write.ExecContext(ctx, `DELETE FROM processed WHERE created_at < ?`, formatTime(before))
	if err != nil {
		return fmt.Errorf("store: prune processed: %w", err)
	}
	return nil
}
