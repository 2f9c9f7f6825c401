package render

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/internal/fakeslack"
)

// renderer renders with a clock and schedules fixed.
func renderer() Renderer {
	return Renderer{Command: "/tandem",
		Now: func() time.Time { return time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC) },
		NextRun: func(spec string, loc *time.Location, after time.Time) (time.Time, error) {
			return time.Date(2026, 1, 8, 15, 0, 0, 0, loc), nil
		},
	}
}

// manyTopics returns n topics whose text is as long and as hostile as a
// user may type: every character needs escaping.
func manyTopics(n int) []tandem.Topic {
	var ts []tandem.Topic
	for i := range n {
		ts = append(ts, tandem.Topic{ID: tandem.TopicID(i + 1), Program: "C1", Author: "U1", Urgent: i%7 == 0, Votes: n - i,
			Text: fmt.Sprintf("%d ", i+1) + strings.Repeat("<&>", tandem.MaxTopicLen/3-1)})
	}
	tandem.RankTopics(ts)
	return ts
}

// checkMessage fails if Slack would refuse r, or if its block text passes
// the ~13 k characters at which Slack answers msg_blocks_too_long.
func checkMessage(t *testing.T, name string, r Reply) string {
	t.Helper()
	blocks, err := json.Marshal(r.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	if err := fakeslack.ValidateMessage(r.Text, blocks); err != nil {
		t.Errorf("%s: Slack would refuse it: %v", name, err)
	}
	text := fakeslack.Message{Blocks: blocks}.AllText()
	if n := utf8.RuneCountInString(text); n > 12000 {
		t.Errorf("%s: %d characters of block text", name, n)
	}
	if strings.ContainsAny(strings.ReplaceAll(strings.ReplaceAll(text, "<#C1>", ""), "<@U1>", ""), "<>") {
		t.Errorf("%s: unescaped user text", name)
	}
	return text
}

func TestMarketplaceMessagesFitSlackWithManyTopics(t *testing.T) {
	t.Parallel()
	b := renderer()
	p := tandem.Program{Channel: "C1", Agenda: "0 15 8 * *", Timezone: "Europe/Berlin"}
	m := tandem.Marketplace{ID: 1, Program: "C1", Number: 1, Topics: manyTopics(60)}
	for name, r := range map[string]Reply{
		"call":   b.Call(p, m),
		"topics": b.Topics(p, m),
		"agenda": b.Agenda(p, m),
	} {
		text := checkMessage(t, name, r)
		if !strings.Contains(text, "more topics further down the list") || !strings.Contains(text, "*1.* ") {
			t.Errorf("%s: does not show the top topics and count the rest:\n%s", name, text[:300])
		}
		var more int
		for _, line := range strings.Split(text, "\n") {
			if _, err := fmt.Sscanf(line, "…and %d more topics", &more); err == nil {
				break
			}
		}
		listed := strings.Count(text, "\n_from <@U1>")
		if listed+more != 60 || listed < 5 {
			t.Errorf("%s: %d listed + %d counted, want 60 in all", name, listed, more)
		}
	}
}

func TestCallSaysWhenAndHow(t *testing.T) {
	t.Parallel()
	b := renderer()
	p := tandem.Program{Channel: "C1", Agenda: "0 15 8 * *", Timezone: "Europe/Berlin"}
	m := tandem.Marketplace{ID: 1, Program: "C1", Topics: []tandem.Topic{
		{ID: 7, Author: "U1", Text: "the build is red", Urgent: true, Votes: 1},
		{ID: 3, Author: "U1", Text: "help, pods restart", Skill: "kubernetes", Urgent: true},
	}}
	r := b.Call(p, m)
	text := checkMessage(t, "call", r)
	for _, want := range []string{"meets on *Thu 8 Jan 2026, 15:00 CET*", "`/tandem topic &lt;text&gt;`", "`/tandem ask &lt;skill&gt;: &lt;problem&gt;`",
		"*1.* :rotating_light: *urgent*: the build is red", "help with *kubernetes*", "1 vote", "no votes", "up to 3 votes"} {
		if !strings.Contains(text, want) {
			t.Errorf("call lacks %q:\n%s", want, text)
		}
	}
	var votes []string
	for _, e := range (fakeslack.Message{Blocks: mustJSON(t, r.Blocks)}).Elements() {
		if e.ActionID == ActionVote {
			votes = append(votes, e.BlockID+"="+e.Value)
		}
	}
	if got := strings.Join(votes, " "); got != "market_topic_7=topic:7 market_topic_3=topic:3" {
		t.Errorf("vote buttons: %s", got)
	}
	p.Agenda = ""
	if text := checkMessage(t, "call", b.Call(p, m)); !strings.Contains(text, "No meeting is scheduled yet") {
		t.Errorf("call without an agenda schedule:\n%s", text)
	}
}

func TestAgendaHasAVoteButtonPerTopic(t *testing.T) {
	t.Parallel()
	b := renderer()
	p := tandem.Program{Channel: "C1"}
	r := b.Agenda(p, tandem.Marketplace{ID: 1, Topics: manyTopics(3)})
	checkMessage(t, "agenda", r)
	votes := 0
	for _, e := range (fakeslack.Message{Blocks: mustJSON(t, r.Blocks)}).Elements() {
		if e.ActionID == ActionVote {
			votes++
		}
	}
	if votes != 3 {
		t.Errorf("the agenda has %d +1 buttons for 3 topics", votes)
	}
	if text := checkMessage(t, "empty agenda", b.Agenda(p, tandem.Marketplace{})); !strings.Contains(text, "No topics for today") {
		t.Errorf("empty agenda:\n%s", text)
	}
}

func mustJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
