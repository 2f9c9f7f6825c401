package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/internal/fakeslack"
)

func TestHelp(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	for _, text := range []string{"", "help", "HELP"} {
		got := a.reply(ana, program, text)
		mustContain(t, got, "/tandem teach go, sql", "/tandem pause [N weeks]", "/tandem avoid @someone")
		if strings.Contains(got, "program add") {
			t.Errorf("help %q shows admin commands to a non-admin", text)
		}
	}
	got := a.reply(ana, program, "dance wildly")
	mustContain(t, got, "I don't know `dance`", "/tandem profile")
	mustContain(t, a.reply(admin, program, "help"), "program add #channel", "match #channel")
	a.noViolations()
}

func TestProfileCommands(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	mustContain(t, a.reply(ana, program, "profile"), "Can teach:* _nothing yet_", "Europe/Berlin", "taking part")

	mustContain(t, a.reply(ana, program, "teach Go, SQL, golang"), "You can teach: go, sql.")
	mustContain(t, a.reply(ana, program, "learn K8s"), "You want to learn: kubernetes.")
	mustContain(t, a.reply(ana, program, "mode onsite"), "on-site only", "location Berlin")
	mustContain(t, a.reply(ana, program, "location Berlin"), "You work in Berlin.")
	got := a.reply(ana, program, "profile")
	mustContain(t, got, "Can teach:* go, sql", "Wants to learn:* kubernetes", "on-site only, works in Berlin")

	mustContain(t, a.reply(ana, program, "teach -"), "nothing (the list is cleared)")
	mustContain(t, a.reply(ana, program, "profile"), "Can teach:* _nothing yet_")

	// pause N weeks resumes by itself at a date in the person's timezone.
	got = a.reply(ana, program, "pause 2 weeks")
	want := time.Now().In(mustZone(t, "Europe/Berlin")).AddDate(0, 0, 14).Format("Mon 2 Jan 2006")
	mustContain(t, got, "Paused", want)
	mustContain(t, a.reply(ana, program, "profile"), "paused until "+want)
	mustContain(t, a.reply(ana, program, "pause"), "until you type `/tandem resume`")
	mustContain(t, a.reply(ana, program, "resume"), "Welcome back")
	mustContain(t, a.reply(ana, program, "profile"), "taking part in rounds")
	a.noViolations()
}

func TestBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	a.reply(ana, program, "teach go")
	a.reply(ana, program, "mode remote")
	for text, hint := range map[string]string{
		"mode sometimes":                       "onsite",
		"pause 99 weeks":                       "1 to 52 weeks",
		"teach ,,,":                            "no skill names",
		"avoid":                                "avoid @someone",
		"location " + strings.Repeat("x", 101): "at most 100",
		"teach " + strings.Repeat("x", 41):     "at most 40 characters",
	} {
		mustContain(t, a.reply(ana, program, text), hint)
	}
	mustContain(t, a.reply(ana, program, "profile"), "Can teach:* go", "remote only", "taking part")
	a.noViolations()
}

func TestAvoidIsPrivate(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	mustContain(t, a.reply(ana, program, "avoid <@U0BOB00001|bob>"), "never be grouped with <@U0BOB00001>", "Nobody else is told")
	mustContain(t, a.reply(ana, program, "avoid <@U0BOB00001>"), "already was on your avoid list")
	mustContain(t, a.reply(ana, program, "profile"), "Never grouped with", "<@U0BOB00001>")
	if got := a.reply(bob, program, "profile"); strings.Contains(got, ana) || strings.Contains(got, "Never grouped") {
		t.Errorf("bob's profile reveals ana's avoid list:\n%s", got)
	}
	// Plain @name, as typed with escaping off, is resolved through users.list.
	mustContain(t, a.reply(ana, program, "avoid @chen"), "<@U0CHEN0001>")
	mustContain(t, a.reply(ana, program, "avoid @nobody"), "could not find @nobody")
	mustContain(t, a.reply(ana, program, "avoid <@U0ANA00001>"), "cannot avoid yourself")
	mustContain(t, a.reply(ana, program, "unavoid <@U0BOB00001|bob>"), "off your avoid list")
	mustContain(t, a.reply(ana, program, "unavoid <@U0BOB00001|bob>"), "was not on your avoid list")
	got := a.reply(ana, program, "profile")
	if strings.Contains(got, "U0BOB00001") {
		t.Errorf("bob still on the avoid list:\n%s", got)
	}
	mustContain(t, got, "<@U0CHEN0001>")
	// No message about an avoid list ever reached anyone but ana.
	for _, m := range a.fake.AllMessages() {
		if m.User != ana && strings.Contains(m.AllText(), "avoid") {
			t.Errorf("a message about avoiding reached %s: %s", m.User, m.AllText())
		}
	}
}

func TestRedeliveredEnvelopeHasOneEffect(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	first := a.slash(ana, program, "teach go")
	a.reply(ana, program, "teach sql")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	again, err := a.fake.Redeliver(ctx, first.EnvelopeID)
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, again.Text, "Already done")
	// The redelivered "teach go" did not undo the later "teach sql".
	mustContain(t, a.reply(ana, program, "profile"), "Can teach:* sql")
}

func TestReconnectsAfterDisconnect(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	mustContain(t, a.reply(ana, program, "teach go"), "You can teach: go.")
	before := a.fake.ConnectionsOpened()
	if err := a.fake.Disconnect("refresh_requested"); err != nil {
		t.Fatal(err)
	}
	a.waitFor("a new connection", func() bool { return a.fake.ConnectionsOpened() > before && a.fake.Connected() > 0 })
	mustContain(t, a.reply(ana, program, "learn rust"), "You want to learn: rust.")
	mustContain(t, a.reply(ana, program, "profile"), "Can teach:* go", "Wants to learn:* rust")
}

// TestRateLimitedReplyStillArrives: a reply too slow for the ack goes out
// through chat.postEphemeral; a 429 there is retried after Retry-After.
func TestRateLimitedReplyStillArrives(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	a.fake.SetLatency("users.info", 2*time.Second) // Slack is slow today
	a.fake.RateLimit("chat.postEphemeral", 1, time.Second)
	ack := a.slash(ana, program, "teach go")
	mustContain(t, ack.Text, "Working on it")
	a.waitFor("the reply", func() bool {
		for _, c := range a.fake.CallsTo("chat.postEphemeral") {
			if c.Status == 200 && c.Error == "" && strings.Contains(c.Form.Get("text"), "You can teach: go.") {
				return true
			}
		}
		return false
	})
	calls := a.fake.CallsTo("chat.postEphemeral")
	if len(calls) != 2 || calls[0].Status != 429 {
		t.Fatalf("want a 429 then a success, got %d calls: %+v", len(calls), calls)
	}
	if gap := calls[1].At.Sub(calls[0].At); gap < time.Second {
		t.Errorf("retried after %s, before Retry-After (1s)", gap)
	}
	var got []fakeslack.Message
	for _, m := range a.fake.Messages(program) {
		if m.Ephemeral && m.User == ana && strings.Contains(m.AllText(), "You can teach: go.") {
			got = append(got, m)
		}
	}
	if len(got) != 1 {
		t.Errorf("ana saw the reply %d times, want once", len(got))
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestProfileShowsProgramsPartnersAndScore(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	got := a.reply(ana, program, "profile")
	mustContain(t, got, "Programs:* <#C0LEARN001>", "Partners:* _none right now_", "Quiz:* 0 answered, 0 right")
	a.skills(anaAndBob)
	a.round(1)
	mustContain(t, a.reply(ana, program, "profile"), "Partners:* <@U0BOB00001>", "in <#C0LEARN001>")
	mustContain(t, a.reply(admin, general, "profile"), "Programs:* _none yet")
}

// TestProfileReusesMemberLists: which programs someone is in is read from
// Slack once, not on every command.
func TestProfileReusesMemberLists(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	before := len(a.fake.CallsTo("conversations.members"))
	for range 3 {
		mustContain(t, a.reply(ana, program, "profile"), "Programs:* <#C0LEARN001>")
	}
	if n := len(a.fake.CallsTo("conversations.members")) - before; n != 1 {
		t.Errorf("%d conversations.members calls for 3 profiles, want 1", n)
	}
}
