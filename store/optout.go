package store

// The opted-out marker: how tandem remembers that someone asked to be
// forgotten without keeping their user ID.

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/tandem-dev/tandem"
)

// optOutKey is how opted_out names a person: HMAC-SHA-256, keyed with the
// installation's secret, of the unkeyed hash earlier versions stored. Only
// this database can compute it, so a list of the workspace's user IDs does
// not tell who asked to be forgotten; and rows written before the secret
// existed convert without their IDs (see keyOptedOut).
func (db *DB) optOutKey(u tandem.UserID) string {
	return keyHash(db.secret, unkeyedHash(u))
}

// unkeyedHash is the marker before migration 0008.
func unkeyedHash(u tandem.UserID) []byte {
	sum := sha256.Sum256([]byte("tandem-opted-out:" + string(u)))
	return sum[:]
}

func keyHash(secret, hash []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(hash)
	return hex.EncodeToString(m.Sum(nil))
}

// loadSecret reads the installation's secret, creating it on the first
// start, and converts the opted-out rows an earlier version wrote unkeyed.
// The old rows are deleted (and, with secure_delete, overwritten), and the
// WAL that still held them is truncated.
func (db *DB) loadSecret(ctx context.Context) error {
	converted := false
	err := db.update(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT secret FROM installation WHERE id = 1`).Scan(&db.secret)
		if errors.Is(err, sql.ErrNoRows) {
			db.secret = make([]byte, 32)
			if _, err := rand.Read(db.secret); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO installation (id, secret) VALUES (1, ?)`, db.secret)
			if err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		if db.isPostgres() {
			return nil // a PostgreSQL database never held unkeyed rows
		}
		var old int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'opted_out_unkeyed'`).Scan(&old); err != nil || old == 0 {
			return err
		}
		rows, err := queryPairs(ctx, tx, `SELECT user_hash, created_at FROM opted_out_unkeyed`)
		if err != nil {
			return err
		}
		for _, r := range rows {
			h, err := hex.DecodeString(r[0])
			if err != nil {
				return fmt.Errorf("opted-out row %q: %w", r[0], err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO opted_out (user_key, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING`,
				keyHash(db.secret, h), r[1]); err != nil {
				return err
			}
		}
		converted = true
		_, err = tx.ExecContext(ctx, `DROP TABLE opted_out_unkeyed`)
		return err
	})
	if err != nil {
		return fmt.Errorf("installation secret: %w", err)
	}
	if converted {
		return db.checkpoint(ctx)
	}
	return nil
}

// queryPairs runs a query of two text columns and returns its rows.
func queryPairs(ctx context.Context, tx *sql.Tx, query string, args ...any) ([][2]string, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var r [2]string
		if err := rows.Scan(&r[0], &r[1]); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// OptedOut returns which of users asked to be forgotten and have not set up
// a profile since.
func (db *DB) OptedOut(ctx context.Context, users []tandem.UserID) (map[tandem.UserID]bool, error) {
	out := map[tandem.UserID]bool{}
	err := db.view(ctx, func(tx *sql.Tx) error {
		for _, u := range users {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM opted_out WHERE user_key = ?`, db.optOutKey(u)).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				out[u] = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: opted out: %w", err)
	}
	return out, nil
}
