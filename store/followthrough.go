package store

// This file is the seam for follow-through data (notes, quizzes, meetings,
// check-ins, ghosts): its exports, its part of `forget me`, the report's
// counts, and the search for ghosts.

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/tandem-dev/tandem"
)

// followThroughExports are the CSV files of follow-through data. Notes and
// quiz questions are partners' words, so by default only their metadata is
// exported; the text (and a question's options and right answer) only
// when asked for. Quiz answers are counted per question, each count over
// fewer than min_group answers reading "fewer than N"; who chose what only
// when asked for.
var followThroughExports = []export{
	{file: "notes.csv",
		query:     `SELECT id, group_id, author, created_at, length(body) AS length FROM notes ORDER BY id`,
		textQuery: `SELECT id, group_id, author, created_at, length(body) AS length, body AS text FROM notes ORDER BY id`},
	{file: "quiz_questions.csv",
		query: `SELECT id, program_id, group_id, author, created_at, json_array_length(options) AS options
			FROM quiz_questions ORDER BY id`,
		textQuery: `SELECT id, program_id, group_id, author, created_at, json_array_length(options) AS options,
			question AS text, options AS option_texts, correct + 1 AS right_option FROM quiz_questions ORDER BY id`},
	{file: "quiz_answers.csv",
		query: `SELECT q.id AS question_id, q.program_id,
			CASE WHEN count(a.user_id) < {min_group} THEN 'fewer than {min_group}' ELSE CAST(count(a.user_id) AS TEXT) END AS answers,
			CASE WHEN count(a.user_id) < {min_group} THEN 'fewer than {min_group}' ELSE CAST(sum(a.correct) AS TEXT) END AS "right",
			CASE WHEN count(a.user_id) < {min_group} THEN 'fewer than {min_group}'
				ELSE CAST(CAST(round(100.0 * sum(a.correct) / count(a.user_id)) AS INTEGER) AS TEXT) || '%' END AS share_right
			FROM quiz_questions q LEFT JOIN quiz_answers a ON a.question_id = q.id GROUP BY q.id ORDER BY q.id`,
		personQuery: `SELECT question_id, user_id, choice + 1 AS option, correct, created_at
			FROM quiz_answers ORDER BY created_at, question_id, user_id`},
	{file: "clicks.csv", query: `SELECT group_id, user_id, action, created_at FROM clicks ORDER BY created_at, group_id, user_id`},
	{file: "ghosts.csv", query: `SELECT program_id, user_id, round_id, group_id, paused_at, kept_at FROM ghosts ORDER BY paused_at, user_id`},
}

// forgetFollowThrough deletes user's follow-through data inside a forget
// transaction and counts what it deleted into f: their notes, their quiz
// answers, the questions they wrote (with everyone's answers to them),
// their clicks and their ghost records.
func forgetFollowThrough(ctx context.Context, tx *sql.Tx, user tandem.UserID, f tandem.Forgotten) error {
	steps := []forgetStep{
		{"notes", `DELETE FROM notes WHERE author = ?`},
		{"quiz answers", `DELETE FROM quiz_answers WHERE user_id = ?`},
		{"", `DELETE FROM quiz_answers WHERE question_id IN (SELECT id FROM quiz_questions WHERE author = ?)`},
		{"quiz questions", `DELETE FROM quiz_questions WHERE author = ?`},
		{"button clicks", `DELETE FROM clicks WHERE user_id = ?`},
		{"", `DELETE FROM ghosts WHERE user_id = ?`},
	}
	return forgetSteps(ctx, tx, user, f, steps)
}

// FollowThroughStats counts what the partners of program did: meetings in
// its latest round, notes per group, quiz questions and answers, and who
// is paused as a ghost. It returns counts and IDs only, never text.
func (db *DB) FollowThroughStats(ctx context.Context, program tandem.ChannelID) (tandem.FollowThroughStats, error) {
	s := tandem.FollowThroughStats{NotesPerGroup: map[tandem.GroupID]int{}}
	err := db.view(ctx, func(tx *sql.Tx) error {
		latest := `(SELECT max(id) FROM rounds WHERE program_id = ?)`
		rows, err := tx.QueryContext(ctx, `SELECT g.id, g.met_at <> '', (SELECT count(*) FROM notes n WHERE n.group_id = g.id)
			FROM groups g WHERE g.round_id = `+latest, program)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id tandem.GroupID
			var met bool
			var notes int
			if err := rows.Scan(&id, &met, &notes); err != nil {
				rows.Close()
				return err
			}
			s.Groups++
			if met {
				s.Met++
			}
			s.NotesPerGroup[id] = notes
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM notes n JOIN groups g ON g.id = n.group_id WHERE g.program_id = ?),
			(SELECT count(*) FROM quiz_questions WHERE program_id = ?),
			(SELECT count(*) FROM quiz_answers a JOIN quiz_questions q ON q.id = a.question_id WHERE q.program_id = ?),
			(SELECT coalesce(sum(a.correct), 0) FROM quiz_answers a JOIN quiz_questions q ON q.id = a.question_id WHERE q.program_id = ?)`,
			program, program, program, program).Scan(&s.Notes, &s.Questions, &s.Answers, &s.Correct)
		if err != nil {
			return err
		}
		s.Ghosts, err = queryColumn[tandem.UserID](ctx, tx, `SELECT DISTINCT h.user_id FROM ghosts h JOIN profiles p ON p.user_id = h.user_id
			WHERE h.program_id = ? AND h.kept_at = '' AND p.paused_until > ? ORDER BY h.user_id`, program, db.now())
		return err
	})
	if err != nil {
		return tandem.FollowThroughStats{}, fmt.Errorf("store: follow-through stats of %s: %w", program, err)
	}
	return s, nil
}

// PauseGhosts finds the people of program who were matched in each of its
// last tandem.GhostRounds rounds and stayed silent in all of them: no
// click, note, quiz question or answer of theirs, and no meeting reported
// by their groups. It pauses each (PausedUntil = tandem.Forever), records
// them, and queues a DM to each (outbox kind tandem.OutboxGhost, with
// their latest group) in one transaction, and returns them. People
// already paused, and people found silent before within the same rounds,
// are left alone, so running it twice changes nothing more.
func (db *DB) PauseGhosts(ctx context.Context, key tandem.Key, program tandem.ChannelID) ([]tandem.UserID, error) {
	var ghosts []tandem.UserID
	err := db.updateOnce(ctx, key, func(tx *sql.Tx) error {
		ghosts = nil // of this run only
		rounds, err := queryColumn[int64](ctx, tx, `SELECT id FROM rounds WHERE program_id = ? ORDER BY id DESC LIMIT ?`, program, tandem.GhostRounds)
		if err != nil || len(rounds) < tandem.GhostRounds {
			return err
		}
		in := `(` + strings.TrimSuffix(strings.Repeat("?, ", len(rounds)), ", ") + `)`
		latest, oldest := rounds[0], rounds[len(rounds)-1]
		var since string
		if err := tx.QueryRowContext(ctx, `SELECT started_at FROM rounds WHERE id = ?`, oldest).Scan(&since); err != nil {
			return err
		}
		now := db.now()
		args := []any{latest}
		for range 4 {
			for _, r := range rounds {
				args = append(args, r)
			}
		}
		args = append(args, program, since, program, since, program, oldest, now)
		rows, err := tx.QueryContext(ctx, `SELECT m.user_id, g.id FROM group_members m JOIN groups g ON g.id = m.group_id
			WHERE g.round_id = ? AND m.user_id NOT LIKE 'forgotten-%'
			AND (SELECT count(DISTINCT g2.round_id) FROM group_members m2 JOIN groups g2 ON g2.id = m2.group_id
				WHERE m2.user_id = m.user_id AND g2.round_id IN `+in+`) = `+fmt.Sprint(len(rounds))+`
			AND NOT EXISTS (SELECT 1 FROM group_members m3 JOIN groups g3 ON g3.id = m3.group_id
				WHERE m3.user_id = m.user_id AND g3.round_id IN `+in+` AND g3.met_at <> '')
			AND NOT EXISTS (SELECT 1 FROM clicks c JOIN groups g4 ON g4.id = c.group_id WHERE c.user_id = m.user_id AND g4.round_id IN `+in+`)
			AND NOT EXISTS (SELECT 1 FROM notes n JOIN groups g5 ON g5.id = n.group_id WHERE n.author = m.user_id AND g5.round_id IN `+in+`)
			AND NOT EXISTS (SELECT 1 FROM quiz_questions q WHERE q.author = m.user_id AND q.program_id = ? AND q.created_at >= ?)
			AND NOT EXISTS (SELECT 1 FROM quiz_answers a JOIN quiz_questions q ON q.id = a.question_id
				WHERE a.user_id = m.user_id AND q.program_id = ? AND a.created_at >= ?)
			AND NOT EXISTS (SELECT 1 FROM ghosts h WHERE h.user_id = m.user_id AND h.program_id = ? AND h.round_id >= ?)
			AND NOT EXISTS (SELECT 1 FROM profiles p WHERE p.user_id = m.user_id AND p.paused_until > ?)
			ORDER BY m.user_id`, args...)
		if err != nil {
			return err
		}
		groups := map[tandem.UserID]tandem.GroupID{}
		for rows.Next() {
			var u tandem.UserID
			var g tandem.GroupID
			if err := rows.Scan(&u, &g); err != nil {
				rows.Close()
				return err
			}
			ghosts, groups[u] = append(ghosts, u), g
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, u := range ghosts {
			if err := pauseGhost(ctx, tx, now, program, latest, groups[u], u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: pause ghosts of %s: %w", program, err)
	}
	return ghosts, nil
}

func pauseGhost(ctx context.Context, tx *sql.Tx, now string, program tandem.ChannelID, round int64, group tandem.GroupID, user tandem.UserID) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO profiles (user_id, paused_until, created_at, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET paused_until = excluded.paused_until, updated_at = excluded.updated_at`,
		user, formatTime(tandem.Forever), now, now)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO ghosts (program_id, user_id, round_id, group_id, paused_at) VALUES (?, ?, ?, ?, ?)`,
		program, user, round, group, now)
	if err != nil {
		return err
	}
	return enqueue(ctx, tx, now, tandem.OutboxGhost, 0, group, user)
}

// queryColumn runs a query of one column and returns its values.
func queryColumn[T any](ctx context.Context, tx *sql.Tx, query string, args ...any) ([]T, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
