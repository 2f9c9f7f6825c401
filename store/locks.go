package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"sync"
	"time"
)

// lockPoll is how often Lock tries again for a lock someone holds.
const lockPoll = 100 * time.Millisecond

// TryLock takes the lock called name (e.g. "round C0PROGRAM") if no one
// holds it and returns the function that releases it; ok is false, and
// nothing is held, if someone does. Locks guard per-program work that must
// not run twice at once. On SQLite, where one process serves the file
// (Lock), they live in this process; on PostgreSQL they are session
// advisory locks in the database, held on a connection of the pool until
// release, so that two replicas exclude each other too. A replica that
// dies, or loses that connection, releases its locks with it.
func (db *DB) TryLock(ctx context.Context, name string) (release func(), ok bool, err error) {
	if !db.isPostgres() {
		m, _ := db.memLocks.LoadOrStore(name, &sync.Mutex{})
		mu := m.(*sync.Mutex)
		if !mu.TryLock() {
			return nil, false, nil
		}
		return mu.Unlock, true, nil
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("store: lock %s: %w", name, err)
	}
	k1, k2 := db.lockKey(lockProgram, name)
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(?, ?)`, k1, k2).Scan(&got); err != nil {
		conn.Close()
		return nil, false, fmt.Errorf("store: lock %s: %w", name, err)
	}
	if !got {
		conn.Close()
		return nil, false, nil
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			var freed bool
			if err := conn.QueryRowContext(ctx, `SELECT pg_advisory_unlock(?, ?)`, k1, k2).Scan(&freed); err != nil || !freed {
				// Never hand a connection that may hold the lock back to
				// the pool: closing it releases the lock.
				_ = conn.Raw(func(any) error { return driver.ErrBadConn })
			}
			conn.Close()
		})
	}, true, nil
}

// Lock waits until it holds the lock called name (see TryLock) or ctx
// ends, and returns the function that releases it.
func (db *DB) Lock(ctx context.Context, name string) (release func(), err error) {
	for {
		release, ok, err := db.TryLock(ctx, name)
		if err != nil || ok {
			return release, err
		}
		t := time.NewTimer(lockPoll)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("store: lock %s: %w", name, ctx.Err())
		case <-t.C:
		}
	}
}
