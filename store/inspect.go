package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/stdlib"

	"github.com/tandem-dev/tandem"
)

// Status is what Inspect found in a database file.
type Status struct {
	Applied  int                // migrations the file has
	Pending  []string           // embedded migrations it lacks, in the order Open applies them
	Programs []tandem.ChannelID // programs it holds, oldest first
}

// Inspect reads the file at path without changing it, safe while another
// process serves it: which migrations Open would still apply and which
// programs it holds. A file that does not exist gives an error wrapping
// fs.ErrNotExist, and none is created.
func Inspect(ctx context.Context, path string) (Status, error) {
	var st Status
	if _, err := os.Stat(path); err != nil {
		return st, fmt.Errorf("store: inspect %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return st, fmt.Errorf("store: inspect %s: %w", path, err)
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return st, fmt.Errorf("store: inspect %s: %w", path, err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	applied, err := readApplied(ctx, tx)
	if err != nil {
		return st, fmt.Errorf("store: inspect %s: %w", path, err)
	}
	files, err := migrationFiles()
	if err != nil {
		return st, fmt.Errorf("store: inspect %s: %w", path, err)
	}
	for _, f := range files {
		if applied[f.number] {
			st.Applied++
		} else {
			st.Pending = append(st.Pending, f.name)
		}
	}
	if applied[1] { // the programs table exists
		rows, err := tx.QueryContext(ctx, `SELECT channel_id FROM programs ORDER BY created_at, channel_id`)
		if err != nil {
			return st, fmt.Errorf("store: inspect %s: %w", path, err)
		}
		defer rows.Close()
		for rows.Next() {
			var ch tandem.ChannelID
			if err := rows.Scan(&ch); err != nil {
				return st, fmt.Errorf("store: inspect %s: %w", path, err)
			}
			st.Programs = append(st.Programs, ch)
		}
		if err := rows.Err(); err != nil {
			return st, fmt.Errorf("store: inspect %s: %w", path, err)
		}
	}
	return st, nil
}

// readApplied returns the numbers of the migrations a file has, without
// creating schema_migrations: a file from before that table counts every
// number up to its user_version, as migrate does.
func readApplied(ctx context.Context, tx *sql.Tx) (map[int]bool, error) {
	applied := map[int]bool{}
	var exists int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&exists); err != nil {
		return nil, err
	}
	if exists == 0 {
		var v int
		if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
			return nil, err
		}
		for n := 1; n <= v; n++ {
			applied[n] = true
		}
		return applied, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		applied[n] = true
	}
	return applied, rows.Err()
}

type migrationFile struct {
	number int
	name   string // e.g. 0003_rounds.sql
}

// migrationFiles lists the embedded migrations in the order they apply.
func migrationFiles() ([]migrationFile, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]migrationFile, 0, len(names))
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with its number", base)
		}
		out = append(out, migrationFile{n, base})
	}
	return out, nil
}

// InspectPostgres is Inspect for the PostgreSQL database at rawURL: it
// reads, in one read-only transaction, which migrations OpenPostgres would
// still apply and which programs the database holds, and changes nothing
// (no table is created). Errors name the URL without its password.
func InspectPostgres(ctx context.Context, rawURL string) (Status, error) {
	var st Status
	fail := func(err error) (Status, error) {
		return Status{}, fmt.Errorf("store: inspect: %w", pgOpenError(rawURL, err))
	}
	cfg, err := pgConfig(rawURL, PostgresOptions{})
	if err != nil {
		return fail(err)
	}
	db := sql.OpenDB(stdlib.GetConnector(*cfg))
	defer db.Close()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	var hasTable bool
	if err := tx.QueryRowContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&hasTable); err != nil {
		return fail(err)
	}
	applied := map[int]bool{}
	if hasTable {
		rows, err := tx.QueryContext(ctx, `SELECT version FROM schema_migrations`)
		if err != nil {
			return fail(err)
		}
		for rows.Next() {
			var n int
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return fail(err)
			}
			applied[n] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fail(err)
		}
	}
	names, err := fs.Glob(pgMigrations, "migrations/postgres/*.sql")
	if err != nil {
		return fail(err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/postgres/")
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fail(fmt.Errorf("migration %s: name must start with its number", base))
		}
		if applied[n] {
			st.Applied++
		} else {
			st.Pending = append(st.Pending, base)
		}
	}
	if applied[1] { // the programs table exists
		rows, err := tx.QueryContext(ctx, `SELECT channel_id FROM programs ORDER BY created_at, channel_id`)
		if err != nil {
			return fail(err)
		}
		defer rows.Close()
		for rows.Next() {
			var ch tandem.ChannelID
			if err := rows.Scan(&ch); err != nil {
				return fail(err)
			}
			st.Programs = append(st.Programs, ch)
		}
		if err := rows.Err(); err != nil {
			return fail(err)
		}
	}
	return st, nil
}
