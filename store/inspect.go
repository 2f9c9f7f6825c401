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
