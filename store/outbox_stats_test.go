package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
)

func TestOutboxBacklogCountsPendingByKind(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	if got, err := db.OutboxBacklog(ctx); err != nil || len(got) != 0 {
		t.Fatalf("empty outbox: %v, %v", got, err)
	}
	queued := db.Now()
	r := tandem.Round{Program: "C1", Seed: 1, StartedAt: queued, Groups: []tandem.Group{
		{Members: []tandem.UserID{"U1", "U2"}, Score: 1},
		{Members: []tandem.UserID{"U3", "U4"}, Score: 1},
	}, LeftOut: []tandem.LeftOut{{User: "U5", Code: tandem.LeftAlone}}}
	if _, err := db.CreateRound(ctx, "", r, []tandem.UserID{"U9"}); err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return queued.Add(time.Hour) }
	items, err := db.PendingOutbox(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Kind == tandem.OutboxIntro {
			if err := db.MarkSent(ctx, it, "1.1"); err != nil {
				t.Fatal(err)
			}
			break // one intro sent, one still pending
		}
	}
	got, err := db.OutboxBacklog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[tandem.OutboxKind]int{tandem.OutboxIntro: 1, tandem.OutboxLeftOut: 1, tandem.OutboxSummary: 1}
	if len(got) != len(want) {
		t.Fatalf("backlog = %+v, want %v", got, want)
	}
	for _, b := range got {
		if b.Pending != want[b.Kind] || !b.Oldest.Equal(queued) {
			t.Errorf("%s: %d pending, oldest %v; want %d queued at %v", b.Kind, b.Pending, b.Oldest, want[b.Kind], queued)
		}
	}
}
