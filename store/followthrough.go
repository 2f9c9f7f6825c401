package store

// This file is the seam for follow-through data (notes, quizzes, meetings,
// check-ins, ghosts): its exports and its part of `forget me`.

import (
	"context"
	"database/sql"

	"github.com/tandem-dev/tandem"
)

// followThroughExports are the CSV files of follow-through data.
var followThroughExports []export

// forgetFollowThrough deletes user's follow-through data inside a forget
// transaction and counts what it deleted into f.
func forgetFollowThrough(ctx context.Context, tx *sql.Tx, user tandem.UserID, f tandem.Forgotten) error {
	return nil
}
