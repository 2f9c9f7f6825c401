package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/tandem-dev/tandem"
)

// RecordClick records that user pressed "We met" (tandem.ClickMet) or
// "Skip this round" (tandem.ClickSkip) for the partnership group, and
// applies it: the first "We met" of a group that did not skip sets its
// meeting; the first skip of an active group that did not meet sets it
// skipped. Later clicks are recorded once per person and button, and
// change nothing else. It returns the group as it now stands, the click
// that settled it (zero while it is open), and whether this click changed
// the group. A user who is not a member gets EFORBIDDEN and changes nothing.
func (db *DB) RecordClick(ctx context.Context, key tandem.Key, group tandem.GroupID, user tandem.UserID, action tandem.ClickAction) (g tandem.Group, settled tandem.Click, changed bool, err error) {
	if action != tandem.ClickMet && action != tandem.ClickSkip {
		return g, settled, false, tandem.Errorf(tandem.EINVALID, "Unknown button %q.", action)
	}
	err = db.updateIn(ctx, key, groupScope(group), func(tx *sql.Tx) error {
		if err := requireMember(ctx, tx, group, user, "This button belongs to a partnership you are not part of, so it changes nothing."); err != nil {
			return err
		}
		now := db.now()
		if err := insertClick(ctx, tx, group, user, action, now); err != nil {
			return err
		}
		var res sql.Result
		var err error
		if action == tandem.ClickMet {
			res, err = tx.ExecContext(ctx, `UPDATE groups SET met_at = ?, met_by = ? WHERE id = ? AND met_at = '' AND status <> 'skipped'`, now, user, group)
		} else {
			res, err = tx.ExecContext(ctx, `UPDATE groups SET status = 'skipped' WHERE id = ? AND met_at = '' AND status = 'active'`, group)
		}
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		changed = n > 0
		gs, err := queryGroups(ctx, tx, `WHERE g.id = ?`, group)
		if err != nil {
			return err
		}
		g = gs[0]
		settled, err = settledBy(ctx, tx, g)
		return err
	})
	if err != nil {
		return tandem.Group{}, tandem.Click{}, false, fmt.Errorf("store: record %s click on group %d: %w", action, group, err)
	}
	return g, settled, changed, nil
}

// settledBy returns the click that settled g: its meeting, or its first skip.
func settledBy(ctx context.Context, tx *sql.Tx, g tandem.Group) (tandem.Click, error) {
	if g.Met() {
		return tandem.Click{Group: g.ID, User: g.MetBy, Action: tandem.ClickMet, At: g.MetAt}, nil
	}
	if g.Status != tandem.GroupSkipped {
		return tandem.Click{}, nil
	}
	c := tandem.Click{Group: g.ID, Action: tandem.ClickSkip}
	var at string
	err := tx.QueryRowContext(ctx, `SELECT user_id, created_at FROM clicks WHERE group_id = ? AND action = 'skip' ORDER BY created_at, rowid LIMIT 1`, g.ID).Scan(&c.User, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil // skipped by someone since forgotten
	} else if err != nil {
		return c, err
	}
	c.At, err = parseTime(at)
	return c, err
}

func insertClick(ctx context.Context, tx *sql.Tx, group tandem.GroupID, user tandem.UserID, action tandem.ClickAction, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO clicks (group_id, user_id, action, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (group_id, user_id, action) DO NOTHING`, group, user, string(action), now)
	return err
}

// KeepMeIn records that user, paused as a ghost, pressed "Keep me in" on
// the message about their partnership group: they take part again. It
// reports whether that changed anything (false if they had already come
// back). A user who is not a member of group gets EFORBIDDEN.
func (db *DB) KeepMeIn(ctx context.Context, key tandem.Key, group tandem.GroupID, user tandem.UserID) (changed bool, err error) {
	err = db.updateOnce(ctx, key, func(tx *sql.Tx) error {
		changed = false // of this run only
		if err := requireMember(ctx, tx, group, user, "This button is not for you, so it changes nothing."); err != nil {
			return err
		}
		now := db.now()
		if err := insertClick(ctx, tx, group, user, tandem.ClickKeep, now); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE ghosts SET kept_at = ? WHERE user_id = ? AND kept_at = ''
			AND program_id = (SELECT program_id FROM groups WHERE id = ?)`, now, user, group)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		changed = true
		_, err = tx.ExecContext(ctx, `UPDATE profiles SET paused_until = '', updated_at = ? WHERE user_id = ? AND paused_until = ?`,
			now, user, formatTime(tandem.Forever))
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: keep %s in: %w", user, err)
	}
	return changed, nil
}

// QueueCheckins queues a check-in reminder (outbox kind tandem.OutboxCheckin)
// for every active group of program that got its intro and has neither met
// nor skipped, unless one is already waiting to be sent, and returns how
// many it queued. Running it twice in a row queues nothing more.
func (db *DB) QueueCheckins(ctx context.Context, key tandem.Key, program tandem.ChannelID) (int, error) {
	var n int64
	err := db.updateOnce(ctx, key, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO outbox (kind, group_id, user_id, created_at)
			SELECT ?, g.id, '', ? FROM groups g
			WHERE g.program_id = ? AND g.status = 'active' AND g.met_at = '' AND g.intro_ts <> ''
			AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.group_id = g.id AND o.kind = ? AND o.status = 'pending')
			ORDER BY g.id`, tandem.OutboxCheckin, db.now(), program, tandem.OutboxCheckin)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: queue check-ins of %s: %w", program, err)
	}
	return int(n), nil
}
