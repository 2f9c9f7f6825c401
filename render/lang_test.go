package render

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/insight"
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

// TestEveryAdminViewFitsSlackInEveryLanguage renders the admin's views
// (the round preview, the report, the skills view, trends) in each
// language with the most and the most hostile text people may type, and
// checks Slack's limits; German must be German.
func TestEveryAdminViewFitsSlackInEveryLanguage(t *testing.T) {
	t.Parallel()
	members := make([]tandem.UserID, tandem.MaxGroupSize)
	for i := range members {
		members[i] = tandem.UserID(fmt.Sprintf("U%07d", i+1))
	}
	members[1] = tandem.ForgottenPrefix + "0123abcd"
	var reasons []tandem.Reason
	for j := range tandem.MaxSkills {
		reasons = append(reasons, tandem.Reason{Kind: tandem.KindTeaches, A: members[0], B: members[2], Skill: fmt.Sprintf("%d%s", j, hostile(tandem.MaxSkillLen-2))})
	}
	reasons = append(reasons, tandem.Reason{Kind: tandem.KindDifferentOffices, A: members[0], B: members[2], Location: hostile(tandem.MaxLocationLen), OtherLocation: hostile(tandem.MaxLocationLen)})
	var groups []tandem.Group
	for i := range 80 {
		groups = append(groups, tandem.Group{ID: tandem.GroupID(i + 1), Members: members, Reasons: reasons, Score: []int{50, 25, 5, 0}[i%4]})
	}
	var left []tandem.LeftOut
	for i := range 40 {
		left = append(left, tandem.LeftOut{User: tandem.UserID(fmt.Sprintf("U%07d", 100+i)), Code: []tandem.LeftOutCode{tandem.LeftAlone, tandem.LeftNoRoom}[i%2]})
	}
	basis := make([]tandem.PreviewBasis, 500)
	preview := tandem.Preview{ID: 4, Program: "C0PROGRAM1", Seed: 42, Groups: groups, LeftOut: left, Basis: basis}
	empty := tandem.Preview{ID: 5, Program: "C0PROGRAM1", Seed: 1}

	priv := tandem.Privacy{MinGroup: 5}
	prog := tandem.Program{Channel: "C0PROGRAM1", Name: strings.Repeat("a-very-long-channel-name", 4), Timezone: "Europe/Berlin"}
	var skills []insight.SkillFigures
	for i := range 40 {
		skills = append(skills, insight.SkillFigures{Skill: fmt.Sprintf("%d%s", i, hostile(tandem.MaxSkillLen-2))})
	}
	var suggestions []insight.Suggestion
	for i, k := range []insight.SuggestionKind{insight.NoTeacher, insight.FewTeachers, insight.Busy, insight.Unwanted, insight.NoTeacher, insight.FewTeachers} {
		sg := insight.Suggestion{Kind: k, Skill: skills[i]}
		if i >= 4 {
			sg.TaughtIn = []string{hostile(80), hostile(80), hostile(80)}
		}
		suggestions = append(suggestions, sg)
	}
	sk := insight.Skills{Program: &prog, Privacy: priv, All: skills, Unmet: skills, Busiest: skills, Unwanted: skills, UnwantedOther: 12, Other: 30, Suggestions: suggestions}
	var figs []tandem.RoundFigures
	for i := range insight.TrendRounds {
		figs = append(figs, tandem.RoundFigures{Round: tandem.RoundID(i + 1), StartedAt: time.Date(2026, 1, 5+7*i, 9, 0, 0, 0, time.UTC), Participants: 40 + i, Groups: 20, Met: 15, MetPeople: 30, Notes: 7, Answers: 3, Correct: 2, Answerers: 3})
	}
	trends := insight.TrendsOf(priv, prog, len(figs), figs)
	report := insight.Report{Program: prog, Privacy: priv, Rounds: 12, Latest: &insight.Latest{Started: figs[0].StartedAt}}
	loop := tandem.LoopStats{Groups: 40, WithGoal: 30, GoalsDone: 10, Raters: 12, Ratings: 20, RatingSum: 77, Reviewers: 9, Reviews: 40, ReviewsRight: 31}

	lengths := map[lang.Tag]int{}
	for _, tag := range lang.Tags {
		r := renderer().In(lang.Of(tag))
		msgs := map[string]Reply{
			"preview":        r.Preview(preview),
			"preview, empty": r.Preview(empty),
			"report":         r.Report(report, r.LoopFigures(priv, loop), r.LoopFigures(priv, tandem.LoopStats{Raters: 2, Reviewers: 2})),
			"report, bare":   r.Report(insight.Report{Privacy: priv}),
			"skills":         r.Skills(sk),
			"skills, all":    r.Skills(insight.Skills{Privacy: priv}),
			"trends":         r.Trends(trends),
			"trends, none":   r.Trends(insight.TrendsOf(priv, prog, 0, nil)),
		}
		for name, msg := range msgs {
			lengths[tag] += len(checkIn(t, string(tag)+" "+name, msg))
		}
		_, title := r.ChartFile(trends, time.Now())
		if title != r.TrendsTitle(trends) || title == "" {
			t.Errorf("%s: the chart's title %q is not the trends' heading", tag, title)
		}
	}
	if lengths[lang.German] <= lengths[lang.English] {
		t.Errorf("German came out shorter than English (%d, %d characters): is it German?", lengths[lang.German], lengths[lang.English])
	}
	de := renderer().In(lang.Of(lang.German))
	got := checkIn(t, "de preview", de.Preview(preview))
	for _, want := range []string{"Vorschau der Runde", "ein ehemaliges Mitglied", "passt ausgezeichnet", "Intros senden", "Neu mischen"} {
		if !strings.Contains(got, want) {
			t.Errorf("the German preview lacks %q:\n%.600s", want, got)
		}
	}
	if strings.Contains(got, "a former member") || strings.Contains(got, "score") {
		t.Errorf("the German preview has English in it:\n%.600s", got)
	}
}
