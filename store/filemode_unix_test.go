//go:build unix

package store_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/store"
)

// permissiveUmask sets the process umask to 0 for the test. It must not run
// in parallel: the umask belongs to the whole process.
func permissiveUmask(t *testing.T) {
	old := syscall.Umask(0)
	t.Cleanup(func() { syscall.Umask(old) })
}

func wantMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s: mode %04o, want %04o", filepath.Base(path), got, want)
	}
}

// TestDatabaseFilesOwnerOnly: with a umask that takes nothing away, the
// database, its -wal and its -shm are still created readable by their owner
// only, and a file an older version left world-readable is tightened.
func TestDatabaseFilesOwnerOnly(t *testing.T) {
	sqliteOnly(t, "file modes; the server owns its files")
	permissiveUmask(t)
	ctx := context.Background()
	for _, existing := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "tandem.db")
		if existing {
			db, err := store.Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				os.Chmod(p, 0o644) // gone after a clean close is fine
			}
		}
		db, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateProfile(ctx, "", "U1", func(p *tandem.Profile) error { p.Teach = []string{"go"}; return nil }); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Profile(ctx, "U1"); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			wantMode(t, p, 0o600)
		}
		db.Close()
	}
}

// TestExportFilesOwnerOnly: export files are 0600 and a directory export
// creates is 0700, whatever the umask, also when an earlier export left a
// world-readable file behind.
func TestExportFilesOwnerOnly(t *testing.T) {
	permissiveUmask(t)
	db := open(t)
	dir := filepath.Join(t.TempDir(), "new", "export")
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "programs.csv"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := db.Export(context.Background(), dir, store.ExportOptions{MinGroup: 5})
	if err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(t.TempDir(), "a", "b")
	more, err := db.Export(context.Background(), fresh, store.ExportOptions{MinGroup: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(files, more...) {
		wantMode(t, f, 0o600)
	}
	wantMode(t, fresh, 0o700)
	wantMode(t, filepath.Dir(fresh), 0o700)
}
