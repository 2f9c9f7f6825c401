package main

import (
	"context"
	"flag"
	"io"

	"github.com/tandem-dev/tandem/config"
	"github.com/tandem-dev/tandem/scheduler"
)

// runCommand is `tandem run`: serve a Slack workspace until SIGINT/SIGTERM.
func runCommand(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "", "configuration file (see config.example.yaml)")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	cfg, err := config.Load(*path, scheduler.Check)
	if err != nil {
		return usageError{err}
	}
	if err := cfg.ValidateForRun(); err != nil {
		return usageError{err}
	}
	log := newLogger(cfg, stderr)
	a, err := openApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.close()
	log.Info("tandem starting", "version", version, "database", cfg.Database.Where())
	if err := a.serve(ctx); err != nil {
		return err
	}
	log.Info("tandem stopped")
	return nil
}
