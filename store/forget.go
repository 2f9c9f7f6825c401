package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"

	"github.com/tandem-dev/tandem"
)

// Forget deletes everything tandem holds about user, in one transaction:
// the profile with its skills and avoid list, other people's avoid entries
// naming them, notes, quiz questions and answers, topics and votes, pending
// messages to them. Past groups keep an anonymous member in their place, so
// partners' history stays consistent. Afterwards no row holds the user's
// ID; only a hash marks them as opted out of rounds (see OptedOut) until
// they set up a profile again. It returns what was deleted, by kind.
func (db *DB) Forget(ctx context.Context, key tandem.Key, user tandem.UserID) (tandem.Forgotten, error) {
	f := tandem.Forgotten{}
	err := db.updateOnce(ctx, key, func(tx *sql.Tx) error {
		anon := anonymousID()
		count := func(kind, query string, args ...any) error {
			res, err := tx.ExecContext(ctx, query, args...)
			if err != nil {
				return fmt.Errorf("%s: %w", kind, err)
			}
			if n, _ := res.RowsAffected(); n > 0 && kind != "" {
				f[kind] += int(n)
			}
			return nil
		}
		steps := []struct {
			kind, query string
			args        []any
		}{
			{"skills", `DELETE FROM skills WHERE user_id = ?`, []any{user}},
			{"avoid entries", `DELETE FROM avoids WHERE user_id = ? OR avoid_id = ?`, []any{user, user}},
			{"profile", `DELETE FROM profiles WHERE user_id = ?`, []any{user}},
			{"", `UPDATE group_members SET user_id = ? WHERE user_id = ?`, []any{anon, user}},
			{"", `UPDATE groups SET met_by = ? WHERE met_by = ?`, []any{anon, user}},
			{"", `UPDATE groups SET why = replace(why, ?, ?) WHERE instr(why, ?) > 0`, []any{user, anon, user}},
			{"", `UPDATE rounds SET started_by = ? WHERE started_by = ?`, []any{anon, user}},
			{"", `DELETE FROM left_out WHERE user_id = ?`, []any{user}},
			{"", `DELETE FROM outbox WHERE user_id = ?`, []any{user}},
		}
		for _, s := range steps {
			if err := count(s.kind, s.query, s.args...); err != nil {
				return err
			}
		}
		if err := forgetFollowThrough(ctx, tx, user, f); err != nil {
			return err
		}
		if err := forgetMarketplace(ctx, tx, user, f); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO opted_out (user_hash, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING`, userHash(user), db.now())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: forget: %w", err)
	}
	return f, nil
}

// OptedOut returns which of users asked to be forgotten and have not set up
// a profile since.
func (db *DB) OptedOut(ctx context.Context, users []tandem.UserID) (map[tandem.UserID]bool, error) {
	out := map[tandem.UserID]bool{}
	err := db.view(ctx, func(tx *sql.Tx) error {
		for _, u := range users {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM opted_out WHERE user_hash = ?`, userHash(u)).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				out[u] = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: opted out: %w", err)
	}
	return out, nil
}

// userHash is how opted_out names a person without holding their ID.
func userHash(u tandem.UserID) string {
	sum := sha256.Sum256([]byte("tandem-opted-out:" + string(u)))
	return hex.EncodeToString(sum[:])
}

// anonymousID stands in for a forgotten member of past groups: distinct per
// forgotten person, linked to nobody. tandem.IsForgotten recognises it.
func anonymousID() string {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return tandem.ForgottenPrefix + hex.EncodeToString(b[:])
}
