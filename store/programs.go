package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/tandem-dev/tandem"
)

const programColumns = `channel_id, name, match_spec, checkin_spec, market_spec, agenda_spec,
	group_size, avoid_repeats, timezone, created_at, updated_at, review_spec, digest_spec, language`

// CreateProgram saves a new program. It returns an ECONFLICT *tandem.Error
// if the channel already is one.
func (db *DB) CreateProgram(ctx context.Context, key tandem.Key, p tandem.Program) error {
	err := db.updateOnce(ctx, key, func(tx *sql.Tx) error {
		if _, err := getProgram(ctx, tx, p.Channel); err == nil {
			return tandem.ChannelError(tandem.ECONFLICT, tandem.ReasonAlreadyProgram, p.Channel, "That channel is already a program.")
		} else if tandem.ErrorCode(err) != tandem.ENOTFOUND {
			return err
		}
		now := db.now()
		_, err := tx.ExecContext(ctx, `INSERT INTO programs (`+programColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.Channel, p.Name, p.Match, p.Checkin, p.Marketplace, p.Agenda, p.GroupSize, p.AvoidRepeats, p.Timezone, now, now, p.Review, p.Digest, p.Language)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: create program %s: %w", p.Channel, err)
	}
	return nil
}

// UpdateProgram applies fn to the program of channel and saves the result in
// one transaction. It returns ENOTFOUND if the channel is not a program; if fn
// fails nothing is saved.
func (db *DB) UpdateProgram(ctx context.Context, key tandem.Key, channel tandem.ChannelID, fn func(*tandem.Program) error) (tandem.Program, error) {
	var p tandem.Program
	err := db.updateOnce(ctx, key, func(tx *sql.Tx) error {
		var err error
		if p, err = getProgram(ctx, tx, channel); err != nil {
			return err
		}
		if err := fn(&p); err != nil {
			return err
		}
		p.Channel = channel
		_, err = tx.ExecContext(ctx, `UPDATE programs SET name = ?, match_spec = ?, checkin_spec = ?, market_spec = ?,
			agenda_spec = ?, group_size = ?, avoid_repeats = ?, timezone = ?, updated_at = ?, review_spec = ?, digest_spec = ?, language = ? WHERE channel_id = ?`,
			p.Name, p.Match, p.Checkin, p.Marketplace, p.Agenda, p.GroupSize, p.AvoidRepeats, p.Timezone, db.now(), p.Review, p.Digest, p.Language, channel)
		return err
	})
	if err != nil {
		return tandem.Program{}, fmt.Errorf("store: update program %s: %w", channel, err)
	}
	return p, nil
}

// Program returns the program of channel, or ENOTFOUND.
func (db *DB) Program(ctx context.Context, channel tandem.ChannelID) (tandem.Program, error) {
	var p tandem.Program
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = getProgram(ctx, tx, channel)
		return err
	})
	if err != nil {
		return tandem.Program{}, fmt.Errorf("store: program %s: %w", channel, err)
	}
	return p, nil
}

// Programs returns every program, oldest first.
func (db *DB) Programs(ctx context.Context) ([]tandem.Program, error) {
	var out []tandem.Program
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+programColumns+` FROM programs ORDER BY created_at, channel_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanProgram(rows)
			if err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: programs: %w", err)
	}
	return out, nil
}

// DeleteProgram stops the program of channel. Its history (rounds, notes)
// stays. It returns ENOTFOUND if the channel is not a program.
func (db *DB) DeleteProgram(ctx context.Context, key tandem.Key, channel tandem.ChannelID) error {
	err := db.updateOnce(ctx, key, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM programs WHERE channel_id = ?`, channel)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tandem.ChannelError(tandem.ENOTFOUND, tandem.ReasonNotProgram, channel, "That channel is not a program.")
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: delete program %s: %w", channel, err)
	}
	return nil
}

func getProgram(ctx context.Context, tx *sql.Tx, channel tandem.ChannelID) (tandem.Program, error) {
	p, err := scanProgram(tx.QueryRowContext(ctx, `SELECT `+programColumns+` FROM programs WHERE channel_id = ?`, channel))
	if errors.Is(err, sql.ErrNoRows) {
		return p, tandem.ChannelError(tandem.ENOTFOUND, tandem.ReasonNotProgram, channel, "That channel is not a program.")
	}
	return p, err
}

type scanner interface{ Scan(...any) error }

func scanProgram(s scanner) (tandem.Program, error) {
	var p tandem.Program
	var created, updated string
	err := s.Scan(&p.Channel, &p.Name, &p.Match, &p.Checkin, &p.Marketplace, &p.Agenda,
		&p.GroupSize, &p.AvoidRepeats, &p.Timezone, &created, &updated, &p.Review, &p.Digest, &p.Language)
	if err != nil {
		return p, err
	}
	if p.CreatedAt, err = parseTime(created); err != nil {
		return p, err
	}
	p.UpdatedAt, err = parseTime(updated)
	return p, err
}
