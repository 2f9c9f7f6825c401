package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tandem-dev/tandem"
)

// visibleTo is the condition on q under which the user bound to both ?
// may see a question: a member of its partnership, or for a program-wide
// question, someone matched in that program at least once.
const visibleTo = `((q.group_id IS NOT NULL AND EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = q.group_id AND m.user_id = ?))
	OR (q.group_id IS NULL AND EXISTS (SELECT 1 FROM group_members m JOIN groups g ON g.id = m.group_id
		WHERE m.user_id = ? AND g.program_id = q.program_id)))`

const questionColumns = `q.id, q.program_id, coalesce(q.group_id, 0), q.author, q.question, q.options, q.correct, q.created_at`

// AddQuestion saves a quiz question and returns it with its ID and
// program. A partnership's question (Group set) may only come from one of
// its members (else EFORBIDDEN) and belongs to the group's program; a
// program-wide one needs Program to be a program (else ENOTFOUND): who may
// add one is the caller's business. An invalid question is EINVALID.
func (db *DB) AddQuestion(ctx context.Context, key tandem.Key, q tandem.Question) (tandem.Question, error) {
	if err := q.Check(); err != nil {
		return tandem.Question{}, err
	}
	q.Created = db.Now().UTC()
	err := db.updateIn(ctx, key, personScope(q.Author), func(tx *sql.Tx) error {
		var err error
		if q.Group != 0 {
			if err := requireMember(ctx, tx, q.Group, q.Author, "Only the partners can quiz each other in their partnership."); err != nil {
				return err
			}
			err = tx.QueryRowContext(ctx, `SELECT program_id FROM groups WHERE id = ?`, q.Group).Scan(&q.Program)
		} else {
			var n int
			err = tx.QueryRowContext(ctx, `SELECT count(*) FROM programs WHERE channel_id = ?`, q.Program).Scan(&n)
			if err == nil && n == 0 {
				return tandem.ChannelError(tandem.ENOTFOUND, tandem.ReasonNotProgram, q.Program, "That channel is not a program.")
			}
		}
		if err != nil {
			return err
		}
		options, _ := json.Marshal(q.Options) // a []string always marshals
		id, err := insertID(ctx, tx, `INSERT INTO quiz_questions (program_id, group_id, author, question, options, correct, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, q.Program, nullInt(int64(q.Group)), q.Author, q.Text, string(options), q.Correct, formatTime(q.Created))
		q.ID = tandem.QuestionID(id)
		return err
	})
	if err != nil {
		return tandem.Question{}, fmt.Errorf("store: add question: %w", err)
	}
	return q, nil
}

// NextQuestion returns the next question for user: the one most overdue
// for review first, else the oldest question they may answer and have not
// (visible to them and written by someone else). waiting counts both
// kinds, this one included. With none, it returns ENOTFOUND.
func (db *DB) NextQuestion(ctx context.Context, user tandem.UserID) (q tandem.Question, waiting int, err error) {
	const open = ` FROM quiz_questions q WHERE q.author <> ?
		AND NOT EXISTS (SELECT 1 FROM quiz_answers a WHERE a.question_id = q.id AND a.user_id = ?) AND ` + visibleTo
	const due = ` FROM reviews r JOIN quiz_questions q ON q.id = r.question_id WHERE r.user_id = ? AND r.due_at <= ? AND ` + visibleTo
	args := []any{user, user, user, user}
	dueArgs := []any{user, db.now(), user, user}
	err = db.view(ctx, func(tx *sql.Tx) error {
		var nDue int
		if err := tx.QueryRowContext(ctx, `SELECT count(*)`+open, args...).Scan(&waiting); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*)`+due, dueArgs...).Scan(&nDue); err != nil {
			return err
		}
		waiting += nDue
		if waiting == 0 {
			return tandem.Errorf(tandem.ENOTFOUND, "No quiz questions are waiting for you.")
		}
		var err error
		if nDue > 0 {
			q, err = scanQuestion(tx.QueryRowContext(ctx, `SELECT `+questionColumns+due+` ORDER BY r.due_at, q.id LIMIT 1`, dueArgs...))
			return err
		}
		q, err = scanQuestion(tx.QueryRowContext(ctx, `SELECT `+questionColumns+open+` ORDER BY q.id LIMIT 1`, args...))
		return err
	})
	if err != nil {
		return tandem.Question{}, 0, fmt.Errorf("store: next question for %s: %w", user, err)
	}
	return q, waiting, nil
}

// AnswerQuestion records user's first answer (choice, an index into the
// options) to question id and returns it with the question, without
// spaced review: Answer with a nil step.
func (db *DB) AnswerQuestion(ctx context.Context, key tandem.Key, id tandem.QuestionID, user tandem.UserID, choice int) (tandem.Answer, tandem.Question, error) {
	return db.Answer(ctx, key, id, user, choice, nil)
}

// Answer records user's answer (choice, an index into the options) to
// question id and returns it with the question. A question user may not see
// is ENOTFOUND; their own question or a choice out of range, EINVALID.
//
// The first answer is the one that counts for the score. With a step, it
// also puts the question on user's review ladder (step(-1, right, now));
// once it is due again, a further answer is a review answer (Review set),
// which moves it on the ladder (step(box, right, now)). Any other further
// answer is refused with ECONFLICT and changes nothing; the returned Answer
// is then the first one, with Due set to when it comes back.
func (db *DB) Answer(ctx context.Context, key tandem.Key, id tandem.QuestionID, user tandem.UserID, choice int, step tandem.ReviewStep) (tandem.Answer, tandem.Question, error) {
	now := db.Now().UTC()
	var a tandem.Answer
	var q tandem.Question
	err := db.updateIn(ctx, key, personScope(user), func(tx *sql.Tx) error {
		a = tandem.Answer{Question: id, User: user, Choice: choice, Created: now} // of this run only
		var err error
		q, err = scanQuestion(tx.QueryRowContext(ctx, `SELECT `+questionColumns+` FROM quiz_questions q WHERE q.id = ? AND `+visibleTo, id, user, user))
		if errors.Is(err, sql.ErrNoRows) {
			e := tandem.Errorf(tandem.ENOTFOUND, "There is no question %d for you.", id)
			e.Reason = tandem.ReasonNoQuestion
			return e
		} else if err != nil {
			return err
		}
		if q.Author == user {
			return tandem.Errorf(tandem.EINVALID, "You wrote question %d, so you can't answer it.", id)
		}
		box, due := -1, time.Time{}
		var dueText string
		err = tx.QueryRowContext(ctx, `SELECT box, due_at FROM reviews WHERE user_id = ? AND question_id = ?`, user, id).Scan(&box, &dueText)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if due, err = parseTime(dueText); err != nil {
			return err
		}
		var prev tandem.Answer
		var created string
		err = tx.QueryRowContext(ctx, `SELECT choice, correct, created_at FROM quiz_answers WHERE question_id = ? AND user_id = ?`, id, user).
			Scan(&prev.Choice, &prev.Correct, &created)
		first := errors.Is(err, sql.ErrNoRows)
		if err != nil && !first {
			return err
		}
		if !first && (step == nil || box < 0 || due.After(now)) {
			prev.Question, prev.User, prev.Due = id, user, due
			prev.Created, _ = parseTime(created) // written by us in timeLayout
			a = prev
			return tandem.Errorf(tandem.ECONFLICT, "You already answered question %d.", id)
		}
		if choice < 0 || choice >= len(q.Options) {
			return tandem.Errorf(tandem.EINVALID, "Question %d has options 1 to %d.", id, len(q.Options))
		}
		a.Correct = choice == q.Correct
		if first {
			_, err = tx.ExecContext(ctx, `INSERT INTO quiz_answers (question_id, user_id, choice, correct, created_at) VALUES (?, ?, ?, ?, ?)`,
				id, user, choice, a.Correct, formatTime(now))
		} else {
			a.Review = true
			_, err = tx.ExecContext(ctx, `INSERT INTO review_answers (question_id, user_id, choice, correct, created_at) VALUES (?, ?, ?, ?, ?)`,
				id, user, choice, a.Correct, formatTime(now))
		}
		if err != nil || step == nil {
			return err
		}
		if first {
			box = -1
		}
		next, nextDue := step(box, a.Correct, now)
		a.Due = nextDue.UTC()
		_, err = tx.ExecContext(ctx, `INSERT INTO reviews (user_id, question_id, box, due_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id, question_id) DO UPDATE SET box = excluded.box, due_at = excluded.due_at`, user, id, next, formatTime(a.Due))
		return err
	})
	if err != nil {
		return a, q, fmt.Errorf("store: answer question %d: %w", id, err)
	}
	return a, q, nil
}

// QuizScores returns user's answered and right counts per program, in
// program order. Scores are private: only user should be shown them.
func (db *DB) QuizScores(ctx context.Context, user tandem.UserID) ([]tandem.QuizScore, error) {
	var out []tandem.QuizScore
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT q.program_id, count(*), sum(a.correct) FROM quiz_answers a
			JOIN quiz_questions q ON q.id = a.question_id WHERE a.user_id = ? GROUP BY q.program_id ORDER BY q.program_id`, user)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s tandem.QuizScore
			if err := rows.Scan(&s.Program, &s.Answered, &s.Correct); err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: quiz scores of %s: %w", user, err)
	}
	return out, nil
}

func scanQuestion(row *sql.Row) (tandem.Question, error) {
	var q tandem.Question
	var options, created string
	if err := row.Scan(&q.ID, &q.Program, &q.Group, &q.Author, &q.Text, &options, &q.Correct, &created); err != nil {
		return q, err
	}
	if err := json.Unmarshal([]byte(options), &q.Options); err != nil {
		return q, fmt.Errorf("question %d: options: %w", q.ID, err)
	}
	var err error
	q.Created, err = parseTime(created)
	return q, err
}
