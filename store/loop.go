package store

// The learning loop: goals, feedback after meeting, spaced review. Its
// exports, its part of `forget me` and the report's counts live here too.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tandem-dev/tandem"
)

// SetGoal sets (or changes) the shared goal of partnership group to text,
// as user, and returns the group with it. Only a member may set it
// (EFORBIDDEN); a goal that is empty, more than one line or too long is
// EINVALID. A changed goal starts with no status. With a key used before
// it fails with tandem.ErrDuplicate and changes nothing.
func (db *DB) SetGoal(ctx context.Context, key tandem.Key, group tandem.GroupID, user tandem.UserID, text string) (tandem.Group, error) {
	text, err := tandem.CheckGoal(text)
	if err != nil {
		return tandem.Group{}, err
	}
	var g tandem.Group
	err = db.updateIn(ctx, key, groupScope(group), func(tx *sql.Tx) error {
		if err := requireMember(ctx, tx, group, user, "Only the partners can set their partnership's goal."); err != nil {
			return err
		}
		now := db.now()
		_, err := tx.ExecContext(ctx, `INSERT INTO goals (group_id, text, set_by, set_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (group_id) DO UPDATE SET text = excluded.text, set_by = excluded.set_by, set_at = excluded.set_at,
				status = CASE WHEN goals.text = excluded.text THEN goals.status ELSE '' END,
				status_by = CASE WHEN goals.text = excluded.text THEN goals.status_by ELSE '' END,
				status_at = CASE WHEN goals.text = excluded.text THEN goals.status_at ELSE '' END`,
			group, text, user, now)
		if err != nil {
			return err
		}
		g, err = groupIn(ctx, tx, group)
		return err
	})
	if err != nil {
		return tandem.Group{}, fmt.Errorf("store: set goal of group %d: %w", group, err)
	}
	return g, nil
}

// SetGoalStatus records user's answer to "how is the goal going?" for
// partnership group and returns the group, and whether the answer changed
// the status. A partnership without a goal is EINVALID; a non-member,
// EFORBIDDEN; a repeated key, tandem.ErrDuplicate.
func (db *DB) SetGoalStatus(ctx context.Context, key tandem.Key, group tandem.GroupID, user tandem.UserID, status tandem.GoalStatus) (g tandem.Group, changed bool, err error) {
	if _, ok := tandem.ParseGoalStatus(string(status)); !ok {
		return g, false, tandem.Errorf(tandem.EINVALID, "Unknown goal status %q.", status)
	}
	err = db.updateIn(ctx, key, groupScope(group), func(tx *sql.Tx) error {
		if err := requireMember(ctx, tx, group, user, "This button belongs to a partnership you are not part of, so it changes nothing."); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE goals SET status = ?, status_by = ?, status_at = ? WHERE group_id = ? AND status <> ?`,
			string(status), user, db.now(), group, string(status))
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		changed = n > 0
		if g, err = groupIn(ctx, tx, group); err != nil {
			return err
		}
		if !g.Goal.Set() {
			return tandem.Errorf(tandem.EINVALID, "Your partnership has no goal yet: set one with `goal <what you want to achieve>`.")
		}
		return nil
	})
	if err != nil {
		return tandem.Group{}, false, fmt.Errorf("store: goal status of group %d: %w", group, err)
	}
	return g, changed, nil
}

func groupIn(ctx context.Context, tx *sql.Tx, id tandem.GroupID) (tandem.Group, error) {
	gs, err := queryGroups(ctx, tx, `WHERE g.id = ?`, id)
	if err != nil {
		return tandem.Group{}, err
	}
	if len(gs) == 0 {
		return tandem.Group{}, tandem.Errorf(tandem.ENOTFOUND, "That partnership does not exist.")
	}
	return gs[0], nil
}

// loadGoals fills in the goals of gs.
func loadGoals(ctx context.Context, tx *sql.Tx, gs []tandem.Group) error {
	for i := range gs {
		var g tandem.Goal
		var at, statusAt string
		err := tx.QueryRowContext(ctx, `SELECT text, set_by, set_at, status, status_by, status_at FROM goals WHERE group_id = ?`, gs[i].ID).
			Scan(&g.Text, &g.By, &at, &g.Status, &g.StatusBy, &statusAt)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return err
		}
		if g.At, err = parseTime(at); err != nil {
			return err
		}
		if g.StatusAt, err = parseTime(statusAt); err != nil {
			return err
		}
		gs[i].Goal = g
	}
	return nil
}

// RateMeeting records how useful user found the meeting of partnership
// group (tandem.MinRating to tandem.MaxRating). One rating per person and
// partnership: a second is ECONFLICT and changes nothing. Only a member of
// a partnership that met may rate (EFORBIDDEN, EINVALID).
func (db *DB) RateMeeting(ctx context.Context, key tandem.Key, group tandem.GroupID, user tandem.UserID, rating int) error {
	if rating < tandem.MinRating || rating > tandem.MaxRating {
		return tandem.Errorf(tandem.EINVALID, "Rate from %d to %d.", tandem.MinRating, tandem.MaxRating)
	}
	err := db.updateIn(ctx, key, groupScope(group), func(tx *sql.Tx) error {
		if err := requireMember(ctx, tx, group, user, "This button belongs to a partnership you are not part of, so it changes nothing."); err != nil {
			return err
		}
		var met string
		if err := tx.QueryRowContext(ctx, `SELECT met_at FROM groups WHERE id = ?`, group).Scan(&met); err != nil {
			return err
		}
		if met == "" {
			return tandem.Errorf(tandem.EINVALID, "Rate a meeting once you have met: click *We met* first.")
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO feedback (group_id, user_id, rating, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (group_id, user_id) DO NOTHING`, group, user, rating, db.now())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tandem.Errorf(tandem.ECONFLICT, "You already rated this meeting; thanks!")
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: rate meeting of group %d: %w", group, err)
	}
	return nil
}

// Rated reports whether user rated the meeting of partnership group.
func (db *DB) Rated(ctx context.Context, group tandem.GroupID, user tandem.UserID) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM feedback WHERE group_id = ? AND user_id = ?`, group, user).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: rated %d: %w", group, err)
	}
	return n > 0, nil
}

// SetReviewReminders turns user's spaced-review DMs on or off (`quiz
// review on|off`) and reports whether that changed anything.
func (db *DB) SetReviewReminders(ctx context.Context, key tandem.Key, user tandem.UserID, on bool) (changed bool, err error) {
	err = db.updateIn(ctx, key, personScope(user), func(tx *sql.Tx) error {
		var res sql.Result
		var err error
		if on {
			res, err = tx.ExecContext(ctx, `DELETE FROM review_off WHERE user_id = ?`, user)
		} else {
			res, err = tx.ExecContext(ctx, `INSERT INTO review_off (user_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING`, user, db.now())
		}
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		changed = n > 0
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: review reminders of %s: %w", user, err)
	}
	return changed, nil
}

// ReviewCandidates returns the people who have a question of program due
// for review at instant at, leaving out those who are paused then or
// turned their reminders off.
func (db *DB) ReviewCandidates(ctx context.Context, program tandem.ChannelID, at time.Time) ([]tandem.UserID, error) {
	var out []tandem.UserID
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryColumn[tandem.UserID](ctx, tx, `SELECT DISTINCT r.user_id FROM reviews r JOIN quiz_questions q ON q.id = r.question_id
			WHERE q.program_id = ? AND r.due_at <= ?
			AND NOT EXISTS (SELECT 1 FROM review_off o WHERE o.user_id = r.user_id)
			AND NOT EXISTS (SELECT 1 FROM profiles p WHERE p.user_id = r.user_id AND p.paused_until > ?)
			ORDER BY r.user_id`, program, formatTime(at), formatTime(at))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: review candidates of %s: %w", program, err)
	}
	return out, nil
}

// QueueReviews queues a review DM (outbox kind tandem.OutboxReview) for
// each of dms whose person has none queued for that Day yet, in one
// transaction, and returns how many it queued. A person gets at most one
// per local day, however often this runs. A row's created_at is its
// NotBefore: the sender's retry window (a day) counts from when it may go.
func (db *DB) QueueReviews(ctx context.Context, key tandem.Key, dms []tandem.ReviewDM) (int, error) {
	n := 0
	err := db.updateOnce(ctx, key, func(tx *sql.Tx) error {
		n = 0 // of this run only
		for _, dm := range dms {
			var exists int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM review_days WHERE user_id = ? AND day = ?`, dm.User, dm.Day).Scan(&exists); err != nil {
				return err
			}
			if exists > 0 {
				continue
			}
			id, err := insertID(ctx, tx, `INSERT INTO outbox (kind, user_id, not_before, created_at) VALUES (?, ?, ?, ?)`,
				tandem.OutboxReview, dm.User, formatTime(dm.NotBefore), formatTime(dm.NotBefore))
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO review_days (user_id, day, outbox_id) VALUES (?, ?, ?)`, dm.User, dm.Day, id); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: queue reviews: %w", err)
	}
	return n, nil
}

// DueReview returns the question most overdue for review by user at the
// store's now, ENOTFOUND if none is due or user is paused or turned their
// reminders off (so a DM queued before they did is not sent).
func (db *DB) DueReview(ctx context.Context, user tandem.UserID) (tandem.Question, error) {
	var q tandem.Question
	now := db.now()
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		q, err = scanQuestion(tx.QueryRowContext(ctx, `SELECT `+questionColumns+` FROM reviews r JOIN quiz_questions q ON q.id = r.question_id
			WHERE r.user_id = ? AND r.due_at <= ?
			AND NOT EXISTS (SELECT 1 FROM review_off o WHERE o.user_id = r.user_id)
			AND NOT EXISTS (SELECT 1 FROM profiles p WHERE p.user_id = r.user_id AND p.paused_until > ?)
			ORDER BY r.due_at, q.id LIMIT 1`, user, now, now))
		if errors.Is(err, sql.ErrNoRows) {
			return tandem.Errorf(tandem.ENOTFOUND, "Nothing is due for review.")
		}
		return err
	})
	if err != nil {
		return q, fmt.Errorf("store: due review of %s: %w", user, err)
	}
	return q, nil
}

// Reviews returns where user's answered questions stand on their ladder,
// soonest due first.
func (db *DB) Reviews(ctx context.Context, user tandem.UserID) ([]tandem.Review, error) {
	var out []tandem.Review
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT question_id, box, due_at FROM reviews WHERE user_id = ? ORDER BY due_at, question_id`, user)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r := tandem.Review{User: user}
			var due string
			if err := rows.Scan(&r.Question, &r.Box, &due); err != nil {
				return err
			}
			if r.Due, err = parseTime(due); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: reviews of %s: %w", user, err)
	}
	return out, nil
}

// LoopStats counts the learning loop of program: partnerships with a goal
// and done, ratings and raters, review answers and how many were right.
// Counts only; the caller applies the privacy rule.
func (db *DB) LoopStats(ctx context.Context, program tandem.ChannelID) (tandem.LoopStats, error) {
	var s tandem.LoopStats
	err := db.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM groups WHERE program_id = ?1),
			(SELECT count(*) FROM goals o JOIN groups g ON g.id = o.group_id WHERE g.program_id = ?1),
			(SELECT count(*) FROM goals o JOIN groups g ON g.id = o.group_id WHERE g.program_id = ?1 AND o.status = 'done'),
			(SELECT count(DISTINCT f.user_id) FROM feedback f JOIN groups g ON g.id = f.group_id WHERE g.program_id = ?1),
			(SELECT count(*) FROM feedback f JOIN groups g ON g.id = f.group_id WHERE g.program_id = ?1),
			(SELECT coalesce(sum(f.rating), 0) FROM feedback f JOIN groups g ON g.id = f.group_id WHERE g.program_id = ?1),
			(SELECT count(DISTINCT a.user_id) FROM review_answers a JOIN quiz_questions q ON q.id = a.question_id WHERE q.program_id = ?1),
			(SELECT count(*) FROM review_answers a JOIN quiz_questions q ON q.id = a.question_id WHERE q.program_id = ?1),
			(SELECT coalesce(sum(a.correct), 0) FROM review_answers a JOIN quiz_questions q ON q.id = a.question_id WHERE q.program_id = ?1)`,
			program).Scan(&s.Groups, &s.WithGoal, &s.GoalsDone, &s.Raters, &s.Ratings, &s.RatingSum, &s.Reviewers, &s.Reviews, &s.ReviewsRight)
	})
	if err != nil {
		return s, fmt.Errorf("store: loop stats of %s: %w", program, err)
	}
	return s, nil
}

// loopExports is the learning loop per program, as counts: partnerships,
// goals set and done, and ratings, whose count and average over fewer than
// min_group raters read "fewer than N". Never a goal's text or a rating's
// author.
var loopExports = []export{
	{file: "loop.csv", query: `SELECT p.channel_id AS program_id,
		(SELECT count(*) FROM groups g WHERE g.program_id = p.channel_id) AS partnerships,
		(SELECT count(*) FROM goals o JOIN groups g ON g.id = o.group_id WHERE g.program_id = p.channel_id) AS with_goal,
		(SELECT count(*) FROM goals o JOIN groups g ON g.id = o.group_id WHERE g.program_id = p.channel_id AND o.status = 'done') AS goals_done,
		CASE WHEN coalesce(f.raters, 0) BETWEEN 1 AND {min_group} - 1 THEN 'fewer than {min_group}' ELSE CAST(coalesce(f.ratings, 0) AS TEXT) END AS ratings,
		CASE WHEN coalesce(f.raters, 0) = 0 THEN ''
			WHEN f.raters < {min_group} THEN 'fewer than {min_group}'
			ELSE CAST(round(CAST(1.0 * f.total / f.ratings AS NUMERIC), 1) AS TEXT) END AS average_rating
		FROM programs p LEFT JOIN (SELECT g.program_id, count(DISTINCT x.user_id) AS raters, count(*) AS ratings, sum(x.rating) AS total
			FROM feedback x JOIN groups g ON g.id = x.group_id GROUP BY g.program_id) f ON f.program_id = p.channel_id
		ORDER BY p.channel_id`},
}

// forgetLoop deletes user's ratings, review state and answers, and review
// settings inside a forget transaction, counting ratings and review
// answers into f. Goals a partnership wrote stay with it; the ID of who
// set one is replaced like every other.
func forgetLoop(ctx context.Context, tx *sql.Tx, user tandem.UserID, f tandem.Forgotten) error {
	steps := []forgetStep{
		{"meeting ratings", `DELETE FROM feedback WHERE user_id = ?`},
		{"review answers", `DELETE FROM review_answers WHERE user_id = ?`},
		{"", `DELETE FROM reviews WHERE user_id = ?`},
		{"", `DELETE FROM review_days WHERE user_id = ?`},
		{"", `DELETE FROM review_off WHERE user_id = ?`},
	}
	return forgetSteps(ctx, tx, user, f, steps)
}
