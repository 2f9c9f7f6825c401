package store_test

import (
	"context"
	"os"
	"testing"

	"github.com/tandem-dev/tandem/store"
	"github.com/tandem-dev/tandem/store/storetest"
)

func TestPingFailsWhileTheFileIsGoneAndRecovers(t *testing.T) {
	sqliteOnly(t, "the file; TestPingOnPostgres covers PostgreSQL")
	db := open(t)
	ctx := context.Background()
	if err := db.Ping(ctx); err != nil {
		t.Fatalf("ping on a fresh database: %v", err)
	}
	moved := db.Path() + ".moved"
	if err := os.Rename(db.Path(), moved); err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(ctx); err == nil {
		t.Error("ping succeeded with the database file gone")
	}
	// Another file under the same name is not the database either.
	if err := os.WriteFile(db.Path(), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(ctx); err == nil {
		t.Error("ping succeeded with the database file replaced")
	}
	if err := os.Rename(moved, db.Path()); err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(ctx); err != nil {
		t.Errorf("ping after the file came back: %v", err)
	}
}

func TestPingOnPostgres(t *testing.T) {
	postgresOnly(t)
	ctx := context.Background()
	db, err := store.OpenPostgres(ctx, storetest.PostgresURL(t), store.PostgresOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(ctx); err != nil {
		t.Errorf("ping on PostgreSQL: %v", err)
	}
	db.Close()
	if err := db.Ping(ctx); err == nil {
		t.Error("ping succeeded on a closed database")
	}
}
