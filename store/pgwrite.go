package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tandem-dev/tandem"
)

// Writes on PostgreSQL (see batch.go for the contract). Each write is a
// transaction of its own on the pool, at READ COMMITTED, that first takes
// transaction-level advisory locks, shared by every replica:
//
//   - a write without a scope takes the write lock exclusively: it runs
//     alone, as on SQLite;
//   - a write with a scope (scope.go: one person, one partnership,
//     one program) takes the write lock shared and its scope's lock
//     exclusively: writes of different scopes run side by side, and the
//     server flushes their commits together; writes of one scope take
//     turns.
//
// READ COMMITTED, not a snapshot from the transaction's start: each
// statement sees every commit before it, so a write that waited for a lock
// reads what the previous holder wrote. A scope must cover everything the
// write reads and then acts on; writes of other scopes may change only rows
// it does not read, or only add rows it does not count.
//
// SERIALIZABLE would need no scopes, but on tables of a few hundred rows
// its predicate locks cover whole pages, so concurrent writes of different
// people abort each other most of the time (measured: 2.6 retries per
// write with 50 writes in flight).
//
// A deadlock between row locks (two writes updating the same rows in a
// different order) aborts one; it runs again from the start, after a
// little wait that grows each time, with jitter.
const (
	maxWriteAttempts = 20
	firstRetryWait   = 2 * time.Millisecond
	maxRetryWait     = 200 * time.Millisecond
)

// pgWrite runs key's claim and fn in one transaction under scope's locks
// and commits it, retrying deadlocks.
func (db *DB) pgWrite(ctx context.Context, key tandem.Key, s scope, fn func(tx *sql.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	// Close waits for the writes that got past this point.
	db.inflight.RLock()
	defer db.inflight.RUnlock()
	select {
	case <-db.closing:
		return errClosed
	default:
	}
	// A write that started is finished or rolled back, not cut short.
	ctx = context.WithoutCancel(ctx)
	wait := firstRetryWait
	for attempt := 1; ; attempt++ {
		err := db.attempt(ctx, key, s, fn)
		if err == nil || !retryable(err) || attempt == maxWriteAttempts {
			return err
		}
		if db.observer != nil {
			db.observer.ObserveWriteRetry()
		}
		time.Sleep(wait/2 + rand.N(wait))
		wait = min(2*wait, maxRetryWait)
	}
}

// attempt runs fn once in a transaction of its own.
func (db *DB) attempt(ctx context.Context, key tandem.Key, s scope, fn func(tx *sql.Tx) error) (err error) {
	tx, err := db.write.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("store: write panicked: %v", r)
		}
		if err != nil {
			tx.Rollback() //nolint:errcheck // the write's own error is the one to report
		}
	}()
	if err := db.lockAndClaim(ctx, tx, s, key); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// lockWrite takes the write lock, and s's lock if s is a scope, until tx
// ends.
func (db *DB) lockWrite(ctx context.Context, tx *sql.Tx, s scope) error {
	return db.lockAndClaim(ctx, tx, s, "")
}

// lockAndClaim takes the write lock, and s's lock if s is a scope, until
// tx ends, then records key as claim does: one round trip for both, as the
// key's row is selected from the locks' row. It returns
// tandem.ErrDuplicate if the key was recorded before.
func (db *DB) lockAndClaim(ctx context.Context, tx *sql.Tx, s scope, key tandem.Key) error {
	w1, w2 := db.lockKey(lockWrites, "")
	lock, args := `SELECT pg_advisory_xact_lock(?, ?)`, []any{w1, w2}
	if s != "" {
		s1, s2 := db.lockKey(lockScope, string(s))
		lock, args = `SELECT pg_advisory_xact_lock_shared(?, ?), pg_advisory_xact_lock(?, ?)`, []any{w1, w2, s1, s2}
	}
	if key == "" {
		_, err := tx.ExecContext(ctx, lock, args...)
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO processed (key, created_at) SELECT ?, ? FROM (`+lock+`) AS locked
		ON CONFLICT (key) DO NOTHING`, append([]any{string(key), db.now()}, args...)...)
	return claimed(res, err)
}

// retryable reports whether err is a deadlock or a serialization failure:
// the transaction was rolled back and may simply run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}
