package bot

// This file is the seam for follow-through (check-ins, notes, quizzes, the
// We met / Skip / Keep me in buttons, App Home). Its handlers are routed from
// command.go and interact.go.

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
)

// followStore is what follow-through needs from the database.
type followStore interface{}

func (b *Bot) note(ctx context.Context, req request, cmd Command) (Reply, error) {
	return Reply{}, errUnavailable
}

func (b *Bot) notes(ctx context.Context, req request) (Reply, error) { return Reply{}, errUnavailable }

func (b *Bot) quiz(ctx context.Context, req request, cmd Command) (Reply, error) {
	return Reply{}, errUnavailable
}

// RunCheckin is the check-in job of a program's schedule.
func (b *Bot) RunCheckin(ctx context.Context, channel tandem.ChannelID) error { return nil }

// followAction handles a click on a follow-through button; ok is false if
// the action is not one of them.
func (b *Bot) followAction(ctx context.Context, envelopeID string, cb slack.InteractionCallback, a *slack.BlockAction) (payload any, ok bool) {
	return nil, false
}

// followView handles a follow-through modal's submission.
func (b *Bot) followView(ctx context.Context, envelopeID string, cb slack.InteractionCallback) (payload any, ok bool) {
	return nil, false
}

// publishHome renders the App Home of user.
func (b *Bot) publishHome(ctx context.Context, user tandem.UserID) error { return nil }
