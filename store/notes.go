package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tandem-dev/tandem"
)

// AddNote saves a progress note by author for the partnership group and
// returns it with its ID. Only a member of the group may write one: anyone
// else gets an EFORBIDDEN error, and an unknown group ENOTFOUND. The text
// is stored exactly as given. With a key used before, a repeated
// request fails with tandem.ErrDuplicate and stores nothing.
func (db *DB) AddNote(ctx context.Context, key tandem.Key, group tandem.GroupID, author tandem.UserID, text string) (tandem.Note, error) {
	n := tandem.Note{Group: group, Author: author, Text: text, Created: db.Now().UTC()}
	err := db.updateIn(ctx, key, groupScope(group), func(tx *sql.Tx) error {
		if err := requireMember(ctx, tx, group, author, "Only the partners can write notes for their partnership."); err != nil {
			return err
		}
		id, err := insertID(ctx, tx, `INSERT INTO notes (group_id, author, body, created_at) VALUES (?, ?, ?, ?)`,
			group, author, text, formatTime(n.Created))
		n.ID = tandem.NoteID(id)
		return err
	})
	if err != nil {
		return tandem.Note{}, fmt.Errorf("store: add note to group %d: %w", group, err)
	}
	return n, nil
}

// Notes returns the notes of the partnership group, newest first. reader
// must be a member of it: notes are private to the partners, admins
// included, so anyone else gets an EFORBIDDEN error.
func (db *DB) Notes(ctx context.Context, group tandem.GroupID, reader tandem.UserID) ([]tandem.Note, error) {
	var out []tandem.Note
	err := db.view(ctx, func(tx *sql.Tx) error {
		if err := requireMember(ctx, tx, group, reader, "Notes are private to the partners who wrote them."); err != nil {
			return err
		}
		var err error
		out, err = queryNotes(ctx, tx, `WHERE group_id = ? ORDER BY id DESC`, group)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: notes of group %d: %w", group, err)
	}
	return out, nil
}

// LatestNotes returns up to limit notes of all the partnerships reader is
// a member of, newest first.
func (db *DB) LatestNotes(ctx context.Context, reader tandem.UserID, limit int) ([]tandem.Note, error) {
	var out []tandem.Note
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryNotes(ctx, tx, `WHERE group_id IN (SELECT group_id FROM group_members WHERE user_id = ?)
			ORDER BY id DESC LIMIT ?`, reader, limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: latest notes of %s: %w", reader, err)
	}
	return out, nil
}

func queryNotes(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]tandem.Note, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, group_id, author, body, created_at FROM notes `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tandem.Note
	for rows.Next() {
		var n tandem.Note
		var created string
		if err := rows.Scan(&n.ID, &n.Group, &n.Author, &n.Text, &created); err != nil {
			return nil, err
		}
		if n.Created, err = parseTime(created); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// requireMember returns ENOTFOUND if group does not exist and EFORBIDDEN,
// with the given message, if user is not one of its members.
func requireMember(ctx context.Context, tx *sql.Tx, group tandem.GroupID, user tandem.UserID, forbidden string) error {
	var exists, member bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM groups WHERE id = ?),
		EXISTS (SELECT 1 FROM group_members WHERE group_id = ? AND user_id = ?)`, group, group, user).Scan(&exists, &member)
	switch {
	case err != nil:
		return err
	case !exists:
		return tandem.Errorf(tandem.ENOTFOUND, "That partnership does not exist.")
	case !member:
		return tandem.Errorf(tandem.EFORBIDDEN, "%s", forbidden)
	}
	return nil
}
