package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ErrDuplicate is returned by a write made under WithDedupe when its key was
// already processed: the write was rolled back and changed nothing.
var ErrDuplicate = errors.New("store: already processed")

type dedupeKey struct{}

type dedupe struct {
	key  string
	used bool
}

// WithDedupe returns a context under which the first write transaction also
// records key as processed, atomically with its effect. If key was processed
// before, that write fails with ErrDuplicate and changes nothing. Later writes
// under the same context are not deduplicated: one inbound envelope, one key,
// one primary effect.
func WithDedupe(ctx context.Context, key string) context.Context {
	if key == "" {
		return ctx
	}
	return context.WithValue(ctx, dedupeKey{}, &dedupe{key: key})
}

// claim records the context's dedupe key, if any and not yet used, in tx.
func (db *DB) claim(ctx context.Context, tx *sql.Tx) error {
	d, _ := ctx.Value(dedupeKey{}).(*dedupe)
	if d == nil || d.used {
		return nil
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO processed (key, created_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, d.key, db.now())
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrDuplicate
	}
	d.used = true
	return nil
}

// Processed reports whether key was processed and, if so, the reply saved
// with SaveReply ("" if none was saved yet).
func (db *DB) Processed(ctx context.Context, key string) (reply string, ok bool, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT reply FROM processed WHERE key = ?`, key).Scan(&reply)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	} else if err != nil {
		return "", false, fmt.Errorf("store: processed %s: %w", key, err)
	}
	return reply, true, nil
}

// SaveReply stores the reply sent for key, so that a redelivery of the same
// envelope gets the same answer. It records key as processed if it was not.
func (db *DB) SaveReply(ctx context.Context, key, reply string) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO processed (key, reply, created_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET reply = excluded.reply`, key, reply, db.now())
	if err != nil {
		return fmt.Errorf("store: save reply %s: %w", key, err)
	}
	return nil
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
