package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/tandem-dev/tandem"
)

// AddTopic adds t (Program, Author, Text, Urgent, Skill) to its program's
// open marketplace, opening the next one if none is open, and returns the
// saved topic and that marketplace with its topics in agenda order, so the
// caller can say where the topic stands.
func (db *DB) AddTopic(ctx context.Context, key tandem.Key, t tandem.Topic) (tandem.Topic, tandem.Marketplace, error) {
	var m tandem.Marketplace
	err := db.updateIn(ctx, key, programScope(t.Program), func(tx *sql.Tx) error {
		var err error
		if m, err = openMarketplace(ctx, tx, db.now(), t.Program, true); err != nil {
			return err
		}
		id, err := insertID(ctx, tx, `INSERT INTO topics (marketplace_id, program_id, author_id, text, urgent, skill, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, m.ID, t.Program, t.Author, t.Text, t.Urgent, t.Skill, db.now())
		if err != nil {
			return err
		}
		t.ID = tandem.TopicID(id)
		if err := fillMarketplace(ctx, tx, &m); err != nil {
			return err
		}
		for _, saved := range m.Topics {
			if saved.ID == t.ID {
				t = saved
			}
		}
		return nil
	})
	if err != nil {
		return tandem.Topic{}, tandem.Marketplace{}, fmt.Errorf("store: add topic to %s: %w", t.Program, err)
	}
	return t, m, nil
}

// Topic returns one topic with its vote count, or ENOTFOUND.
func (db *DB) Topic(ctx context.Context, id tandem.TopicID) (tandem.Topic, error) {
	var t tandem.Topic
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		t, err = getTopic(ctx, tx, id)
		return err
	})
	if err != nil {
		return tandem.Topic{}, fmt.Errorf("store: topic %d: %w", id, err)
	}
	return t, nil
}

// Vote gives user's `+1` to a topic of program's open marketplace, or of
// the marketplace whose agenda was posted last (the meeting uses votes to
// reorder what it discusses next): one vote per person per topic, at most
// tandem.VoteBudget per person per marketplace. A repeated vote or one over
// the budget changes nothing and says so in the result. It returns
// ENOTFOUND for an unknown topic, EINVALID for a topic of another program
// and ECONFLICT for an older, closed marketplace.
func (db *DB) Vote(ctx context.Context, key tandem.Key, user tandem.UserID, topic tandem.TopicID, program tandem.ChannelID) (tandem.VoteResult, error) {
	var r tandem.VoteResult
	err := db.updateIn(ctx, key, personScope(user), func(tx *sql.Tx) error {
		r = tandem.VoteResult{} // of this run only
		t, err := getTopic(ctx, tx, topic)
		if err != nil {
			return err
		}
		if t.Program != program {
			return tandem.Errorf(tandem.EINVALID, "That button belongs to another program's marketplace, so it cannot count here. Nothing changed.")
		}
		m, err := getMarketplace(ctx, tx, `WHERE id = ?`, t.Marketplace)
		if err != nil {
			return err
		}
		if m.Closed {
			// The marketplace whose agenda is being discussed still takes
			// votes, to reorder what comes next; older ones do not.
			var latest tandem.MarketplaceID
			if err := tx.QueryRowContext(ctx, `SELECT max(id) FROM marketplaces WHERE program_id = ? AND status = 'closed'`, program).Scan(&latest); err != nil {
				return err
			}
			if latest != m.ID {
				return tandem.Errorf(tandem.ECONFLICT, "That marketplace is over, so its votes are closed. Nothing changed; bring the topic to the next marketplace if it is still open for you.")
			}
		}
		mine, err := votedTopics(ctx, tx, m.ID, user)
		if err != nil {
			return err
		}
		switch {
		case slices.ContainsFunc(mine, func(v tandem.Topic) bool { return v.ID == topic }):
			r.Already = true
		case len(mine) >= tandem.VoteBudget:
			r.OverBudget = true
		default:
			if _, err := tx.ExecContext(ctx, `INSERT INTO votes (topic_id, user_id, created_at) VALUES (?, ?, ?)`, topic, user, db.now()); err != nil {
				return err
			}
			r.Counted = true
			if mine, err = votedTopics(ctx, tx, m.ID, user); err != nil {
				return err
			}
		}
		r.Mine, r.Used = mine, len(mine)
		r.Topic, err = getTopic(ctx, tx, topic)
		return err
	})
	if err != nil {
		return tandem.VoteResult{}, fmt.Errorf("store: vote for topic %d: %w", topic, err)
	}
	return r, nil
}

// OpenMarketplace returns the program's open marketplace with its topics in
// agenda order. If none is open it returns the one the next topic will
// open: ID 0, no topics, and the number it will get.
func (db *DB) OpenMarketplace(ctx context.Context, program tandem.ChannelID) (tandem.Marketplace, error) {
	var m tandem.Marketplace
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		if m, err = openMarketplace(ctx, tx, "", program, false); err != nil {
			return err
		}
		return fillMarketplace(ctx, tx, &m)
	})
	if err != nil {
		return tandem.Marketplace{}, fmt.Errorf("store: open marketplace of %s: %w", program, err)
	}
	return m, nil
}

// MarketplaceByID returns a marketplace, open or closed, with its topics in
// agenda order, or ENOTFOUND.
func (db *DB) MarketplaceByID(ctx context.Context, id tandem.MarketplaceID) (tandem.Marketplace, error) {
	var m tandem.Marketplace
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		if m, err = getMarketplace(ctx, tx, `WHERE id = ?`, id); err != nil {
			return err
		}
		return fillMarketplace(ctx, tx, &m)
	})
	if err != nil {
		return tandem.Marketplace{}, fmt.Errorf("store: marketplace %d: %w", id, err)
	}
	return m, nil
}

const topicColumns = `t.id, t.marketplace_id, t.program_id, t.author_id, t.text, t.urgent, t.skill, t.status, t.created_at,
	(SELECT count(*) FROM votes v WHERE v.topic_id = t.id)`

// queryTopics loads the topics matching a clause on t, in agenda order.
func queryTopics(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]tandem.Topic, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+topicColumns+` FROM topics t `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tandem.Topic
	for rows.Next() {
		var t tandem.Topic
		var created string
		if err := rows.Scan(&t.ID, &t.Marketplace, &t.Program, &t.Author, &t.Text, &t.Urgent, &t.Skill, &t.Status, &created, &t.Votes); err != nil {
			return nil, err
		}
		if t.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	tandem.RankTopics(out)
	return out, nil
}

func getTopic(ctx context.Context, tx *sql.Tx, id tandem.TopicID) (tandem.Topic, error) {
	ts, err := queryTopics(ctx, tx, `WHERE t.id = ?`, id)
	if err != nil {
		return tandem.Topic{}, err
	}
	if len(ts) == 0 {
		return tandem.Topic{}, tandem.Errorf(tandem.ENOTFOUND, "That topic no longer exists: its author may have deleted their data. Nothing changed.")
	}
	return ts[0], nil
}

// votedTopics returns the topics of marketplace m that user voted for.
func votedTopics(ctx context.Context, tx *sql.Tx, m tandem.MarketplaceID, user tandem.UserID) ([]tandem.Topic, error) {
	return queryTopics(ctx, tx, `WHERE t.marketplace_id = ? AND t.id IN (SELECT topic_id FROM votes WHERE user_id = ?)`, m, user)
}

const marketplaceColumns = `id, program_id, number, status, opened_at, closed_at, agenda_channel, agenda_ts`

func getMarketplace(ctx context.Context, tx *sql.Tx, where string, args ...any) (tandem.Marketplace, error) {
	var m tandem.Marketplace
	var status, opened, closed string
	err := tx.QueryRowContext(ctx, `SELECT `+marketplaceColumns+` FROM marketplaces `+where, args...).
		Scan(&m.ID, &m.Program, &m.Number, &status, &opened, &closed, &m.Agenda.Channel, &m.Agenda.TS)
	if errors.Is(err, sql.ErrNoRows) {
		return m, tandem.Errorf(tandem.ENOTFOUND, "That marketplace does not exist.")
	} else if err != nil {
		return m, err
	}
	m.Closed = status == "closed"
	if m.OpenedAt, err = parseTime(opened); err != nil {
		return m, err
	}
	m.ClosedAt, err = parseTime(closed)
	return m, err
}

// openMarketplace returns the program's open marketplace. When there is
// none it opens the next one if create (now is its opening instant), else
// returns it unsaved with ID 0.
func openMarketplace(ctx context.Context, tx *sql.Tx, now string, program tandem.ChannelID, create bool) (tandem.Marketplace, error) {
	m, err := getMarketplace(ctx, tx, `WHERE program_id = ? AND status = 'open'`, program)
	if tandem.ErrorCode(err) != tandem.ENOTFOUND {
		return m, err
	}
	var last int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(number), 0) FROM marketplaces WHERE program_id = ?`, program).Scan(&last); err != nil {
		return m, err
	}
	m = tandem.Marketplace{Program: program, Number: last + 1}
	if !create {
		return m, nil
	}
	id, err := insertID(ctx, tx, `INSERT INTO marketplaces (program_id, number, opened_at) VALUES (?, ?, ?)`, program, m.Number, now)
	if err != nil {
		return m, err
	}
	m.ID = tandem.MarketplaceID(id)
	m.OpenedAt, err = parseTime(now)
	return m, err
}

// fillMarketplace loads m's topics and newest posted call.
func fillMarketplace(ctx context.Context, tx *sql.Tx, m *tandem.Marketplace) error {
	if m.ID == 0 {
		return nil
	}
	var err error
	if m.Topics, err = queryTopics(ctx, tx, `WHERE t.marketplace_id = ?`, m.ID); err != nil {
		return err
	}
	err = tx.QueryRowContext(ctx, `SELECT channel, ts FROM calls WHERE marketplace_id = ? AND ts <> '' ORDER BY id DESC LIMIT 1`, m.ID).
		Scan(&m.LastCall.Channel, &m.LastCall.TS)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}
