package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tandem-dev/tandem"
)

// OutboxBacklog returns, for each kind of message with some still to send
// (retries waiting for their time included), how many there are and when
// the oldest was queued, in kind order. An empty outbox gives no entries.
func (db *DB) OutboxBacklog(ctx context.Context) ([]tandem.OutboxBacklog, error) {
	var out []tandem.OutboxBacklog
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT kind, count(*), min(created_at) FROM outbox
			WHERE status = 'pending' GROUP BY kind ORDER BY kind`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var b tandem.OutboxBacklog
			var oldest string
			if err := rows.Scan(&b.Kind, &b.Pending, &oldest); err != nil {
				return err
			}
			if b.Oldest, err = parseTime(oldest); err != nil {
				return err
			}
			out = append(out, b)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: outbox backlog: %w", err)
	}
	return out, nil
}
