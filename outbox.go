package tandem

import "time"

// OutboxKind says what an outbox message is.
type OutboxKind string

// The kinds of outbox messages.
const (
	OutboxIntro   OutboxKind = "intro"    // a group's introduction, in its group DM
	OutboxLeftOut OutboxKind = "left_out" // a DM to someone a round could not place
	OutboxSummary OutboxKind = "summary"  // a round's summary, to the admin
)

// OutboxItem is one message that must reach Slack: written with the change
// that caused it, deleted from the queue only once Slack took it.
type OutboxItem struct {
	ID       int64
	Kind     OutboxKind
	Round    RoundID
	Group    GroupID   // for intros
	User     UserID    // whom a DM goes to
	Program  ChannelID // the program a message is about, for those of no round (digests)
	Attempts int
	Created  time.Time
}

// OutboxProgress counts a round's messages by status.
type OutboxProgress struct {
	Pending, Sent, Failed int
}

// OutboxBacklog is the part of the outbox of one kind still to send: how
// many messages, and when the oldest of them was queued.
type OutboxBacklog struct {
	Kind    OutboxKind
	Pending int
	Oldest  time.Time
}
