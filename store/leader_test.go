package store_test

import (
	"context"
	"errors"
	"hash/fnv"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/store"
	"github.com/tandem-dev/tandem/store/storetest"
)

// leaderPID returns the server pid of the connection holding the leader
// lock of the schema in u, or 0.
func leaderPID(t *testing.T, u string) int {
	t.Helper()
	parsed, _ := url.Parse(u)
	h := fnv.New32a()
	h.Write([]byte(parsed.Query().Get("search_path") + "\x00"))
	var pid int
	err := pgRaw(t, u).QueryRow(`SELECT coalesce(max(pid), 0) FROM pg_locks WHERE locktype = 'advisory' AND granted
		AND classid = 1952710659 AND objid = $1`, int64(h.Sum32())).Scan(&pid)
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// TestLeaderIsOneAndTakesOver: two replicas lead one at a time; when the
// leader's lock connection is terminated, it stops (its fence refuses at
// once) and the other takes over within 15 s.
func TestLeaderIsOneAndTakesOver(t *testing.T) {
	postgresOnly(t)
	u := storetest.PostgresURL(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var leading [2]atomic.Int32
	dbs := make([]*store.DB, 2)
	done := make(chan struct{}, 2)
	for i := range dbs {
		db, err := store.OpenPostgres(ctx, u, store.PostgresOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		dbs[i] = db
		go func() {
			db.Lead(ctx, nil, func(ctx context.Context) {
				leading[i].Add(1)
				<-ctx.Done()
				leading[i].Add(-1)
			})
			done <- struct{}{}
		}()
	}
	defer func() { cancel(); <-done; <-done }()
	waitFor := func(what string, cond func() bool) time.Duration {
		start := time.Now()
		for !cond() {
			if time.Since(start) > 20*time.Second {
				t.Fatalf("after 20 s: %s", what)
			}
			time.Sleep(20 * time.Millisecond)
		}
		return time.Since(start)
	}
	one := func() int {
		n, who := 0, -1
		for i := range leading {
			if leading[i].Load() > 0 {
				n++
				who = i
			}
		}
		if n != 1 {
			return -1
		}
		return who
	}
	waitFor("one leader", func() bool { return one() >= 0 })
	first := one()
	if err := dbs[1-first].Fence(ctx); !errors.Is(err, store.ErrNotLeader) {
		t.Fatalf("the follower's fence: %v", err)
	}
	if err := dbs[first].Fence(ctx); err != nil {
		t.Fatalf("the leader's fence: %v", err)
	}
	pid := leaderPID(t, u)
	if _, err := pgRaw(t, u).Exec(`SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	took := waitFor("the other replica leads", func() bool { return one() == 1-first })
	if took > 15*time.Second {
		t.Errorf("takeover took %s", took)
	}
	if err := dbs[first].Fence(ctx); !errors.Is(err, store.ErrNotLeader) {
		t.Errorf("the old leader's fence after losing its connection: %v", err)
	}
	t.Logf("takeover after %s", took.Round(time.Millisecond))
}
