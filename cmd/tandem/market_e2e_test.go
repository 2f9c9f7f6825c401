package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/internal/fakeslack"
)

// The discussion marketplace end to end: calls, topics, votes, the agenda
// and `ask`, through the fake Slack.

const callTitle = "bring your topics" // in every call's notification text

// calls returns the marketplace calls posted in channel, oldest first.
func (a *testApp) calls(channel string) []fakeslack.Message {
	var out []fakeslack.Message
	for _, m := range a.fake.Messages(channel) {
		if !m.Ephemeral && strings.Contains(m.Text, callTitle) {
			out = append(out, m)
		}
	}
	return out
}

// postCall has the admin post the call now and returns it.
func (a *testApp) postCall(t *testing.T, channel string) fakeslack.Message {
	t.Helper()
	before := len(a.calls(channel))
	mustContain(t, a.reply(admin, channel, "marketplace <#"+channel+"|x>"), "Posted the marketplace call")
	calls := a.calls(channel)
	if len(calls) != before+1 {
		t.Fatalf("%d calls after `marketplace`, want %d", len(calls), before+1)
	}
	return calls[len(calls)-1]
}

// message returns the current state of a message.
func (a *testApp) message(channel, ts string) fakeslack.Message {
	a.t.Helper()
	for _, m := range a.fake.Messages(channel) {
		if m.TS == ts {
			return m
		}
	}
	a.t.Fatalf("no message %s in %s", ts, channel)
	return fakeslack.Message{}
}

// topicBlock returns the block ID of the section of msg that shows text.
func topicBlock(t *testing.T, msg fakeslack.Message, text string) string {
	t.Helper()
	var blocks []struct {
		BlockID string `json:"block_id"`
		Text    struct{ Text string }
	}
	if err := json.Unmarshal(msg.Blocks, &blocks); err != nil {
		t.Fatal(err)
	}
	for _, b := range blocks {
		if strings.HasPrefix(b.BlockID, "market_topic_") && strings.Contains(b.Text.Text, text) {
			return b.BlockID
		}
	}
	t.Fatalf("no topic %q in the message:\n%s", text, msg.AllText())
	return ""
}

// click presses a button of msg as user and returns the ack; blockID and
// value, when not "", override the button's own.
func (a *testApp) click(user string, msg fakeslack.Message, actionID, blockID, value string) fakeslack.Ack {
	a.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ack, err := a.fake.BlockAction(ctx, fakeslack.BlockAction{UserID: user, ChannelID: msg.Channel, MessageTS: msg.TS,
		ActionID: actionID, BlockID: blockID, Value: value})
	if err != nil {
		a.t.Fatalf("%s clicking %s: %v", user, actionID, err)
	}
	a.handled(ack.EnvelopeID)
	return ack
}

// vote clicks the +1 of the topic showing text in msg, and returns what
// the voter alone was told.
func (a *testApp) vote(t *testing.T, user string, msg fakeslack.Message, text string) string {
	t.Helper()
	before := len(a.notices(msg.Channel, user))
	a.click(user, msg, "market_vote", topicBlock(t, msg, text), "")
	notices := a.notices(msg.Channel, user)
	if len(notices) != before+1 {
		t.Fatalf("%d notices to %s after a vote, want %d", len(notices), user, before+1)
	}
	return notices[len(notices)-1]
}

// notices are the ephemeral answers to user's clicks in channel.
func (a *testApp) notices(channel, user string) []string {
	var out []string
	for _, m := range a.fake.Messages(channel) {
		if m.Ephemeral && m.User == user && m.Via == fakeslack.ResponseURLMethod && !m.Updated {
			out = append(out, m.AllText())
		}
	}
	return out
}

func before(t *testing.T, text, first, second string) {
	t.Helper()
	i, j := strings.Index(text, first), strings.Index(text, second)
	if i < 0 || j < 0 || i > j {
		t.Errorf("want %q before %q in:\n%s", first, second, text)
	}
}

func TestMarketplaceCallOnSchedule(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{programSettings: "    marketplace: \"@every 2s\"\n    agenda: \"0 15 8 * *\"\n    timezone: Europe/Berlin\n"})
	a.waitFor("three scheduled calls", func() bool { return len(a.calls(program)) >= 3 })
	call := a.calls(program)[0].AllText()
	mustContain(t, call, "Time to bring your topics", "The next marketplace meets on", "15:00 CE", "/tandem topic &lt;text&gt;",
		"/tandem ask &lt;skill&gt;: &lt;problem&gt;", "Nothing on the list yet")
	var add bool
	for _, e := range a.calls(program)[0].Elements() {
		add = add || e.ActionID == "market_add" && e.Value == "program:"+program
	}
	if !add {
		t.Errorf("the call has no Add a topic button:\n%s", call)
	}
	// One post per firing: the firings are 2 s apart, so are the posts.
	var posts []time.Time
	for _, c := range a.fake.CallsTo("chat.postMessage") {
		if c.Form.Get("channel") == program && strings.Contains(c.Form.Get("text"), callTitle) {
			posts = append(posts, c.At)
		}
	}
	for i := 1; i < len(posts); i++ {
		if gap := posts[i].Sub(posts[i-1]); gap < time.Second {
			t.Errorf("calls %d and %d posted %s apart: one firing posted twice", i-1, i, gap)
		}
	}
	// A topic shows up in the next call.
	n := len(a.calls(program))
	mustContain(t, a.reply(ana, program, "topic how we review code"), "#1 of 1")
	a.waitFor("a call with the topic", func() bool {
		calls := a.calls(program)
		return len(calls) > n && strings.Contains(calls[len(calls)-1].AllText(), "how we review code")
	})
	a.noViolations()
}

func TestUrgentTopicListedFirst(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	mustContain(t, a.reply(ana, program, "topic how we review code"), "Topic added", "next marketplace of <#C0LEARN001>", "#1 of 1", "how we review code")
	call := a.postCall(t, program)
	a.vote(t, bob, call, "how we review code")
	a.vote(t, chen, call, "how we review code")
	mustContain(t, a.reply(bob, program, "topic urgent the build is red"), "Urgent topic added", "#1 of 2")
	got := a.reply(chen, program, "topics")
	mustContain(t, got, "Topics for the next marketplace", "urgent", "2 votes", "no votes")
	before(t, got, "the build is red", "how we review code")
	// The call in the channel shows the new topic too, updated in place.
	updated := a.message(program, call.TS)
	if !updated.Updated {
		t.Errorf("the call was not updated in place")
	}
	before(t, updated.AllText(), "the build is red", "how we review code")
	if strings.Contains(a.logs.String(), "the build is red") {
		t.Errorf("topic text in the logs:\n%s", a.logs)
	}
	a.noViolations()
}

func TestVoteOncePerTopicAndThreePerMarketplace(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	for _, text := range []string{"alpha", "beta", "gamma", "delta"} {
		a.reply(ana, program, "topic "+text)
	}
	call := a.postCall(t, program)
	mustContain(t, a.vote(t, bob, call, "alpha"), "Your +1 counts", "1 vote now", "2 votes left")
	mustContain(t, a.message(program, call.TS).AllText(), "1 vote")
	mustContain(t, a.vote(t, bob, call, "alpha"), "already gave this topic your +1")
	got := a.reply(ana, program, "topics")
	mustContain(t, got, "1 vote")
	if strings.Contains(got, "2 votes") {
		t.Errorf("a second click counted twice:\n%s", got)
	}
	// Authors may vote for their own topic.
	mustContain(t, a.vote(t, ana, call, "alpha"), "Your +1 counts", "2 votes now")
	a.vote(t, bob, call, "beta")
	mustContain(t, a.vote(t, bob, call, "gamma"), "no votes left")
	refused := a.vote(t, bob, call, "delta")
	mustContain(t, refused, "used all 3 of your votes", "alpha", "beta", "gamma", "Lean Coffee", "nothing changed")
	if strings.Contains(refused, "delta") {
		t.Errorf("the refusal lists the refused topic:\n%s", refused)
	}
	after := a.message(program, call.TS)
	if !after.Updated || len(a.fake.CallsTo("chat.update")) == 0 {
		t.Errorf("votes did not update the call in place with chat.update")
	}
	deltaBlock := topicBlock(t, after, "delta")
	var deltaText string
	var blocks []struct {
		BlockID string `json:"block_id"`
		Text    struct{ Text string }
	}
	json.Unmarshal(after.Blocks, &blocks)
	for _, b := range blocks {
		if b.BlockID == deltaBlock {
			deltaText = b.Text.Text
		}
	}
	mustContain(t, deltaText, "no votes")
	// Another person's budget is their own.
	mustContain(t, a.vote(t, chen, call, "delta"), "Your +1 counts")
	a.noViolations()
}

func TestAskNamesTeachersClosestFirst(t *testing.T) {
	t.Parallel()
	const dana, gus, eve = "U0DANA0001", "U0GUS00001", "U0EVE00001"
	a := startApp(t, options{
		people: []fakeslack.User{
			{ID: dana, Name: "dana", RealName: "Dana Cohen", TZ: "America/New_York"},
			{ID: gus, Name: "gus", RealName: "Gus Tanaka", TZ: "Asia/Tokyo"},
			{ID: eve, Name: "eve", RealName: "Eve Varga", TZ: "Europe/Berlin"},
		},
		members: []string{ana, bob, chen, dana, gus, eve},
	})
	for _, u := range []string{ana, gus, dana, chen, bob, eve} {
		mustContain(t, a.reply(u, program, "teach go"), "You can teach: go.")
	}
	a.reply(eve, program, "pause")
	got := a.reply(ana, program, "ask golang: our service leaks goroutines under load")
	mustContain(t, got, "Posted your problem in <#C0LEARN001>", "<@U0BOB00001>, <@U0CHEN0001>, <@U0DANA0001>", "urgent topic (#1 of 1)")
	for _, who := range []string{gus, eve} {
		if strings.Contains(got, who) {
			t.Errorf("named %s (farther away, or paused):\n%s", who, got)
		}
	}
	var post string
	for _, m := range a.fake.Messages(program) {
		if !m.Ephemeral && strings.Contains(m.AllText(), "needs help with") {
			post = m.AllText()
		}
	}
	mustContain(t, post, "<@U0ANA00001> needs help with *go*", "our service leaks goroutines under load", "<@U0BOB00001>, <@U0CHEN0001>, <@U0DANA0001>: you teach *go*")
	if strings.Contains(post, "<@U0GUS00001>") || strings.Count(post, "<@U0ANA00001>") != 1 {
		t.Errorf("the post names the wrong people:\n%s", post)
	}

	got = a.reply(bob, program, "ask cobol: the mainframe job fails")
	mustContain(t, got, "Nobody in <#C0LEARN001> lists *cobol*", "named no one", "posted your problem in <#C0LEARN001> anyway", "marketplace")
	mustContain(t, a.reply(chen, program, "topics"), "help with *go*", "help with *cobol*", "the mainframe job fails")
	a.noViolations()
}

func TestAgendaClosesTheMarketplace(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{programSettings: "    agenda: \"@every 6s\"\n"})
	agendas := func() []fakeslack.Message {
		var out []fakeslack.Message
		for _, m := range a.fake.Messages(program) {
			if !m.Ephemeral && (strings.Contains(m.Text, "agenda") || strings.Contains(m.Text, "No topics for today")) {
				out = append(out, m)
			}
		}
		return out
	}
	a.waitFor("a first agenda", func() bool { return len(agendas()) >= 1 })
	mustContain(t, agendas()[0].AllText(), "No topics for today's marketplace", "Enjoy the free time")

	a.reply(ana, program, "topic how we review code")
	a.reply(bob, program, "topic urgent the build is red")
	call := a.postCall(t, program)
	n := len(agendas())
	a.waitFor("an agenda with the topics", func() bool { return len(agendas()) > n })
	agenda := agendas()[n].AllText()
	mustContain(t, agenda, "Marketplace agenda", "2 topics, urgent first", "move a topic up")
	before(t, agenda, "the build is red", "how we review code")

	// During the meeting, +1 on the agenda counts and redraws it in place.
	ag := agendas()[n]
	mustContain(t, a.vote(t, chen, ag, "how we review code"), "Your +1 counts")
	updated := a.message(program, ag.TS)
	if !updated.Updated {
		t.Error("the agenda was not updated after a vote")
	}
	mustContain(t, updated.AllText(), "how we review code\n_from <@U0ANA00001> · 1 vote_")

	mustContain(t, a.reply(chen, program, "topics"), "Nothing on the list yet")
	mustContain(t, a.reply(chen, program, "topic pairing tips"), "#1 of 1")
	got := a.reply(ana, program, "topics")
	mustContain(t, got, "pairing tips")
	if strings.Contains(got, "how we review code") {
		t.Errorf("a closed topic is still listed:\n%s", got)
	}
	// Once the next agenda is out, the old call's and agenda's buttons are refused.
	m := len(agendas())
	a.waitFor("the next agenda", func() bool { return len(agendas()) > m })
	mustContain(t, a.vote(t, ana, call, "how we review code"), "That marketplace is over", "Nothing changed")
	mustContain(t, a.vote(t, ana, ag, "the build is red"), "That marketplace is over", "Nothing changed")
	if a.message(program, call.TS).Updated {
		t.Errorf("a refused vote updated the old call")
	}
	a.noViolations()
}

func TestMarketplaceBadInput(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	mustContain(t, a.reply(ana, program, "topic"), "Say what the topic is")
	mustContain(t, a.reply(ana, program, "topic urgent"), "Say what the topic is")
	long := strings.Repeat("x", 1000) + "END"
	mustContain(t, a.reply(ana, program, "topic "+long), "1003 characters; the limit is 1000", "Nothing was saved", "xxxxEND")
	mustContain(t, a.reply(ana, program, "topics"), "Nothing on the list yet")
	// Outside any program channel, in no program: say so.
	mustContain(t, a.reply(admin, "", "topic payroll questions"), "not in any learning program's channel")

	// A redelivered `topic` adds it once; user text is escaped everywhere.
	first := a.slash(ana, program, "topic ping <!channel> &amp; &lt;b&gt; for <@U0BOB00001|bob>")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	again, err := a.fake.Redeliver(ctx, first.EnvelopeID)
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, again.Text, "Already done")
	call := a.postCall(t, program)
	text := call.AllText()
	mustContain(t, text, "ping @channel &amp; &lt;b&gt; for @bob", "On the list so far* (1)")
	if strings.Contains(text, "<!channel>") || strings.Contains(text, "<b>") {
		t.Errorf("user text reached Slack unescaped:\n%s", text)
	}

	// A second program: someone in both must say which.
	mustContain(t, a.reply(admin, general, "program add <#C0GENERAL1|general>"), "is now a learning program")
	mustContain(t, a.reply(ana, "", "topic lunch and learn"), "You are in 2 programs", "<#C0LEARN001>", "<#C0GENERAL1>", "Which marketplace")
	mustContain(t, a.reply(admin, "", "topic payroll questions"), "next marketplace of <#C0GENERAL1>") // hr is in #general only
	mustContain(t, a.reply(ana, general, "topic lunch and learn"), "next marketplace of <#C0GENERAL1>", "#2 of 2")

	// A vote button naming a topic of another program changes nothing.
	list := a.slash(ana, general, "topics")
	payroll := strings.TrimPrefix(topicBlock(t, fakeslack.Message{Blocks: list.Blocks}, "payroll questions"), "market_topic_")
	a.click(bob, call, "market_vote", topicBlock(t, call, "ping"), "topic:"+payroll)
	notices := a.notices(program, bob)
	if len(notices) != 1 {
		t.Fatalf("notices to bob: %q", notices)
	}
	mustContain(t, notices[0], "another program's marketplace", "Nothing changed")
	mustContain(t, a.reply(ana, general, "topics"), "payroll questions")
	if got := a.reply(ana, general, "topics"); strings.Contains(got, "1 vote") {
		t.Errorf("a vote from another program counted:\n%s", got)
	}
	if a.message(program, call.TS).Updated {
		t.Errorf("a refused vote updated the call")
	}
	a.noViolations()
}

func TestAddTopicModal(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	call := a.postCall(t, program)
	a.click(ana, call, "market_add", "", "")
	modals := a.fake.Modals()
	if len(modals) != 1 || modals[0].CallbackID != "market_topic" || modals[0].UserID != ana {
		t.Fatalf("modals: %+v", modals)
	}
	mustContain(t, modals[0].AllText(), "Add a topic", "next marketplace of <#C0LEARN001>", "Urgent")
	submit := func(text string) fakeslack.Ack {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		ack, err := a.fake.ViewSubmission(ctx, fakeslack.ViewSubmission{UserID: ana, ViewID: modals[0].ID,
			Values: map[string]map[string]fakeslack.StateValue{"topic": {"text": {Value: text}}}})
		if err != nil {
			t.Fatal(err)
		}
		a.handled(ack.EnvelopeID)
		return ack
	}
	if ack := submit("   "); ack.ResponseAction != "errors" || !strings.Contains(ack.Errors["topic"], "Write the topic") {
		t.Fatalf("empty topic: %+v", ack)
	}
	if ack := submit(strings.Repeat("y", 1001)); ack.ResponseAction != "errors" || !strings.Contains(ack.Errors["topic"], "at most 1000") {
		t.Fatalf("long topic: %+v", ack)
	}
	if ack := submit("pairing tips"); ack.ResponseAction != "" {
		t.Fatalf("good topic: %+v", ack)
	}
	a.waitFor("the confirmation", func() bool {
		for _, m := range a.fake.Messages(program) {
			if m.Ephemeral && m.User == ana && strings.Contains(m.AllText(), "#1 of 1") {
				return true
			}
		}
		return false
	})
	mustContain(t, a.message(program, call.TS).AllText(), "pairing tips", "On the list so far")
	a.noViolations()
}
