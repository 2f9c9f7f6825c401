package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// Leadership: with replicas on one PostgreSQL database, exactly one at a
// time runs the scheduler, the outbox sender and housekeeping.
//
// The leader holds a session advisory lock on a connection of its own,
// never one from the pool (returning a pooled connection would not release
// the lock, and the next borrower would hold it unknowingly). The server
// releases the lock when that connection ends: the process died, the
// connection was terminated, or the network dropped (TCP keepalives bound
// how long the server takes to notice, see pgConfig). Followers try for
// the lock every LeaderRetry.
//
// Fencing. Each new leader raises the epoch in the leader table, on its
// lock connection. Fence, asked right before each message is sent, reads
// the epoch on that same connection: an answer proves the connection, and
// so the lock, is still held, and an epoch other than ours says someone
// took over. A leader that loses its connection fails its next heartbeat
// (every LeaderHeartbeat) or its next Fence, whichever comes first, and
// stops: Fence refuses from that moment on. A new leader waits
// TakeoverPause before working, longer than the old one's heartbeat, so
// that only a message already past its Fence can be sent twice.
const (
	LeaderRetry     = 2 * time.Second
	LeaderHeartbeat = time.Second
	TakeoverPause   = 2 * time.Second
	leaderTimeout   = 2 * time.Second // for a heartbeat or a fence
)

// ErrNotLeader is Fence's answer when this process may not send.
var ErrNotLeader = errors.New("this process is not the leader")

// leaderState is the held lock connection, under mu: heartbeats and fences
// take turns on it.
type leaderState struct {
	mu    sync.Mutex
	conn  *pgx.Conn // nil when not the leader
	epoch int64
}

// Lead runs work while this process is the leader, and again each time it
// becomes the leader, until ctx ends; work's ctx ends when leadership is
// lost, and Lead waits for work to return before trying again. On SQLite,
// whose file one process serves (Lock), that process is the leader: work
// runs once, with ctx. Lead returns when ctx ends.
func (db *DB) Lead(ctx context.Context, log *slog.Logger, work func(ctx context.Context)) {
	if !db.isPostgres() {
		work(ctx)
		return
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	for ctx.Err() == nil {
		conn, epoch, err := db.acquire(ctx)
		if err != nil {
			if ctx.Err() == nil {
				log.Warn("leader election: cannot reach the database; trying again", "retry_in", LeaderRetry, "err", err)
				sleep(ctx, LeaderRetry)
			}
			continue
		}
		log.Info("this replica is the leader", "epoch", epoch)
		db.leader.mu.Lock()
		db.leader.conn, db.leader.epoch = conn, epoch
		db.leader.mu.Unlock()
		db.leadUntilLost(ctx, log, work)
		// A replica that just lost its connection lets a follower, which
		// tries every LeaderRetry, take over first.
		sleep(ctx, 2*LeaderRetry)
	}
}

// acquire connects and waits for the leader lock, then raises the epoch.
func (db *DB) acquire(ctx context.Context) (*pgx.Conn, int64, error) {
	conn, err := pgx.ConnectConfig(ctx, db.pg.cfg.Copy())
	if err != nil {
		return nil, 0, err
	}
	k1, k2 := db.lockKey(lockLeader, "")
	for {
		var got bool
		qctx, cancel := context.WithTimeout(ctx, leaderTimeout)
		err := conn.QueryRow(qctx, `SELECT pg_try_advisory_lock($1, $2)`, k1, k2).Scan(&got)
		cancel()
		if err != nil {
			conn.Close(context.Background())
			return nil, 0, err
		}
		if got {
			break
		}
		if !sleep(ctx, LeaderRetry) {
			conn.Close(context.Background())
			return nil, 0, ctx.Err()
		}
	}
	host, _ := os.Hostname()
	var epoch int64
	qctx, cancel := context.WithTimeout(ctx, leaderTimeout)
	defer cancel()
	err = conn.QueryRow(qctx, `INSERT INTO leader (id, epoch, holder, since) VALUES (1, 1, $1, $2)
		ON CONFLICT (id) DO UPDATE SET epoch = leader.epoch + 1, holder = excluded.holder, since = excluded.since
		RETURNING epoch`, fmt.Sprintf("%s pid %d", host, os.Getpid()), db.now()).Scan(&epoch)
	if err != nil {
		conn.Close(context.Background())
		return nil, 0, err
	}
	return conn, epoch, nil
}

// leadUntilLost runs work after TakeoverPause and heartbeats on the lock
// connection until ctx ends or a heartbeat fails; then it refuses fences,
// stops work, waits for it and closes the connection.
func (db *DB) leadUntilLost(ctx context.Context, log *slog.Logger, work func(ctx context.Context)) {
	wctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if sleep(wctx, TakeoverPause) {
			work(wctx)
		}
	}()
	tick := time.NewTicker(LeaderHeartbeat)
	defer tick.Stop()
	var lost error
	for lost == nil {
		select {
		case <-ctx.Done():
			lost = ctx.Err()
		case <-done:
			lost = errors.New("work returned")
		case <-tick.C:
			lost = db.heartbeat(ctx)
		}
	}
	db.leader.mu.Lock()
	conn := db.leader.conn
	db.leader.conn = nil // Fence refuses from here on
	db.leader.mu.Unlock()
	stop()
	<-done
	conn.Close(context.Background()) // releases the lock, if the server still had it
	if ctx.Err() == nil {
		log.Error("leadership lost: stopped the scheduler and the sender; trying to lead again", "err", lost)
	}
}

func (db *DB) heartbeat(ctx context.Context) error {
	_, err := db.fenceEpoch(ctx)
	return err
}

// fenceEpoch reads the epoch on the lock connection and checks it is ours.
func (db *DB) fenceEpoch(ctx context.Context) (int64, error) {
	db.leader.mu.Lock()
	defer db.leader.mu.Unlock()
	if db.leader.conn == nil {
		return 0, ErrNotLeader
	}
	qctx, cancel := context.WithTimeout(ctx, leaderTimeout)
	defer cancel()
	var epoch int64
	if err := db.leader.conn.QueryRow(qctx, `SELECT epoch FROM leader WHERE id = 1`).Scan(&epoch); err != nil {
		return 0, fmt.Errorf("%w: the lock connection failed: %w", ErrNotLeader, err)
	}
	if epoch != db.leader.epoch {
		return 0, fmt.Errorf("%w: epoch %d took over from %d", ErrNotLeader, epoch, db.leader.epoch)
	}
	return epoch, nil
}

// Fence returns nil if this process may act as the leader at this moment,
// and an error wrapping ErrNotLeader otherwise. On PostgreSQL it is a
// round trip on the lock connection (see Leadership above); on SQLite it
// always returns nil.
func (db *DB) Fence(ctx context.Context) error {
	if !db.isPostgres() {
		return nil
	}
	_, err := db.fenceEpoch(ctx)
	return err
}

// IsLeader reports whether this process holds leadership now, without
// asking the database.
func (db *DB) IsLeader() bool {
	if !db.isPostgres() {
		return true
	}
	db.leader.mu.Lock()
	defer db.leader.mu.Unlock()
	return db.leader.conn != nil
}

// sleep waits d or until ctx ends, and reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
