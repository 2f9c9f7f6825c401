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

// Welcome records that user is welcomed to program, under key (the
// request's), and reports whether this is the first time: false if they
// were welcomed to it before, so that leaving a program channel and joining
// it again brings no second welcome.
func (db *DB) Welcome(ctx context.Context, key tandem.Key, program tandem.ChannelID, user tandem.UserID) (bool, error) {
	first, err := db.welcome(ctx, key, program, []tandem.UserID{user})
	if err != nil {
		return false, fmt.Errorf("store: welcome %s to %s: %w", user, program, err)
	}
	return first == 1, nil
}

// WelcomeAll records that users are welcomed to program (by one post in its
// channel, when the program is created), under key, and returns how many
// of them were not welcomed before.
func (db *DB) WelcomeAll(ctx context.Context, key tandem.Key, program tandem.ChannelID, users []tandem.UserID) (int, error) {
	n, err := db.welcome(ctx, key, program, users)
	if err != nil {
		return 0, fmt.Errorf("store: welcome %d people to %s: %w", len(users), program, err)
	}
	return n, nil
}

func (db *DB) welcome(ctx context.Context, key tandem.Key, program tandem.ChannelID, users []tandem.UserID) (int, error) {
	n := 0
	err := db.updateOnce(ctx, key, func(tx *sql.Tx) error {
		n = 0
		now := db.now()
		for _, u := range users {
			res, err := tx.ExecContext(ctx, `INSERT INTO welcomes (program_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, program, u, now)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k > 0 {
				n++
			}
		}
		return nil
	})
	return n, err
}

// maxSkillMatches bounds what SkillsMatching returns: Slack shows at most
// 100 options.
const maxSkillMatches = 100

// SkillsMatching returns the skills people listed whose name contains
// query (normalised, see tandem.NormalizeSkill), those that start with it
// first, then the most listed; at most limit (at most 100) of them, each
// with how many people teach and want to learn it. An empty query matches
// every skill.
func (db *DB) SkillsMatching(ctx context.Context, query string, limit int) ([]tandem.SkillCount, error) {
	limit = min(max(limit, 1), maxSkillMatches)
	q := tandem.NormalizeSkill(query)
	if q == "" {
		q = strings.ToLower(strings.TrimSpace(query))
	}
	var out []tandem.SkillCount
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `
			SELECT skill, sum(CASE WHEN kind = 'teach' THEN 1 ELSE 0 END), sum(CASE WHEN kind = 'learn' THEN 1 ELSE 0 END)
			FROM skills WHERE instr(skill, ?) > 0
			GROUP BY skill
			ORDER BY instr(skill, ?) = 1 DESC, COUNT(*) DESC, skill
			LIMIT ?`, q, q, limit)
		if err != nil {
			return err
		}
		out, err = scanSkillCounts(rows)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: skills matching %q: %w", query, err)
	}
	return out, nil
}

// LocationsMatching returns the locations people gave that contain query
// (case-insensitively), those that start with it first, then the most
// used; at most limit (at most 100), each as first written.
func (db *DB) LocationsMatching(ctx context.Context, query string, limit int) ([]string, error) {
	limit = min(max(limit, 1), maxSkillMatches)
	q := strings.ToLower(strings.TrimSpace(query))
	var out []string
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `
			SELECT MIN(location) FROM profiles
			WHERE location <> '' AND instr(lower(location), ?) > 0
			GROUP BY lower(location)
			ORDER BY instr(lower(location), ?) = 1 DESC, COUNT(*) DESC, lower(location)
			LIMIT ?`, q, q, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var l string
			if err := rows.Scan(&l); err != nil {
				return err
			}
			out = append(out, l)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: locations matching: %w", err)
	}
	return out, nil
}

// previewBody is what round_previews.body holds.
type previewBody struct {
	Groups  []previewGroup        `json:"groups"`
	LeftOut []tandem.LeftOut      `json:"left_out"`
	Basis   []tandem.PreviewBasis `json:"basis"`
	Score   int                   `json:"score"` // 0 and 0 in previews saved before the certificate was kept
	Bound   int                   `json:"bound"`
}

type previewGroup struct {
	Members []tandem.UserID `json:"members"`
	Score   int             `json:"score"`
	Reasons []tandem.Reason `json:"reasons"`
}

// SavePreview saves a round preview, under key (the request's), and
// returns it with its ID. A preview is not a round: it changes nothing
// anyone else sees.
func (db *DB) SavePreview(ctx context.Context, key tandem.Key, p tandem.Preview) (tandem.Preview, error) {
	body := previewBody{LeftOut: p.LeftOut, Basis: p.Basis, Score: p.Score, Bound: p.Bound}
	for _, g := range p.Groups {
		body.Groups = append(body.Groups, previewGroup{Members: g.Members, Score: g.Score, Reasons: g.Reasons})
	}
	js, err := json.Marshal(body)
	if err != nil {
		return tandem.Preview{}, fmt.Errorf("store: save preview: %w", err)
	}
	p.Status = tandem.PreviewOpen
	err = db.updateOnce(ctx, key, func(tx *sql.Tx) error {
		id, err := insertID(ctx, tx, `INSERT INTO round_previews (program_id, seed, created_by, created_at, body) VALUES (?, ?, ?, ?, ?)`,
			p.Program, p.Seed, p.By, formatTime(p.CreatedAt), string(js))
		if err != nil {
			return err
		}
		p.ID = tandem.PreviewID(id)
		return nil
	})
	if err != nil {
		return tandem.Preview{}, fmt.Errorf("store: save preview of %s: %w", p.Program, err)
	}
	return p, nil
}

// Preview returns a saved preview, or an ENOTFOUND *tandem.Error.
func (db *DB) Preview(ctx context.Context, id tandem.PreviewID) (tandem.Preview, error) {
	p := tandem.Preview{ID: id}
	err := db.view(ctx, func(tx *sql.Tx) error {
		var created, status, body string
		var round sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT program_id, seed, created_by, created_at, status, round_id, body FROM round_previews WHERE id = ?`, id).
			Scan(&p.Program, &p.Seed, &p.By, &created, &status, &round, &body)
		if errors.Is(err, sql.ErrNoRows) {
			return tandem.Errorf(tandem.ENOTFOUND, "This preview is gone. Ask for a new one.")
		} else if err != nil {
			return err
		}
		p.Status, p.Round = tandem.PreviewStatus(status), tandem.RoundID(round.Int64)
		if p.CreatedAt, err = parseTime(created); err != nil {
			return err
		}
		var b previewBody
		if err := json.Unmarshal([]byte(body), &b); err != nil {
			return err
		}
		p.LeftOut, p.Basis, p.Score, p.Bound = b.LeftOut, b.Basis, b.Score, b.Bound
		for _, g := range b.Groups {
			p.Groups = append(p.Groups, tandem.Group{Program: p.Program, Members: g.Members, Score: g.Score, Reasons: g.Reasons})
		}
		return nil
	})
	if err != nil {
		return tandem.Preview{}, fmt.Errorf("store: preview %d: %w", id, err)
	}
	return p, nil
}

// SendPreview saves the preview's grouping as a round, exactly as
// previewed, under the preview's own key (tandem.Preview.Key), and marks
// the preview sent, in one transaction: a second send returns
// tandem.ErrDuplicate and changes nothing. r is the round to save (see
// CreateRound); a preview that is not open is an ECONFLICT error.
func (db *DB) SendPreview(ctx context.Context, p tandem.Preview, r tandem.Round, summaryTo []tandem.UserID) (tandem.Round, error) {
	var out tandem.Round
	err := db.updateOnce(ctx, p.Key(), func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status FROM round_previews WHERE id = ?`, p.ID).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return tandem.Errorf(tandem.ENOTFOUND, "This preview is gone. Ask for a new one.")
		} else if err != nil {
			return err
		}
		if status != string(tandem.PreviewOpen) {
			return tandem.Errorf(tandem.ECONFLICT, "This preview was %s; nothing more was sent.", status)
		}
		if out, err = createRound(ctx, tx, db.now(), r, summaryTo); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE round_previews SET status = 'sent', round_id = ? WHERE id = ?`, out.ID, p.ID)
		return err
	})
	if err != nil {
		return tandem.Round{}, fmt.Errorf("store: send preview %d: %w", p.ID, err)
	}
	return out, nil
}

// CancelPreview marks an open preview cancelled, under key; a preview
// already sent stays sent, and that is an ECONFLICT error.
func (db *DB) CancelPreview(ctx context.Context, key tandem.Key, id tandem.PreviewID) error {
	err := db.updateOnce(ctx, key, func(tx *sql.Tx) error {
		var status string
		var round sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT status, round_id FROM round_previews WHERE id = ?`, id).Scan(&status, &round)
		if errors.Is(err, sql.ErrNoRows) {
			return tandem.Errorf(tandem.ENOTFOUND, "This preview is gone.")
		} else if err != nil {
			return err
		}
		if status == string(tandem.PreviewSent) {
			return tandem.Errorf(tandem.ECONFLICT, "These intros were already sent (round %d); a sent round cannot be cancelled.", round.Int64)
		}
		_, err = tx.ExecContext(ctx, `UPDATE round_previews SET status = 'cancelled' WHERE id = ? AND status = 'open'`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: cancel preview %d: %w", id, err)
	}
	return nil
}
