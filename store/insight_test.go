package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
)

// TestInsightFigures: skill counts over a set of people (the paused left
// out), and the figures of a program's rounds, on either backend.
func TestInsightFigures(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	if err := db.CreateProgram(ctx, "", tandem.NewProgram("C1", "UTC")); err != nil {
		t.Fatal(err)
	}
	set := func(u tandem.UserID, teach, learn []string, paused bool) {
		t.Helper()
		_, err := db.UpdateProfile(ctx, "", u, func(p *tandem.Profile) error {
			p.Teach, p.Learn = teach, learn
			if paused {
				p.PausedUntil = tandem.Forever
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	set("U1", []string{"go"}, []string{"kubernetes"}, false)
	set("U2", []string{"sql"}, []string{"kubernetes"}, false)
	set("U3", []string{"go"}, []string{"kubernetes"}, true)
	set("U9", []string{"rust"}, nil, false) // not among the people counted
	counts, err := db.SkillCounts(ctx, []tandem.UserID{"U1", "U2", "U3"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][2]int{}
	for _, c := range counts {
		got[c.Skill] = [2]int{c.Teach, c.Learn}
	}
	want := map[string][2]int{"go": {1, 0}, "sql": {1, 0}, "kubernetes": {0, 2}}
	if len(got) != len(want) {
		t.Fatalf("counts %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %v, want %v", k, got[k], v)
		}
	}
	if _, err := db.CreateRound(ctx, "", tandem.Round{Program: "C1", Seed: 1, StartedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC),
		Groups: []tandem.Group{{Members: []tandem.UserID{"U1", "U2"}}}, LeftOut: []tandem.LeftOut{{User: "U9", Code: tandem.LeftAlone}}}, nil); err != nil {
		t.Fatal(err)
	}
	figs, err := db.RoundFigures(ctx, "C1", 12)
	if err != nil || len(figs) != 1 || figs[0].Participants != 3 || figs[0].Groups != 1 {
		t.Fatalf("round figures: %+v, %v", figs, err)
	}
	if _, err := db.ProgramFigures(ctx, "C1"); err != nil {
		t.Fatalf("program figures: %v", err)
	}
}
