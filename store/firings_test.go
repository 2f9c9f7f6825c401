package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/store"
)

func TestClaimFiringIsUniquePerKeyAndLocalTime(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	// The fall-back hour: 01:30 EDT and 01:30 EST share one wall time, so the
	// second claim must lose even though the instants differ.
	edt := time.Date(2025, 11, 2, 5, 30, 0, 0, time.UTC)
	est := edt.Add(time.Hour)

	ok, err := db.ClaimFiring(ctx, "C1/match", "2025-11-02T01:30", edt)
	if err != nil || !ok {
		t.Fatalf("first claim = %v, %v; want true, nil", ok, err)
	}
	ok, err = db.ClaimFiring(ctx, "C1/match", "2025-11-02T01:30", est)
	if err != nil || ok {
		t.Fatalf("second claim of the same minute = %v, %v; want false, nil", ok, err)
	}
	ok, err = db.SkipFiring(ctx, "C1/match", "2025-11-02T01:30", edt, "late")
	if err != nil || ok {
		t.Fatalf("skip of a claimed minute = %v, %v; want false, nil", ok, err)
	}
	// Another job, or another minute, is a different firing.
	if ok, err := db.ClaimFiring(ctx, "C2/match", "2025-11-02T01:30", edt); err != nil || !ok {
		t.Fatalf("claim of another job = %v, %v; want true, nil", ok, err)
	}
	if ok, err := db.ClaimFiring(ctx, "C1/match", "2025-11-02T01:31", edt.Add(time.Minute)); err != nil || !ok {
		t.Fatalf("claim of another minute = %v, %v; want true, nil", ok, err)
	}

	got, err := db.Firings(ctx, "C1/match", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[1].Local != "2025-11-02T01:30" || !got[1].At.Equal(edt) || got[1].Status != store.FiringRunning {
		t.Fatalf("firings = %+v; want the 01:31 claim and the first 01:30 claim, running", got)
	}
}

func TestClaimFiringConcurrentHasOneWinner(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	wins := 0
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := db.ClaimFiring(ctx, "C1/match", "2026-01-05T09:00", at)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Fatalf("%d claims won; want exactly 1", wins)
	}
}

func TestFinishFiringRecordsOutcome(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for _, local := range []string{"2026-01-05T09:00", "2026-01-06T09:00"} {
		if _, err := db.ClaimFiring(ctx, "job", local, at); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.FinishFiring(ctx, "job", "2026-01-05T09:00", nil); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("é", 1000) // 2000 bytes: must be cut on a rune boundary
	if err := db.FinishFiring(ctx, "job", "2026-01-06T09:00", errors.New(long)); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishFiring(ctx, "job", "2026-01-06T09:00", nil); err == nil {
		t.Fatal("finishing a finished firing succeeded; want an error")
	}
	if err := db.FinishFiring(ctx, "job", "2026-01-07T09:00", nil); err == nil {
		t.Fatal("finishing an unclaimed firing succeeded; want an error")
	}
	got, err := db.Firings(ctx, "job", 10)
	if err != nil {
		t.Fatal(err)
	}
	byLocal := map[string]store.Firing{}
	for _, f := range got {
		byLocal[f.Local] = f
	}
	if f := byLocal["2026-01-05T09:00"]; f.Status != store.FiringRan || f.Error != "" || f.FinishedAt.IsZero() {
		t.Errorf("ran firing = %+v", f)
	}
	f := byLocal["2026-01-06T09:00"]
	if f.Status != store.FiringFailed || len(f.Error) > 1000 || !strings.HasPrefix(long, f.Error) || f.Error == "" {
		t.Errorf("failed firing = status %q, error of %d bytes", f.Status, len(f.Error))
	}
}

func TestLastFiringReturnsNewest(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	if _, ok, err := db.LastFiring(ctx, "job"); err != nil || ok {
		t.Fatalf("LastFiring of a job that never fired = %v, %v; want false, nil", ok, err)
	}
	base := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	// Recorded out of order, and with a skipped one newest: Last goes by the
	// scheduled instant whatever the status.
	for _, d := range []int{2, 0, 3, 1} {
		at := base.AddDate(0, 0, d)
		local := at.Format("2006-01-02T15:04")
		if d == 3 {
			if _, err := db.SkipFiring(ctx, "job", local, at, "missed"); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if _, err := db.ClaimFiring(ctx, "job", local, at); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ClaimFiring(ctx, "other", "2030-01-01T00:00", base.AddDate(4, 0, 0)); err != nil {
		t.Fatal(err)
	}
	got, ok, err := db.LastFiring(ctx, "job")
	if err != nil || !ok {
		t.Fatalf("LastFiring = %v, %v", ok, err)
	}
	if want := base.AddDate(0, 0, 3); !got.Equal(want) {
		t.Fatalf("LastFiring = %v; want %v", got, want)
	}
}

func TestPruneFiringsKeepsNewestPerJob(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	base := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	for d := 0; d < 5; d++ {
		at := base.AddDate(0, 0, d)
		if _, err := db.ClaimFiring(ctx, "daily", at.Format("2006-01-02T15:04"), at); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ClaimFiring(ctx, "yearly", "2025-01-01T09:00", base); err != nil {
		t.Fatal(err)
	}
	n, err := db.PruneFirings(ctx, base.AddDate(0, 0, 10))
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Fatalf("pruned %d firings; want 4 (all but the newest daily one)", n)
	}
	for key, want := range map[string]time.Time{"daily": base.AddDate(0, 0, 4), "yearly": base} {
		got, ok, err := db.LastFiring(ctx, key)
		if err != nil || !ok || !got.Equal(want) {
			t.Errorf("LastFiring(%s) after prune = %v, %v, %v; want %v", key, got, ok, err, want)
		}
	}
}
