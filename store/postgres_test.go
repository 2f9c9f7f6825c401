package store_test

import (
	"context"
	"database/sql"
	"errors"
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
// it does for one process, because their write transactions are
// serializable: the one that would break the budget runs again and sees
// the others' votes.
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

// TestReplicasWriteSideBySideAsOneWriter: two stores on one database write
// at the same moment, in parallel transactions, and every rule that one
// writer at a time keeps still holds: the first topics of a program open
// one marketplace between them, a redelivered envelope has its effect once,
// and no one's read-then-write is lost.
func TestReplicasWriteSideBySideAsOneWriter(t *testing.T) {
	postgresOnly(t)
	url := storetest.PostgresURL(t)
	ctx := context.Background()
	var replicas [2]*store.DB
	for i := range replicas {
		db, err := store.OpenPostgres(ctx, url, store.PostgresOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		replicas[i] = db
	}
	const n = 16
	var wg sync.WaitGroup
	topics := make([]tandem.Topic, n)
	dup := make([]error, n)
	for i := range n {
		db := replicas[i%2]
		wg.Go(func() {
			var err error
			if topics[i], _, err = db.AddTopic(ctx, "", tandem.Topic{Program: "C1", Author: tandem.UserID(fmt.Sprintf("U%d", i)), Text: fmt.Sprintf("topic %d", i)}); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() {
			_, dup[i] = db.UpdateProfile(ctx, "envelope:same", "U1", func(p *tandem.Profile) error {
				p.Teach = append(p.Teach, fmt.Sprintf("skill%d", i))
				return nil
			})
		})
		wg.Go(func() {
			for range 10 {
				_, err := db.UpdateProfile(ctx, "", "U2", func(p *tandem.Profile) error {
					p.Learn = append(p.Learn, fmt.Sprintf("s%d", len(p.Learn)))
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	ids := map[tandem.TopicID]bool{}
	for _, tp := range topics {
		if tp.Marketplace != topics[0].Marketplace {
			t.Errorf("topic %d went to marketplace %d, topic %d to %d: two marketplaces opened", tp.ID, tp.Marketplace, topics[0].ID, topics[0].Marketplace)
		}
		ids[tp.ID] = true
	}
	m, err := replicas[0].OpenMarketplace(ctx, "C1")
	if err != nil || len(ids) != n || len(m.Topics) != n || m.Number != 1 {
		t.Errorf("marketplace %d (number %d) has %d topics, %d distinct ids; want %d in number 1 (%v)", m.ID, m.Number, len(m.Topics), len(ids), n, err)
	}
	applied := 0
	for _, err := range dup {
		switch {
		case err == nil:
			applied++
		case !errors.Is(err, tandem.ErrDuplicate):
			t.Errorf("redelivered envelope: %v", err)
		}
	}
	p1, err := replicas[1].Profile(ctx, "U1")
	if applied != 1 || err != nil || len(p1.Teach) != 1 {
		t.Errorf("one envelope delivered %d times: applied %d times, teaches %v (%v); want once", n, applied, p1.Teach, err)
	}
	p2, err := replicas[1].Profile(ctx, "U2")
	if err != nil || len(p2.Learn) != 10*n {
		t.Errorf("%d read-then-writes kept %d (%v): updates were lost", 10*n, len(p2.Learn), err)
	}
}

// TestDeadlockedWriteRunsAgain: two writes of different scopes, on two
// replicas, update the same two rows in opposite orders, so the server
// aborts one to break the deadlock. That one runs again from the start and
// both take effect, once each.
func TestDeadlockedWriteRunsAgain(t *testing.T) {
	postgresOnly(t)
	url := storetest.PostgresURL(t)
	ctx := context.Background()
	obs := &writeLog{}
	a, err := store.OpenPostgres(ctx, url, store.PostgresOptions{}, store.WithWriteObserver(obs))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := store.OpenPostgres(ctx, url, store.PostgresOptions{}, store.WithWriteObserver(obs))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = a.WriteInScope(ctx, "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counters VALUES (1, 0), (2, 0)`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var both sync.WaitGroup
	both.Add(2)
	var runs [2]int
	bump := func(db *store.DB, w int, first, second int) error {
		return db.WriteInScope(ctx, fmt.Sprintf("writer-%d", w), func(tx *sql.Tx) error {
			runs[w]++
			if _, err := tx.ExecContext(ctx, `UPDATE counters SET n = n + 1 WHERE id = ?`, first); err != nil {
				return err
			}
			if runs[w] == 1 { // the first run of each holds its first row until the other holds its own
				both.Done()
				both.Wait()
			}
			_, err := tx.ExecContext(ctx, `UPDATE counters SET n = n + 1 WHERE id = ?`, second)
			return err
		})
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	wg.Go(func() { errs[0] = bump(a, 0, 1, 2) })
	wg.Go(func() { errs[1] = bump(b, 1, 2, 1) })
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("writes: %v, %v; want both to succeed", errs[0], errs[1])
	}
	var n1, n2 int
	if err := a.WriteInScope(ctx, "", func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT (SELECT n FROM counters WHERE id = 1), (SELECT n FROM counters WHERE id = 2)`).Scan(&n1, &n2)
	}); err != nil {
		t.Fatal(err)
	}
	if n1 != 2 || n2 != 2 || runs[0]+runs[1] != 3 || obs.retries() != 1 {
		t.Errorf("counters %d and %d after %v runs and %d retries; want 2 and 2 after 3 runs, one retry", n1, n2, runs, obs.retries())
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
