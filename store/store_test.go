package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/store"
)

func TestOpenSetsPragmasOnEveryConnection(t *testing.T) {
	sqliteOnly(t, "pragmas; on PostgreSQL TestPostgresSessionSettings")
	db := open(t)
	ctx := context.Background()
	// Hold several read connections at once so the pool must open new ones:
	// a pragma set by Exec would reach only one of them.
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := db.Pragmas(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			want := map[string]string{"journal_mode": "wal", "busy_timeout": "10000", "foreign_keys": "1", "synchronous": "2", "secure_delete": "1"}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("pragma %s = %q, want %q", k, got[k], v)
				}
			}
		}()
	}
	wg.Wait()
}

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

func TestConcurrentReadThenWriteNeverBusy(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 800)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				_, err := db.UpdateProfile(ctx, "", "U1", func(p *tandem.Profile) error {
					p.Teach = append(p.Teach, string(rune('a'+g))+string(rune('a'+i%26)))
					return nil
				})
				if err != nil {
					errs <- err
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("read-then-write failed: %v", err)
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
