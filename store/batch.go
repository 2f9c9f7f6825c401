package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tandem-dev/tandem"
)

// Group commit. With synchronous=FULL every commit waits for an fsync
// (about 0.7 ms here), and SQLite has one writer, so N concurrent writes
// would take N fsyncs one after another. Instead one goroutine runs the
// writes that are waiting at the same moment in one transaction, each inside
// its own savepoint so that a failing write is rolled back alone, and
// commits them with one fsync. Each caller still learns its own outcome
// only after the commit: persist, then acknowledge.

// maxBatch bounds how many writes share one transaction.
const maxBatch = 128

type write struct {
	ctx  context.Context
	key  tandem.Key
	fn   func(tx *sql.Tx) error
	done chan error
}

// update runs fn in a write transaction, shared with other writes waiting
// at the same moment, and returns once that transaction is committed (nil)
// or fn's effect is rolled back (fn's error). fn must not call update.
func (db *DB) update(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.updateOnce(ctx, "", fn)
}

// updateOnce is update that also records key with fn's effect: if key was
// recorded before, it returns tandem.ErrDuplicate and fn does not run.
func (db *DB) updateOnce(ctx context.Context, key tandem.Key, fn func(tx *sql.Tx) error) error {
	w := write{ctx: ctx, key: key, fn: fn, done: make(chan error, 1)}
	start := time.Now()
	select {
	case db.writes <- w:
	case <-ctx.Done():
		return ctx.Err()
	case <-db.closing:
		return errors.New("store: closed")
	}
	// Wait for the outcome even if ctx ends meanwhile: the write may
	// already be committed, and the caller must not report otherwise.
	err := <-w.done
	if db.observer != nil {
		db.observer.ObserveWrite(time.Since(start))
	}
	return err
}

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

// begin starts a write transaction. On SQLite the DSN makes it BEGIN
// IMMEDIATE; on PostgreSQL it takes the write lock that every replica's
// writer shares, so that write transactions run one at a time, as on
// SQLite (see postgres.go).
func (db *DB) begin() (*sql.Tx, error) {
	ctx := context.Background()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil || !db.isPostgres() {
		return tx, err
	}
	k1, k2 := db.lockKey(lockWrite, "")
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?, ?)`, k1, k2); err != nil {
		tx.Rollback() //nolint:errcheck // the lock error is the one to report
		return nil, err
	}
	return tx, nil
}

// claim records key, if any, in tx. It returns tandem.ErrDuplicate if the
// key was recorded before.
func (db *DB) claim(ctx context.Context, tx *sql.Tx, key tandem.Key) error {
	if key == "" {
		return nil
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO processed (key, created_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, string(key), db.now())
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return tandem.ErrDuplicate
	}
	return nil
}
