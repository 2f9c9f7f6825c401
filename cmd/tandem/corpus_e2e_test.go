package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/tandem-dev/tandem/internal/adversarial"
	"github.com/tandem-dev/tandem/internal/fakeslack"
)

// liveToken is a Slack token a person of the corpus typed: a broadcast, a
// mention of the corpus's user or channel, a link. tandem's own mentions of
// the test's people are not in the corpus.
var liveToken = regexp.MustCompile(`<(!|@U0EVIL|#C0EVIL|https?:|mailto:)`)

// TestAdversarialCorpusThroughSlack feeds every string of the corpus,
// through the fake Slack, into every command that stores or shows a
// person's text (profile fields, note, topic, ask, quiz, avoid), then
// shows it on every surface (replies, the profile, notes, topics, the
// marketplace call, an intro, the admin's summary and report, the App
// Home, the profile form). Slack takes every message and view, nothing the
// person typed reaches it live, and a note within its limit comes back
// as typed.
func TestAdversarialCorpusThroughSlack(t *testing.T) {
	t.Parallel()
	corpus, err := adversarial.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	a, ab, _ := pairUp(t, options{})
	for _, e := range corpus {
		typed := e.Text
		for _, cmd := range []struct{ where, text string }{
			{program, "teach " + typed}, {program, "learn " + typed}, {program, "location " + typed},
			{ab, "note " + typed}, {program, "topic " + typed}, {program, "topic urgent " + typed},
			{program, "ask " + typed + ": " + typed}, {program, "ask go: " + typed},
			{ab, "quiz add " + typed + " | " + typed + " | *" + typed},
			{program, "avoid " + typed}, {program, "mode " + typed},
		} {
			a.slash(ana, cmd.where, cmd.text)
		}
		for _, show := range []struct{ user, where, text string }{
			{ana, program, "profile"}, {bob, ab, "notes"}, {ana, program, "topics"}, {bob, ab, "quiz"},
			{admin, general, "marketplace #learning"}, {admin, general, "report"}, {ana, program, "partners"},
		} {
			a.replyInFull(show.user, show.where, show.text)
		}
		if _, err := a.fake.AppHomeOpened(ctx10(t), ana); err != nil {
			t.Fatal(err)
		}
		a.slash(ana, program, "profile edit")
	}
	// A round with the last profile: intros, the left-out DMs and the
	// admin's summary show it too.
	a.reply(ana, program, "teach "+corpus[len(corpus)-1].Text)
	intros, summaries := introCount(a), len(a.fake.Messages(a.fake.DMChannel(admin)))
	a.reply(admin, general, "match <#C0LEARN001|learning>")
	a.waitFor("the new round's intros and summary", func() bool {
		return introCount(a) >= intros+2 && len(a.fake.Messages(a.fake.DMChannel(admin))) > summaries
	})

	a.noViolations()
	// Only mrkdwn turns a token into a mention or a link: plain_text
	// (buttons, options, headers, inputs) shows it as typed.
	for _, m := range a.fake.AllMessages() {
		if tok := liveToken.FindString(m.MarkdownText()); tok != "" {
			t.Errorf("a message in %s shows %q live:\n%.300s", m.Channel, tok, m.MarkdownText())
		}
	}
	for _, v := range append(a.fake.Modals(), homeOf(a, ana)) {
		if tok := liveToken.FindString(v.MarkdownText()); tok != "" {
			t.Errorf("view %q shows %q live:\n%.300s", v.Title, tok, v.MarkdownText())
		}
	}
	for _, ack := range a.fake.Acks() {
		if md := (fakeslack.Message{Text: ack.Text, Blocks: ack.Blocks}).MarkdownText(); liveToken.MatchString(md) {
			t.Errorf("a reply shows %q live:\n%.300s", liveToken.FindString(md), md)
		}
	}
	// Nothing lost: a note within the limit is stored and shown whole (in
	// the words Slack's tokens stand for, and escaped).
	notes := a.replyInFull(bob, ab, "notes")
	for _, want := range []string{"before", "after", "🧠🎉👩‍💻", "DROP TABLE notes", "{{.Cmd}} %s %d"} {
		if !strings.Contains(notes, want) {
			t.Errorf("the notes lost %q", want)
		}
	}

}

func homeOf(a *testApp, user string) fakeslack.View {
	v, _ := a.fake.HomeView(user)
	return v
}
