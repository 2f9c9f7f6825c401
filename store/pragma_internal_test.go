package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// TestPragmasOnEveryConnection holds four read connections of the pool at
// once, so that the pool must have opened four, and reads the pragmas on
// each: a pragma set once by Exec, not in the DSN, would reach only the
// first. The writer's connection is checked too.
func TestPragmasOnEveryConnection(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "tandem.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.isPostgres() {
		t.Skip("pragmas are SQLite's; on PostgreSQL TestPostgresSessionSettings")
	}
	want := map[string]string{"journal_mode": "wal", "busy_timeout": "10000", "foreign_keys": "1", "synchronous": "2", "secure_delete": "1"}
	var conns []*sql.Conn
	for range 4 {
		c, err := db.read.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	w, err := db.write.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for i, c := range append(conns, w) {
		for name, v := range want {
			var got string
			if err := c.QueryRowContext(ctx, "PRAGMA "+name).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != v {
				t.Errorf("connection %d: pragma %s = %q, want %q", i, name, got, v)
			}
		}
	}
	if db.read.Stats().OpenConnections < 4 {
		t.Errorf("the pool holds %d read connections, want 4 at once", db.read.Stats().OpenConnections)
	}
}
