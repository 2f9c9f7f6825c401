package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tandem-dev/tandem/config"
	"github.com/tandem-dev/tandem/scheduler"
	"github.com/tandem-dev/tandem/store"
)

// exportCommand is `tandem export`: CSV files of the data, safe to run
// while `tandem run` serves the same database (it only reads, in one
// transaction).
func exportCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "", "configuration file (see config.example.yaml)")
	out := fs.String("out", "", "directory to write the CSV files into (required)")
	withText := fs.Bool("with-note-text", false, "include the text of progress notes and quiz questions (private to each partnership)")
	byPerson := fs.Bool("with-answers-by-person", false, "write quiz_answers.csv per person (who chose what) instead of per question")
	aggregates := fs.Bool("aggregates", false, "write the report, skills and trends views as CSV (counts only, under privacy.min_group) instead of the data")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if *out == "" {
		return usageError{errors.New("export: -out DIR is required")}
	}
	if *aggregates && (*withText || *byPerson) {
		return usageError{errors.New("export: -aggregates holds counts only; it cannot be combined with -with-note-text or -with-answers-by-person")}
	}
	cfg, err := config.Load(*path, scheduler.Check)
	if err != nil {
		return usageError{err}
	}
	if cfg.Database.Postgres() {
		db, err := store.OpenPostgres(ctx, cfg.Database.URL, store.PostgresOptions{MaxConns: cfg.Database.MaxConns})
		if err != nil {
			return err
		}
		defer db.Close()
		return export(ctx, db, cfg, *out, *withText, *byPerson, stdout)
	}
	if _, err := os.Stat(cfg.Database.Path); err != nil {
		// Export only reads: it never creates a database.
		if dir := filepath.Dir(cfg.Database.Path); !isFolder(dir) {
			return usageError{fmt.Errorf("export: database %s: folder %s does not exist", cfg.Database.Path, dir)}
		}
		return usageError{fmt.Errorf("export: no database at %s (set database.path in the config)", cfg.Database.Path)}
	}
	db, err := store.Open(ctx, cfg.Database.Path)
	if err != nil {
		return err
	}
	defer db.Close()
	if *aggregates {
		return exportAggregates(ctx, cfg, db, *out, stdout)
	}
	return export(ctx, db, cfg, *out, *withText, *byPerson, stdout)
}

func export(ctx context.Context, db *store.DB, cfg config.Config, out string, withText, byPerson bool, stdout io.Writer) error {
	files, err := db.Export(ctx, out, store.ExportOptions{NoteText: withText, AnswersByPerson: byPerson, MinGroup: cfg.Privacy.MinGroup})
	if err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintln(stdout, f)
	}
	if withText {
		fmt.Fprintln(stdout, "note text is included: these files hold private notes; share them accordingly")
	} else {
		fmt.Fprintln(stdout, "note text is not included (add -with-note-text to include it)")
	}
	if byPerson {
		fmt.Fprintln(stdout, "quiz answers are by person: these files say who answered what; share them accordingly")
	} else {
		fmt.Fprintf(stdout, "quiz answers are counted per question, fewer than %d people never shown (add -with-answers-by-person for who answered what)\n", cfg.Privacy.MinGroup)
	}
	return nil
}

func isFolder(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
