package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// OpenError is returned by Open and Lock when the database file itself is
// the problem: its folder does not exist, it is not a SQLite database, it
// is corrupt, or tandem may not read and write it. Its message names the
// path and the problem in one line; an admin fixes it by changing
// database.path or the file, not by trying again.
type OpenError struct {
	Path    string
	Problem string // what is wrong, e.g. "folder /srv/tandem does not exist"
	Err     error  // the underlying error, if any
}

func (e *OpenError) Error() string { return fmt.Sprintf("database %s: %s", e.Path, e.Problem) }
func (e *OpenError) Unwrap() error { return e.Err }

// openError returns err as an *OpenError if it says what is wrong with the
// file at path, and err unchanged otherwise.
func openError(path string, err error) error {
	if err == nil {
		return nil
	}
	var prior *OpenError
	if errors.As(err, &prior) {
		return err
	}
	oe := &OpenError{Path: path, Err: err}
	var se *sqlite.Error
	switch {
	case errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_NOTADB:
		oe.Problem = "not a SQLite database (point database.path at tandem's file, or at a new one)"
	case errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CORRUPT:
		oe.Problem = "the file is corrupt (" + oneLine(se.Error()) + "); restore it from a backup"
	case errors.Is(err, syscall.EISDIR) || isDir(path):
		oe.Problem = "is a folder, not a database file"
	case errors.Is(err, fs.ErrPermission):
		oe.Problem = "permission denied: tandem must be able to read and write the file and its folder"
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		dir := filepath.Dir(path)
		if fi, serr := os.Stat(dir); serr == nil && !fi.IsDir() {
			oe.Problem = fmt.Sprintf("%s is not a folder", dir)
		} else {
			oe.Problem = fmt.Sprintf("folder %s does not exist", dir)
		}
	default:
		return err
	}
	return oe
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// checkIntegrity runs SQLite's quick_check, so that tandem refuses a
// corrupt file at start rather than failing on the first page it reads
// later. It reads every page once: a few milliseconds for tandem's sizes.
func (db *DB) checkIntegrity(ctx context.Context) error {
	var res string
	if err := db.write.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return &OpenError{Path: db.path, Problem: "the file is corrupt (" + oneLine(res) + "); restore it from a backup"}
	}
	return nil
}

// oneLine shortens a multi-line SQLite message to its first line.
func oneLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
