package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/tandem-dev/tandem"
)

// PendingOutbox returns up to limit messages still to send whose retry
// time has come, oldest first.
func (db *DB) PendingOutbox(ctx context.Context, limit int) ([]tandem.OutboxItem, error) {
	var out []tandem.OutboxItem
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, kind, coalesce(round_id, 0), coalesce(group_id, 0), user_id, attempts, created_at, program_id
			FROM outbox WHERE status = 'pending' AND not_before <= ? ORDER BY id LIMIT ?`, db.now(), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var it tandem.OutboxItem
			var created string
			if err := rows.Scan(&it.ID, &it.Kind, &it.Round, &it.Group, &it.User, &it.Attempts, &created, &it.Program); err != nil {
				return err
			}
			if it.Created, err = parseTime(created); err != nil {
				return err
			}
			out = append(out, it)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: pending outbox: %w", err)
	}
	return out, nil
}

// SetGroupDM records the group DM opened for a partnership, so that a
// retry or a check-in reuses it.
func (db *DB) SetGroupDM(ctx context.Context, group tandem.GroupID, dm tandem.ChannelID) error {
	err := db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE groups SET dm_channel = ? WHERE id = ?`, dm, group)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: set group %d dm: %w", group, err)
	}
	return nil
}

// MarkSent records that Slack took an outbox message; for an intro, ts is
// the message's timestamp, kept so its buttons can update it.
func (db *DB) MarkSent(ctx context.Context, item tandem.OutboxItem, ts string) error {
	err := db.update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ?`, db.now(), item.ID); err != nil {
			return err
		}
		if item.Kind == tandem.OutboxIntro && ts != "" {
			_, err := tx.ExecContext(ctx, `UPDATE groups SET intro_ts = ? WHERE id = ?`, ts, item.Group)
			return err
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: mark outbox %d sent: %w", item.ID, err)
	}
	return nil
}

// RetryLater records a failed attempt and holds the message until after.
func (db *DB) RetryLater(ctx context.Context, item tandem.OutboxItem, after time.Time, reason string) error {
	err := db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = ?, not_before = ? WHERE id = ?`,
			reason, formatTime(after), item.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: retry outbox %d: %w", item.ID, err)
	}
	return nil
}

// MarkFailed gives up on a message Slack will never take (a deleted user,
// an archived channel), with the reason, so it stops blocking the queue.
func (db *DB) MarkFailed(ctx context.Context, item tandem.OutboxItem, reason string) error {
	err := db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?`, reason, item.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: mark outbox %d failed: %w", item.ID, err)
	}
	return nil
}

// RoundProgress returns how far the round's messages are, summaries excluded.
func (db *DB) RoundProgress(ctx context.Context, round tandem.RoundID) (tandem.OutboxProgress, error) {
	var p tandem.OutboxProgress
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT status, count(*) FROM outbox WHERE round_id = ? AND kind <> 'summary' GROUP BY status`, round)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			var n int
			if err := rows.Scan(&s, &n); err != nil {
				return err
			}
			switch s {
			case "pending":
				p.Pending = n
			case "sent":
				p.Sent = n
			case "failed":
				p.Failed = n
			}
		}
		return rows.Err()
	})
	if err != nil {
		return p, fmt.Errorf("store: round %d progress: %w", round, err)
	}
	return p, nil
}
