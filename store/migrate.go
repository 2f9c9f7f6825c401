package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrate applies, in number order and each in its own transaction, every
// embedded migrations/NNNN_name.sql the file has not applied yet. Applied
// migrations are recorded one by one in schema_migrations, so a migration
// merged after a higher-numbered one is still applied. A file from before
// that table existed counts every number up to its user_version as applied.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	applied, err := db.appliedMigrations(ctx)
	if err != nil {
		return err
	}
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with its number", base)
		}
		if applied[n] {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		err = db.update(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, n, base, db.now()); err != nil {
				return err
			}
			// user_version keeps telling the sqlite3 shell how new the file is.
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", max(n, db.userVersion(ctx, tx))))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
	}
	return nil
}

// appliedMigrations returns the numbers of the migrations the file has.
func (db *DB) appliedMigrations(ctx context.Context) (map[int]bool, error) {
	applied := map[int]bool{}
	err := db.update(ctx, func(tx *sql.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			if _, err := tx.ExecContext(ctx, `CREATE TABLE schema_migrations (
				version    INTEGER PRIMARY KEY,
				name       TEXT NOT NULL,
				applied_at TEXT NOT NULL)`); err != nil {
				return err
			}
			for n := 1; n <= db.userVersion(ctx, tx); n++ {
				if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, '(before schema_migrations)', ?)`, n, db.now()); err != nil {
					return err
				}
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT version FROM schema_migrations`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n int
			if err := rows.Scan(&n); err != nil {
				return err
			}
			applied[n] = true
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("read applied migrations: %w", err)
	}
	return applied, nil
}

// userVersion reads PRAGMA user_version, 0 if it cannot.
func (db *DB) userVersion(ctx context.Context, tx *sql.Tx) int {
	var v int
	_ = tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v) // 0 is the safe answer
	return v
}

//go:embed migrations/postgres/*.sql
var pgMigrations embed.FS

// migratePostgres is migrate for PostgreSQL: the same numbers and names,
// from migrations/postgres, applied under a session advisory lock on one
// connection, so that replicas starting at once apply each migration once:
// the second waits, then finds them applied.
func (db *DB) migratePostgres(ctx context.Context) error {
	names, err := fs.Glob(pgMigrations, "migrations/postgres/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	k1, k2 := db.lockKey(lockMigrate, "")
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(?, ?)`, k1, k2); err != nil {
		return fmt.Errorf("migration lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(?, ?)`, k1, k2) //nolint:errcheck // the connection's end releases it too
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT COLLATE "C" NOT NULL,
		applied_at TEXT COLLATE "C" NOT NULL)`); err != nil {
		return fmt.Errorf("read applied migrations: %w", err)
	}
	applied := map[int]bool{}
	rows, err := conn.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("read applied migrations: %w", err)
	}
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		applied[n] = true
	}
	rows.Close()
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/postgres/")
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with its number", base)
		}
		if applied[n] {
			continue
		}
		body, err := pgMigrations.ReadFile(name)
		if err != nil {
			return err
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback() //nolint:errcheck // the migration's error is the one to report
			return fmt.Errorf("migration %s: %w", base, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, n, base, db.now()); err != nil {
			tx.Rollback() //nolint:errcheck // as above
			return fmt.Errorf("migration %s: %w", base, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
	}
	return nil
}
