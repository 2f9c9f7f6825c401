package render

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/internal/adversarial"
	"github.com/tandem-dev/tandem/internal/fakeslack"
	"github.com/tandem-dev/tandem/lang"
)

// slackToken is any <…> in a rendered text: Slack turns it into a mention,
// a broadcast, a link or a channel.
var slackToken = regexp.MustCompile(`<[^<>]*>`)

// tandemTokens are the tokens the surfaces below put there themselves.
var tandemTokens = map[string]bool{"<@U0A>": true, "<@U0B>": true, "<#C1>": true}

// renderAll renders text a person typed (as Slack delivered it) on every
// surface of this package that shows a person's text, in every language.
func renderAll(typed string) map[string]Reply {
	all := map[string]Reply{}
	for _, tag := range lang.Tags {
		for surface, r := range renderIn(typed, Renderer{Command: "/tandem"}.In(lang.Of(tag))) {
			all[string(tag)+" "+surface] = r
		}
	}
	return all
}

// renderIn is renderAll in the language of r.
func renderIn(typed string, r Renderer) map[string]Reply {
	p := command.Plain(typed)
	prog := tandem.NewProgram("C1", "UTC")
	prog.Agenda = ""
	topic := tandem.Topic{ID: 1, Program: "C1", Author: "U0A", Text: p, Skill: tandem.NormalizeSkill(p), Urgent: true, Votes: 2}
	m := tandem.Marketplace{ID: 1, Program: "C1", Topics: []tandem.Topic{topic, {ID: 2, Program: "C1", Author: "U0B", Text: p}}}
	g := tandem.Group{ID: 1, Program: "C1", Members: []tandem.UserID{"U0A", "U0B"}, Reasons: []tandem.Reason{
		{Kind: tandem.KindTeaches, A: "U0A", B: "U0B", Skill: tandem.NormalizeSkill(p)},
		{Kind: tandem.KindSameOffice, A: "U0A", B: "U0B", Location: p},
		{Kind: tandem.KindDifferentOffices, A: "U0A", B: "U0B", Location: p, OtherLocation: p},
	}}
	profiles := map[tandem.UserID]tandem.Profile{"U0A": {Location: p}, "U0B": {Location: p}}
	return map[string]Reply{
		"user text":  r.Text("> " + UserText(p, MaxSectionText-10)),
		"call":       r.Call(prog, m),
		"topics":     r.Topics(prog, m),
		"agenda":     r.Agenda(prog, m),
		"ask post":   r.AskPost(topic, []tandem.UserID{"U0B"}),
		"given back": r.Echo(r.T("reply.too_long_note", "Got", len(p), "Limit", tandem.MaxNoteLen), p),
		"intro":      r.Intro(g, profiles),
		"added":      r.Text(r.TopicAdded(prog, topic, m)),
		"error":      r.Text(":warning: " + Defang(Truncate(r.Lang.Err(tandem.Errorf(tandem.EINVALID, "%q is not a mode. Use `onsite`, `remote` or `any`.", typed)), 1500))),
	}
}

// checkRendered fails if Slack would refuse a message, or if a token the
// person typed would reach Slack live.
func checkRendered(t *testing.T, typed string) {
	t.Helper()
	for surface, r := range renderAll(typed) {
		for i, msg := range append([]Reply{r}, r.More...) {
			blocks, err := json.Marshal(msg.Blocks)
			if err != nil {
				t.Fatal(err)
			}
			if err := fakeslack.ValidateMessage(msg.Text, blocks); err != nil {
				t.Errorf("%s (message %d) of %q: Slack would refuse it: %v", surface, i+1, clip(typed), err)
			}
			text := fakeslack.Message{Text: msg.Text, Blocks: blocks}.AllText()
			for _, tok := range slackToken.FindAllString(text, -1) {
				// An error message repeats what was typed; a channel link in it
				// notifies nobody, and tandem's own messages name channels so.
				if !tandemTokens[tok] && !(strings.HasSuffix(surface, " error") && channelLink.MatchString(tok)) {
					t.Errorf("%s of %q: %q reaches Slack live", surface, clip(typed), tok)
				}
			}
		}
	}
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// TestAdversarialCorpusRendersSafely: every string of the corpus, on every
// surface, is valid Block Kit within Slack's limits, and no mention,
// broadcast or link the person typed is live.
func TestAdversarialCorpusRendersSafely(t *testing.T) {
	t.Parallel()
	corpus, err := adversarial.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range corpus {
		t.Run(e.Name, func(t *testing.T) { checkRendered(t, e.Text) })
	}
}

// FuzzUserTextToBlockKit: user text in, rendered Block Kit out, on every
// surface: always valid, never a live token the person typed.
func FuzzUserTextToBlockKit(f *testing.F) {
	corpus, err := adversarial.Corpus()
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range corpus {
		f.Add(e.Text)
	}
	f.Fuzz(func(t *testing.T, typed string) { checkRendered(t, typed) })
}
