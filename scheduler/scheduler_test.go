package scheduler

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestSpringForwardFiresOnce(t *testing.T) {
	t.Parallel()
	ny := mustZone(t, "America/New_York")
	db := openDB(t)
	h := newHarness(t, db, time.Date(2025, 3, 8, 0, 0, 0, 0, ny), 0)
	r := newRuns()
	if err := h.s.Set(r.job("C1/match", "30 2 * * *", ny)); err != nil {
		t.Fatal(err)
	}
	h.start()
	h.advanceTo(time.Date(2025, 3, 11, 0, 0, 0, 0, ny))

	wantRuns(t, r, "C1/match",
		time.Date(2025, 3, 8, 7, 30, 0, 0, time.UTC),  // 02:30 EST
		time.Date(2025, 3, 9, 7, 0, 0, 0, time.UTC),   // 02:30 does not exist: 03:00 EDT
		time.Date(2025, 3, 10, 6, 30, 0, 0, time.UTC), // 02:30 EDT
	)
	want := []string{"2025-03-08T02:30 ran", "2025-03-09T02:30 ran", "2025-03-10T02:30 ran"}
	if got := firings(t, db, "C1/match"); !slices.Equal(got, want) {
		t.Fatalf("ledger = %q; want %q", got, want)
	}
}

func TestFallBackFiresOnceEvenAcrossARestart(t *testing.T) {
	t.Parallel()
	ny := mustZone(t, "America/New_York")
	db := openDB(t)
	r := newRuns()
	jobs := []Job{r.job("at0130", "30 1 * * *", ny), r.job("at0230", "30 2 * * *", ny)}

	h1 := newHarness(t, db, time.Date(2025, 11, 1, 0, 0, 0, 0, ny), 0)
	for _, j := range jobs {
		if err := h1.s.Set(j); err != nil {
			t.Fatal(err)
		}
	}
	h1.start()
	// Stop inside the repeated hour, at 01:10 EST, after 01:30 EDT ran, and
	// restart: the second 01:30 must not run.
	restart := time.Date(2025, 11, 2, 6, 10, 0, 0, time.UTC)
	h1.advanceTo(restart)
	h1.stop()

	h2 := newHarness(t, db, restart, 0)
	for _, j := range jobs {
		if err := h2.s.Set(j); err != nil {
			t.Fatal(err)
		}
	}
	h2.start()
	h2.advanceTo(time.Date(2025, 11, 3, 0, 0, 0, 0, ny))

	wantRuns(t, r, "at0130",
		time.Date(2025, 11, 1, 5, 30, 0, 0, time.UTC), // 01:30 EDT
		time.Date(2025, 11, 2, 5, 30, 0, 0, time.UTC), // 01:30 EDT, the first of two
	)
	wantRuns(t, r, "at0230",
		time.Date(2025, 11, 1, 6, 30, 0, 0, time.UTC), // 02:30 EDT
		time.Date(2025, 11, 2, 7, 30, 0, 0, time.UTC), // 02:30 EST
	)
}

func TestDoubleFireOfOneMinuteRunsOnce(t *testing.T) {
	t.Parallel()
	ny := mustZone(t, "America/New_York")
	db := openDB(t)
	h := newHarness(t, db, time.Date(2025, 11, 2, 0, 0, 0, 0, ny), 0)
	r := newRuns()
	if err := h.s.Set(r.job("C1/match", "30 1 * * *", ny)); err != nil {
		t.Fatal(err)
	}
	// What robfig does on a fall-back night: fire at 01:30 EDT and again at
	// 01:30 EST. Both carry the wall time 2025-11-02T01:30.
	sl := h.s.jobs["C1/match"]
	edt := time.Date(2025, 11, 2, 5, 30, 0, 0, time.UTC)
	h.s.fire(context.Background(), sl, firing{at: edt, local: "2025-11-02T01:30"})
	h.s.fire(context.Background(), sl, firing{at: edt.Add(time.Hour), local: "2025-11-02T01:30"})
	wantRuns(t, r, "C1/match", edt)
}

func TestTwoSchedulersOnOneDatabaseRunOnce(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	start := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	r := newRuns()
	hs := []*harness{newHarness(t, db, start, 0), newHarness(t, db, start, 0)}
	for _, h := range hs {
		if err := h.s.Set(r.job("C1/match", "0 9 * * *", time.UTC)); err != nil {
			t.Fatal(err)
		}
		h.start()
	}
	// Both reach 09:00 at the same time.
	var wg sync.WaitGroup
	errs := make([]error, len(hs))
	for i, h := range hs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = h.tryAdvanceTo(start.Add(26 * time.Hour))
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	wantRuns(t, r, "C1/match", time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC), time.Date(2026, 1, 6, 9, 0, 0, 0, time.UTC))
}

func TestPanickingJobDoesNotStopOthers(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	h := newHarness(t, db, start, 0)
	r := newRuns()
	if err := h.s.Set(Job{Key: "boom", Spec: "*/5 * * * *", Run: func(context.Context, time.Time) error {
		var m map[string]int
		m["nil map"]++ // a real bug, not a deliberate panic(...)
		return nil
	}}); err != nil {
		t.Fatal(err)
	}
	if err := h.s.Set(r.job("ok", "*/5 * * * *", nil)); err != nil {
		t.Fatal(err)
	}
	h.start()
	h.advanceTo(start.Add(12 * time.Minute))

	wantRuns(t, r, "ok", start.Add(5*time.Minute), start.Add(10*time.Minute))
	if got, want := firings(t, db, "boom"), []string{"2026-01-05T00:05 failed", "2026-01-05T00:10 failed"}; !slices.Equal(got, want) {
		t.Errorf("ledger of boom = %q; want %q", got, want)
	}
	logs := h.logs.String()
	if !strings.Contains(logs, `msg="job panicked" job=boom panic="assignment to entry in nil map" stack=`) {
		t.Errorf("logs lack the panic with its stack:\n%s", logs)
	}
	select {
	case err := <-h.done:
		t.Fatalf("Run ended after a panic: %v", err)
	default:
	}
}

func TestJobErrorIsLoggedAndRecorded(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	start := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	h := newHarness(t, db, start, 0)
	if err := h.s.Set(Job{Key: "C1/match", Spec: "0 9 * * *", Run: func(context.Context, time.Time) error {
		return errors.New("post intro: slack said ratelimited")
	}}); err != nil {
		t.Fatal(err)
	}
	h.start()
	h.advanceTo(start.Add(2 * time.Hour))
	fs, err := db.Firings(context.Background(), "C1/match", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Status != "failed" || fs[0].Error != "post intro: slack said ratelimited" {
		t.Fatalf("ledger = %+v; want one failed firing with the error", fs)
	}
	if logs := h.logs.String(); !strings.Contains(logs, `level=ERROR msg="job failed" job=C1/match scheduled=2026-01-05T09:00 err="post intro: slack said ratelimited"`) {
		t.Errorf("logs lack the failure:\n%s", logs)
	}
}

func TestSetChangesTheScheduleWhileRunning(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	at := func(d, h int) time.Time { return time.Date(2026, 1, d, h, 0, 0, 0, time.UTC) }
	h := newHarness(t, db, at(5, 8), 0)
	r := newRuns()
	if err := h.s.Set(r.job("C1/match", "0 9 * * *", time.UTC)); err != nil {
		t.Fatal(err)
	}
	h.start()
	h.advanceTo(at(5, 9).Add(30 * time.Minute))
	wantRuns(t, r, "C1/match", at(5, 9))

	// 09:15 has passed today under the new spec, but it was never due: it
	// must not run as if it were missed.
	h.set(r.job("C1/match", "15 9 * * *", time.UTC))
	wantRuns(t, r, "C1/match", at(5, 9))

	h.set(r.job("C1/match", "0 10 * * *", time.UTC))
	h.advanceTo(at(6, 10).Add(30 * time.Minute))
	wantRuns(t, r, "C1/match", at(5, 9), at(5, 10), at(6, 10))

	// A bad spec is refused and the old schedule stays.
	var se *SpecError
	if err := h.s.Set(r.job("C1/match", "0 9 31 2 *", time.UTC)); !errors.As(err, &se) {
		t.Fatalf("Set with an impossible spec = %v; want a *SpecError", err)
	}

	// The same spec with a new func keeps its place and runs the new func.
	var replaced atomic.Int32
	h.set(Job{Key: "C1/match", Spec: "0 10 * * *", Location: time.UTC, Run: func(context.Context, time.Time) error {
		replaced.Add(1)
		return nil
	}})
	h.advanceTo(at(7, 10).Add(30 * time.Minute))
	if replaced.Load() != 1 {
		t.Fatalf("replaced func ran %d times; want 1", replaced.Load())
	}

	if !h.s.Remove("C1/match") {
		t.Fatal("Remove = false; want true")
	}
	if err := h.settle(); err != nil {
		t.Fatal(err)
	}
	h.advanceTo(at(9, 12))
	if replaced.Load() != 1 || len(r.of("C1/match")) != 3 {
		t.Fatal("a removed job ran")
	}
	if keys := h.s.Keys(); len(keys) != 0 {
		t.Fatalf("Keys after Remove = %q; want none", keys)
	}
}

func TestEveryFiresOnItsPhase(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	start := time.Date(2026, 1, 5, 8, 0, 3, 500e6, time.UTC)
	h := newHarness(t, db, start, 0)
	r := newRuns()
	if err := h.s.Set(r.job("tick", "@every 20s", time.UTC)); err != nil {
		t.Fatal(err)
	}
	h.start()
	h.advanceTo(start.Add(time.Minute))
	base := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	wantRuns(t, r, "tick", base.Add(20*time.Second), base.Add(40*time.Second), base.Add(60*time.Second))
}

func TestStillRunningFiringIsSkipped(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	h := newHarness(t, db, time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), 0)
	started, release := make(chan struct{}), make(chan struct{})
	var calls atomic.Int32
	if err := h.s.Set(Job{Key: "slow", Spec: "* * * * *", Run: func(context.Context, time.Time) error {
		if calls.Add(1) == 1 {
			close(started)
			<-release
		}
		return nil
	}}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sl := h.s.jobs["slow"]
	first := firing{at: time.Date(2026, 1, 5, 8, 1, 0, 0, time.UTC), local: "2026-01-05T08:01"}
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.s.fire(ctx, sl, first)
	}()
	<-started

	h.s.fire(ctx, sl, firing{at: first.at.Add(time.Minute), local: "2026-01-05T08:02"})
	close(release)
	<-done

	if calls.Load() != 1 {
		t.Errorf("job ran %d times; want 1", calls.Load())
	}
	if got, want := firings(t, db, "slow"), []string{"2026-01-05T08:01 ran", "2026-01-05T08:02 skipped"}; !slices.Equal(got, want) {
		t.Errorf("ledger = %q; want %q", got, want)
	}
	if logs := h.logs.String(); !strings.Contains(logs, `msg="firing skipped: the previous run is still going" job=slow scheduled=2026-01-05T08:02`) {
		t.Errorf("logs lack the skip:\n%s", logs)
	}
}

func TestRunWaitsForJobsInFlight(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	start := time.Date(2026, 1, 5, 8, 59, 0, 0, time.UTC)
	h := newHarness(t, db, start, 0)
	started := make(chan struct{})
	var finished atomic.Bool
	if err := h.s.Set(Job{Key: "long", Spec: "0 9 * * *", Run: func(ctx context.Context, _ time.Time) error {
		close(started)
		<-ctx.Done() // a job honouring ctx: it stops when the scheduler does
		finished.Store(true)
		return ctx.Err()
	}}); err != nil {
		t.Fatal(err)
	}
	h.start()
	if err := h.s.Run(context.Background()); err == nil {
		t.Error("a second concurrent Run succeeded; want an error")
	}
	h.clk.set(start.Add(time.Minute))
	<-started
	h.cancel()
	if err := <-h.done; err != nil {
		t.Fatalf("Run = %v; want nil", err)
	}
	h.cancel = nil
	if !finished.Load() {
		t.Fatal("Run returned before the job in flight finished")
	}
	fs, err := db.Firings(context.Background(), "long", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Status != "failed" {
		t.Fatalf("ledger = %+v; want the interrupted run recorded as failed", fs)
	}
}

func TestNewAndSetRefuseBadInput(t *testing.T) {
	t.Parallel()
	if _, err := New(Config{}); err == nil {
		t.Error("New without a ledger succeeded")
	}
	db := openDB(t)
	if _, err := New(Config{Ledger: db, Grace: -time.Second}); err == nil {
		t.Error("New with a negative grace succeeded")
	}
	s, err := New(Config{Ledger: db})
	if err != nil {
		t.Fatal(err)
	}
	run := func(context.Context, time.Time) error { return nil }
	for _, j := range []Job{
		{Spec: "@daily", Run: run},
		{Key: "k", Spec: "@daily"},
		{Key: "k", Spec: "TZ=0", Run: run},
	} {
		if err := s.Set(j); err == nil {
			t.Errorf("Set(%+v) succeeded", j)
		}
	}
	if len(s.Keys()) != 0 {
		t.Errorf("Keys = %q after refused Sets", s.Keys())
	}
}
