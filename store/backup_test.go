package store_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/store"
)

func TestBackupIsAPrivateCopyWithTheData(t *testing.T) {
	sqliteOnly(t, "a copy of the SQLite file; PostgreSQL is backed up with pg_dump")
	db := open(t)
	ctx := context.Background()
	g := matched(t, db, "C1", []tandem.UserID{"U1", "U2"}).Groups[0].ID
	if _, err := db.AddNote(ctx, "", g, "U1", "we read chapter 3"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "copy.db")
	size, err := store.Backup(ctx, db.Path(), out)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 || size != fi.Size() || size == 0 {
		t.Errorf("copy: mode %v size %d (reported %d), want 0600 and the size", fi.Mode().Perm(), fi.Size(), size)
	}
	copyDB, err := store.Open(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	notes, err := copyDB.Notes(ctx, g, "U2")
	if err != nil || len(notes) != 1 || notes[0].Text != "we read chapter 3" {
		t.Errorf("notes in the copy = %v, %v; want the one note", notes, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if e.Name() != "copy.db" && e.Name() != "copy.db-wal" && e.Name() != "copy.db-shm" {
			t.Errorf("backup left %s behind", e.Name())
		}
	}
}

func TestBackupRefusesAnExistingFileAndLeavesItAlone(t *testing.T) {
	sqliteOnly(t, "a copy of the SQLite file; PostgreSQL is backed up with pg_dump")
	db := open(t)
	out := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(out, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := store.Backup(context.Background(), db.Path(), out)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("err = %v, want fs.ErrExist", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "precious" {
		t.Errorf("the existing file now holds %q", b)
	}
}

func TestBackupOfAMissingDatabaseCreatesNothing(t *testing.T) {
	sqliteOnly(t, "a copy of the SQLite file; PostgreSQL is backed up with pg_dump")
	dir := t.TempDir()
	_, err := store.Backup(context.Background(), filepath.Join(dir, "nope.db"), filepath.Join(dir, "copy.db"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want fs.ErrNotExist", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("backup created %v", entries)
	}
}
