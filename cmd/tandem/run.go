package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sync"

	"github.com/tandem-dev/tandem/config"
	"github.com/tandem-dev/tandem/metrics"
	"github.com/tandem-dev/tandem/ops"
	"github.com/tandem-dev/tandem/scheduler"
)

// runCommand is `tandem run`: serve a Slack workspace until SIGINT/SIGTERM,
// and the operator's endpoint on http.listen alongside.
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
	// Metrics are kept only when something can scrape them.
	var m *metrics.Metrics
	if cfg.HTTP.Listen != "" {
		m = metrics.New()
	}
	a, err := openApp(ctx, cfg, log, m)
	if err != nil {
		return err
	}
	defer a.close()

	// The endpoint stops with the process, before the database closes.
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	if m != nil {
		srv, err := ops.Listen(ops.Config{Addr: cfg.HTTP.Listen, Checks: a.readiness(), Metrics: m.Handler(), Log: log})
		if err != nil {
			return usageError{fmt.Errorf("http.listen: %w", err)}
		}
		wg.Go(func() {
			if err := srv.Serve(ctx); err != nil {
				log.Error("operator endpoint stopped", "err", err)
			}
		})
	}
	log.Info("tandem starting", "version", version, "database", cfg.Database.Where())
	if err := a.serve(ctx); err != nil {
		return err
	}
	log.Info("tandem stopped")
	return nil
}
