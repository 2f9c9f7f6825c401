package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tandem-dev/tandem"
)

// Writes. Every write is a function of a transaction, fn, that the store
// runs and commits before it returns: persist, then acknowledge. How depends
// on the backend.
//
// SQLite: group commit. With synchronous=FULL every commit waits for an
// fsync (about 0.7 ms here), and SQLite has one writer, so N concurrent
// writes would take N fsyncs one after another. Instead one goroutine runs
// the writes that are waiting at the same moment in one transaction, each
// inside its own savepoint so that a failing write is rolled back alone, and
// commits them with one fsync. Each caller still learns its own outcome
// only after the commit.
//
// PostgreSQL: each write is a transaction of its own on the pool
// (pgwrite.go), under advisory locks that make it run alone, as on SQLite,
// or, for a write that names its scope (scope.go), only apart from writes
// of the same scope. A transaction the server aborts to break a deadlock
// runs again from the start.
//
// So fn may run more than once, on a fresh transaction each time (callers
// must not rely on the backend). fn must set
// everything it hands back to its caller on every run, not only add to it
// or set it in some branches, and must have no effect outside tx.

// maxBatch bounds how many writes share one SQLite transaction.
const maxBatch = 128

type write struct {
	ctx  context.Context
	key  tandem.Key
	fn   func(tx *sql.Tx) error
	done chan error
}

// update runs fn in a write transaction and returns once that transaction
// is committed (nil) or fn's effect is rolled back (fn's error). fn must not
// call update, and may run more than once (see above).
func (db *DB) update(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.updateOnce(ctx, "", fn)
}

// updateOnce is update that also records key with fn's effect: if key was
// recorded before, it returns tandem.ErrDuplicate and fn's effect is not
// kept.
func (db *DB) updateOnce(ctx context.Context, key tandem.Key, fn func(tx *sql.Tx) error) error {
	return db.updateIn(ctx, key, "", fn)
}

// updateIn is updateOnce for a write of scope s (scope.go): on PostgreSQL
// it runs side by side with writes of other scopes. Scope "" runs alone.
func (db *DB) updateIn(ctx context.Context, key tandem.Key, s scope, fn func(tx *sql.Tx) error) error {
	start := time.Now()
	var err error
	if db.isPostgres() {
		err = db.pgWrite(ctx, key, s, fn)
	} else {
		err = db.groupCommit(ctx, key, fn)
	}
	if db.observer != nil {
		db.observer.ObserveWrite(time.Since(start))
	}
	return err
}

// groupCommit hands fn to the SQLite writer and waits for its outcome.
func (db *DB) groupCommit(ctx context.Context, key tandem.Key, fn func(tx *sql.Tx) error) error {
	w := write{ctx: ctx, key: key, fn: fn, done: make(chan error, 1)}
	select {
	case db.writes <- w:
	case <-ctx.Done():
		return ctx.Err()
	case <-db.closing:
		return errClosed
	}
	// Wait for the outcome even if ctx ends meanwhile: the write may
	// already be committed, and the caller must not report otherwise.
	return <-w.done
}

var errClosed = errors.New("store: closed")

// writer is the single goroutine that commits writes; it runs until Close.
func (db *DB) writer() {
	defer close(db.writerDone)
	for {
		var batch []write
		select {
		case w := <-db.writes:
			batch = append(batch, w)
		case <-db.closing:
			return
		}
	collect:
		for len(batch) < maxBatch {
			select {
			case w := <-db.writes:
				batch = append(batch, w)
			default:
				break collect
			}
		}
		db.commit(batch)
	}
}

// commit runs a batch in one transaction and tells each write its outcome.
func (db *DB) commit(batch []write) {
	errs := make([]error, len(batch))
	tx, err := db.begin()
	if err != nil {
		for _, w := range batch {
			w.done <- fmt.Errorf("begin: %w", err)
		}
		return
	}
	for i, w := range batch {
		errs[i] = db.apply(tx, w)
	}
	if err := tx.Commit(); err != nil {
		for i := range batch {
			if errs[i] == nil {
				errs[i] = fmt.Errorf("commit: %w", err)
			}
		}
	}
	for i, w := range batch {
		w.done <- errs[i]
	}
}

// apply runs one write inside a savepoint of tx, rolling it back alone if it
// fails.
func (db *DB) apply(tx *sql.Tx, w write) (err error) {
	ctx := context.WithoutCancel(w.ctx) // a write that started is finished or rolled back, not cut short
	if _, err := tx.ExecContext(ctx, "SAVEPOINT w"); err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("store: write panicked: %v", r)
		}
		if err == nil {
			_, err = tx.ExecContext(ctx, "RELEASE w")
		}
		if err != nil {
			if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO w"); rerr != nil {
				err = errors.Join(err, rerr)
			} else if _, rerr := tx.ExecContext(ctx, "RELEASE w"); rerr != nil {
				err = errors.Join(err, rerr)
			}
		}
	}()
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if err := db.claim(ctx, tx, w.key); err != nil {
		return err
	}
	return w.fn(tx)
}

// begin starts a SQLite write transaction: the DSN makes it BEGIN
// IMMEDIATE.
func (db *DB) begin() (*sql.Tx, error) {
	return db.write.BeginTx(context.Background(), nil)
}

// claim records key, if any, in tx. It returns tandem.ErrDuplicate if the
// key was recorded before.
func (db *DB) claim(ctx context.Context, tx *sql.Tx, key tandem.Key) error {
	if key == "" {
		return nil
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO processed (key, created_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, string(key), db.now())
	return claimed(res, err)
}

// claimed reports the outcome of an INSERT into processed: nil if it added
// the key, tandem.ErrDuplicate if the key was there before.
func claimed(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return tandem.ErrDuplicate
	}
	return nil
}
