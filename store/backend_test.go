package store_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/store"
	"github.com/tandem-dev/tandem/store/storetest"
)

// The store's suite runs on both backends: first on SQLite, then, when
// TANDEM_TEST_POSTGRES_URL names a server, the same test binary runs again
// with the same flags (-run, -count, -v...) on PostgreSQL, each test in a
// schema of its own. One suite, two runs: open picks the backend.

// backendEnv is set in the PostgreSQL run of the suite.
const backendEnv = "TANDEM_TEST_STORE_BACKEND"

func onPostgres() bool { return os.Getenv(backendEnv) == "postgres" }

func TestMain(m *testing.M) {
	code := m.Run()
	if onPostgres() || os.Getenv(crashChildEnv) != "" {
		os.Exit(code)
	}
	if storetest.ServerURL() == "" {
		fmt.Println("store: " + storetest.SkipMessage)
		os.Exit(code)
	}
	fmt.Println("store: the same suite on PostgreSQL")
	cmd := exec.Command(os.Args[0], os.Args[1:]...)
	cmd.Env = append(os.Environ(), backendEnv+"=postgres")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Println("store: PostgreSQL run:", err)
		code = max(code, 1)
	}
	os.Exit(code)
}

// open returns a DB of the run's backend, empty, closed at cleanup, with a
// clock fixed at 2026-01-05 09:00 UTC: a fresh file in t.TempDir(), or a
// fresh schema on PostgreSQL.
func open(t testing.TB) *store.DB {
	t.Helper()
	db := openFresh(t)
	db.Now = func() time.Time { return time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC) }
	return db
}

// openFresh is open with the real clock.
func openFresh(t testing.TB) *store.DB {
	t.Helper()
	ctx := context.Background()
	var db *store.DB
	var err error
	if onPostgres() {
		db, err = store.OpenPostgres(ctx, storetest.PostgresURL(t), store.PostgresOptions{})
	} else {
		db, err = store.Open(ctx, filepath.Join(t.TempDir(), "tandem.db"))
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// sqliteOnly skips a test of SQLite's files on the PostgreSQL run, saying
// what covers the same ground there.
func sqliteOnly(t testing.TB, why string) {
	t.Helper()
	if onPostgres() {
		t.Skip("SQLite only: " + why)
	}
}

// postgresOnly skips a test of PostgreSQL's behaviour on the SQLite run.
func postgresOnly(t testing.TB) {
	t.Helper()
	if !onPostgres() {
		t.Skip("PostgreSQL only: runs in the suite's PostgreSQL run")
	}
}
