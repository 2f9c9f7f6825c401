package bot

// How the marketplace looks: the call, the agenda and the `topics` list
// share one rendering of a topic list that stays inside Slack's limits
// whatever people typed: one section per topic (its `+1` button as the
// accessory, so every block has a single action_id), at most render.MaxBlocks
// blocks, and a character budget well under the ~13 k characters past
// which Slack refuses a message (msg_blocks_too_long).

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/render"
)

const (
	// maxTopicShown is how much of a topic's text a list shows; the
	// export has it all.
	maxTopicShown = 400
	// topicListChars bounds the characters of one topic list.
	topicListChars = 9000
)

// topicList renders topics as numbered sections, with a `+1` button each if
// votable, in at most room blocks. Topics that do not fit are counted in a
// last context block.
func topicList(topics []tandem.Topic, votable bool, room int) []slack.Block {
	var blocks []slack.Block
	chars := 0
	for i, t := range topics {
		md := topicLine(i+1, t)
		left := len(topics) - i
		need := 1 // this topic's block, and a block to count the rest if any
		if left > 1 {
			need = 2
		}
		if len(blocks)+need > room || chars+len(md) > topicListChars {
			blocks = append(blocks, render.Context(fmt.Sprintf("…and %s further down the list.", render.CountNoun(left, "more topic", "more topics"))))
			break
		}
		chars += len(md)
		var accessory *slack.Accessory
		if votable {
			accessory = slack.NewAccessory(render.Button(actionVote, "+1", topicValue(t.ID), ""))
		}
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, md, false, true), nil, accessory,
			slack.SectionBlockOptionBlockID(fmt.Sprintf("market_topic_%d", t.ID))))
	}
	return blocks
}

// topicLine is one topic of a list: place, urgency, text, author, votes.
func topicLine(place int, t tandem.Topic) string {
	var tags []string
	if t.Urgent {
		tags = append(tags, ":rotating_light: *urgent*")
	}
	if t.Skill != "" {
		tags = append(tags, "help with *"+render.Esc(t.Skill)+"*")
	}
	tag := ""
	if len(tags) > 0 {
		tag = strings.Join(tags, " · ") + ": "
	}
	return fmt.Sprintf("*%d.* %s%s\n_from <@%s> · %s_", place, tag, render.UserText(render.OneLine(t.Text), maxTopicShown), t.Author, render.CountNoun(t.Votes, "vote", "votes"))
}

func topicValue(id tandem.TopicID) string { return fmt.Sprintf("topic:%d", id) }

func parseTopicValue(v string) (tandem.TopicID, bool) {
	s, ok := parseRef(v, "topic")
	n, err := strconv.ParseInt(s, 10, 64)
	return tandem.TopicID(n), ok && err == nil && n > 0
}

// addTopicButton opens the add-a-topic modal for a program.
func addTopicButton(program tandem.ChannelID) *slack.ButtonBlockElement {
	return render.Button(actionAddTopic, "Add a topic", "program:"+string(program), slack.StylePrimary)
}

// howToAdd says how to bring a topic, beside the add button.
func (b *Bot) howToAdd(program tandem.ChannelID) slack.Block {
	md := fmt.Sprintf("*Add a topic:* type `%s topic &lt;text&gt;` (or `%s topic urgent &lt;text&gt;`) in <#%s>, or use the button.", b.cfg.Command, b.cfg.Command, program)
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, md, false, true), nil,
		slack.NewAccessory(addTopicButton(program)), slack.SectionBlockOptionBlockID("market_add"))
}

// voteHint explains the `+1` buttons and the budget.
func voteHint() slack.Block {
	return render.Context(fmt.Sprintf(":ballot_box_with_check: Click *+1* on the topics you most want to discuss: up to %d votes each in this marketplace, one per topic, your own topic included. Urgent topics come first, then the most votes.", tandem.VoteBudget))
}

// callReply is the call for topics posted in the program channel.
func (b *Bot) callReply(p tandem.Program, m tandem.Marketplace) render.Reply {
	intro := fmt.Sprintf(":speech_balloon: *Time to bring your topics!* %s\nBring a topic or a concern: a question, something that slows you down, an idea to talk through together.\n:rotating_light: Stuck right now? Don't wait for the meeting: `%s ask &lt;skill&gt;: &lt;problem&gt;` names colleagues who can help.",
		b.meetingLine(p), b.cfg.Command)
	blocks := []slack.Block{render.Header("Marketplace: bring your topics"), render.Section(intro), b.howToAdd(p.Channel)}
	if len(m.Topics) == 0 {
		blocks = append(blocks, render.Section("_Nothing on the list yet: be the first!_"))
	} else {
		blocks = append(blocks, render.Section(fmt.Sprintf("*On the list so far* (%d):", len(m.Topics))))
		blocks = append(blocks, topicList(m.Topics, true, render.MaxBlocks-len(blocks)-1)...)
		blocks = append(blocks, voteHint())
	}
	return render.Reply{Text: fmt.Sprintf("Marketplace of <#%s>: bring your topics", p.Channel), Blocks: blocks, InChannel: true}
}

// topicsReply is `topics`: the open marketplace's list, for one person.
func (b *Bot) topicsReply(p tandem.Program, m tandem.Marketplace) render.Reply {
	head := fmt.Sprintf("*Topics for the next marketplace of <#%s>*", p.Channel)
	if when := b.meetingTime(p); when != "" {
		head += ", on " + when
	} else {
		head += "\n" + b.meetingLine(p)
	}
	if len(m.Topics) == 0 {
		blocks := []slack.Block{render.Section(head + "\n_Nothing on the list yet._"), b.howToAdd(p.Channel)}
		return render.Reply{Text: "No topics yet for the next marketplace", Blocks: blocks}
	}
	blocks := []slack.Block{render.Section(head)}
	blocks = append(blocks, topicList(m.Topics, true, render.MaxBlocks-len(blocks)-2)...)
	blocks = append(blocks, voteHint(), b.howToAdd(p.Channel))
	return render.Reply{Text: fmt.Sprintf("%s for the next marketplace", render.CountNoun(len(m.Topics), "topic", "topics")), Blocks: blocks}
}

// agendaReply is the agenda of a marketplace that has just closed to new
// topics. Each topic keeps a +1 button: during the meeting, votes reorder
// what is discussed next, and the agenda is redrawn in place.
func (b *Bot) agendaReply(p tandem.Program, m tandem.Marketplace) render.Reply {
	if len(m.Topics) == 0 {
		return render.Reply{InChannel: true, Text: "No topics for today's marketplace", Blocks: []slack.Block{render.Section(fmt.Sprintf(
			":coffee: No topics for today's marketplace of <#%s>: nobody brought one this time. Enjoy the free time! Bring one to the next marketplace with `%s topic &lt;text&gt;`.",
			p.Channel, b.cfg.Command))}}
	}
	blocks := []slack.Block{
		render.Header("Marketplace agenda"),
		render.Section(fmt.Sprintf(":spiral_note_pad: *Today's marketplace of <#%s>:* %s, urgent first, then by votes.", p.Channel, render.CountNoun(len(m.Topics), "topic", "topics"))),
	}
	blocks = append(blocks, topicList(m.Topics, true, render.MaxBlocks-len(blocks)-1)...)
	blocks = append(blocks, render.Context(fmt.Sprintf(":ballot_box_with_check: Click *+1* to move a topic up for the rest of the meeting (up to %d votes each). New topics go to the next marketplace: `%s topic &lt;text&gt;`.", tandem.VoteBudget, b.cfg.Command)))
	return render.Reply{Text: fmt.Sprintf("Marketplace agenda of <#%s>: %s", p.Channel, render.CountNoun(len(m.Topics), "topic", "topics")), Blocks: blocks, InChannel: true}
}

// meetingLine says when the program's next marketplace meets: the next
// firing of its agenda, in the program's timezone; or that none is
// scheduled, and how an admin schedules one.
func (b *Bot) meetingLine(p tandem.Program) string {
	if p.Agenda == "" {
		return fmt.Sprintf("No meeting is scheduled yet: an admin can set one with `%s program set <#%s> agenda=\"0 15 8 * *\"`.", b.cfg.Command, p.Channel)
	}
	if when := b.meetingTime(p); when != "" {
		return "The next marketplace meets on " + when + "."
	}
	return ""
}

// meetingTime is the next firing of the program's agenda, as "*Tue 8 Dec
// 2026, 15:00 CET*", or "" if there is none.
func (b *Bot) meetingTime(p tandem.Program) string {
	if p.Agenda == "" || b.cfg.NextRun == nil {
		return ""
	}
	next, err := b.cfg.NextRun(p.Agenda, p.Location(), b.now())
	if err != nil || next.IsZero() {
		return ""
	}
	return "*" + next.In(p.Location()).Format("Mon 2 Jan 2006, 15:04 MST") + "*"
}
