package scheduler

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/internal/logbuf"
	"github.com/tandem-dev/tandem/store"
)

// *store.DB is the ledger the scheduler is wired to in production.
var _ Ledger = (*store.DB)(nil)

// openDB opens a real SQLite file in t.TempDir().
func openDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "tandem.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// harness runs one Scheduler on a fake clock.
type harness struct {
	t      *testing.T
	s      *Scheduler
	clk    *fakeClock
	logs   *logbuf.Buffer
	cancel context.CancelFunc
	done   chan error
}

func newHarness(t *testing.T, ledger Ledger, now time.Time, grace time.Duration) *harness {
	t.Helper()
	clk := newFakeClock(now)
	logs := &logbuf.Buffer{}
	s, err := New(Config{
		Ledger: ledger,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Clock:  clk,
		Grace:  grace,
	})
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, s: s, clk: clk, logs: logs}
}

// start runs the scheduler and returns once its first pass, catch-up
// included, has finished.
func (h *harness) start() {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel, h.done = cancel, make(chan error, 1)
	go func() { h.done <- h.s.Run(ctx) }()
	h.t.Cleanup(h.stop)
	if err := h.settle(); err != nil {
		h.t.Fatal(err)
	}
}

// stop ends Run and waits for it; a second call does nothing.
func (h *harness) stop() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	if err := <-h.done; err != nil {
		h.t.Errorf("Run = %v; want nil", err)
	}
	h.cancel = nil
}

// settle waits until the loop has re-armed its timer after reacting, and
// until every firing it started has finished.
func (h *harness) settle() error {
	select {
	case <-h.clk.armed:
	case <-time.After(10 * time.Second): // a failsafe, not a sleep: a healthy loop answers at once
		return fmt.Errorf("the scheduler loop did not come back")
	}
	h.s.inflight.Wait()
	if n := len(h.clk.armed); n != 0 {
		return fmt.Errorf("the scheduler loop made %d passes more than it had reasons for", n)
	}
	return nil
}

// advanceTo moves the clock to target, stopping at every timer deadline on
// the way so the loop sees each minute it would see in real time.
func (h *harness) advanceTo(target time.Time) {
	h.t.Helper()
	if err := h.tryAdvanceTo(target); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) tryAdvanceTo(target time.Time) error {
	for {
		when, ok := h.clk.earliest()
		if !ok || when.After(target) {
			h.clk.set(target)
			return nil
		}
		if h.clk.set(when) {
			if err := h.settle(); err != nil {
				return err
			}
		}
	}
}

// set replaces or adds a job on the running scheduler and waits for the
// loop to take it in.
func (h *harness) set(job Job) {
	h.t.Helper()
	if err := h.s.Set(job); err != nil {
		h.t.Fatal(err)
	}
	if err := h.settle(); err != nil {
		h.t.Fatal(err)
	}
}

// runs records the instants jobs ran for.
type runs struct {
	mu sync.Mutex
	at map[string][]time.Time
}

func newRuns() *runs { return &runs{at: map[string][]time.Time{}} }

func (r *runs) job(key, spec string, loc *time.Location) Job {
	return Job{Key: key, Spec: spec, Location: loc, Run: func(_ context.Context, at time.Time) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.at[key] = append(r.at[key], at)
		return nil
	}}
}

func (r *runs) of(key string) []time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := append([]time.Time(nil), r.at[key]...)
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// wantRuns fails unless key ran for exactly the instants want.
func wantRuns(t *testing.T, r *runs, key string, want ...time.Time) {
	t.Helper()
	got := r.of(key)
	ok := len(got) == len(want)
	for i := 0; ok && i < len(got); i++ {
		ok = got[i].Equal(want[i])
	}
	if !ok {
		t.Fatalf("%s ran for %s; want %s", key, fmtTimes(got), fmtTimes(want))
	}
}

func fmtTimes(ts []time.Time) string {
	var b bytes.Buffer
	b.WriteString("[")
	for i, t := range ts {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(t.UTC().Format(time.RFC3339))
	}
	b.WriteString("]")
	return b.String()
}

// firings returns key's ledger rows as "local status" lines, oldest first.
func firings(t *testing.T, db *store.DB, key string) []string {
	t.Helper()
	fs, err := db.Firings(context.Background(), key, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(fs) - 1; i >= 0; i-- {
		out = append(out, fs[i].Local+" "+fs[i].Status)
	}
	return out
}
