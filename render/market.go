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
func (r Renderer) topicList(topics []tandem.Topic, votable bool, room int) []slack.Block {
	var blocks []slack.Block
	chars := 0
	for i, t := range topics {
		md := r.topicLine(i+1, t)
		left := len(topics) - i
		need := 1 // this topic's block, and a block to count the rest if any
		if left > 1 {
			need = 2
		}
		if len(blocks)+need > room || chars+len(md) > topicListChars {
			blocks = append(blocks, Context(r.N("market.more_topics", left)))
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
func (r Renderer) topicLine(place int, t tandem.Topic) string {
	var tags []string
	if t.Urgent {
		tags = append(tags, r.T("market.tag_urgent"))
	}
	if t.Skill != "" {
		tags = append(tags, r.T("market.tag_help", "Skill", Skill(t.Skill)))
	}
	tag := ""
	if len(tags) > 0 {
		tag = strings.Join(tags, " · ") + ": "
	}
	from := r.N("market.from_votes", t.Votes, "Author", r.Mention(t.Author))
	if t.Votes == 0 {
		from = r.T("market.from_no_votes", "Author", r.Mention(t.Author))
	}
	return fmt.Sprintf("*%d.* %s%s\n_%s_", place, tag, UserText(OneLine(t.Text), MaxTopicShown), from)
}

// addTopicButton opens the add-a-topic modal for a program.
func (r Renderer) addTopicButton(program tandem.ChannelID) *slack.ButtonBlockElement {
	return Button(ActionAddTopic, r.T("button.add_topic"), "program:"+string(program), slack.StylePrimary)
}

// howToAdd says how to bring a topic, beside the add button.
func (r Renderer) howToAdd(program tandem.ChannelID) slack.Block {
	md := r.T("market.how_to_add", "Program", Channel(program))
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, md, false, true), nil,
		slack.NewAccessory(r.addTopicButton(program)), slack.SectionBlockOptionBlockID("market_add"))
}

// voteHint explains the `+1` buttons and the budget.
func (r Renderer) voteHint() slack.Block {
	return Context(r.T("market.vote_hint", "Budget", tandem.VoteBudget))
}

// Call is the call for topics posted in the program channel.
func (r Renderer) Call(p tandem.Program, m tandem.Marketplace) Reply {
	intro := r.T("market.call_intro", "Meeting", r.MeetingLine(p))
	blocks := []slack.Block{Header(r.T("market.call_header")), Section(intro), r.howToAdd(p.Channel)}
	if len(m.Topics) == 0 {
		blocks = append(blocks, Section(r.T("market.call_empty")))
	} else {
		blocks = append(blocks, Section(r.T("market.call_so_far", "Count", len(m.Topics))))
		blocks = append(blocks, r.topicList(m.Topics, true, MaxBlocks-len(blocks)-1)...)
		blocks = append(blocks, r.voteHint())
	}
	return Reply{Text: r.T("market.call_fallback", "Program", Channel(p.Channel)), Blocks: blocks, InChannel: true}
}

// Topics is `topics`: the open marketplace's list, for one person.
func (r Renderer) Topics(p tandem.Program, m tandem.Marketplace) Reply {
	head := r.T("market.topics_head", "Program", Channel(p.Channel))
	if when := r.meetingTime(p); when != "" {
		head = r.T("market.topics_head_on", "Program", Channel(p.Channel), "When", when)
	} else {
		head += "\n" + r.MeetingLine(p)
	}
	if len(m.Topics) == 0 {
		blocks := []slack.Block{Section(head + "\n" + r.T("market.topics_empty")), r.howToAdd(p.Channel)}
		return Reply{Text: r.T("market.topics_empty_fallback"), Blocks: blocks}
	}
	blocks := []slack.Block{Section(head)}
	blocks = append(blocks, r.topicList(m.Topics, true, MaxBlocks-len(blocks)-2)...)
	blocks = append(blocks, r.voteHint(), r.howToAdd(p.Channel))
	return Reply{Text: r.N("market.topics_fallback", len(m.Topics)), Blocks: blocks}
}

// Agenda is the agenda of a marketplace that has just closed to new
// topics. Each topic keeps a +1 button: during the meeting, votes reorder
// what is discussed next, and the agenda is redrawn in place.
func (r Renderer) Agenda(p tandem.Program, m tandem.Marketplace) Reply {
	ch := Channel(p.Channel)
	if len(m.Topics) == 0 {
		return Reply{InChannel: true, Text: r.T("market.agenda_empty_fallback"), Blocks: []slack.Block{Section(r.T("market.agenda_empty", "Program", ch))}}
	}
	blocks := []slack.Block{
		Header(r.T("market.agenda_header")),
		Section(r.N("market.agenda_head", len(m.Topics), "Program", ch)),
	}
	blocks = append(blocks, r.topicList(m.Topics, true, MaxBlocks-len(blocks)-1)...)
	blocks = append(blocks, Context(r.T("market.agenda_hint", "Budget", tandem.VoteBudget)))
	return Reply{Text: r.N("market.agenda_fallback", len(m.Topics), "Program", ch), Blocks: blocks, InChannel: true}
}

// MeetingLine says when the program's next marketplace meets: the next
// firing of its agenda, in the program's timezone; or that none is
// scheduled, and how an admin schedules one.
func (r Renderer) MeetingLine(p tandem.Program) string {
	if p.Agenda == "" {
		return r.T("market.no_meeting", "Program", Channel(p.Channel))
	}
	if when := r.meetingTime(p); when != "" {
		return r.T("market.meets_on", "When", when)
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
	return "*" + r.Lang.DateTimeZone(next.In(p.Location())) + "*"
}

// TopicAdded confirms a new topic with its place on the list.
func (r Renderer) TopicAdded(p tandem.Program, t tandem.Topic, m tandem.Marketplace) string {
	id := "market.topic_added"
	if t.Urgent {
		id = "market.urgent_topic_added"
	}
	return r.T(id, "Program", Channel(p.Channel), "Place", m.Place(t.ID), "Count", len(m.Topics),
		"Text", UserText(OneLine(t.Text), MaxTopicShown), "Meeting", r.MeetingLine(p))
}

// AskPost is the message in the program channel. It mentions the helpers
// so that Slack notifies them.
func (r Renderer) AskPost(t tandem.Topic, helpers []tandem.UserID) Reply {
	skill := "*" + Skill(t.Skill) + "*"
	var md strings.Builder
	md.WriteString(r.T("ask.post_head", "Author", r.Mention(t.Author), "Skill", skill) + "\n")
	for _, line := range strings.Split(UserText(t.Text, MaxSectionText-500), "\n") {
		fmt.Fprintf(&md, "> %s\n", line)
	}
	if len(helpers) == 0 {
		md.WriteString(r.T("ask.post_nobody", "Skill", skill))
	} else {
		md.WriteString(r.N("ask.post_helpers", len(helpers), "Helpers", r.Mentions(helpers), "Skill", skill))
	}
	return Reply{
		Text:      r.T("ask.post_fallback", "Skill", UserText(t.Skill, 5*tandem.MaxSkillLen)),
		Blocks:    append(r.Sections(md.String()), Context(r.T("ask.post_also"))),
		InChannel: true,
	}
}

// AskWithdrawn replaces the channel post of an ask whose author asked
// tandem to forget them.
func (r Renderer) AskWithdrawn() Reply {
	return Reply{Text: r.T("ask.withdrawn_fallback"), Blocks: []slack.Block{Context(r.T("ask.withdrawn"))}, InChannel: true}
}
