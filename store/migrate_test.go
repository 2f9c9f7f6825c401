package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/tandem-dev/tandem/store"
)

// TestMigrationsApplyOnceEach: a fresh file gets every migration, recorded
// one by one; opening it again applies nothing twice.
func TestMigrationsApplyOnceEach(t *testing.T) {
	sqliteOnly(t, "SQLite migration history; on PostgreSQL TestPostgresMigrationsOnceUnderRace")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tandem.db")
	for range 2 {
		db, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n, distinct, version int
	if err := raw.QueryRow(`SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&n, &distinct); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if n < 7 || n != distinct || version < n {
		t.Errorf("schema_migrations has %d rows (%d distinct), user_version %d", n, distinct, version)
	}
}

// TestMigrationMergedLateIsApplied: a file that has later migrations but not
// 0004 (as if it were merged after them) gets 0004 on the next open.
func TestMigrationMergedLateIsApplied(t *testing.T) {
	sqliteOnly(t, "SQLite migration history; on PostgreSQL TestPostgresMigrationsOnceUnderRace")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tandem.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	// Make the file look as if 0004 had been merged after 0007: none of its
	// tables, and no record of it.
	for _, q := range []string{`DROP TABLE quiz_answers`, `DROP TABLE quiz_questions`, `DROP TABLE notes`,
		`DROP TABLE clicks`, `DROP TABLE ghosts`, `DROP INDEX outbox_by_group`, `DELETE FROM schema_migrations WHERE version = 4`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	raw, _ = sql.Open("sqlite", "file:"+path)
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'quiz_answers'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("migration 4 was not applied on reopen: %d, %v", n, err)
	}
}
