package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/tandem-dev/tandem/config"
	"github.com/tandem-dev/tandem/scheduler"
	"github.com/tandem-dev/tandem/store"
)

// migrateCommand is `tandem migrate -config FILE -to postgres://...`: copy
// the SQLite database the config names into an empty PostgreSQL database,
// ids preserved, and verify the copy table by table (rows and checksum).
// The way to outgrow the single file: stop `tandem run`, migrate, then set
// database.url (and remove database.path) and start the replicas.
func migrateCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "", "configuration file naming the SQLite database (database.path)")
	to := fs.String("to", "", "the empty PostgreSQL database to copy into, postgres://... (required)")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if !store.IsPostgresURL(*to) {
		return usageError{errors.New("migrate: -to must be a PostgreSQL URL, postgres://user:password@host:5432/db")}
	}
	cfg, err := config.Load(*path, scheduler.Check)
	if err != nil {
		return usageError{err}
	}
	if cfg.Database.Postgres() {
		return usageError{errors.New("migrate: the config names a PostgreSQL database; migrate copies from a SQLite file (database.path)")}
	}
	if _, err := os.Stat(cfg.Database.Path); err != nil {
		return usageError{fmt.Errorf("migrate: no database at %s (set database.path in the config)", cfg.Database.Path)}
	}
	release, err := store.Lock(cfg.Database.Path)
	if errors.Is(err, store.ErrLocked) {
		return usageError{fmt.Errorf("migrate: database %s is in use: stop tandem run first, so that nothing is written during the copy", cfg.Database.Path)}
	} else if err != nil {
		return err
	}
	defer release()
	src, err := store.Open(ctx, cfg.Database.Path)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.OpenPostgres(ctx, *to, store.PostgresOptions{MaxConns: cfg.Database.MaxConns})
	if err != nil {
		return err
	}
	defer dst.Close()
	tables, err := src.CopyTo(ctx, dst)
	if err != nil {
		return usageError{err}
	}
	rows := 0
	for _, t := range tables {
		fmt.Fprintf(stdout, "%-16s %7d rows  sha256 %s  verified\n", t.Table, t.Rows, t.Checksum[:16])
		rows += t.Rows
	}
	fmt.Fprintf(stdout, "copied %d tables, %d rows, from %s to %s\n", len(tables), rows, cfg.Database.Path, store.Redact(*to))
	fmt.Fprintln(stdout, "next: set database.url (or TANDEM_DATABASE_URL) to that URL, remove database.path, and start tandem run")
	return nil
}
