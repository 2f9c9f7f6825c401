package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/internal/fakeslack"
)

// Follow-through end to end: notes, quizzes, the We met / Skip / Keep me in
// buttons, check-ins, ghosts and the App Home, through the fake Slack.

const dana = "U0DANA0001"

// pairUp starts tandem with four people who complement each other in
// pairs (ana and bob teach each other, so do chen and dana) and runs a
// round. It returns the two group DMs.
func pairUp(t *testing.T, opts options) (a *testApp, ab, cd string) {
	t.Helper()
	opts.people = append(opts.people, fakeslack.User{ID: dana, Name: "dana", RealName: "Dana Cohen", TZ: "Europe/Berlin"})
	opts.members = []string{ana, bob, chen, dana}
	a = startApp(t, opts)
	for user, skills := range map[string][2]string{ana: {"go", "kubernetes"}, bob: {"kubernetes", "go"}, chen: {"figma", "sql"}, dana: {"sql", "figma"}} {
		a.reply(user, program, "teach "+skills[0])
		a.reply(user, program, "learn "+skills[1])
	}
	mustContain(t, a.reply(admin, general, "match <#C0LEARN001|learning>"), "2 groups matched")
	a.waitFor("two intros", func() bool { return introCount(a) == 2 })
	for dm, humans := range groupDMs(a) {
		switch {
		case slices.Contains(humans, ana) && slices.Contains(humans, bob):
			ab = dm
		case slices.Contains(humans, chen) && slices.Contains(humans, dana):
			cd = dm
		}
	}
	if ab == "" || cd == "" {
		t.Fatalf("not paired as expected: %v", groupDMs(a))
	}
	return a, ab, cd
}

// introIn returns the intro message of a group DM, as it stands now.
func introIn(t *testing.T, a *testApp, dm string) fakeslack.Message {
	t.Helper()
	for _, m := range a.fake.Messages(dm) {
		if strings.Contains(m.Text, "partners in tandem") {
			return m
		}
	}
	t.Fatalf("no intro in %s", dm)
	return fakeslack.Message{}
}

// press clicks a button of msg as user; value "" keeps the button's own.
func (a *testApp) press(user string, msg fakeslack.Message, actionID, value string) fakeslack.Ack {
	a.t.Helper()
	return a.click(user, msg, actionID, "", value)
}

// lastSeenBy returns the newest message of channel that only user sees.
func lastSeenBy(a *testApp, channel, user string) string {
	msgs := a.fake.Messages(channel)
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Ephemeral && msgs[i].User == user {
			return msgs[i].AllText()
		}
	}
	return ""
}

// replyInFull is reply for answers that may be too big for the ack, or too
// slow for it (a chart, on a loaded machine): those come as an ephemeral
// message after it.
func (a *testApp) replyInFull(user, channel, text string) string {
	a.t.Helper()
	before := len(a.fake.Messages(channel))
	got := a.reply(user, channel, text)
	if !strings.Contains(got, "Here it comes") && !strings.Contains(got, "Working on it") {
		return got
	}
	var full string
	a.waitFor("the reply", func() bool {
		for _, m := range a.fake.Messages(channel)[before:] {
			if m.Ephemeral && m.User == user && m.Via != "ack" {
				full = m.AllText()
			}
		}
		return full != ""
	})
	return full
}

func TestNotesArePrivateToThePartners(t *testing.T) {
	t.Parallel()
	a, ab, cd := pairUp(t, options{})
	literal := "Paired on channels 🎉🧠 · שלום عالم · '; DROP TABLE notes;--"
	mustContain(t, a.reply(ana, ab, "note "+literal), "Saved note", "your partnership with <@U0BOB00001> in <#C0LEARN001>")
	mustContain(t, a.reply(ana, ab, "note "+slackTyped("<b>bold</b> & ")+"<!channel>"), "Saved note")
	// Typed elsewhere, a note goes to the newest partnership, and says so.
	mustContain(t, a.reply(bob, program, "note bob's side of things"), "your partnership with <@U0ANA00001> in <#C0LEARN001>")

	got := a.reply(bob, ab, "notes")
	mustContain(t, got, literal, "&lt;b&gt;bold&lt;/b&gt; &amp; @channel", "bob's side", "3 notes", "<@U0ANA00001>")
	if strings.Index(got, "bob's side") > strings.Index(got, literal) {
		t.Errorf("notes are not newest first:\n%s", got)
	}
	for _, who := range []struct{ user, channel, says string }{
		{chen, program, "No notes yet"}, // their own partnership
		{dana, cd, "No notes yet"},
		{chen, ab, "partnership you are not part of"}, // someone else's DM
		{admin, general, "You have no partners yet"},  // admins read no notes
		{admin, ab, "partnership you are not part of"},
	} {
		got := a.reply(who.user, who.channel, "notes")
		mustContain(t, got, who.says)
		if strings.Contains(got, "DROP TABLE") {
			t.Errorf("%s read the partnership's notes in %s:\n%s", who.user, who.channel, got)
		}
	}

	// Too long: refused, given back whole, nothing stored.
	long := strings.Repeat("ü", 10001)
	got = a.replyInFull(ana, ab, "note "+long)
	mustContain(t, got, "10001 characters; the limit is 10000", "Nothing was saved", strings.Repeat("ü", 2000))
	mustContain(t, a.reply(bob, ab, "notes"), "3 notes")

	// An envelope redelivered three times stores its note once.
	ack := a.slash(ana, ab, "note redelivered once")
	for range 3 {
		again, err := a.fake.Redeliver(t.Context(), ack.EnvelopeID)
		if err != nil {
			t.Fatal(err)
		}
		mustContain(t, again.Text, "Already done")
	}
	mustContain(t, a.reply(bob, ab, "notes"), "4 notes")

	// The longest notes page, within Slack's limits.
	for i := range 3 {
		a.reply(ana, ab, fmt.Sprintf("note %d %s", i, strings.Repeat("long note ", 999)))
	}
	mustContain(t, a.replyInFull(bob, ab, "notes"), "Page 1 of 3", "notes 2")
	mustContain(t, a.replyInFull(bob, ab, "notes 2"), "Page 2 of 3", "long note")
	mustContain(t, a.replyInFull(bob, ab, "notes 3"), "Page 3 of 3", "bob's side", "DROP TABLE")
	mustContain(t, a.reply(bob, ab, "notes 9"), "only")
	a.noViolations()
}

func TestQuizBetweenPartners(t *testing.T) {
	t.Parallel()
	a, ab, cd := pairUp(t, options{})
	for text, says := range map[string]string{
		"quiz add What is GC? | Go Compiler | Garbage Collector":            "Mark the right option",
		"quiz add What is GC? | *Go Compiler | *Garbage Collector":          "more than one",
		"quiz add What is GC? | *Garbage Collector":                         "2 to 6 options",
		"quiz add What is GC? | *A | B | C | D | E | F | G":                 "2 to 6 options",
		"quiz add What is GC? | *A | B | C | D | E | F | G | H | I | J | K": "2 to 6 options",
	} {
		mustContain(t, a.reply(ana, ab, text), says)
	}
	mustContain(t, a.reply(bob, ab, "quiz"), "No quiz questions are waiting")

	// Typed in the group DM: a question for the partners, shown there.
	a.reply(ana, ab, "quiz add What does GC stand for? | Go Compiler | *Garbage Collector")
	var question fakeslack.Message
	for _, m := range a.fake.Messages(ab) {
		if !m.Ephemeral && strings.Contains(m.AllText(), "What does GC stand for?") {
			question = m
		}
	}
	if question.TS == "" {
		t.Fatal("the question was not posted in the group DM")
	}
	mustContain(t, question.AllText(), "1. Go Compiler", "2. Garbage Collector")

	first := a.press(bob, question, "quiz_answer_2", "")
	mustContain(t, lastSeenBy(a, ab, bob), "Right!", "2. Garbage Collector")
	a.press(bob, question, "quiz_answer_1", "") // a second answer
	mustContain(t, lastSeenBy(a, ab, bob), "You already answered question 1", "2. Garbage Collector", "which was right")
	again, err := a.fake.Redeliver(t.Context(), first.EnvelopeID)
	if err != nil {
		t.Fatal(err)
	}
	a.handled(again.EnvelopeID)
	mustContain(t, a.reply(bob, ab, "quiz score"), "1 answered, 1 right (100%)")
	a.press(ana, question, "quiz_answer_2", "")
	mustContain(t, lastSeenBy(a, ab, ana), "You wrote question 1")

	// Partnership questions stay in the partnership; scores are private.
	mustContain(t, a.reply(chen, cd, "quiz"), "No quiz questions are waiting")
	mustContain(t, a.reply(chen, cd, "quiz answer 1 2"), "There is no question 1 for you")
	mustContain(t, a.reply(ana, ab, "quiz score"), "no answers yet")

	// Program-wide questions: admins only, typed in the program's channel.
	mustContain(t, a.reply(chen, program, "quiz add Which port? | *443 | 80"), "for admins")
	mustContain(t, a.reply(admin, program, "quiz add Which port does HTTPS use? | 80 | *443"), "Added question 2 for everyone matched in <#C0LEARN001>")
	got := a.reply(chen, cd, "quiz")
	mustContain(t, got, "Question 2", "for everyone in <#C0LEARN001>", "1. 80", "2. 443")
	mustContain(t, a.reply(chen, cd, "quiz answer 2 1"), "Not quite", "You chose *1. 80*", "*2. 443*")
	mustContain(t, a.reply(chen, cd, "quiz score"), "1 answered, 0 right (0%)")
	// 2 people answered: the report counts them under the privacy rule.
	mustContain(t, a.reply(admin, general, "report <#C0LEARN001|learning>"), "fewer than 5 questions, fewer than 5 answers, right: fewer than 5")
	a.noViolations()
}

func TestButtonWeMetUpdatesTheIntro(t *testing.T) {
	t.Parallel()
	a, ab, cd := pairUp(t, options{})
	intro := introIn(t, a, ab)
	abValue := intro.Elements()[0].Value // group:N
	// A button naming a partnership the clicker is not in changes nothing.
	a.press(chen, introIn(t, a, cd), "tandem_skip", abValue)
	mustContain(t, lastSeenBy(a, cd, chen), "partnership you are not part of", "changes nothing")
	if introIn(t, a, ab).Updated {
		t.Fatal("an outsider's click changed the intro")
	}

	first := a.press(ana, intro, "tandem_met", "")
	got := introIn(t, a, ab)
	day := time.Now().In(mustZone(t, "Europe/Berlin")).Format("Mon 2 Jan")
	mustContain(t, got.AllText(), "<@U0ANA00001> marked this as met on "+day, "Why you")
	if !got.Updated || len(got.Elements()) != 0 {
		t.Errorf("intro not updated in place without its buttons: updated %v, %v", got.Updated, got.Elements())
	}
	updates := len(a.fake.CallsTo("chat.update"))
	again, err := a.fake.Redeliver(t.Context(), first.EnvelopeID)
	if err != nil {
		t.Fatal(err)
	}
	a.handled(again.EnvelopeID)
	// bob clicks a stale copy of the button: nothing more happens.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	late, err := a.fake.BlockAction(ctx, fakeslack.BlockAction{UserID: bob, ChannelID: ab, MessageTS: "1767261601.999999",
		ActionID: "tandem_skip", BlockID: "intro_actions", Value: abValue})
	if err != nil {
		t.Fatal(err)
	}
	a.handled(late.EnvelopeID)
	mustContain(t, lastSeenBy(a, ab, bob), "Already done", "marked this as met")
	if n := len(a.fake.CallsTo("chat.update")); n != updates {
		t.Errorf("%d more chat.update calls after a redelivery and a late click", n-updates)
	}
	mustContain(t, a.reply(admin, general, "report <#C0LEARN001|learning>"), "fewer than 5 groups, fewer than 5 said they met (fewer than 5)")

	a.press(dana, introIn(t, a, cd), "tandem_skip", "")
	mustContain(t, introIn(t, a, cd).AllText(), "<@U0DANA0001> skipped this round")
	a.noViolations()
}

func TestCheckinsReachOnlyGroupsThatHaveNotMet(t *testing.T) {
	t.Parallel()
	a, ab, cd := pairUp(t, options{})
	a.press(bob, introIn(t, a, ab), "tandem_met", "")
	mustContain(t, a.reply(admin, general, `program set <#C0LEARN001|learning> checkin="@every 1s"`), "Changed `checkin`")
	checkins := func(dm string) []fakeslack.Message {
		var out []fakeslack.Message
		for _, m := range a.fake.Messages(dm) {
			if strings.HasPrefix(m.Text, "Check-in") {
				out = append(out, m)
			}
		}
		return out
	}
	a.waitFor("two check-ins", func() bool { return len(checkins(cd)) >= 2 })
	if n := len(checkins(ab)); n != 0 {
		t.Errorf("the group that met got %d check-ins", n)
	}
	got := checkins(cd)[0].AllText()
	mustContain(t, got, "<@U0CHEN0001>", "<@U0DANA0001>", "Did you meet yet?", "/tandem note", "We met", "Skip this round")

	last := checkins(cd)[len(checkins(cd))-1]
	a.press(chen, last, "tandem_skip", "")
	for _, m := range checkins(cd) {
		if m.TS == last.TS {
			mustContain(t, m.AllText(), "<@U0CHEN0001> skipped this round", "no more check-ins")
		}
	}
	mustContain(t, introIn(t, a, cd).AllText(), "skipped this round")
	time.Sleep(300 * time.Millisecond) // a check-in already on its way when chen clicked lands
	n := len(checkins(cd))
	time.Sleep(2500 * time.Millisecond) // two more firings
	if more := len(checkins(cd)) - n; more > 0 {
		t.Errorf("%d check-ins after the group skipped", more)
	}
	a.noViolations()
}
