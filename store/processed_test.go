package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
)

func TestDedupeAppliesEffectOnce(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	add := func(key string) error {
		_, err := db.UpdateProfile(ctx, tandem.Key(key), "U1", func(p *tandem.Profile) error {
			p.Location += "x"
			return nil
		})
		return err
	}
	if err := add("env-1"); err != nil {
		t.Fatal(err)
	}
	if err := add("env-1"); !errors.Is(err, tandem.ErrDuplicate) {
		t.Fatalf("second delivery: %v, want ErrDuplicate", err)
	}
	if err := add("env-2"); err != nil {
		t.Fatal(err)
	}
	p, _ := db.Profile(ctx, "U1")
	if p.Location != "xx" {
		t.Fatalf("location %q: want two effects for two keys, got %d", p.Location, len(p.Location))
	}
	if ok, err := db.Processed(ctx, "env-1"); err != nil || !ok {
		t.Fatalf("processed env-1: %v %v", ok, err)
	}
	if ok, _ := db.Processed(ctx, "env-3"); ok {
		t.Fatal("env-3 reported processed")
	}
}

func TestPruneProcessedKeepsRecentKeys(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	set := func(key string) {
		if _, err := db.UpdateProfile(ctx, tandem.Key(key), "U1", func(p *tandem.Profile) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	set("old")
	db.Now = func() time.Time { return time.Date(2026, 1, 7, 9, 0, 0, 0, time.UTC) }
	set("new")
	if err := db.PruneProcessed(ctx, time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if ok, _ := db.Processed(ctx, "old"); ok {
		t.Error("old key kept")
	}
	if ok, _ := db.Processed(ctx, "new"); !ok {
		t.Error("recent key pruned")
	}
}
