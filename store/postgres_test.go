package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to look at the server directly

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/store"
	"github.com/tandem-dev/tandem/store/storetest"
)

// TestMigrationsExistForBothBackends: every SQLite migration has its
// PostgreSQL counterpart under the same name, so a migration merged for one
// backend only fails here rather than at someone's start.
func TestMigrationsExistForBothBackends(t *testing.T) {
	list := func(dir string) []string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".sql") {
				out = append(out, e.Name())
			}
		}
		sort.Strings(out)
		return out
	}
	lite, pg := list("migrations"), list("migrations/postgres")
	if strings.Join(lite, " ") != strings.Join(pg, " ") {
		t.Errorf("migrations differ:\nsqlite:   %v\npostgres: %v", lite, pg)
	}
}

func pgRaw(t *testing.T, url string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// TestPostgresSessionSettings: every pooled connection runs with the
// statement timeout, as every SQLite connection runs with its pragmas.
func TestPostgresSessionSettings(t *testing.T) {
	postgresOnly(t)
	db := open(t)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			got, err := db.Pragmas(context.Background())
			if err != nil {
				t.Error(err)
				return
			}
			if got["statement_timeout"] != "10s" || got["lock_timeout"] != "10s" {
				t.Errorf("settings %v", got)
			}
		})
	}
	wg.Wait()
}

// TestPostgresMigrationsOnceUnderRace: four replicas opening one empty
// schema at the same moment all start, and each migration is applied once.
func TestPostgresMigrationsOnceUnderRace(t *testing.T) {
	postgresOnly(t)
	url := storetest.PostgresURL(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	dbs := make([]*store.DB, 4)
	for i := range dbs {
		wg.Go(func() {
			db, err := store.OpenPostgres(ctx, url, store.PostgresOptions{})
			if err != nil {
				t.Error(err)
				return
			}
			dbs[i] = db
		})
	}
	wg.Wait()
	for _, db := range dbs {
		if db != nil {
			defer db.Close()
		}
	}
	if t.Failed() {
		return
	}
	if _, err := dbs[0].UpdateProfile(ctx, "", "U1", func(p *tandem.Profile) error { p.Teach = []string{"go"}; return nil }); err != nil {
		t.Fatal(err)
	}
	if p, err := dbs[3].Profile(ctx, "U1"); err != nil || len(p.Teach) != 1 {
		t.Fatalf("written by one replica, read by another: %+v %v", p, err)
	}
	var total, distinct int
	raw := pgRaw(t, url)
	if err := raw.QueryRow(`SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&total, &distinct); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir("migrations/postgres")
	if total != len(entries) || distinct != total {
		t.Errorf("schema_migrations: %d rows, %d versions; want %d once each", total, distinct, len(entries))
	}
}

// TestPostgresReplicasKeepTheVoteBudget: two replicas' stores on one
// database take a person's votes at the same moment; the budget holds, as
// it does for one process, because their write transactions run one at a
// time.
func TestPostgresReplicasKeepTheVoteBudget(t *testing.T) {
	postgresOnly(t)
	url := storetest.PostgresURL(t)
	ctx := context.Background()
	a, err := store.OpenPostgres(ctx, url, store.PostgresOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := store.OpenPostgres(ctx, url, store.PostgresOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var topics []tandem.Topic
	for i := range 8 {
		tp, _, err := a.AddTopic(ctx, "", tandem.Topic{Program: "C1", Author: "U9", Text: fmt.Sprintf("topic %d", i)})
		if err != nil {
			t.Fatal(err)
		}
		topics = append(topics, tp)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	counted := 0
	for i, tp := range topics {
		db := a
		if i%2 == 1 {
			db = b
		}
		wg.Go(func() {
			r, err := db.Vote(ctx, tandem.Key(fmt.Sprintf("vote-%d", i)), "U1", tp.ID, "C1")
			if err != nil {
				t.Error(err)
				return
			}
			if r.Counted {
				mu.Lock()
				counted++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	m, err := b.OpenMarketplace(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	votes := 0
	for _, tp := range m.Topics {
		votes += tp.Votes
	}
	if counted != tandem.VoteBudget || votes != tandem.VoteBudget {
		t.Errorf("counted %d, stored %d; want the budget, %d", counted, votes, tandem.VoteBudget)
	}
}

// TestLocksExcludeAcrossStores: a per-program lock held by one store is
// refused to another on the same database (on SQLite: the same store, as
// one process serves a file), and free again once released.
func TestLocksExcludeAcrossStores(t *testing.T) {
	ctx := context.Background()
	a := open(t)
	b := a
	if onPostgres() {
		url := storetest.PostgresURL(t)
		var err error
		if a, err = store.OpenPostgres(ctx, url, store.PostgresOptions{}); err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		if b, err = store.OpenPostgres(ctx, url, store.PostgresOptions{}); err != nil {
			t.Fatal(err)
		}
		defer b.Close()
	}
	release, ok, err := a.TryLock(ctx, "round C1")
	if err != nil || !ok {
		t.Fatalf("first TryLock: %v %v", ok, err)
	}
	if _, ok, err := b.TryLock(ctx, "round C1"); err != nil || ok {
		t.Fatalf("second TryLock while held: ok=%v err=%v", ok, err)
	}
	other, ok, err := b.TryLock(ctx, "round C2")
	if err != nil || !ok {
		t.Fatalf("another program's lock: %v %v", ok, err)
	}
	other()
	release()
	again, ok, err := b.TryLock(ctx, "round C1")
	if err != nil || !ok {
		t.Fatalf("TryLock after release: %v %v", ok, err)
	}
	again()
}

// TestPostgresForgetVacuums: on PostgreSQL, forget vacuums the tables once
// committed, so the deleted rows leave them (SQLite's secure_delete and
// checkpoint do that for the file).
func TestPostgresForgetVacuums(t *testing.T) {
	postgresOnly(t)
	url := storetest.PostgresURL(t)
	ctx := context.Background()
	db, err := store.OpenPostgres(ctx, url, store.PostgresOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.UpdateProfile(ctx, "", "U0FORGET01", func(p *tandem.Profile) error { p.Location = "Lyon"; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Forget(ctx, "", "U0FORGET01"); err != nil {
		t.Fatal(err)
	}
	raw := pgRaw(t, url)
	var vacuumed bool
	if err := raw.QueryRow(`SELECT last_vacuum IS NOT NULL FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = 'profiles'`).Scan(&vacuumed); err != nil {
		t.Fatal(err)
	}
	if !vacuumed {
		t.Error("profiles was not vacuumed after forget")
	}
}
