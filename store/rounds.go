package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/tandem-dev/tandem"
)

// CreateRound saves a round with its groups and left-out people, ends the
// program's earlier active groups, and queues one outbox message per intro
// and per left-out person, plus a summary for summaryTo if not empty, all
// in one transaction. It returns the round with its IDs filled in.
func (db *DB) CreateRound(ctx context.Context, key tandem.Key, r tandem.Round, summaryTo []tandem.UserID) (tandem.Round, error) {
	var out tandem.Round
	err := db.updateOnce(ctx, key, func(tx *sql.Tx) error {
		var err error
		out, err = createRound(ctx, tx, db.now(), r, summaryTo)
		return err
	})
	if err != nil {
		return tandem.Round{}, fmt.Errorf("store: create round for %s: %w", r.Program, err)
	}
	return out, nil
}

// createRound is CreateRound inside tx; it returns the round with its IDs.
func createRound(ctx context.Context, tx *sql.Tx, now string, r tandem.Round, summaryTo []tandem.UserID) (tandem.Round, error) {
	id, err := insertID(ctx, tx, `INSERT INTO rounds (program_id, seed, started_at, started_by, score, bound) VALUES (?, ?, ?, ?, ?, ?)`,
		r.Program, r.Seed, formatTime(r.StartedAt), r.By, r.Score, r.Bound)
	if err != nil {
		return tandem.Round{}, err
	}
	r.ID = tandem.RoundID(id)
	if _, err := tx.ExecContext(ctx, `UPDATE groups SET status = 'ended' WHERE program_id = ? AND status = 'active' AND round_id <> ?`, r.Program, r.ID); err != nil {
		return tandem.Round{}, err
	}
	for i := range r.Groups {
		g := &r.Groups[i]
		why, err := json.Marshal(reasonsOf(*g))
		if err != nil {
			return tandem.Round{}, err
		}
		gid, err := insertID(ctx, tx, `INSERT INTO groups (round_id, program_id, score, why, created_at) VALUES (?, ?, ?, ?, ?)`,
			r.ID, r.Program, g.Score, string(why), now)
		if err != nil {
			return tandem.Round{}, err
		}
		g.ID, g.Round, g.Program, g.Status = tandem.GroupID(gid), r.ID, r.Program, tandem.GroupActive
		for _, m := range g.Members {
			if _, err := tx.ExecContext(ctx, `INSERT INTO group_members (group_id, user_id) VALUES (?, ?)`, g.ID, m); err != nil {
				return tandem.Round{}, err
			}
		}
		if err := enqueue(ctx, tx, now, tandem.OutboxIntro, r.ID, g.ID, ""); err != nil {
			return tandem.Round{}, err
		}
	}
	for _, lo := range r.LeftOut {
		if _, err := tx.ExecContext(ctx, `INSERT INTO left_out (round_id, user_id, reason) VALUES (?, ?, ?)`, r.ID, lo.User, string(lo.Code)); err != nil {
			return tandem.Round{}, err
		}
		if err := enqueue(ctx, tx, now, tandem.OutboxLeftOut, r.ID, 0, lo.User); err != nil {
			return tandem.Round{}, err
		}
	}
	for _, u := range summaryTo {
		if err := enqueue(ctx, tx, now, tandem.OutboxSummary, r.ID, 0, u); err != nil {
			return tandem.Round{}, err
		}
	}
	return r, nil
}

func enqueue(ctx context.Context, tx *sql.Tx, now string, kind tandem.OutboxKind, round tandem.RoundID, group tandem.GroupID, user tandem.UserID) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (kind, round_id, group_id, user_id, created_at) VALUES (?, ?, ?, ?, ?)`,
		kind, nullInt(int64(round)), nullInt(int64(group)), user, now)
	return err
}

func nullInt(n int64) sql.NullInt64 { return sql.NullInt64{Int64: n, Valid: n != 0} }

// Round returns a round with its groups and left-out people.
func (db *DB) Round(ctx context.Context, id tandem.RoundID) (tandem.Round, error) {
	var r tandem.Round
	err := db.view(ctx, func(tx *sql.Tx) error {
		var started, by string
		err := tx.QueryRowContext(ctx, `SELECT id, program_id, seed, started_at, started_by, score, bound FROM rounds WHERE id = ?`, id).
			Scan(&r.ID, &r.Program, &r.Seed, &started, &by, &r.Score, &r.Bound)
		if errors.Is(err, sql.ErrNoRows) {
			return tandem.Errorf(tandem.ENOTFOUND, "Round %d does not exist.", id)
		} else if err != nil {
			return err
		}
		r.By = tandem.UserID(by)
		if r.StartedAt, err = parseTime(started); err != nil {
			return err
		}
		if r.Groups, err = queryGroups(ctx, tx, `WHERE g.round_id = ?`, id); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT user_id, reason FROM left_out WHERE round_id = ? ORDER BY user_id`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var lo tandem.LeftOut
			if err := rows.Scan(&lo.User, &lo.Code); err != nil {
				return err
			}
			r.LeftOut = append(r.LeftOut, lo)
		}
		return rows.Err()
	})
	if err != nil {
		return r, fmt.Errorf("store: round %d: %w", id, err)
	}
	return r, nil
}

// Group returns one partnership, or ENOTFOUND.
func (db *DB) Group(ctx context.Context, id tandem.GroupID) (tandem.Group, error) {
	return db.oneGroup(ctx, `WHERE g.id = ?`, id)
}

// GroupByDM returns the newest partnership whose group DM is dm, or ENOTFOUND.
func (db *DB) GroupByDM(ctx context.Context, dm tandem.ChannelID) (tandem.Group, error) {
	return db.oneGroup(ctx, `WHERE g.dm_channel = ? AND g.dm_channel <> '' ORDER BY g.id DESC LIMIT 1`, dm)
}

func (db *DB) oneGroup(ctx context.Context, where string, arg any) (tandem.Group, error) {
	var gs []tandem.Group
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		gs, err = queryGroups(ctx, tx, where, arg)
		return err
	})
	if err != nil {
		return tandem.Group{}, fmt.Errorf("store: group: %w", err)
	}
	if len(gs) == 0 {
		return tandem.Group{}, tandem.Errorf(tandem.ENOTFOUND, "That partnership does not exist.")
	}
	return gs[0], nil
}

// UserGroups returns the partnerships user belongs to with one of the
// given statuses (all if none), newest first.
func (db *DB) UserGroups(ctx context.Context, user tandem.UserID, statuses ...tandem.GroupStatus) ([]tandem.Group, error) {
	where := `WHERE g.id IN (SELECT group_id FROM group_members WHERE user_id = ?)`
	args := []any{user}
	if len(statuses) > 0 {
		where += ` AND g.status IN (?` + strings.Repeat(", ?", len(statuses)-1) + `)`
		for _, s := range statuses {
			args = append(args, string(s))
		}
	}
	var gs []tandem.Group
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		gs, err = queryGroups(ctx, tx, where+` ORDER BY g.id DESC`, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: groups of %s: %w", user, err)
	}
	return gs, nil
}

// RecentGroups returns the groups of the program's last n rounds, with
// RoundsAgo set: 1 for the latest round. Matching uses it to avoid repeats.
func (db *DB) RecentGroups(ctx context.Context, program tandem.ChannelID, n int) ([]tandem.PastGroup, error) {
	var out []tandem.PastGroup
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM rounds WHERE program_id = ? ORDER BY id DESC LIMIT ?`, program, n)
		if err != nil {
			return err
		}
		var ids []tandem.RoundID
		for rows.Next() {
			var id tandem.RoundID
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for ago, id := range ids {
			gs, err := queryGroups(ctx, tx, `WHERE g.round_id = ?`, id)
			if err != nil {
				return err
			}
			for _, g := range gs {
				out = append(out, tandem.PastGroup{Members: g.Members, RoundsAgo: ago + 1, Met: g.Met()})
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: recent groups of %s: %w", program, err)
	}
	return out, nil
}

const groupColumns = `g.id, g.round_id, g.program_id, g.score, g.why, g.dm_channel, g.intro_ts, g.status, g.met_at, g.met_by, g.created_at`

// queryGroups loads groups (with members) matching a WHERE clause on g.
func queryGroups(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]tandem.Group, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+groupColumns+` FROM groups g `+where, args...)
	if err != nil {
		return nil, err
	}
	var gs []tandem.Group
	for rows.Next() {
		var g tandem.Group
		var why, met, created string
		if err := rows.Scan(&g.ID, &g.Round, &g.Program, &g.Score, &why, &g.DM, &g.IntroTS, &g.Status, &met, &g.MetBy, &created); err != nil {
			rows.Close()
			return nil, err
		}
		if err := decodeReasons(why, &g); err != nil {
			rows.Close()
			return nil, fmt.Errorf("group %d: reasons: %w", g.ID, err)
		}
		if g.MetAt, err = parseTime(met); err != nil {
			rows.Close()
			return nil, err
		}
		if g.CreatedAt, err = parseTime(created); err != nil {
			rows.Close()
			return nil, err
		}
		gs = append(gs, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range gs {
		m, err := tx.QueryContext(ctx, `SELECT user_id FROM group_members WHERE group_id = ? ORDER BY rowid`, gs[i].ID)
		if err != nil {
			return nil, err
		}
		for m.Next() {
			var u tandem.UserID
			if err := m.Scan(&u); err != nil {
				m.Close()
				return nil, err
			}
			gs[i].Members = append(gs[i].Members, u)
		}
		m.Close()
		if err := m.Err(); err != nil {
			return nil, err
		}
	}
	if err := loadGoals(ctx, tx, gs); err != nil {
		return nil, err
	}
	return gs, nil
}

// RoundCount returns how many rounds the program has run.
func (db *DB) RoundCount(ctx context.Context, program tandem.ChannelID) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM rounds WHERE program_id = ?`, program).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: round count of %s: %w", program, err)
	}
	return n, nil
}

// LatestRound returns the program's newest round, or ENOTFOUND if it has
// run none.
func (db *DB) LatestRound(ctx context.Context, program tandem.ChannelID) (tandem.Round, error) {
	var id tandem.RoundID
	err := db.read.QueryRowContext(ctx, `SELECT id FROM rounds WHERE program_id = ? ORDER BY id DESC LIMIT 1`, program).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return tandem.Round{}, tandem.ChannelError(tandem.ENOTFOUND, tandem.ReasonNoRound, program, "That program has run no round yet.")
	} else if err != nil {
		return tandem.Round{}, fmt.Errorf("store: latest round of %s: %w", program, err)
	}
	return db.Round(ctx, id)
}

// reasonsOf is what the why column holds for a group: its reasons, or, for
// a group from before reasons were stored, its worded reasons.
func reasonsOf(g tandem.Group) any {
	if len(g.Reasons) == 0 && len(g.Why) > 0 {
		return g.Why
	}
	if g.Reasons == nil {
		return []tandem.Reason{}
	}
	return g.Reasons
}

// decodeReasons reads the why column: a JSON list of reasons, or of the
// sentences older versions stored.
func decodeReasons(why string, g *tandem.Group) error {
	if err := json.Unmarshal([]byte(why), &g.Reasons); err == nil {
		return nil
	}
	g.Reasons = nil
	return json.Unmarshal([]byte(why), &g.Why)
}
