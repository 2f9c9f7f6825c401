package store_test

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/store"

	_ "modernc.org/sqlite"
)

func TestInspectAnUpToDateFile(t *testing.T) {
	sqliteOnly(t, "Inspect reads a SQLite file")
	db := open(t)
	ctx := context.Background()
	p := tandem.NewProgram("C0LEARN001", "UTC")
	if err := db.CreateProgram(ctx, "", p); err != nil {
		t.Fatal(err)
	}
	st, err := store.Inspect(ctx, db.Path())
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Pending) != 0 || st.Applied == 0 {
		t.Errorf("status = %+v, want every migration applied", st)
	}
	if len(st.Programs) != 1 || st.Programs[0] != "C0LEARN001" {
		t.Errorf("programs = %v, want [C0LEARN001]", st.Programs)
	}
}

func TestInspectNamesPendingMigrationsAndChangesNothing(t *testing.T) {
	sqliteOnly(t, "Inspect reads a SQLite file")
	db := open(t)
	ctx := context.Background()
	path := db.Path()
	db.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DELETE FROM schema_migrations WHERE version >= 6`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	st, err := store.Inspect(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Pending) < 2 || st.Pending[0] != "0006_forget.sql" || st.Pending[1] != "0007_left_out_loosen.sql" {
		t.Errorf("pending = %v, want 0006_forget.sql, 0007_left_out_loosen.sql first", st.Pending)
	}
	again, err := store.Inspect(ctx, path)
	if err != nil || len(again.Pending) != len(st.Pending) {
		t.Errorf("a second inspect found %v, %v: the first changed the file", again.Pending, err)
	}
}

func TestInspectAMissingFileCreatesNone(t *testing.T) {
	sqliteOnly(t, "Inspect reads a SQLite file")
	path := filepath.Join(t.TempDir(), "none.db")
	_, err := store.Inspect(context.Background(), path)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want fs.ErrNotExist", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("inspect created the file")
	}
}
