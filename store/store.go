// Package store keeps tandem's state in one SQLite file through the pure-Go
// modernc.org/sqlite driver.
//
// A DB holds two pools on the same file: a single writer connection whose
// transactions start with BEGIN IMMEDIATE, so a read-then-write never fails
// with "database is locked", and a small pool of read-only connections. Every
// pragma is set in the DSN so that every pooled connection has it. Instants
// are stored in UTC; zones are applied only when scheduling and rendering.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// DB is tandem's database. It is safe for concurrent use.
type DB struct {
	path  string
	file  os.FileInfo // the file as opened, for Ping
	write *sql.DB     // one connection, BEGIN IMMEDIATE
	read  *sql.DB     // read-only pool

	observer WriteObserver // nil: no one listens

	secret []byte // the installation's, keys the opted-out marker (optout.go)

	pg       *pgState    // nil on SQLite (postgres.go)
	memLocks sync.Map    // name → *sync.Mutex: SQLite's per-program locks (locks.go)
	leader   leaderState // leader.go

	writes     chan write    // to SQLite's writer goroutine, see batch.go
	closing    chan struct{} // closed by Close
	writerDone chan struct{} // closed when SQLite's writer returns
	inflight   sync.RWMutex  // PostgreSQL's writes hold it shared; Close waits for them (pgwrite.go)

	// Now returns the current time. Tests set it; it defaults to time.Now.
	Now func() time.Time
}

// Option tunes a DB at Open.
type Option func(*DB)

// WriteObserver is told how long each write waited until it was committed
// (or failed), group commit and retries included, and of each time a write
// runs again because PostgreSQL aborted it to break a deadlock.
type WriteObserver interface {
	ObserveWrite(d time.Duration)
	ObserveWriteRetry()
}

// WithWriteObserver has every write reported to o.
func WithWriteObserver(o WriteObserver) Option {
	return func(db *DB) { db.observer = o }
}

// Open opens the SQLite file at path, creating it and its schema if needed,
// and applies any migrations the file does not have yet. The file, its
// -wal and its -shm are readable by their owner only (mode 0600), whatever
// the umask: a file from before that rule is tightened. When the file
// cannot be used (its folder is missing, it is not SQLite, it is corrupt)
// the error is an *OpenError saying so in one line.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	if path == "" {
		return nil, errors.New("store: open: empty database path")
	}
	db, err := open(ctx, path, opts)
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", openError(path, err))
	}
	return db, nil
}

func open(ctx context.Context, path string, opts []Option) (*DB, error) {
	if err := createOwnerOnly(path); err != nil {
		return nil, err
	}
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxLifetime(0)
	db := &DB{path: path, write: w, Now: time.Now,
		writes: make(chan write), closing: make(chan struct{}), writerDone: make(chan struct{})}
	for _, opt := range opts {
		opt(db)
	}
	go db.writer()
	if err := db.checkIntegrity(ctx); err != nil {
		db.stopWriter()
		w.Close()
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.stopWriter()
		w.Close()
		return nil, err
	}
	if err := db.loadSecret(ctx); err != nil {
		db.stopWriter()
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		db.stopWriter()
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(4)
	db.read = r
	// Only a file that proved to be tandem's database is changed.
	if err := tightenModes(path); err != nil {
		db.Close()
		return nil, err
	}
	if db.file, err = os.Stat(path); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// createOwnerOnly creates the database file with mode 0600 if it does not
// exist. SQLite creates the -wal and -shm with the mode of the main file,
// so they are 0600 too.
func createOwnerOnly(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	} else if err != nil {
		return err
	}
	return f.Close()
}

// tightenModes takes group and other permissions away from the database
// file and its -wal and -shm, for a file an older version created.
func tightenModes(path string) error {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		} else if err != nil {
			return err
		}
		if fi.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, fi.Mode().Perm()&0o700); err != nil {
				return err
			}
		}
	}
	return nil
}

// dsn builds the modernc DSN. Pragmas use the _pragma=name(value) form,
// which every driver version honours; a test reads them back.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(wal)")
	q.Add("_pragma", "synchronous(full)")
	q.Add("_pragma", "foreign_keys(1)")
	// Deleted content is overwritten with zeros, not left in free space:
	// `forget me` must leave no trace in the file.
	q.Add("_pragma", "secure_delete(1)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Close waits for the write in progress, then closes both pools. Writes
// after Close fail.
func (db *DB) Close() error {
	db.stopWriter()
	var errs []error
	if db.isPostgres() {
		return db.write.Close() // one pool for reads and writes
	}
	if db.read != nil {
		errs = append(errs, db.read.Close())
	}
	errs = append(errs, db.write.Close())
	return errors.Join(errs...)
}

func (db *DB) stopWriter() {
	select {
	case <-db.closing:
	default:
		close(db.closing)
	}
	if db.isPostgres() {
		db.inflight.Lock() // every write in progress has finished
		db.inflight.Unlock()
		return
	}
	<-db.writerDone
}

// Path returns the file the DB was opened on; on PostgreSQL, its URL
// without the password.
func (db *DB) Path() string { return db.path }

// view runs fn in a read-only transaction.
func (db *DB) view(ctx context.Context, fn func(tx *sql.Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.isPostgres() {
		opts.Isolation = sql.LevelRepeatableRead // one snapshot, as SQLite's read transaction
	}
	tx, err := db.read.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // read-only: nothing to commit
	return fn(tx)
}

// timeLayout is how instants are stored: UTC, fixed width, so that text
// order is time order.
const timeLayout = "2006-01-02T15:04:05.000Z"

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(timeLayout, s)
}

func (db *DB) now() string { return formatTime(db.Now()) }

// insertID runs an INSERT of one row and returns the row's id, through
// RETURNING, which both backends support.
func insertID(ctx context.Context, tx *sql.Tx, query string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}
