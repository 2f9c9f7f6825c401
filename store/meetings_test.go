package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/store"
)

func TestRecordClickSettlesTheGroupOnce(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	r := matched(t, db, "C1", []tandem.UserID{"U1", "U2"}, []tandem.UserID{"U3", "U4"})
	met, skip := r.Groups[0].ID, r.Groups[1].ID

	g, by, changed, err := db.RecordClick(ctx, tandem.Key("envelope:A"), met, "U1", tandem.ClickMet)
	if err != nil || !changed || !g.Met() || g.MetBy != "U1" || by.User != "U1" || by.Action != tandem.ClickMet {
		t.Fatalf("first We met: %+v by %+v, changed %v, %v", g, by, changed, err)
	}
	// The same envelope again: refused as a duplicate.
	if _, _, _, err := db.RecordClick(ctx, tandem.Key("envelope:A"), met, "U1", tandem.ClickMet); !errors.Is(err, tandem.ErrDuplicate) {
		t.Errorf("redelivered click: %v, want ErrDuplicate", err)
	}
	// A double click, and the partner's click after it: nothing changes.
	for _, u := range []tandem.UserID{"U1", "U2"} {
		g, by, changed, err = db.RecordClick(ctx, "", met, u, tandem.ClickMet)
		if err != nil || changed || g.MetBy != "U1" || by.User != "U1" {
			t.Errorf("later We met by %s: met by %s (settled by %s), changed %v, %v", u, g.MetBy, by.User, changed, err)
		}
	}
	// A group that met cannot be skipped.
	if g, _, changed, _ := db.RecordClick(ctx, "", met, "U2", tandem.ClickSkip); changed || g.Status != tandem.GroupActive {
		t.Errorf("skip after meeting changed the group: %+v", g)
	}

	g, by, changed, err = db.RecordClick(ctx, "", skip, "U4", tandem.ClickSkip)
	if err != nil || !changed || g.Status != tandem.GroupSkipped || by.User != "U4" || by.Action != tandem.ClickSkip {
		t.Fatalf("skip: %+v by %+v, changed %v, %v", g, by, changed, err)
	}
	if g, by, changed, _ := db.RecordClick(ctx, "", skip, "U3", tandem.ClickMet); changed || g.Met() || by.User != "U4" {
		t.Errorf("We met after a skip changed the group: %+v by %+v", g, by)
	}

	// Someone outside the partnership: refused, nothing recorded.
	if _, _, _, err := db.RecordClick(ctx, "", skip, "U1", tandem.ClickMet); tandem.ErrorCode(err) != tandem.EFORBIDDEN {
		t.Errorf("outsider: %v, want EFORBIDDEN", err)
	}
	if g, _ := db.Group(ctx, skip); g.Met() || g.Status != tandem.GroupSkipped {
		t.Errorf("outsider changed the group: %+v", g)
	}
	if _, _, _, err := db.RecordClick(ctx, "", 999, "U1", tandem.ClickMet); tandem.ErrorCode(err) != tandem.ENOTFOUND {
		t.Errorf("missing group: %v, want ENOTFOUND", err)
	}
	if _, _, _, err := db.RecordClick(ctx, "", met, "U1", "dance"); tandem.ErrorCode(err) != tandem.EINVALID {
		t.Errorf("unknown button: %v, want EINVALID", err)
	}

	// Once a new round ended it, a group that stayed open can no longer be
	// skipped, but may still say it met.
	late := matched(t, db, "C1", []tandem.UserID{"U5", "U6"}, []tandem.UserID{"U7", "U8"}).Groups
	matched(t, db, "C1", []tandem.UserID{"U5", "U7"})
	if g, by, changed, err := db.RecordClick(ctx, "", late[0].ID, "U5", tandem.ClickSkip); err != nil || changed || g.Status != tandem.GroupEnded || by != (tandem.Click{}) {
		t.Errorf("skip of an ended group: %+v by %+v, changed %v, %v", g, by, changed, err)
	}
	if g, _, changed, err := db.RecordClick(ctx, "", late[1].ID, "U8", tandem.ClickMet); err != nil || !changed || !g.Met() {
		t.Errorf("late We met: %+v, changed %v, %v", g, changed, err)
	}
}

func TestQueueCheckinsOnlyForOpenGroups(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	r := matched(t, db, "C1", []tandem.UserID{"U1", "U2"}, []tandem.UserID{"U3", "U4"}, []tandem.UserID{"U5", "U6"})
	matched(t, db, "C2", []tandem.UserID{"U7", "U8"}) // another program
	if _, _, _, err := db.RecordClick(ctx, "", r.Groups[0].ID, "U1", tandem.ClickMet); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := db.RecordClick(ctx, "", r.Groups[1].ID, "U3", tandem.ClickSkip); err != nil {
		t.Fatal(err)
	}
	n, err := db.QueueCheckins(ctx, "", "C1")
	if err != nil || n != 1 {
		t.Fatalf("queued %d, %v; want 1 (only the group that neither met nor skipped)", n, err)
	}
	if n, _ := db.QueueCheckins(ctx, "", "C1"); n != 0 {
		t.Errorf("a second run queued %d more while one waits", n)
	}
	items := pendingOf(t, db, tandem.OutboxCheckin)
	if len(items) != 1 || items[0].Group != r.Groups[2].ID || items[0].Round != 0 {
		t.Fatalf("pending check-ins: %+v", items)
	}
	if err := db.MarkSent(ctx, items[0], "1767261700.000100"); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.QueueCheckins(ctx, "", "C1"); n != 1 {
		t.Errorf("the next firing queued %d, want 1 again", n)
	}
	// A new round ends the old groups: they get no more check-ins.
	matched(t, db, "C1", []tandem.UserID{"U1", "U3"})
	if err := db.MarkSent(ctx, pendingOf(t, db, tandem.OutboxCheckin)[0], ""); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.QueueCheckins(ctx, "", "C1"); n != 1 {
		t.Errorf("after a new round queued %d, want 1 (its one group)", n)
	}
}

func TestKeepMeInResumesAGhost(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	var g tandem.GroupID
	for range tandem.GhostRounds {
		g = matched(t, db, "C1", []tandem.UserID{"U1", "U2"}).Groups[0].ID
	}
	if changed, err := db.KeepMeIn(ctx, "", g, "U1"); err != nil || changed {
		t.Errorf("Keep me in before any pause: changed %v, %v", changed, err)
	}
	// KeepMeIn recorded a click, so U1 is not a ghost any more.
	ghosts, err := db.PauseGhosts(ctx, "", "C1")
	if err != nil || len(ghosts) != 1 || ghosts[0] != "U2" {
		t.Fatalf("ghosts: %v, %v; want U2", ghosts, err)
	}
	if p, _ := db.Profile(ctx, "U2"); !p.PausedUntil.Equal(tandem.Forever) {
		t.Fatalf("U2 not paused: %+v", p)
	}
	if _, err := db.KeepMeIn(ctx, "", g, "U3"); tandem.ErrorCode(err) != tandem.EFORBIDDEN {
		t.Errorf("someone else's button: %v, want EFORBIDDEN", err)
	}
	if changed, err := db.KeepMeIn(ctx, "", g, "U2"); err != nil || !changed {
		t.Fatalf("Keep me in: changed %v, %v", changed, err)
	}
	if p, _ := db.Profile(ctx, "U2"); p.Paused(db.Now()) {
		t.Errorf("U2 still paused: %+v", p)
	}
	if changed, _ := db.KeepMeIn(ctx, "", g, "U2"); changed {
		t.Error("a second Keep me in changed something")
	}
}

func pendingOf(t *testing.T, db *store.DB, kind tandem.OutboxKind) []tandem.OutboxItem {
	t.Helper()
	items, err := db.PendingOutbox(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []tandem.OutboxItem
	for _, it := range items {
		if it.Kind == kind {
			out = append(out, it)
		}
	}
	return out
}
