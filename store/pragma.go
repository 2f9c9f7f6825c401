package store

import (
	"context"
	"fmt"
)

// Pragmas returns the settings a pooled read connection runs with, so that
// tests (and a doctor) can show the DSN took effect.
//
// On PostgreSQL it returns the session settings that stand for them:
// statement_timeout, lock_timeout, default_transaction_isolation and
// server_version.
func (db *DB) Pragmas(ctx context.Context) (map[string]string, error) {
	if db.isPostgres() {
		return db.pgSettings(ctx)
	}
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: pragmas: %w", err)
	}
	defer conn.Close()
	out := map[string]string{}
	for _, name := range []string{"journal_mode", "busy_timeout", "foreign_keys", "synchronous", "query_only", "secure_delete"} {
		var v string
		if err := conn.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v); err != nil {
			return nil, fmt.Errorf("store: pragma %s: %w", name, err)
		}
		out[name] = v
	}
	return out, nil
}
