package review_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/review"
	"github.com/tandem-dev/tandem/store"
)

// clock is a fixed clock that tests move by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time      { return c.t }
func (c *clock) add(d time.Duration) { c.t = c.t.Add(d) }
func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// fixture is a program with one partnership whose author U0AUTHOR asked
// the others one question each, on a store with a fixed clock.
type fixture struct {
	db    *store.DB
	clock *clock
	group tandem.GroupID
	qs    []tandem.Question
}

func newFixture(t testing.TB, start time.Time, members []tandem.UserID, questions int) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "tandem.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := &clock{t: start}
	db.Now = c.now
	if err := db.CreateProgram(ctx, "", tandem.NewProgram("C0LEARN001", "Europe/Berlin")); err != nil {
		t.Fatal(err)
	}
	r, err := db.CreateRound(ctx, "", tandem.Round{Program: "C0LEARN001", StartedAt: start,
		Groups: []tandem.Group{{Members: append([]tandem.UserID{"U0AUTHOR"}, members...)}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, clock: c, group: r.Groups[0].ID}
	for i := range questions {
		q, err := db.AddQuestion(ctx, "", tandem.Question{Group: f.group, Author: "U0AUTHOR",
			Text: "Question " + string(rune('A'+i)), Options: []string{"wrong", "right"}, Correct: 1})
		if err != nil {
			t.Fatal(err)
		}
		f.qs = append(f.qs, q)
	}
	return f
}

func (f *fixture) answer(t testing.TB, user tandem.UserID, q tandem.Question, right bool) (tandem.Answer, error) {
	t.Helper()
	choice := 0
	if right {
		choice = 1
	}
	a, _, err := f.db.Answer(context.Background(), "", q.ID, user, choice, review.Next)
	return a, err
}

// TestLadderRightComesBackAfterOneThreeSevenDays answers one question
// right three times and another wrong, on a fixed clock, through the store:
// each comes back exactly when the ladder says and not a moment before.
func TestLadderRightComesBackAfterOneThreeSevenDays(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 2, 11, 0, 0, 0, time.UTC) // a Monday
	f := newFixture(t, start, []tandem.UserID{"U0ANA00001"}, 2)
	ctx := context.Background()
	right, wrong := f.qs[0], f.qs[1]
	a, err := f.answer(t, "U0ANA00001", right, true)
	if err != nil || a.Review || !a.Due.Equal(start.AddDate(0, 0, 1)) {
		t.Fatalf("first right answer: %+v, %v; want due after 1 day", a, err)
	}
	if a, err := f.answer(t, "U0ANA00001", wrong, false); err != nil || !a.Due.Equal(start.AddDate(0, 0, 1)) {
		t.Fatalf("first wrong answer: %+v, %v; want due after 1 day", a, err)
	}
	for i := range 3 { // due after 1 day, then 3, then 7, then 21
		// Just before it is due: not served, and a further answer is refused.
		f.clock.t = a.Due.Add(-time.Minute)
		if _, err := f.answer(t, "U0ANA00001", right, true); tandem.ErrorCode(err) != tandem.ECONFLICT {
			t.Fatalf("step %d: answer before due: %v, want ECONFLICT", i, err)
		}
		if q, _, err := f.db.NextQuestion(ctx, "U0ANA00001"); err == nil && q.ID == right.ID {
			t.Fatalf("step %d: served a minute before due", i)
		}
		f.clock.t = a.Due
		if i == 0 {
			// Both are due; the one due first is served first.
			q, waiting, err := f.db.NextQuestion(ctx, "U0ANA00001")
			if err != nil || q.ID != right.ID || waiting != 2 {
				t.Fatalf("quiz at day 1: %d (%d waiting), %v; want question %d first of 2", q.ID, waiting, err, right.ID)
			}
		}
		prev := a.Due
		if a, err = f.answer(t, "U0ANA00001", right, true); err != nil || !a.Review {
			t.Fatalf("step %d: review answer: %+v, %v", i, a, err)
		}
		next := []int{3, 7, 21}[i]
		if !a.Due.Equal(prev.AddDate(0, 0, next)) {
			t.Fatalf("step %d: due %s, want %d days after %s", i, a.Due, next, prev)
		}
	}
	// Wrong, at any box: back to 1 day.
	f.clock.t = a.Due
	if a, err = f.answer(t, "U0ANA00001", right, false); err != nil || !a.Due.Equal(f.clock.t.AddDate(0, 0, 1)) {
		t.Fatalf("wrong after 21 days: %+v, %v; want due after 1 day", a, err)
	}
	// Retention counts the second and later tries only: 3 right, 1 wrong.
	st, err := f.db.LoopStats(ctx, "C0LEARN001")
	if err != nil || st.Reviews != 4 || st.ReviewsRight != 3 || st.Reviewers != 1 {
		t.Errorf("stats: %+v, %v; want 4 review answers, 3 right, by 1 person", st, err)
	}
}

func TestNextClimbsTheLadder(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	box := -1
	var got []int
	for range 7 {
		var due time.Time
		box, due = review.Next(box, true, at)
		got = append(got, int(due.Sub(at).Hours()/24))
	}
	want := []int{1, 3, 7, 21, 60, 60, 60}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("right answers wait %v days, want %v", got, want)
		}
	}
	if box, due := review.Next(3, false, at); box != 0 || !due.Equal(at.AddDate(0, 0, 1)) {
		t.Errorf("wrong from box 3: box %d due %s", box, due)
	}
}

func TestSlotIsInsideWorkingHours(t *testing.T) {
	t.Parallel()
	ny, tokyo := mustZone(t, "America/New_York"), mustZone(t, "Asia/Tokyo")
	for _, tc := range []struct {
		now  string // RFC 3339
		loc  *time.Location
		want string
	}{
		{"2026-03-02T10:00:00+01:00", ny, "2026-03-02T09:00:00-05:00"},    // Monday 04:00 in New York
		{"2026-03-02T10:00:00+01:00", tokyo, "2026-03-03T09:00:00+09:00"}, // Monday 18:00 in Tokyo
		{"2026-03-02T16:59:00+01:00", ny, "2026-03-02T10:59:00-05:00"},    // inside hours: now
		{"2026-03-06T10:00:00+01:00", tokyo, "2026-03-09T09:00:00+09:00"}, // Friday 18:00 in Tokyo: Monday
		{"2026-03-07T10:00:00+01:00", ny, "2026-03-09T09:00:00-04:00"},    // Saturday: Monday (after the DST change)
		{"2026-03-02T17:00:00-05:00", ny, "2026-03-03T09:00:00-05:00"},    // 17:00 sharp is after hours
	} {
		now, _ := time.Parse(time.RFC3339, tc.now)
		want, _ := time.Parse(time.RFC3339, tc.want)
		if got := review.Slot(now, tc.loc); !got.Equal(want) {
			t.Errorf("Slot(%s, %s) = %s, want %s", tc.now, tc.loc, got.In(tc.loc), tc.want)
		}
	}
}

// zones is a directory of fixed time zones.
type zones map[tandem.UserID]*time.Location

func (z zones) Zone(_ context.Context, u tandem.UserID) *time.Location {
	if loc, ok := z[u]; ok {
		return loc
	}
	return time.UTC
}

// TestReviewDMsReachEachPersonInTheirOwnHours runs the program's daily
// 10:00 (Berlin) review firing for two weeks on a fixed clock, and plays
// the outbox sender every 5 minutes: a person in New York and one in Tokyo
// each get one DM on every weekday, inside their own 09:00-17:00, none on
// Saturday or Sunday; someone paused and someone with `quiz review off` get
// none; two firings on one day still give one DM.
func TestReviewDMsReachEachPersonInTheirOwnHours(t *testing.T) {
	t.Parallel()
	const nyUser, tokyoUser, paused, off = "U0NEWYORK1", "U0TOKYO001", "U0PAUSED01", "U0OFF00001"
	berlin := mustZone(t, "Europe/Berlin")
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, berlin) // a Sunday: due from Monday 09:00
	f := newFixture(t, start, []tandem.UserID{nyUser, tokyoUser, paused, off}, 1)
	ctx := context.Background()
	z := zones{nyUser: mustZone(t, "America/New_York"), tokyoUser: mustZone(t, "Asia/Tokyo"),
		paused: mustZone(t, "America/New_York"), off: mustZone(t, "Asia/Tokyo")}
	for _, u := range []tandem.UserID{nyUser, tokyoUser, paused, off} {
		if _, err := f.answer(t, u, f.qs[0], false); err != nil { // due again tomorrow, and every day after, unanswered
			t.Fatal(err)
		}
	}
	if _, err := f.db.UpdateProfile(ctx, "", paused, func(p *tandem.Profile) error { p.PausedUntil = tandem.Forever; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.SetReviewReminders(ctx, "", off, false); err != nil {
		t.Fatal(err)
	}
	woken := 0
	job := review.New(f.db, z, func() { woken++ }, nil, f.clock.now)

	sent := map[tandem.UserID][]time.Time{}
	end := start.AddDate(0, 0, 14)
	for f.clock.t = start; f.clock.t.Before(end); f.clock.add(5 * time.Minute) {
		local := f.clock.t.In(berlin)
		if local.Hour() == 10 && local.Minute() == 0 {
			key := tandem.FiringKey("C0LEARN001/review", f.clock.t)
			if err := job.Scheduled(ctx, key, "C0LEARN001"); err != nil {
				t.Fatal(err)
			}
			// The same firing again (a restart), and a second firing that day.
			if err := job.Scheduled(ctx, key, "C0LEARN001"); err != nil {
				t.Fatal(err)
			}
			if err := job.Scheduled(ctx, tandem.FiringKey("C0LEARN001/review-extra", f.clock.t), "C0LEARN001"); err != nil {
				t.Fatal(err)
			}
		}
		items, err := f.db.PendingOutbox(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.Kind != tandem.OutboxReview {
				continue
			}
			if _, err := f.db.DueReview(ctx, it.User); err == nil {
				sent[it.User] = append(sent[it.User], f.clock.t)
			}
			if err := f.db.MarkSent(ctx, it, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	if woken == 0 {
		t.Error("the sender was never woken")
	}
	for _, u := range []tandem.UserID{paused, off} {
		if n := len(sent[u]); n != 0 {
			t.Errorf("%s got %d review DMs", u, n)
		}
	}
	for _, u := range []tandem.UserID{nyUser, tokyoUser} {
		loc := z[u]
		days := map[string]bool{}
		for _, at := range sent[u] {
			local := at.In(loc)
			if !review.InHours(at, loc) || local.Hour() < 9 || local.Hour() >= 17 {
				t.Errorf("%s got a DM at %s local, outside 09:00-17:00", u, local.Format("Mon 15:04"))
			}
			if wd := local.Weekday(); wd == time.Saturday || wd == time.Sunday {
				t.Errorf("%s got a DM on %s", u, local.Format("Mon 2 Jan"))
			}
			day := local.Format(time.DateOnly)
			if days[day] {
				t.Errorf("%s got two DMs on %s", u, day)
			}
			days[day] = true
		}
		// Due from Monday on: New York gets each of the 10 weekdays; Tokyo,
		// whose 09:00 comes before Berlin's 10:00 firing, each but the first
		// Monday.
		if want := map[tandem.UserID]int{nyUser: 10, tokyoUser: 9}[u]; len(days) != want {
			t.Errorf("%s got DMs on %d days, want %d: %v", u, len(days), want, sent[u])
		}
		t.Logf("%s: %d DMs, first %s local", u, len(sent[u]), sent[u][0].In(loc).Format("Mon 2 Jan 15:04"))
	}
}
