package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tandem-dev/tandem"
)

// AskPosted records the ts of the channel post of an urgent ask (a topic
// with a skill).
func (db *DB) AskPosted(ctx context.Context, topic tandem.TopicID, ts string) error {
	err := db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE topics SET post_ts = ? WHERE id = ?`, ts, topic)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: ask %d posted: %w", topic, err)
	}
	return nil
}

// Posts says which channel messages show what user wrote: the marketplaces
// holding their topics (whose call and agenda list them) and the posts of
// their asks. Read before Forget, they are what to redraw after it.
func (db *DB) Posts(ctx context.Context, user tandem.UserID) (tandem.Posts, error) {
	var p tandem.Posts
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT marketplace_id FROM topics WHERE author_id = ? ORDER BY marketplace_id`, user)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id tandem.MarketplaceID
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			p.Marketplaces = append(p.Marketplaces, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT program_id, post_ts FROM topics WHERE author_id = ? AND post_ts <> '' ORDER BY id`, user)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m tandem.MessageRef
			if err := rows.Scan(&m.Channel, &m.TS); err != nil {
				return err
			}
			p.Asks = append(p.Asks, m)
		}
		return rows.Err()
	})
	if err != nil {
		return tandem.Posts{}, fmt.Errorf("store: posts of %s: %w", user, err)
	}
	return p, nil
}
