package store

import (
	"context"
	"fmt"
	"time"

	"github.com/tandem-dev/tandem"
)

// Processed reports whether key was recorded by a write given it.
func (db *DB) Processed(ctx context.Context, key tandem.Key) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM processed WHERE key = ?`, string(key)).Scan(&n)
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
