package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/tandem-dev/tandem"
)

// Profile returns the profile of user, or an ENOTFOUND *tandem.Error if the
// person never told tandem anything.
func (db *DB) Profile(ctx context.Context, user tandem.UserID) (tandem.Profile, error) {
	var p tandem.Profile
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = getProfile(ctx, tx, user)
		return err
	})
	if err != nil {
		return tandem.Profile{}, fmt.Errorf("store: profile %s: %w", user, err)
	}
	return p, nil
}

// UpdateProfile applies fn to user's profile, creating an empty one first if
// there is none, and saves the result, all in one transaction. If fn returns
// an error nothing is saved and that error is returned.
func (db *DB) UpdateProfile(ctx context.Context, key tandem.Key, user tandem.UserID, fn func(*tandem.Profile) error) (tandem.Profile, error) {
	var p tandem.Profile
	err := db.updateIn(ctx, key, personScope(user), func(tx *sql.Tx) error {
		old, err := getProfile(ctx, tx, user)
		if tandem.ErrorCode(err) == tandem.ENOTFOUND {
			old = tandem.Profile{User: user, Mode: tandem.ModeAny}
			// Setting up a profile again undoes an earlier `forget me`.
			if _, err := tx.ExecContext(ctx, `DELETE FROM opted_out WHERE user_key = ?`, db.optOutKey(user)); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		p = old
		p.Teach, p.Learn, p.Avoid = slices.Clone(old.Teach), slices.Clone(old.Learn), slices.Clone(old.Avoid)
		if err := fn(&p); err != nil {
			return err
		}
		p.User = user
		p.UpdatedAt = db.Now().UTC()
		return putProfile(ctx, tx, db.now(), old, p)
	})
	if err != nil {
		return tandem.Profile{}, fmt.Errorf("store: update profile %s: %w", user, err)
	}
	return p, nil
}

// Profiles returns the profiles of the given users that exist, keyed by user.
func (db *DB) Profiles(ctx context.Context, users []tandem.UserID) (map[tandem.UserID]tandem.Profile, error) {
	out := make(map[tandem.UserID]tandem.Profile, len(users))
	err := db.view(ctx, func(tx *sql.Tx) error {
		for _, u := range users {
			p, err := getProfile(ctx, tx, u)
			if tandem.ErrorCode(err) == tandem.ENOTFOUND {
				continue
			} else if err != nil {
				return err
			}
			out[u] = p
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: profiles: %w", err)
	}
	return out, nil
}

// Teachers returns the users who listed skill (normalised) under teach, in
// user ID order.
func (db *DB) Teachers(ctx context.Context, skill string) ([]tandem.UserID, error) {
	var out []tandem.UserID
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT user_id FROM skills WHERE kind = 'teach' AND skill = ? ORDER BY user_id`, skill)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var u string
			if err := rows.Scan(&u); err != nil {
				return err
			}
			out = append(out, tandem.UserID(u))
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: teachers of %q: %w", skill, err)
	}
	return out, nil
}

// getProfile reads user's profile, skills and avoid list in one query: a
// write that reads a profile first (UpdateProfile) holds its locks one
// round trip less.
func getProfile(ctx context.Context, tx *sql.Tx, user tandem.UserID) (tandem.Profile, error) {
	p := tandem.Profile{User: user}
	rows, err := tx.QueryContext(ctx, `
		SELECT 0, mode, location, tz, paused_until, updated_at FROM profiles WHERE user_id = ?
		UNION ALL SELECT 1, kind, skill, '', '', '' FROM skills WHERE user_id = ?
		UNION ALL SELECT 2, avoid_id, '', '', '', '' FROM avoids WHERE user_id = ?
		ORDER BY 1, 3, 2`, user, user, user)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	found := false
	for rows.Next() {
		var part int
		var a, b, tz, paused, updated string
		if err := rows.Scan(&part, &a, &b, &tz, &paused, &updated); err != nil {
			return p, err
		}
		switch {
		case part == 0:
			found = true
			p.Mode, p.Location, p.TZ = tandem.Mode(a), b, tz
			if p.PausedUntil, err = parseTime(paused); err != nil {
				return p, err
			}
			if p.UpdatedAt, err = parseTime(updated); err != nil {
				return p, err
			}
		case part == 1 && a == "teach":
			p.Teach = append(p.Teach, b)
		case part == 1:
			p.Learn = append(p.Learn, b)
		default:
			p.Avoid = append(p.Avoid, tandem.UserID(a))
		}
	}
	if err := rows.Err(); err != nil {
		return p, err
	}
	if !found {
		return tandem.Profile{User: user}, tandem.Errorf(tandem.ENOTFOUND, "No profile yet.")
	}
	return p, nil
}

// putProfile saves p over old, rewriting skills and avoid rows only when
// they changed: every statement counts while the write holds its locks.
func putProfile(ctx context.Context, tx *sql.Tx, now string, old, p tandem.Profile) error {
	if p.Mode == "" {
		p.Mode = tandem.ModeAny
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO profiles (user_id, mode, location, tz, paused_until, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET mode = excluded.mode, location = excluded.location,
			tz = excluded.tz, paused_until = excluded.paused_until, updated_at = excluded.updated_at`,
		p.User, string(p.Mode), p.Location, p.TZ, formatTime(p.PausedUntil), now, now)
	if err != nil {
		return err
	}
	for _, k := range []struct {
		kind     string
		old, new []string
	}{{"teach", old.Teach, p.Teach}, {"learn", old.Learn, p.Learn}} {
		if slices.Equal(k.old, k.new) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM skills WHERE user_id = ? AND kind = ?`, p.User, k.kind); err != nil {
			return err
		}
		if err := insertRows(ctx, tx, `INSERT INTO skills (user_id, kind, skill) VALUES `, ` ON CONFLICT DO NOTHING`,
			len(k.new), func(i int) []any { return []any{p.User, k.kind, k.new[i]} }); err != nil {
			return err
		}
	}
	if slices.Equal(old.Avoid, p.Avoid) {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM avoids WHERE user_id = ?`, p.User); err != nil {
		return err
	}
	return insertRows(ctx, tx, `INSERT INTO avoids (user_id, avoid_id) VALUES `, ` ON CONFLICT DO NOTHING`,
		len(p.Avoid), func(i int) []any { return []any{p.User, p.Avoid[i]} })
}

// insertRows inserts n rows in one statement: prefix, n value lists of
// row(i)'s arguments, suffix. It does nothing for n = 0. A profile's lists
// are short (tandem.MaxSkills, tandem.MaxAvoid), far below either
// backend's limit on arguments.
func insertRows(ctx context.Context, tx *sql.Tx, prefix, suffix string, n int, row func(i int) []any) error {
	if n == 0 {
		return nil
	}
	var q strings.Builder
	q.WriteString(prefix)
	var args []any
	for i := range n {
		r := row(i)
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(" + strings.TrimSuffix(strings.Repeat("?, ", len(r)), ", ") + ")")
		args = append(args, r...)
	}
	q.WriteString(suffix)
	_, err := tx.ExecContext(ctx, q.String(), args...)
	return err
}
