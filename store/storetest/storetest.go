// Package storetest gives tests a database of each backend: a SQLite file
// in t.TempDir(), or a fresh schema of the PostgreSQL server named by
// TANDEM_TEST_POSTGRES_URL, dropped when the test ends.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	"github.com/tandem-dev/tandem/store"
)

// EnvURL is the variable that names the PostgreSQL server tests use, e.g.
// postgres://postgres@127.0.0.1:5432/test. `.ci/run` sets it.
const EnvURL = "TANDEM_TEST_POSTGRES_URL"

// SkipMessage is the one line a test prints when EnvURL is unset.
const SkipMessage = EnvURL + " is not set: PostgreSQL tests skipped (run them with " + EnvURL + "=postgres://postgres@127.0.0.1:5432/test, as .ci/run does)"

// ServerURL returns EnvURL's value, or "" if it is unset.
func ServerURL() string { return os.Getenv(EnvURL) }

// PostgresURL returns the URL of a new, empty schema on the test server,
// dropped at the end of t, or skips t with SkipMessage when EnvURL is
// unset.
func PostgresURL(t testing.TB) string {
	t.Helper()
	server := ServerURL()
	if server == "" {
		t.Skip(SkipMessage)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "tandem_test_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	u, err := store.CreateSchema(ctx, server, schema)
	if err != nil {
		t.Fatalf("storetest: %v (is PostgreSQL running at %s?)", err, server)
	}
	t.Cleanup(func() {
		if err := store.DropSchema(context.Background(), server, schema); err != nil {
			t.Errorf("storetest: %v", err)
		}
	})
	return u
}
