package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
)

func TestWelcomeOncePerProgram(t *testing.T) {
	t.Parallel()
	db := open(t)
	ctx := context.Background()
	for i, want := range []bool{true, false, false} {
		got, err := db.Welcome(ctx, tandem.Key(fmt.Sprintf("k%d", i)), "C1", "U1")
		if err != nil || got != want {
			t.Fatalf("welcome %d = %v, %v; want %v", i, got, err, want)
		}
	}
	if got, err := db.Welcome(ctx, "k9", "C2", "U1"); err != nil || !got {
		t.Fatalf("another program: %v, %v; want a first welcome", got, err)
	}
	n, err := db.WelcomeAll(ctx, "all", "C1", []tandem.UserID{"U1", "U2", "U3"})
	if err != nil || n != 2 {
		t.Fatalf("WelcomeAll = %d, %v; want 2 new", n, err)
	}
	if got, _ := db.Welcome(ctx, "k10", "C1", "U2"); got {
		t.Error("someone welcomed by the channel post is welcomed again")
	}
}

func TestSkillsMatchingPrefixFirstWithCounts(t *testing.T) {
	t.Parallel()
	db := open(t)
	ctx := context.Background()
	set := func(u tandem.UserID, teach, learn []string) {
		if _, err := db.UpdateProfile(ctx, "", u, func(p *tandem.Profile) error { p.Teach, p.Learn = teach, learn; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	set("U1", []string{"go", "mongo"}, []string{"django"})
	set("U2", []string{"go"}, []string{"mongo"})
	set("U3", nil, []string{"go", "golf"})
	got, err := db.SkillsMatching(ctx, "GO", 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []tandem.SkillCount{{Skill: "go", Teach: 2, Learn: 1}, {Skill: "golf", Learn: 1}, {Skill: "mongo", Teach: 1, Learn: 1}, {Skill: "django", Learn: 1}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("SkillsMatching(GO) = %v, want %v", got, want)
	}
	if got, _ := db.SkillsMatching(ctx, "%", 10); len(got) != 0 {
		t.Errorf("a LIKE wildcard matched %v", got)
	}
}

func TestSendPreviewOnce(t *testing.T) {
	t.Parallel()
	db := open(t)
	ctx := context.Background()
	if err := db.CreateProgram(ctx, "", tandem.NewProgram("C1", "UTC")); err != nil {
		t.Fatal(err)
	}
	g := tandem.Group{Members: []tandem.UserID{"U1", "U2"}, Score: 30, Reasons: []tandem.Reason{{Kind: tandem.KindTeaches, A: "U1", B: "U2", Skill: "go", Points: 30}}}
	p, err := db.SavePreview(ctx, "save", tandem.Preview{Program: "C1", Seed: 7, By: "UADMIN", CreatedAt: time.Now(),
		Groups: []tandem.Group{g}, LeftOut: []tandem.LeftOut{{User: "U3", Code: tandem.LeftNoRoom}},
		Basis: []tandem.PreviewBasis{{User: "U1"}, {User: "U2"}, {User: "U3"}}, Score: 30, Bound: 31})
	if err != nil {
		t.Fatal(err)
	}
	back, err := db.Preview(ctx, p.ID)
	if err != nil || back.Status != tandem.PreviewOpen || len(back.Groups) != 1 || back.Groups[0].Reasons[0].Skill != "go" || len(back.Basis) != 3 ||
		back.Score != 30 || back.Bound != 31 {
		t.Fatalf("Preview = %+v, %v", back, err)
	}
	r := tandem.Round{Program: "C1", Seed: back.Seed, StartedAt: time.Now(), By: "UADMIN", Groups: back.Groups, LeftOut: back.LeftOut}
	sent, err := db.SendPreview(ctx, back, r, []tandem.UserID{"UADMIN"})
	if err != nil || sent.ID == 0 {
		t.Fatalf("SendPreview = %+v, %v", sent, err)
	}
	if _, err := db.SendPreview(ctx, back, r, nil); !errors.Is(err, tandem.ErrDuplicate) {
		t.Fatalf("second send: %v, want ErrDuplicate", err)
	}
	if n, _ := db.RoundCount(ctx, "C1"); n != 1 {
		t.Errorf("%d rounds after two sends, want 1", n)
	}
	if err := db.CancelPreview(ctx, "cancel", p.ID); tandem.ErrorCode(err) != tandem.ECONFLICT {
		t.Errorf("cancelling a sent preview: %v, want ECONFLICT", err)
	}
	if back, _ := db.Preview(ctx, p.ID); back.Status != tandem.PreviewSent || back.Round != sent.ID {
		t.Errorf("after sending: %+v", back)
	}
}
