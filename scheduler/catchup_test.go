package scheduler

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCatchUpAfterDowntime(t *testing.T) {
	t.Parallel()
	berlin := mustZone(t, "Europe/Berlin")
	day := func(d, h int) time.Time { return time.Date(2026, 1, d, h, 0, 0, 0, berlin) }

	// runUntilDown runs a first scheduler through Monday's 09:00 firing and
	// stops it at 10:00, as if tandem went down then.
	runUntilDown := func(t *testing.T) (*runs, func(now time.Time, grace time.Duration) *harness) {
		db := openDB(t)
		r := newRuns()
		h := newHarness(t, db, day(5, 8), 0)
		if err := h.s.Set(r.job("C1/match", "0 9 * * *", berlin)); err != nil {
			t.Fatal(err)
		}
		h.start()
		h.advanceTo(day(5, 10))
		h.stop()
		wantRuns(t, r, "C1/match", day(5, 9))
		restart := func(now time.Time, grace time.Duration) *harness {
			h := newHarness(t, db, now, grace)
			if err := h.s.Set(r.job("C1/match", "0 9 * * *", berlin)); err != nil {
				t.Fatal(err)
			}
			h.start()
			return h
		}
		return r, restart
	}

	t.Run("within the grace window the missed firing runs once", func(t *testing.T) {
		t.Parallel()
		r, restart := runUntilDown(t)
		// Down through Tuesday's and Wednesday's 09:00; back at 11:00 Wednesday.
		h := restart(day(7, 11), 0)
		h.advanceTo(day(7, 23))
		wantRuns(t, r, "C1/match", day(5, 9), day(7, 9))
		if logs := h.logs.String(); !strings.Contains(logs, `msg="running a missed firing" job=C1/match scheduled=2026-01-07T09:00 late=2h0m0s`) {
			t.Errorf("logs lack the catch-up line:\n%s", logs)
		}
		h.advanceTo(day(8, 9).Add(time.Minute))
		wantRuns(t, r, "C1/match", day(5, 9), day(7, 9), day(8, 9))
	})

	t.Run("outside the grace window it is logged and skipped", func(t *testing.T) {
		t.Parallel()
		r, restart := runUntilDown(t)
		h := restart(day(6, 16), 0) // 7 hours after Tuesday's 09:00
		wantRuns(t, r, "C1/match", day(5, 9))
		logs := h.logs.String()
		if !strings.Contains(logs, `level=WARN msg="missed firing not run: it is later than the grace window" job=C1/match scheduled=2026-01-06T09:00 late=7h0m0s grace=6h0m0s`) {
			t.Errorf("logs lack the skipped line:\n%s", logs)
		}
		// The next firing runs as usual.
		h.advanceTo(day(7, 10))
		wantRuns(t, r, "C1/match", day(5, 9), day(7, 9))
	})

	t.Run("the grace window is configurable", func(t *testing.T) {
		t.Parallel()
		r, restart := runUntilDown(t)
		restart(day(6, 16), 8*time.Hour)
		wantRuns(t, r, "C1/match", day(5, 9), day(6, 9))
	})
}

func TestCatchUpIsRecordedInTheLedger(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	r := newRuns()
	at := func(d, h int) time.Time { return time.Date(2026, 1, d, h, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		key  string
		down time.Time
	}{{"late", at(6, 12)}, {"too-late", at(6, 20)}} {
		if _, err := db.ClaimFiring(context.Background(), c.key, "2026-01-05T09:00", at(5, 9)); err != nil {
			t.Fatal(err)
		}
		h := newHarness(t, db, c.down, 0)
		if err := h.s.Set(r.job(c.key, "0 9 * * *", time.UTC)); err != nil {
			t.Fatal(err)
		}
		h.start()
		h.stop()
	}
	if got, want := firings(t, db, "late"), []string{"2026-01-05T09:00 running", "2026-01-06T09:00 ran"}; !slices.Equal(got, want) {
		t.Errorf("ledger of late = %q; want %q", got, want)
	}
	if got, want := firings(t, db, "too-late"), []string{"2026-01-05T09:00 running", "2026-01-06T09:00 skipped"}; !slices.Equal(got, want) {
		t.Errorf("ledger of too-late = %q; want %q", got, want)
	}
}

func TestNewJobCatchesUpFromSince(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	r := newRuns()
	now := time.Date(2026, 1, 6, 10, 0, 0, 0, time.UTC)
	h := newHarness(t, db, now, 0)
	h.start()

	// Created at 08:00, the process was down at 09:00: catch up, once.
	created := r.job("created-0800", "0 9 * * *", time.UTC)
	created.Since = now.Add(-2 * time.Hour)
	h.set(created)
	// No Since and no history: nothing to catch up.
	h.set(r.job("no-since", "0 9 * * *", time.UTC))
	// Created after 09:00: nothing was missed.
	later := r.job("created-0930", "0 9 * * *", time.UTC)
	later.Since = now.Add(-30 * time.Minute)
	h.set(later)

	wantRuns(t, r, "created-0800", time.Date(2026, 1, 6, 9, 0, 0, 0, time.UTC))
	wantRuns(t, r, "no-since")
	wantRuns(t, r, "created-0930")
}
