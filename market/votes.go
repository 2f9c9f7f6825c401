package market

import (
	"context"

	"github.com/tandem-dev/tandem"
)

// Vote counts user's +1 for a topic, clicked on a message in channel (the
// program channel for a call or an agenda; any conversation for a list
// shown to the person alone). A vote from outside the topic's program
// channel is refused with a *NotMemberError.
func (mk *Market) Vote(ctx context.Context, key tandem.Key, user tandem.UserID, topic tandem.TopicID, channel tandem.ChannelID) (tandem.VoteResult, error) {
	program, err := mk.voteProgram(ctx, user, topic, channel)
	if err != nil {
		return tandem.VoteResult{}, err
	}
	return mk.store.Vote(ctx, key, user, topic, program)
}

// voteProgram is the program a click may vote in: the program whose channel
// holds the clicked message, or, for a list shown to one person elsewhere
// (`topics` in a DM), the topic's program; either way only if the voter is a
// member of its channel (a public channel's messages can be seen, and
// clicked, from outside it).
func (mk *Market) voteProgram(ctx context.Context, user tandem.UserID, id tandem.TopicID, channel tandem.ChannelID) (tandem.ChannelID, error) {
	program := channel
	if _, err := mk.store.Program(ctx, channel); tandem.ErrorCode(err) == tandem.ENOTFOUND {
		t, err := mk.store.Topic(ctx, id)
		if err != nil {
			return "", err
		}
		program = t.Program
	} else if err != nil {
		return "", err
	}
	in, err := mk.dir.MemberOf(ctx, program, user)
	if err != nil {
		return "", err
	}
	if !in {
		return "", &NotMemberError{Program: program}
	}
	return program, nil
}

// Clicked is where a +1 was clicked.
type Clicked struct {
	Msg tandem.MessageRef
	// Ephemeral is true for a list shown to the voter alone.
	Ephemeral bool
}

// ShowVote redraws what a counted vote changes: the clicked message and the
// marketplace's newest call, or, for a closed marketplace, its agenda in
// its new order. showList redraws a list shown to the voter alone. A
// failure is logged: the vote is saved and the next redraw shows it.
// Redraws run one at a time, each from the state read under the lock: two
// votes racing would otherwise let the older snapshot land last.
func (mk *Market) ShowVote(ctx context.Context, res tandem.VoteResult, at Clicked, showList func(tandem.Program, tandem.Marketplace) error) {
	mk.redrawMu.Lock()
	defer mk.redrawMu.Unlock()
	m, err := mk.store.MarketplaceByID(ctx, res.Topic.Marketplace)
	if err != nil {
		mk.log.Error("loading a marketplace after a vote", "program", res.Topic.Program, "err", err)
		return
	}
	if m.Closed {
		// A vote on the agenda being discussed: redraw it in its new order.
		// A click can beat the recording of the agenda's ts by moments; then
		// the clicked channel message, not being the call, is the agenda.
		if m.Agenda.IsZero() && !at.Ephemeral && at.Msg != m.LastCall {
			m.Agenda = at.Msg
		}
		if err := mk.showAgenda(ctx, m); err != nil {
			mk.log.Warn("updating a marketplace agenda after a vote", "program", m.Program, "err", err)
		}
		return
	}
	if at.Ephemeral {
		p, err := mk.store.Program(ctx, m.Program)
		if err == nil {
			err = showList(p, m)
		}
		if err != nil {
			mk.log.Warn("updating a topics list after a vote", "err", err)
		}
	} else if err := mk.showCall(ctx, m, at.Msg); err != nil {
		mk.log.Warn("updating a marketplace call after a vote", "program", m.Program, "err", err)
	}
	mk.redraw(ctx, m, at.Msg)
}

// showAgenda redraws a closed marketplace's agenda message, if posted.
func (mk *Market) showAgenda(ctx context.Context, m tandem.Marketplace) error {
	if m.Agenda.IsZero() {
		return nil
	}
	p, err := mk.store.Program(ctx, m.Program)
	if err != nil {
		return err
	}
	return mk.board.ShowAgenda(ctx, p, m, m.Agenda)
}
