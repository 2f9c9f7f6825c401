package round_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/round"
	"github.com/tandem-dev/tandem/store"
)

// channel is the program of these tests.
const channel tandem.ChannelID = "C0LEARN001"

// members is a directory that knows one channel's members: what Slack would
// answer, which is the one thing these tests cannot run.
type members []tandem.Member

func (m members) Members(context.Context, tandem.ChannelID) ([]tandem.Member, error) { return m, nil }

func openStore(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "tandem.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.CreateProgram(context.Background(), "", tandem.NewProgram(channel, "UTC")); err != nil {
		t.Fatal(err)
	}
	return db
}

func people(ids ...tandem.UserID) members {
	var m members
	for _, id := range ids {
		m = append(m, tandem.Member{ID: id, TZ: "Europe/Berlin"})
	}
	return m
}

// TestRoundSavesGroupsWithTheirReasonsAndQueuesEveryMessage: a round of
// five people (one paused) saves two pairs with the reasons behind them,
// nobody twice, and one outbox message per intro and summary.
func TestRoundSavesGroupsWithTheirReasonsAndQueuesEveryMessage(t *testing.T) {
	t.Parallel()
	db := openStore(t)
	ctx := context.Background()
	set := func(u tandem.UserID, fn func(*tandem.Profile)) {
		if _, err := db.UpdateProfile(ctx, "", u, func(p *tandem.Profile) error { fn(p); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	set("U1", func(p *tandem.Profile) { p.Teach, p.Learn = []string{"go"}, []string{"sql"} })
	set("U2", func(p *tandem.Profile) { p.Teach, p.Learn = []string{"sql"}, []string{"go"} })
	set("U5", func(p *tandem.Profile) { p.PausedUntil = tandem.Forever })
	woken := 0
	r := round.New(round.Config{Store: db, Directory: people("U1", "U2", "U3", "U4", "U5"), Wake: func() { woken++ },
		Now: func() time.Time { return time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC) }, Seed: func() int64 { return 42 }})

	rd, err := r.Now(ctx, "envelope:E1", channel, "U0ADMIN")
	if err != nil {
		t.Fatal(err)
	}
	if len(rd.Groups) != 2 || rd.Seed != 42 || woken == 0 {
		t.Fatalf("round: %d groups, seed %d, woken %d", len(rd.Groups), rd.Seed, woken)
	}
	placed := map[tandem.UserID]int{}
	tandemFound := false
	for _, g := range rd.Groups {
		for _, m := range g.Members {
			placed[m]++
		}
		for _, why := range g.Reasons {
			tandemFound = tandemFound || why.Kind == tandem.KindTandem
		}
	}
	if placed["U5"] != 0 || len(placed) != 4 || !tandemFound {
		t.Errorf("placed %v (U5 is paused), tandem reason found: %v", placed, tandemFound)
	}
	saved, err := db.Round(ctx, rd.ID)
	if err != nil || len(saved.Groups) != 2 || len(saved.Groups[0].Reasons) == 0 {
		t.Fatalf("saved round: %+v, %v", saved, err)
	}
	progress, err := db.RoundProgress(ctx, rd.ID)
	if err != nil || progress.Pending != 2 { // the two intros; the summary waits for them
		t.Errorf("queued messages: %+v, %v", progress, err)
	}
	// The same request again (a redelivered envelope) matches nobody twice.
	if _, err := r.Now(ctx, "envelope:E1", channel, "U0ADMIN"); !errors.Is(err, tandem.ErrDuplicate) {
		t.Errorf("the same request again: %v, want ErrDuplicate", err)
	}
}

// TestScheduledRoundOncePerFiring: a firing run twice (after a crash)
// saves one round, and the second run is no error.
func TestScheduledRoundOncePerFiring(t *testing.T) {
	t.Parallel()
	db := openStore(t)
	ctx := context.Background()
	r := round.New(round.Config{Store: db, Directory: people("U1", "U2", "U3"), Admins: []tandem.UserID{"U0ADMIN"}})
	key := tandem.FiringKey(string(channel)+"/match", time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	for range 2 {
		if err := r.Scheduled(ctx, key, channel); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := db.RoundCount(ctx, channel); err != nil || n != 1 {
		t.Errorf("%d rounds, %v; want 1", n, err)
	}
	latest, err := db.LatestRound(ctx, channel)
	if err != nil || len(latest.Groups) != 1 || len(latest.Groups[0].Members) != 3 {
		t.Errorf("three people in pairs mode: %+v, %v; want one trio", latest.Groups, err)
	}
}
