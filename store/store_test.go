package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/store"
)

func TestOpenTwiceKeepsData(t *testing.T) {
	sqliteOnly(t, "a file reopened; on PostgreSQL TestPostgresMigrationsOnceUnderRace reopens a schema")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tandem.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateProfile(ctx, "", "U1", func(p *tandem.Profile) error { p.Teach = []string{"go"}; return nil }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	p, err := db.Profile(ctx, "U1")
	if err != nil || len(p.Teach) != 1 || p.Teach[0] != "go" {
		t.Fatalf("after reopen: %+v, %v", p, err)
	}
}

// TestConcurrentReadThenWriteLosesNoUpdate: 8 writers each read a
// profile, change it and write it back, 100 times, at once. Each
// read-modify-write runs in the write transaction, so none fails busy and
// none overwrites another's: the counter they increment ends at 800.
func TestConcurrentReadThenWriteLosesNoUpdate(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 800)
	for range 8 {
		wg.Go(func() {
			for range 100 {
				_, err := db.UpdateProfile(ctx, "", "U1", func(p *tandem.Profile) error {
					n, _ := strconv.Atoi(p.Location)
					p.Location = strconv.Itoa(n + 1)
					return nil
				})
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("read-then-write failed: %v", err)
	}
	p, err := db.Profile(ctx, "U1")
	if err != nil || p.Location != "800" {
		t.Fatalf("after 800 increments the counter reads %q (%v): updates were lost", p.Location, err)
	}
}

func TestLockRefusesSecondHolder(t *testing.T) {
	sqliteOnly(t, "the file lock; replicas are allowed on PostgreSQL (see TestLeader*)")
	path := filepath.Join(t.TempDir(), "tandem.db")
	release, err := store.Lock(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Lock(path); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second lock: %v, want ErrLocked", err)
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	again, err := store.Lock(path)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	again()
}
