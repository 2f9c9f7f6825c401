package store

// Counts for HR insight: skill supply and demand, figures per round for
// trends, and the monthly digest's outbox messages. Counts only: no text a
// person wrote, and the privacy rule is applied by package insight.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/tandem-dev/tandem"
)

// SkillCounts counts, for each skill, how many of users teach it and how
// many want to learn it, leaving out paused people (they are not available
// as partners now). Skills nobody of users lists are absent. Sorted by skill.
func (db *DB) SkillCounts(ctx context.Context, users []tandem.UserID) ([]tandem.SkillCount, error) {
	ids, err := json.Marshal(users)
	if err != nil {
		return nil, fmt.Errorf("store: skill counts: %w", err)
	}
	var out []tandem.SkillCount
	err = db.view(ctx, func(tx *sql.Tx) error {
		// The people counted are a set, looked up once per skill row; they
		// arrive as one JSON array, which each backend reads its own way.
		list := `SELECT value FROM json_each(?1)`
		if db.isPostgres() {
			list = `SELECT value FROM json_array_elements_text(CAST(?1 AS json))`
		}
		rows, err := tx.QueryContext(ctx, `WITH counted (user_id) AS (
				`+list+`
				EXCEPT SELECT user_id FROM profiles WHERE paused_until > ?2)
			SELECT skill, sum(CASE WHEN kind = 'teach' THEN 1 ELSE 0 END), sum(CASE WHEN kind = 'learn' THEN 1 ELSE 0 END) FROM skills
			WHERE user_id IN (SELECT user_id FROM counted)
			GROUP BY skill ORDER BY skill`, string(ids), db.now())
		if err != nil {
			return err
		}
		out, err = scanSkillCounts(rows)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: skill counts: %w", err)
	}
	return out, nil
}

// RoundFigures returns the counts of the program's last n rounds, oldest
// first. The quiz and marketplace figures of a round count what happened
// from its start until the next round's (until now for the latest).
func (db *DB) RoundFigures(ctx context.Context, program tandem.ChannelID, n int) ([]tandem.RoundFigures, error) {
	var out []tandem.RoundFigures
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT r.id, r.started_at,
			(SELECT count(*) FROM group_members m JOIN groups g ON g.id = m.group_id WHERE g.round_id = r.id)
				+ (SELECT count(*) FROM left_out l WHERE l.round_id = r.id),
			(SELECT count(*) FROM groups g WHERE g.round_id = r.id),
			(SELECT count(*) FROM groups g WHERE g.round_id = r.id AND g.met_at <> ''),
			(SELECT count(*) FROM group_members m JOIN groups g ON g.id = m.group_id WHERE g.round_id = r.id AND g.met_at <> ''),
			(SELECT count(*) FROM notes o JOIN groups g ON g.id = o.group_id WHERE g.round_id = r.id)
			FROM rounds r WHERE r.program_id = ? ORDER BY r.id DESC LIMIT ?`, program, n)
		if err != nil {
			return err
		}
		var starts []string
		for rows.Next() {
			var f tandem.RoundFigures
			var started string
			if err := rows.Scan(&f.Round, &started, &f.Participants, &f.Groups, &f.Met, &f.MetPeople, &f.Notes); err != nil {
				rows.Close()
				return err
			}
			if f.StartedAt, err = parseTime(started); err != nil {
				rows.Close()
				return err
			}
			out, starts = append(out, f), append(starts, started)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// Newest first so far: the window of out[i] ends where out[i-1] starts.
		for i := range out {
			until := "9999"
			if i > 0 {
				until = starts[i-1]
			}
			f, from := &out[i], starts[i]
			err := tx.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(a.correct), 0), count(DISTINCT a.user_id)
				FROM quiz_answers a JOIN quiz_questions q ON q.id = a.question_id
				WHERE q.program_id = ? AND a.created_at >= ? AND a.created_at < ?`, program, from, until).
				Scan(&f.Answers, &f.Correct, &f.Answerers)
			if err != nil {
				return err
			}
			err = tx.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT author_id) FROM topics
				WHERE program_id = ? AND created_at >= ? AND created_at < ?`, program, from, until).
				Scan(&f.Topics, &f.TopicAuthors)
			if err != nil {
				return err
			}
			err = tx.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT v.user_id) FROM votes v JOIN topics t ON t.id = v.topic_id
				WHERE t.program_id = ? AND v.created_at >= ? AND v.created_at < ?`, program, from, until).
				Scan(&f.Votes, &f.Voters)
			if err != nil {
				return err
			}
		}
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: round figures of %s: %w", program, err)
	}
	return out, nil
}

// QueueDigest queues the program's digest for each of admins: its messages
// (outbox kind tandem.OutboxDigest) and its chart (tandem.OutboxDigestChart).
// Under the firing's key a second call does nothing and returns
// tandem.ErrDuplicate, so one firing sends one digest to each admin.
func (db *DB) QueueDigest(ctx context.Context, key tandem.Key, program tandem.ChannelID, admins []tandem.UserID) error {
	err := db.updateOnce(ctx, key, func(tx *sql.Tx) error {
		now := db.now()
		for _, u := range admins {
			for _, kind := range []tandem.OutboxKind{tandem.OutboxDigest, tandem.OutboxDigestChart} {
				_, err := tx.ExecContext(ctx, `INSERT INTO outbox (kind, user_id, program_id, created_at) VALUES (?, ?, ?, ?)`,
					kind, u, program, now)
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: queue digest of %s: %w", program, err)
	}
	return nil
}

// ProgramFigures returns the counts of the program's report. Counts only.
func (db *DB) ProgramFigures(ctx context.Context, program tandem.ChannelID) (tandem.ProgramFigures, error) {
	var f tandem.ProgramFigures
	err := db.view(ctx, func(tx *sql.Tx) error {
		var latest sql.NullInt64
		var started sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT count(*), max(id), (SELECT started_at FROM rounds WHERE program_id = ? ORDER BY id DESC LIMIT 1)
			FROM rounds WHERE program_id = ?`, program, program).Scan(&f.Rounds, &latest, &started)
		if err != nil {
			return err
		}
		if f.LatestStarted, err = parseTime(started.String); err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM group_members m JOIN groups g ON g.id = m.group_id WHERE g.round_id = ?1),
			(SELECT count(*) FROM groups WHERE round_id = ?1),
			(SELECT count(*) FROM groups WHERE round_id = ?1 AND met_at <> ''),
			(SELECT count(*) FROM group_members m JOIN groups g ON g.id = m.group_id WHERE g.round_id = ?1 AND g.met_at <> ''),
			(SELECT count(*) FROM notes o JOIN groups g ON g.id = o.group_id WHERE g.round_id = ?1),
			(SELECT count(*) FROM left_out WHERE round_id = ?1 AND reason = 'alone'),
			(SELECT count(*) FROM left_out WHERE round_id = ?1 AND reason <> 'alone'),
			(SELECT count(*) FROM notes o JOIN groups g ON g.id = o.group_id WHERE g.program_id = ?2),
			(SELECT count(DISTINCT o.author) FROM notes o JOIN groups g ON g.id = o.group_id WHERE g.program_id = ?2),
			(SELECT count(*) FROM quiz_questions WHERE program_id = ?2),
			(SELECT count(DISTINCT author) FROM quiz_questions WHERE program_id = ?2),
			(SELECT count(*) FROM quiz_answers a JOIN quiz_questions q ON q.id = a.question_id WHERE q.program_id = ?2),
			(SELECT coalesce(sum(a.correct), 0) FROM quiz_answers a JOIN quiz_questions q ON q.id = a.question_id WHERE q.program_id = ?2),
			(SELECT count(DISTINCT a.user_id) FROM quiz_answers a JOIN quiz_questions q ON q.id = a.question_id WHERE q.program_id = ?2),
			(SELECT count(*) FROM topics WHERE program_id = ?2),
			(SELECT coalesce(sum(urgent), 0) FROM topics WHERE program_id = ?2),
			(SELECT coalesce(sum(CASE WHEN status = 'discussed' THEN 1 ELSE 0 END), 0) FROM topics WHERE program_id = ?2),
			(SELECT coalesce(sum(CASE WHEN status = 'open' THEN 1 ELSE 0 END), 0) FROM topics WHERE program_id = ?2),
			(SELECT count(DISTINCT author_id) FROM topics WHERE program_id = ?2),
			(SELECT count(*) FROM votes v JOIN topics t ON t.id = v.topic_id WHERE t.program_id = ?2),
			(SELECT count(DISTINCT v.user_id) FROM votes v JOIN topics t ON t.id = v.topic_id WHERE t.program_id = ?2),
			(SELECT count(DISTINCT h.user_id) FROM ghosts h JOIN profiles p ON p.user_id = h.user_id
				WHERE h.program_id = ?2 AND h.kept_at = '' AND p.paused_until > ?3)`,
			latest.Int64, program, db.now()).Scan(&f.LatestPlaced, &f.LatestGroups, &f.LatestMet, &f.LatestMetPeople, &f.LatestNotes, &f.LeftAlone, &f.LeftConstraints,
			&f.Notes, &f.NoteAuthors, &f.Questions, &f.QuestionAuthors, &f.Answers, &f.Correct, &f.Answerers,
			&f.Topics, &f.Urgent, &f.Discussed, &f.Open, &f.TopicAuthors, &f.Votes, &f.Voters, &f.Ghosts)
		return err
	})
	if err != nil {
		return tandem.ProgramFigures{}, fmt.Errorf("store: program figures of %s: %w", program, err)
	}
	return f, nil
}

// scanSkillCounts reads rows of (skill, teach, learn) and closes them.
func scanSkillCounts(rows *sql.Rows) ([]tandem.SkillCount, error) {
	defer rows.Close()
	var out []tandem.SkillCount
	for rows.Next() {
		var c tandem.SkillCount
		if err := rows.Scan(&c.Skill, &c.Teach, &c.Learn); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
