package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the SQLite file at path to out, safe
// to run while another process serves the database: VACUUM INTO copies one
// read snapshot, so the copy holds every write committed before it began
// and nothing half-written. The copy is checked with PRAGMA integrity_check
// before it takes the name out, with mode 0600 (it holds private notes).
// out must not exist; on any error nothing is left at out.
//
// Restoring is copying the file back while tandem is stopped, after
// removing the database's -wal and -shm files.
func Backup(ctx context.Context, path, out string) (size int64, err error) {
	if _, err := os.Stat(path); err != nil {
		return 0, fmt.Errorf("store: backup %s: %w", path, err)
	}
	if _, err := os.Lstat(out); err == nil {
		return 0, fmt.Errorf("store: backup to %s: %w", out, fs.ErrExist)
	}
	// VACUUM INTO wants an empty or absent file: an empty one made here
	// fixes the mode before a byte is written.
	tmp, err := os.CreateTemp(filepath.Dir(out), filepath.Base(out)+".*.partial")
	if err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", out, err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer func() {
		if err != nil {
			os.Remove(tmpName)
		}
	}()
	if err := os.Chmod(tmpName, 0o600); err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", out, err)
	}
	if err := vacuumInto(ctx, path, tmpName); err != nil {
		return 0, fmt.Errorf("store: backup %s: %w", path, err)
	}
	if err := checkIntegrity(ctx, tmpName); err != nil {
		return 0, fmt.Errorf("store: backup %s: the copy fails its check: %w", path, err)
	}
	if err := syncFile(tmpName); err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", out, err)
	}
	// Link, not rename: it refuses to replace a file that appeared at out
	// meanwhile.
	if err := os.Link(tmpName, out); err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", out, err)
	}
	os.Remove(tmpName)
	fi, err := os.Stat(out)
	if err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", out, err)
	}
	return fi.Size(), nil
}

func vacuumInto(ctx context.Context, path, out string) error {
	// Not the read-only DSN: query_only refuses VACUUM INTO, although it
	// writes nothing to the source.
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, `VACUUM INTO ?`, out)
	return err
}

// checkIntegrity runs PRAGMA integrity_check on the file at path.
func checkIntegrity(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?_pragma=query_only(1)")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []error
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			problems = append(problems, errors.New(line))
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return errors.Join(problems...)
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
