package store

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"strings"

	"github.com/tandem-dev/tandem"
)

// Forget deletes everything tandem holds about user, in one transaction:
// the profile with its skills and avoid list, other people's avoid entries
// naming them, notes, quiz questions and answers, topics and votes, pending
// messages to them. Past groups keep an anonymous member in their place, so
// partners' history stays consistent; a reason of such a group that shows
// the person's location is dropped. Any other mention of their ID, in any
// column of any table (someone else's note, an error kept by the scheduler
// or the outbox, an idempotency key), is replaced by that anonymous member.
// Afterwards no row holds the user's ID; only a keyed hash marks them as
// opted out of rounds (see OptedOut) until they set up a profile again.
//
// Deleted content does not linger in the files either: secure_delete
// overwrites it in the database file, and once the transaction is
// committed the WAL, which still holds the old pages, is checkpointed and
// truncated. If that checkpoint fails the data is deleted but the error is
// returned, and a second Forget retries it. It returns what was deleted,
// by kind.
func (db *DB) Forget(ctx context.Context, key tandem.Key, user tandem.UserID) (tandem.Forgotten, error) {
	f := tandem.Forgotten{}
	err := db.updateOnce(ctx, key, func(tx *sql.Tx) error {
		clear(f) // counts of this run only
		anon := anonymousID()
		// Read before the profile goes: the reasons that show it.
		var location string
		err := tx.QueryRowContext(ctx, `SELECT location FROM profiles WHERE user_id = ?`, user).Scan(&location)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := forgetReasons(ctx, tx, user, anon, location); err != nil {
			return fmt.Errorf("reasons: %w", err)
		}
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
		if err := forgetLoop(ctx, tx, user, f); err != nil {
			return err
		}
		if err := db.replaceEverywhere(ctx, tx, string(user), anon); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO opted_out (user_key, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING`, db.optOutKey(user), db.now())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: forget: %w", err)
	}
	if err := db.checkpoint(ctx); err != nil {
		return f, fmt.Errorf("store: forget: deleted, but the write-ahead log still holds the old pages: %w", err)
	}
	return f, nil
}

// forgetReasons rewrites the reasons (why) of user's past groups: a reason
// that shows where they work is dropped, and in the others their ID becomes
// anon, so that "a former member can teach bob go" keeps the partner's
// history. Groups saved before reasons were stored hold the intro's
// sentences; there a sentence that shows their location is dropped.
func forgetReasons(ctx context.Context, tx *sql.Tx, user tandem.UserID, anon, location string) error {
	rows, err := queryPairs(ctx, tx, `SELECT CAST(id AS TEXT), why FROM groups WHERE instr(why, ?) > 0`, user)
	if err != nil {
		return err
	}
	for _, r := range rows {
		var kept any
		var reasons []tandem.Reason
		if err := json.Unmarshal([]byte(r[1]), &reasons); err == nil {
			kept = forgetInReasons(reasons, user, tandem.UserID(anon))
		} else {
			var why []string
			if err := json.Unmarshal([]byte(r[1]), &why); err != nil {
				return fmt.Errorf("group %s: %w", r[0], err)
			}
			kept = forgetInSentences(why, string(user), anon, location)
		}
		b, err := json.Marshal(kept)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE groups SET why = ? WHERE id = ?`, string(b), r[0]); err != nil {
			return err
		}
	}
	return nil
}

func forgetInReasons(reasons []tandem.Reason, user, anon tandem.UserID) []tandem.Reason {
	kept := reasons[:0]
	for _, rs := range reasons {
		if rs.A != user && rs.B != user {
			kept = append(kept, rs)
			continue
		}
		if rs.Location != "" || rs.OtherLocation != "" {
			continue // where they work, or where they met
		}
		if rs.A == user {
			rs.A = anon
		}
		if rs.B == user {
			rs.B = anon
		}
		kept = append(kept, rs)
	}
	return kept
}

func forgetInSentences(why []string, user, anon, location string) []string {
	kept := why[:0]
	for _, w := range why {
		if !strings.Contains(w, user) {
			kept = append(kept, w)
			continue
		}
		if location != "" && (strings.Contains(w, location) || strings.Contains(w, html.EscapeString(location))) {
			continue
		}
		kept = append(kept, replaceID(w, user, anon))
	}
	return kept
}

// replaceEverywhere replaces id by anon in every text column of every
// table, wherever it stands as a whole ID (not inside a longer one), so a
// table added later cannot keep a forgotten ID by omission.
// On PostgreSQL the tables are those of the current schema and a row is
// named by its ctid, stable within the transaction until it is updated.
func (db *DB) replaceEverywhere(ctx context.Context, tx *sql.Tx, id, anon string) error {
	columns := `SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND upper(c.type) = 'TEXT' ORDER BY m.name, c.cid`
	rowID, byRow := `CAST(rowid AS TEXT)`, `rowid = ?`
	if db.isPostgres() {
		columns = `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND data_type = 'text' ORDER BY table_name, ordinal_position`
		rowID, byRow = `CAST(ctid AS TEXT)`, `ctid = CAST(? AS tid)`
	}
	cols, err := queryPairs(ctx, tx, columns)
	if err != nil {
		return err
	}
	for _, tc := range cols {
		table, col := quoteIdent(tc[0]), quoteIdent(tc[1])
		hits, err := queryPairs(ctx, tx, `SELECT `+rowID+`, `+col+` FROM `+table+` WHERE instr(`+col+`, ?) > 0`, id)
		if err != nil {
			return fmt.Errorf("scan %s.%s: %w", tc[0], tc[1], err)
		}
		for _, h := range hits {
			if v := replaceID(h[1], id, anon); v != h[1] {
				if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET `+col+` = ? WHERE `+byRow, v, h[0]); err != nil {
					return fmt.Errorf("replace in %s.%s: %w", tc[0], tc[1], err)
				}
			}
		}
	}
	return nil
}

// replaceID replaces each occurrence of id in s that is not part of a
// longer run of letters and digits: U1 in "<@U1>", not in "U10".
func replaceID(s, id, anon string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, id)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := i + len(id)
		whole := (i == 0 || !isIDByte(s[i-1])) && (end == len(s) || !isIDByte(s[end]))
		b.WriteString(s[:i])
		if whole {
			b.WriteString(anon)
		} else {
			b.WriteString(id)
		}
		s = s[end:]
	}
}

func isIDByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// checkpoint copies the WAL into the database file and truncates it to
// zero bytes, so that page images from before a delete are gone from the
// -wal too. It fails if a reader kept it from finishing within the busy
// timeout.
//
// On PostgreSQL it vacuums tandem's tables instead, so that the deleted
// rows leave the tables and their indexes (see postgres.go).
func (db *DB) checkpoint(ctx context.Context) error {
	if db.isPostgres() {
		return db.vacuum(ctx)
	}
	var busy, pages, done int
	if err := db.write.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &pages, &done); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if busy != 0 {
		return errors.New("checkpoint: a reader kept the write-ahead log busy")
	}
	return nil
}

// anonymousID stands in for a forgotten member of past groups: distinct per
// forgotten person, linked to nobody. tandem.IsForgotten recognises it.
func anonymousID() string {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return tandem.ForgottenPrefix + hex.EncodeToString(b[:])
}

// forgetStep is one statement of a forget, run with the user's ID as its
// only argument; kind names what it deletes for the confirmation ("notes"),
// or is "" for bookkeeping not worth telling.
type forgetStep struct{ kind, query string }

// forgetSteps runs steps inside a forget transaction, counting the rows of
// each named kind into f.
func forgetSteps(ctx context.Context, tx *sql.Tx, user tandem.UserID, f tandem.Forgotten, steps []forgetStep) error {
	for _, s := range steps {
		res, err := tx.ExecContext(ctx, s.query, user)
		if err != nil {
			return fmt.Errorf("forget %s: %w", cmp.Or(s.kind, "bookkeeping"), err)
		}
		if n, _ := res.RowsAffected(); n > 0 && s.kind != "" {
			f[s.kind] += int(n)
		}
	}
	return nil
}
