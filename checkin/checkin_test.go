package checkin_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/checkin"
	"github.com/tandem-dev/tandem/store"
)

// TestCheckinsOncePerFiringAndOnlyForGroupsThatDidNotMeet: a firing queues
// one reminder per active group that has not said it met; the same firing
// again queues nothing.
func TestCheckinsOncePerFiringAndOnlyForGroupsThatDidNotMeet(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "tandem.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CreateProgram(ctx, "", tandem.NewProgram("C1", "UTC")); err != nil {
		t.Fatal(err)
	}
	r, err := db.CreateRound(ctx, "", tandem.Round{Program: "C1", Seed: 1, StartedAt: db.Now(), Groups: []tandem.Group{
		{Members: []tandem.UserID{"U1", "U2"}}, {Members: []tandem.UserID{"U3", "U4"}}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Both intros went out (a check-in follows an intro), then one group met.
	items, err := db.PendingOutbox(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if err := db.MarkSent(ctx, it, "1767261600.000100"); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, _, err := db.RecordClick(ctx, "", r.Groups[0].ID, "U1", tandem.ClickMet); err != nil {
		t.Fatal(err)
	}
	woken := 0
	c := checkin.New(db, func() { woken++ }, nil)
	key := tandem.FiringKey("C1/checkin", time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC))
	if err := c.Scheduled(ctx, key, "C1"); err != nil || woken != 1 {
		t.Fatalf("first run: %v, woken %d", err, woken)
	}
	items, err = db.PendingOutbox(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	var checkins []tandem.OutboxItem
	for _, it := range items {
		if it.Kind == tandem.OutboxCheckin {
			checkins = append(checkins, it)
		}
	}
	if len(checkins) != 1 || checkins[0].Group != r.Groups[1].ID {
		t.Errorf("check-ins queued: %+v; want one, for the group that has not met", checkins)
	}
	if err := c.Scheduled(ctx, key, "C1"); !errors.Is(err, tandem.ErrDuplicate) {
		t.Errorf("the same firing again: %v, want ErrDuplicate and nothing queued", err)
	}
}
