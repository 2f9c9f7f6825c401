package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
)

func TestProfileMissingIsNotFound(t *testing.T) {
	db := open(t)
	_, err := db.Profile(context.Background(), "U404")
	if tandem.ErrorCode(err) != tandem.ENOTFOUND {
		t.Fatalf("got %v, want ENOTFOUND", err)
	}
}

func TestUpdateProfileRoundTrip(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	until := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	_, err := db.UpdateProfile(ctx, "", "U1", func(p *tandem.Profile) error {
		p.Teach = []string{"go", "sql"}
		p.Learn = []string{"kubernetes"}
		p.Mode = tandem.ModeOnsite
		p.Location = "Berlin"
		p.TZ = "Europe/Berlin"
		p.PausedUntil = until
		p.Avoid = []tandem.UserID{"U9", "U3"}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Profile(ctx, "U1")
	if err != nil {
		t.Fatal(err)
	}
	want := tandem.Profile{User: "U1", Teach: []string{"go", "sql"}, Learn: []string{"kubernetes"},
		Mode: tandem.ModeOnsite, Location: "Berlin", TZ: "Europe/Berlin", PausedUntil: until,
		Avoid: []tandem.UserID{"U3", "U9"}, UpdatedAt: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	teachers, err := db.Teachers(ctx, "sql")
	if err != nil || !reflect.DeepEqual(teachers, []tandem.UserID{"U1"}) {
		t.Fatalf("teachers of sql: %v, %v", teachers, err)
	}
}

func TestUpdateProfileErrorChangesNothing(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	if _, err := db.UpdateProfile(ctx, "", "U1", func(p *tandem.Profile) error { p.Location = "Lisbon"; return nil }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	_, err := db.UpdateProfile(ctx, "", "U1", func(p *tandem.Profile) error { p.Location = "Oslo"; return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want boom", err)
	}
	p, _ := db.Profile(ctx, "U1")
	if p.Location != "Lisbon" {
		t.Fatalf("location %q after failed update, want Lisbon", p.Location)
	}
}
