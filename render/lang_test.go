package render

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/internal/fakeslack"
	"github.com/tandem-dev/tandem/lang"
)

// hostile is text of n characters as a person may type it, every one of
// which needs escaping or could break out of mrkdwn.
func hostile(n int) string {
	s := strings.Repeat("<!channel>*_~`&", n/15+1)
	return string([]rune(s)[:n])
}

var ownMarkup = regexp.MustCompile(`<[@#][UCDG][A-Z0-9]+>`)

// mrkdwn returns the mrkdwn texts of blocks (plain text is never markup).
func mrkdwn(t *testing.T, blocks []byte) []string {
	t.Helper()
	var v any
	if err := json.Unmarshal(blocks, &v); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["text"].(string); ok && x["type"] == "mrkdwn" {
				out = append(out, s)
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// checkIn fails if Slack would refuse r, or if typed text became markup.
func checkIn(t *testing.T, name string, r Reply) string {
	t.Helper()
	for i, msg := range append([]Reply{r}, r.More...) {
		blocks, err := json.Marshal(msg.Blocks)
		if err != nil {
			t.Fatal(err)
		}
		if err := fakeslack.ValidateMessage(msg.Text, blocks); err != nil {
			t.Errorf("%s (message %d): Slack would refuse it: %v", name, i+1, err)
		}
		text := fakeslack.Message{Blocks: blocks}.AllText()
		if n := utf8.RuneCountInString(text); n > 12000 {
			t.Errorf("%s (message %d): %d characters of block text", name, i+1, n)
		}
		for _, md := range mrkdwn(t, blocks) {
			if strings.Contains(ownMarkup.ReplaceAllString(md, ""), "<") {
				t.Errorf("%s (message %d): unescaped user text or markup:\n%.400s", name, i+1, md)
			}
		}
		if strings.Contains(text, "<no value>") || strings.Contains(text, "{{") {
			t.Errorf("%s (message %d): a placeholder left unfilled:\n%.400s", name, i+1, text)
		}
	}
	blocks, _ := json.Marshal(r.Blocks)
	return fakeslack.Message{Blocks: blocks}.AllText()
}

// TestEveryMessageFitsSlackInEveryLanguage renders every message a member
// or a channel gets, in each language (German runs longer), with the most
// and the most hostile text people may type, and checks Slack's limits.
func TestEveryMessageFitsSlackInEveryLanguage(t *testing.T) {
	t.Parallel()
	members := make([]tandem.UserID, tandem.MaxGroupSize)
	profiles := map[tandem.UserID]tandem.Profile{}
	for i := range members {
		members[i] = tandem.UserID(fmt.Sprintf("U%07d", i+1))
		profiles[members[i]] = tandem.Profile{User: members[i], Mode: tandem.ModeOnsite, Location: hostile(tandem.MaxLocationLen)}
	}
	var reasons []tandem.Reason
	for i := range members {
		a, b := members[i], members[(i+1)%len(members)]
		for j := range tandem.MaxSkills {
			reasons = append(reasons, tandem.Reason{Kind: tandem.KindTeaches, A: a, B: b, Skill: fmt.Sprintf("%d%s", j, hostile(tandem.MaxSkillLen-2))})
		}
		reasons = append(reasons,
			tandem.Reason{Kind: tandem.KindTandem, A: a, B: b},
			tandem.Reason{Kind: tandem.KindDifferentOffices, A: a, B: b, Location: hostile(tandem.MaxLocationLen), OtherLocation: hostile(tandem.MaxLocationLen)},
			tandem.Reason{Kind: tandem.KindRepeat, A: a, B: b, RoundsAgo: 3},
			tandem.Reason{Kind: tandem.KindModeMismatch, A: a, B: b},
			tandem.Reason{Kind: tandem.KindLittleOverlap, A: a, B: b, Hours: 1})
	}
	goal := tandem.Goal{Text: hostile(tandem.MaxGoalLen), By: members[0], Status: tandem.GoalStuck}
	g := tandem.Group{ID: 7, Program: "C0PROGRAM1", Members: members, Reasons: reasons, Goal: goal}
	bare := tandem.Group{ID: 8, Program: "C0PROGRAM1", Members: members[:2]}
	opts := make([]string, tandem.MaxQuizOptions)
	for i := range opts {
		opts[i] = hostile(tandem.MaxOptionLen)
	}
	q := tandem.Question{ID: 12, Program: "C0PROGRAM1", Author: members[0], Text: hostile(tandem.MaxQuestionLen), Options: opts}
	var left []tandem.LeftOut
	for i := range 40 {
		left = append(left, tandem.LeftOut{User: tandem.UserID(fmt.Sprintf("U%07d", 100+i)), Code: []tandem.LeftOutCode{tandem.LeftAlone, tandem.LeftNoRoom}[i%2]})
	}
	var groups []tandem.Group
	for i := range 60 {
		groups = append(groups, tandem.Group{ID: tandem.GroupID(i + 1), Members: members[:2], Score: 30})
	}
	round := tandem.Round{ID: 3, Program: "C0PROGRAM1", Seed: 42, Groups: groups, LeftOut: left}
	p := tandem.Program{Channel: "C0PROGRAM1", Agenda: "0 15 8 * *", Timezone: "Europe/Berlin"}
	topics := manyTopics(60)
	for i := range topics {
		topics[i].Program, topics[i].Author, topics[i].Skill = "C0PROGRAM1", members[0], hostile(tandem.MaxSkillLen)
	}
	m := tandem.Marketplace{ID: 1, Program: "C0PROGRAM1", Number: 1, Topics: topics}
	empty := tandem.Marketplace{ID: 2, Program: "C0PROGRAM1", Number: 2}
	ask := tandem.Topic{ID: 9, Program: "C0PROGRAM1", Author: members[0], Urgent: true, Skill: hostile(tandem.MaxSkillLen), Text: hostile(tandem.MaxTopicLen)}

	lengths := map[lang.Tag]int{}
	for _, tag := range lang.Tags {
		r := renderer().In(lang.Of(tag))
		msgs := map[string]Reply{
			"intro":          r.Intro(g, profiles),
			"intro, bare":    r.Intro(bare, nil),
			"check-in":       r.Checkin(g),
			"check-in, bare": r.Checkin(bare),
			"ghost":          r.Ghost(g),
			"round started":  r.RoundStarted(round),
			"summary":        r.Summary(round, tandem.OutboxProgress{Sent: 100, Failed: 20}),
			"call":           r.Call(p, m),
			"call, empty":    r.Call(p, empty),
			"topics":         r.Topics(p, m),
			"topics, empty":  r.Topics(p, empty),
			"agenda":         r.Agenda(p, m),
			"agenda, empty":  r.Agenda(p, empty),
			"topic added":    r.Text(r.TopicAdded(p, ask, m)),
			"ask post":       r.AskPost(ask, members[:3]),
			"ask, nobody":    r.AskPost(ask, nil),
			"ask withdrawn":  r.AskWithdrawn(),
			"review":         r.ReviewDM(q),
			"feedback":       r.Feedback(g),
			"goal changed":   r.GoalChanged(g, members[1], true),
			"goal status":    r.GoalStatusPosted(g, members[1]),
			"echo":           r.Echo(r.T("reply.too_long_note", "Got", 99999, "Limit", tandem.MaxNoteLen), hostile(20000)),
		}
		for _, code := range []tandem.LeftOutCode{tandem.LeftAlone, tandem.LeftOwnAvoidList, tandem.LeftAvoided, tandem.LeftNoRoom} {
			msgs["left out "+string(code)] = r.LeftOutDM("C0PROGRAM1", code)
		}
		for name, msg := range msgs {
			lengths[tag] += len(checkIn(t, string(tag)+" "+name, msg))
		}
		if got := checkIn(t, string(tag)+" intro", r.Intro(g, profiles)); !strings.Contains(got, r.T("intro.why")) {
			t.Errorf("%s: the intro lost its reasons:\n%.300s", tag, got)
		}
	}
	if lengths[lang.German] <= lengths[lang.English] {
		t.Errorf("German came out shorter than English (%d, %d characters): is it German?", lengths[lang.German], lengths[lang.English])
	}
}
