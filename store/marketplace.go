package store

// The discussion marketplace's cycles: calls for topics, the agenda that
// closes a marketplace, counts for reports, exports and `forget me`.
// Topics and votes are in topics.go.

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tandem-dev/tandem"
)

// StartCall records that a call for topics is about to be posted in the
// program's channel for its open marketplace (opened now if none is), and
// returns the call's ID and that marketplace with its topics. Under an
// idempotency key a repeated request fails with tandem.ErrDuplicate, so a
// redelivered command posts nothing. by is the admin who asked, or "" for
// the schedule.
func (db *DB) StartCall(ctx context.Context, key tandem.Key, program tandem.ChannelID, by tandem.UserID) (int64, tandem.Marketplace, error) {
	var id int64
	var m tandem.Marketplace
	err := db.updateOnce(ctx, key, func(tx *sql.Tx) error {
		var err error
		if m, err = openMarketplace(ctx, tx, db.now(), program, true); err != nil {
			return err
		}
		id, err = insertID(ctx, tx, `INSERT INTO calls (marketplace_id, channel, posted_by, created_at) VALUES (?, ?, ?, ?)`,
			m.ID, program, by, db.now())
		if err != nil {
			return err
		}
		return fillMarketplace(ctx, tx, &m)
	})
	if err != nil {
		return 0, tandem.Marketplace{}, fmt.Errorf("store: start call of %s: %w", program, err)
	}
	return id, m, nil
}

// CallPosted records the ts of a call once Slack took it, so that new
// topics and votes can update it in place.
func (db *DB) CallPosted(ctx context.Context, call int64, ts string) error {
	err := db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE calls SET ts = ?, posted_at = ? WHERE id = ?`, ts, db.now(), call)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: call %d posted: %w", call, err)
	}
	return nil
}

// CloseMarketplace closes the program's open marketplace for its agenda:
// its topics become discussed and the next topic opens the next
// marketplace. It returns the closed marketplace with its topics in agenda
// order, or, when none was open, the next one (ID 0, no topics).
func (db *DB) CloseMarketplace(ctx context.Context, key tandem.Key, program tandem.ChannelID) (tandem.Marketplace, error) {
	var m tandem.Marketplace
	err := db.updateOnce(ctx, key, func(tx *sql.Tx) error {
		var err error
		if m, err = openMarketplace(ctx, tx, "", program, false); err != nil || m.ID == 0 {
			return err
		}
		now := db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE marketplaces SET status = 'closed', closed_at = ? WHERE id = ?`, now, m.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE topics SET status = 'discussed' WHERE marketplace_id = ?`, m.ID); err != nil {
			return err
		}
		m.Closed = true
		if m.ClosedAt, err = parseTime(now); err != nil {
			return err
		}
		return fillMarketplace(ctx, tx, &m)
	})
	if err != nil {
		return tandem.Marketplace{}, fmt.Errorf("store: close marketplace of %s: %w", program, err)
	}
	return m, nil
}

// AgendaPosted records where a closed marketplace's agenda was posted.
func (db *DB) AgendaPosted(ctx context.Context, id tandem.MarketplaceID, msg tandem.MessageRef) error {
	err := db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE marketplaces SET agenda_channel = ?, agenda_ts = ? WHERE id = ?`, msg.Channel, msg.TS, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: agenda of marketplace %d posted: %w", id, err)
	}
	return nil
}

// MarketplaceStats counts the program's topics and votes over all its
// marketplaces. Counts only: no topic text.
func (db *DB) MarketplaceStats(ctx context.Context, program tandem.ChannelID) (tandem.MarketplaceStats, error) {
	var s tandem.MarketplaceStats
	err := db.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*),
			coalesce(sum(urgent), 0),
			coalesce(sum(CASE WHEN status = 'discussed' THEN 1 ELSE 0 END), 0),
			coalesce(sum(CASE WHEN status = 'open' THEN 1 ELSE 0 END), 0),
			(SELECT count(*) FROM votes v JOIN topics t ON t.id = v.topic_id WHERE t.program_id = ?)
			FROM topics WHERE program_id = ?`, program, program).
			Scan(&s.Raised, &s.Urgent, &s.Discussed, &s.Open, &s.Votes)
	})
	if err != nil {
		return tandem.MarketplaceStats{}, fmt.Errorf("store: marketplace stats of %s: %w", program, err)
	}
	return s, nil
}

// marketplaceExports are the CSV files of marketplace data. Topic text is
// meant to be read by the whole program channel, so unlike note text it is
// always exported.
var marketplaceExports = []export{
	{file: "marketplaces.csv", query: `SELECT m.id, m.program_id, m.number, m.status, m.opened_at, m.closed_at,
		(SELECT count(*) FROM calls c WHERE c.marketplace_id = m.id AND c.ts <> '') AS calls_posted,
		CASE WHEN m.agenda_ts <> '' THEN 1 ELSE 0 END AS agenda_posted
		FROM marketplaces m ORDER BY m.id`},
	{file: "topics.csv", query: `SELECT t.id, t.program_id AS program, m.number AS marketplace, t.author_id AS author,
		t.urgent, t.skill, (SELECT count(*) FROM votes v WHERE v.topic_id = t.id) AS votes, t.status, t.created_at, t.text
		FROM topics t JOIN marketplaces m ON m.id = t.marketplace_id ORDER BY t.id`},
	{file: "votes.csv", query: `SELECT topic_id, user_id, created_at FROM votes ORDER BY topic_id, created_at, user_id`},
}

// forgetMarketplace deletes user's marketplace data inside a forget
// transaction and counts what it deleted into f: their topics (with the
// votes others gave them) as "topics", the votes they gave as "votes". The
// calls an admin posted keep no trace of who asked.
func forgetMarketplace(ctx context.Context, tx *sql.Tx, user tandem.UserID, f tandem.Forgotten) error {
	steps := []forgetStep{
		{"votes", `DELETE FROM votes WHERE user_id = ?`},
		{"", `DELETE FROM votes WHERE topic_id IN (SELECT id FROM topics WHERE author_id = ?)`},
		{"topics", `DELETE FROM topics WHERE author_id = ?`},
		{"", `UPDATE calls SET posted_by = '' WHERE posted_by = ?`},
	}
	return forgetSteps(ctx, tx, user, f, steps)
}
