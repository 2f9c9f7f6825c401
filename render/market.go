package render

// How the marketplace looks: the call, the agenda and the `topics` list
// share one rendering of a topic list that stays inside Slack's limits
// whatever people typed: one section per topic (its `+1` button as the
// accessory, so every block has a single action_id), at most MaxBlocks
// blocks, and a character budget well under the ~13 k characters past
// which Slack refuses a message (msg_blocks_too_long).

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
)

const (
	// MaxTopicShown is how much of a topic's text a list shows; the
	// export has it all.
	MaxTopicShown = 400
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
			blocks = append(blocks, Context(fmt.Sprintf("…and %s further down the list.", CountNoun(left, "more topic", "more topics"))))
			break
		}
		chars += len(md)
		var accessory *slack.Accessory
		if votable {
			accessory = slack.NewAccessory(Button(ActionVote, "+1", TopicValue(t.ID), ""))
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
		tags = append(tags, "help with *"+Skill(t.Skill)+"*")
	}
	tag := ""
	if len(tags) > 0 {
		tag = strings.Join(tags, " · ") + ": "
	}
	return fmt.Sprintf("*%d.* %s%s\n_from %s · %s_", place, tag, UserText(OneLine(t.Text), MaxTopicShown), Mention(t.Author), CountNoun(t.Votes, "vote", "votes"))
}

// addTopicButton opens the add-a-topic modal for a program.
func addTopicButton(program tandem.ChannelID) *slack.ButtonBlockElement {
	return Button(ActionAddTopic, "Add a topic", "program:"+string(program), slack.StylePrimary)
}

// howToAdd says how to bring a topic, beside the add button.
func (r Renderer) howToAdd(program tandem.ChannelID) slack.Block {
	md := fmt.Sprintf("*Add a topic:* type `%s topic &lt;text&gt;` (or `%s topic urgent &lt;text&gt;`) in <#%s>, or use the button.", r.Command, r.Command, program)
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, md, false, true), nil,
		slack.NewAccessory(addTopicButton(program)), slack.SectionBlockOptionBlockID("market_add"))
}

// voteHint explains the `+1` buttons and the budget.
func voteHint() slack.Block {
	return Context(fmt.Sprintf(":ballot_box_with_check: Click *+1* on the topics you most want to discuss: up to %d votes each in this marketplace, one per topic, your own topic included. Urgent topics come first, then the most votes.", tandem.VoteBudget))
}

// Call is the call for topics posted in the program channel.
func (r Renderer) Call(p tandem.Program, m tandem.Marketplace) Reply {
	intro := fmt.Sprintf(":speech_balloon: *Time to bring your topics!* %s\nBring a topic or a concern: a question, something that slows you down, an idea to talk through together.\n:rotating_light: Stuck right now? Don't wait for the meeting: `%s ask &lt;skill&gt;: &lt;problem&gt;` names colleagues who can help.",
		r.MeetingLine(p), r.Command)
	blocks := []slack.Block{Header("Marketplace: bring your topics"), Section(intro), r.howToAdd(p.Channel)}
	if len(m.Topics) == 0 {
		blocks = append(blocks, Section("_Nothing on the list yet: be the first!_"))
	} else {
		blocks = append(blocks, Section(fmt.Sprintf("*On the list so far* (%d):", len(m.Topics))))
		blocks = append(blocks, topicList(m.Topics, true, MaxBlocks-len(blocks)-1)...)
		blocks = append(blocks, voteHint())
	}
	return Reply{Text: fmt.Sprintf("Marketplace of <#%s>: bring your topics", p.Channel), Blocks: blocks, InChannel: true}
}

// Topics is `topics`: the open marketplace's list, for one person.
func (r Renderer) Topics(p tandem.Program, m tandem.Marketplace) Reply {
	head := fmt.Sprintf("*Topics for the next marketplace of <#%s>*", p.Channel)
	if when := r.meetingTime(p); when != "" {
		head += ", on " + when
	} else {
		head += "\n" + r.MeetingLine(p)
	}
	if len(m.Topics) == 0 {
		blocks := []slack.Block{Section(head + "\n_Nothing on the list yet._"), r.howToAdd(p.Channel)}
		return Reply{Text: "No topics yet for the next marketplace", Blocks: blocks}
	}
	blocks := []slack.Block{Section(head)}
	blocks = append(blocks, topicList(m.Topics, true, MaxBlocks-len(blocks)-2)...)
	blocks = append(blocks, voteHint(), r.howToAdd(p.Channel))
	return Reply{Text: fmt.Sprintf("%s for the next marketplace", CountNoun(len(m.Topics), "topic", "topics")), Blocks: blocks}
}

// Agenda is the agenda of a marketplace that has just closed to new
// topics. Each topic keeps a +1 button: during the meeting, votes reorder
// what is discussed next, and the agenda is redrawn in place.
func (r Renderer) Agenda(p tandem.Program, m tandem.Marketplace) Reply {
	if len(m.Topics) == 0 {
		return Reply{InChannel: true, Text: "No topics for today's marketplace", Blocks: []slack.Block{Section(fmt.Sprintf(
			":coffee: No topics for today's marketplace of <#%s>: nobody brought one this time. Enjoy the free time! Bring one to the next marketplace with `%s topic &lt;text&gt;`.",
			p.Channel, r.Command))}}
	}
	blocks := []slack.Block{
		Header("Marketplace agenda"),
		Section(fmt.Sprintf(":spiral_note_pad: *Today's marketplace of <#%s>:* %s, urgent first, then by votes.", p.Channel, CountNoun(len(m.Topics), "topic", "topics"))),
	}
	blocks = append(blocks, topicList(m.Topics, true, MaxBlocks-len(blocks)-1)...)
	blocks = append(blocks, Context(fmt.Sprintf(":ballot_box_with_check: Click *+1* to move a topic up for the rest of the meeting (up to %d votes each). New topics go to the next marketplace: `%s topic &lt;text&gt;`.", tandem.VoteBudget, r.Command)))
	return Reply{Text: fmt.Sprintf("Marketplace agenda of <#%s>: %s", p.Channel, CountNoun(len(m.Topics), "topic", "topics")), Blocks: blocks, InChannel: true}
}

// MeetingLine says when the program's next marketplace meets: the next
// firing of its agenda, in the program's timezone; or that none is
// scheduled, and how an admin schedules one.
func (r Renderer) MeetingLine(p tandem.Program) string {
	if p.Agenda == "" {
		return fmt.Sprintf("No meeting is scheduled yet: an admin can set one with `%s program set <#%s> agenda=\"0 15 8 * *\"`.", r.Command, p.Channel)
	}
	if when := r.meetingTime(p); when != "" {
		return "The next marketplace meets on " + when + "."
	}
	return ""
}

// meetingTime is the next firing of the program's agenda, as "*Tue 8 Dec
// 2026, 15:00 CET*", or "" if there is none.
func (r Renderer) meetingTime(p tandem.Program) string {
	next, ok := r.next(p.Agenda, p.Location())
	if !ok {
		return ""
	}
	return "*" + next.In(p.Location()).Format("Mon 2 Jan 2006, 15:04 MST") + "*"
}

// TopicAdded confirms a new topic with its place on the list.
func (r Renderer) TopicAdded(p tandem.Program, t tandem.Topic, m tandem.Marketplace) string {
	kind := ":white_check_mark: Topic"
	if t.Urgent {
		kind = ":rotating_light: Urgent topic"
	}
	return fmt.Sprintf("%s added to the next marketplace of <#%s>: *#%d of %d* on the list (urgent topics come first, then the most votes).\n> %s\n%s See the list and vote with `%s topics`.",
		kind, p.Channel, m.Place(t.ID), len(m.Topics), UserText(OneLine(t.Text), MaxTopicShown), r.MeetingLine(p), r.Command)
}

// AskPost is the message in the program channel. It mentions the helpers
// so that Slack notifies them.
func AskPost(t tandem.Topic, helpers []tandem.UserID) Reply {
	skill := "*" + Skill(t.Skill) + "*"
	var md strings.Builder
	fmt.Fprintf(&md, ":sos: *Urgent:* %s needs help with %s.\n", Mention(t.Author), skill)
	for _, line := range strings.Split(UserText(t.Text, MaxSectionText-500), "\n") {
		fmt.Fprintf(&md, "> %s\n", line)
	}
	// The problem is quoted line by line, so the message splits into
	// sections where it must.
	switch len(helpers) {
	case 0:
		fmt.Fprintf(&md, "Nobody here lists %s under what they teach yet. If you know it, answer in this thread.", skill)
	case 1:
		fmt.Fprintf(&md, "%s: you teach %s. Could you help? Answer in this thread.", Mentions(helpers), skill)
	default:
		fmt.Fprintf(&md, "%s: you teach %s. Could one of you help? Answer in this thread.", Mentions(helpers), skill)
	}
	return Reply{
		Text:      "Urgent: help wanted with " + UserText(t.Skill, 5*tandem.MaxSkillLen),
		Blocks:    append(Sections(md.String()), Context(":rotating_light: Also on the next marketplace's list as an urgent topic.")),
		InChannel: true,
	}
}

// AskWithdrawn replaces the channel post of an ask whose author asked
// tandem to forget them.
func AskWithdrawn() Reply {
	return Reply{Text: "An urgent request was withdrawn", Blocks: []slack.Block{Context(":wastebasket: This request was withdrawn: its author asked tandem to delete their data.")}, InChannel: true}
}
