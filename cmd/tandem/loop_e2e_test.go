package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/internal/fakeslack"
)

// The learning loop end to end: the shared goal, check-ins about it, and
// the rating after We met, through the fake Slack.

// openForm waits for a modal opened after n modals and returns it.
func (a *testApp) openForm(n int) fakeslack.View {
	a.t.Helper()
	a.waitFor("a form", func() bool { return len(a.fake.Modals()) > n })
	return a.fake.Modals()[len(a.fake.Modals())-1]
}

// submit sends a form's values as user and returns the ack.
func (a *testApp) submit(user string, v fakeslack.View, block, value string) fakeslack.Ack {
	a.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ack, err := a.fake.ViewSubmission(ctx, fakeslack.ViewSubmission{UserID: user, ViewID: v.ID,
		Values: map[string]map[string]fakeslack.StateValue{block: {"value": {Value: value}}}})
	if err != nil {
		a.t.Fatalf("submitting %s: %v", v.CallbackID, err)
	}
	a.handled(ack.EnvelopeID)
	return ack
}

// posted returns the non-ephemeral messages of channel containing text.
func posted(a *testApp, channel, text string) []fakeslack.Message {
	var out []fakeslack.Message
	for _, m := range a.fake.Messages(channel) {
		if !m.Ephemeral && strings.Contains(m.AllText(), text) {
			out = append(out, m)
		}
	}
	return out
}

// countRows counts the rows of a query on the database file, read-only.
func countRows(t *testing.T, a *testApp, query string, args ...any) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(a.dir, "tandem.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestGoalFromTheIntroAndByCommandShowsInCheckins(t *testing.T) {
	t.Parallel()
	a, ab, cd := pairUp(t, options{})
	intro := introIn(t, a, ab)
	mustContain(t, intro.AllText(), "Set our goal")

	// The intro's button opens a one-line form; its limits hold.
	modals := len(a.fake.Modals())
	a.press(chen, introIn(t, a, cd), "tandem_goal_set", intro.Elements()[0].Value) // someone else's partnership
	mustContain(t, lastSeenBy(a, cd, chen), "not part of")
	a.press(ana, intro, "tandem_goal_set", "")
	form := a.openForm(modals)
	mustContain(t, string(form.Blocks), "Our goal", `"max_length":200`)
	if ack := a.submit(ana, form, "goal_text", "  "); ack.ResponseAction != "errors" {
		t.Fatalf("an empty goal was taken: %+v", ack)
	}
	if ack := a.submit(ana, form, "goal_text", "ship a *Go* service <!channel>"); ack.ResponseAction != "update" {
		t.Fatalf("goal form: %+v", ack)
	}
	a.waitFor("the goal in the DM", func() bool { return len(posted(a, ab, "set your shared goal")) == 1 })
	got := posted(a, ab, "set your shared goal")[0].AllText()
	mustContain(t, got, "<@U0ANA00001> set your shared goal", "ship a *Go* service &lt;!channel&gt;")

	// By command, any partner changes it; the DM says who.
	mustContain(t, a.reply(bob, program, "goal ship it"), "group DM")
	mustContain(t, a.reply(bob, ab, "goal "+strings.Repeat("x", 201)), "at most 200 characters")
	mustContain(t, a.reply(bob, ab, "goal ship a Go service to production"), "Saved")
	a.waitFor("the change in the DM", func() bool { return len(posted(a, ab, "changed your shared goal")) == 1 })
	mustContain(t, posted(a, ab, "changed your shared goal")[0].AllText(), "<@U0BOB00001> changed your shared goal", "ship a Go service to production")
	mustContain(t, a.reply(chen, ab, "goal take over"), "not part of")
	mustContain(t, a.reply(ana, program, "partners"), "Our goal:* ship a Go service to production (set by <@U0BOB00001>)")
	mustContain(t, a.reply(chen, program, "partners"), "No shared goal yet")

	// A check-in shows the goal and asks how it goes.
	mustContain(t, a.reply(admin, general, `program set <#C0LEARN001|learning> checkin="@every 1s"`), "Changed `checkin`")
	a.waitFor("check-ins", func() bool {
		return len(posted(a, ab, "How is it going?")) > 0 && len(posted(a, cd, "Did you meet yet?")) > 0
	})
	a.reply(admin, general, `program set <#C0LEARN001|learning> checkin=off`)
	checkin := posted(a, ab, "How is it going?")[0]
	mustContain(t, checkin.AllText(), "Our goal:* ship a Go service to production", "On track", "Stuck", "Done", "We met")
	mustContain(t, posted(a, cd, "Did you meet yet?")[0].AllText(), "No shared goal yet")

	// Stuck: recorded once, told in the DM once, and `ask` offered.
	first := a.press(ana, checkin, "tandem_goal_stuck", "")
	a.waitFor("the status in the DM", func() bool { return len(posted(a, ab, "says your goal is")) == 1 })
	mustContain(t, posted(a, ab, "says your goal is")[0].AllText(), "<@U0ANA00001> says your goal is :construction: stuck")
	mustContain(t, lastSeenBy(a, ab, ana), "/tandem ask go: what blocks us")
	again, err := a.fake.Redeliver(t.Context(), first.EnvelopeID)
	if err != nil {
		t.Fatal(err)
	}
	a.handled(again.EnvelopeID)
	a.press(bob, checkin, "tandem_goal_stuck", "")
	mustContain(t, lastSeenBy(a, ab, bob), "Already noted")
	if n := len(posted(a, ab, "says your goal is")); n != 1 {
		t.Errorf("%d status posts after a redelivery and a second click, want 1", n)
	}
	a.press(bob, checkin, "tandem_goal_done", "")
	a.waitFor("done", func() bool { return len(posted(a, ab, "says your goal is :trophy: done")) == 1 })
	if n := countRows(t, a, `SELECT count(*) FROM goals WHERE status = 'done'`); n != 1 {
		t.Errorf("%d goals done, want 1", n)
	}
	got = a.reply(admin, general, "report <#C0LEARN001|learning>")
	mustContain(t, got, "Goals:* fewer than 5 of partnerships")
	if strings.Contains(got, "ship a Go service") {
		t.Errorf("the report shows a goal's text:\n%s", got)
	}
	a.noViolations()
}

func TestFeedbackAfterWeMetBecomesANoteForThePartners(t *testing.T) {
	t.Parallel()
	a, ab, _ := pairUp(t, options{})
	a.press(ana, introIn(t, a, ab), "tandem_met", "")
	var ask fakeslack.Message
	a.waitFor("the rating question", func() bool {
		for _, m := range a.fake.Messages(ab) {
			if m.Ephemeral && m.User == ana && strings.Contains(m.AllText(), "How useful was it?") {
				ask = m
			}
		}
		return ask.TS != ""
	})
	mustContain(t, ask.AllText(), "1", "5", "Only you see your rating")
	for _, m := range a.fake.Messages(ab) {
		if m.User == bob && strings.Contains(m.AllText(), "How useful") {
			t.Errorf("bob, who did not click, was asked to rate")
		}
	}

	modals := len(a.fake.Modals())
	first := a.press(ana, ask, "tandem_rate_4", "")
	form := a.openForm(modals)
	mustContain(t, form.Title, "What did you learn?")
	const learned = "the GC pacer targets a heap goal, not a pause time"
	a.keepOutOfLogs(learned)
	if ack := a.submit(ana, form, "learned_text", learned); ack.ResponseAction != "update" {
		t.Fatalf("learned form: %+v", ack)
	}
	// Recorded once: a redelivered click and a second rating change nothing.
	again, err := a.fake.Redeliver(t.Context(), first.EnvelopeID)
	if err != nil {
		t.Fatal(err)
	}
	a.handled(again.EnvelopeID)
	mustContain(t, lastSeenBy(a, ab, ana), "you rated it 4 of 5")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	stale, err := a.fake.BlockAction(ctx, fakeslack.BlockAction{UserID: ana, ChannelID: ab, MessageTS: "1767261601.999999",
		ActionID: "tandem_rate_1", BlockID: "feedback_actions", Value: ask.Elements()[0].Value}) // a stale copy
	if err != nil {
		t.Fatal(err)
	}
	a.handled(stale.EnvelopeID)
	mustContain(t, lastSeenBy(a, ab, ana), "already rated")
	if n := countRows(t, a, `SELECT count(*) FROM feedback WHERE user_id = ? AND rating = 4`, ana); n != 1 {
		t.Errorf("%d ratings of 4 by ana, want 1", n)
	}
	if n := countRows(t, a, `SELECT count(*) FROM feedback`); n != 1 {
		t.Errorf("%d ratings, want 1", n)
	}

	// What she learned is a note her partner reads, and the admin cannot.
	mustContain(t, a.reply(bob, ab, "notes"), learned, "1 note", "Quiz my partners on this")
	for _, who := range []struct{ channel, says string }{{general, "no partners"}, {ab, "not part of"}} {
		got := a.reply(admin, who.channel, "notes")
		mustContain(t, got, who.says)
		if strings.Contains(got, "GC pacer") {
			t.Errorf("the admin read the note in %s", who.channel)
		}
	}
	got := a.reply(admin, general, "report <#C0LEARN001|learning>")
	mustContain(t, got, "Usefulness of meetings:* fewer than 5 raters")
	if strings.Contains(got, "GC pacer") || strings.Contains(got, "4.0") {
		t.Errorf("the report shows private feedback:\n%s", got)
	}

	// bob's own We met, later: he is asked too; the group stays met.
	if _, err := a.fake.BlockAction(ctx, fakeslack.BlockAction{UserID: bob, ChannelID: ab, MessageTS: "1767261601.999998",
		ActionID: "tandem_met", BlockID: "intro_actions", Value: ask.Elements()[0].Value}); err != nil { // his copy of the intro
		t.Fatal(err)
	}
	a.waitFor("bob's rating question", func() bool { return strings.Contains(lastSeenBy(a, ab, bob), "How useful was it?") })

	// A note's "Quiz my partners on this" opens the quiz form with the note.
	var notes fakeslack.Message
	before := len(a.fake.Messages(ab))
	a.slash(bob, ab, "notes")
	for _, m := range a.fake.Messages(ab)[before:] {
		if strings.Contains(m.AllText(), learned) {
			notes = m
		}
	}
	modals = len(a.fake.Modals())
	a.press(bob, notes, "tandem_quiz_note", "")
	form = a.openForm(modals)
	mustContain(t, string(form.Blocks), "From the note", "GC pacer", "Question", "Right answer")
	a.noViolations()
}
