package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

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
	err := db.updateOnce(ctx, key, func(tx *sql.Tx) error {
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

func getProfile(ctx context.Context, tx *sql.Tx, user tandem.UserID) (tandem.Profile, error) {
	p := tandem.Profile{User: user}
	var mode, paused, updated string
	err := tx.QueryRowContext(ctx,
		`SELECT mode, location, tz, paused_until, updated_at FROM profiles WHERE user_id = ?`, user,
	).Scan(&mode, &p.Location, &p.TZ, &paused, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return p, tandem.Errorf(tandem.ENOTFOUND, "No profile yet.")
	} else if err != nil {
		return p, err
	}
	p.Mode = tandem.Mode(mode)
	if p.PausedUntil, err = parseTime(paused); err != nil {
		return p, err
	}
	if p.UpdatedAt, err = parseTime(updated); err != nil {
		return p, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT kind, skill FROM skills WHERE user_id = ? ORDER BY skill`, user)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, skill string
		if err := rows.Scan(&kind, &skill); err != nil {
			return p, err
		}
		if kind == "teach" {
			p.Teach = append(p.Teach, skill)
		} else {
			p.Learn = append(p.Learn, skill)
		}
	}
	if err := rows.Err(); err != nil {
		return p, err
	}
	avoid, err := tx.QueryContext(ctx, `SELECT avoid_id FROM avoids WHERE user_id = ? ORDER BY avoid_id`, user)
	if err != nil {
		return p, err
	}
	defer avoid.Close()
	for avoid.Next() {
		var a string
		if err := avoid.Scan(&a); err != nil {
			return p, err
		}
		p.Avoid = append(p.Avoid, tandem.UserID(a))
	}
	return p, avoid.Err()
}

// putProfile saves p over old, rewriting skills and avoid rows only when
// they changed: every statement counts inside a shared write transaction.
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
		for _, s := range k.new {
			if _, err := tx.ExecContext(ctx, `INSERT INTO skills (user_id, kind, skill) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, p.User, k.kind, s); err != nil {
				return err
			}
		}
	}
	if slices.Equal(old.Avoid, p.Avoid) {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM avoids WHERE user_id = ?`, p.User); err != nil {
		return err
	}
	for _, a := range p.Avoid {
		if _, err := tx.ExecContext(ctx, `INSERT INTO avoids (user_id, avoid_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, p.User, a); err != nil {
			return err
		}
	}
	return nil
}
