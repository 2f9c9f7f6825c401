package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/tandem-dev/tandem/config"
	"github.com/tandem-dev/tandem/scheduler"
	"github.com/tandem-dev/tandem/store"
)

// backupCommand is `tandem backup`: a consistent copy of the SQLite
// database, safe while `tandem run` serves it, checked before it is named.
// On PostgreSQL it says to use pg_dump and exits 2.
func backupCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("backup", flag.ContinueOnError)
	flags.SetOutput(stderr)
	path := flags.String("config", "", "configuration file (see config.example.yaml)")
	out := flags.String("out", "", "file to write the copy to; it must not exist (required)")
	if err := flags.Parse(args); err != nil {
		return usageError{err}
	}
	if *out == "" {
		return usageError{errors.New("backup: -out FILE is required")}
	}
	cfg, err := config.Load(*path, scheduler.Check)
	if err != nil {
		return usageError{err}
	}
	if cfg.Database.Postgres() {
		return usageError{errors.New("backup: the database is PostgreSQL: back it up with pg_dump (see docs/deploy.md, Backups on PostgreSQL); tandem backup copies SQLite files")}
	}
	if _, err := os.Stat(cfg.Database.Path); err != nil {
		return usageError{fmt.Errorf("backup: no database at %s (set database.path in the config)", cfg.Database.Path)}
	}
	size, err := store.Backup(ctx, cfg.Database.Path, *out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usageError{fmt.Errorf("backup: cannot create %s: its directory does not exist", *out)}
	case errors.Is(err, fs.ErrExist):
		return usageError{fmt.Errorf("backup: %s already exists; name a new file", *out)}
	case err != nil:
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s (%d bytes, integrity check ok)\n", cfg.Database.Path, *out, size)
	fmt.Fprintln(stdout, "to restore: stop tandem, remove the database's -wal and -shm files, copy the backup over the database file, start tandem")
	return nil
}
