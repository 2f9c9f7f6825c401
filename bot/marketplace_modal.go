package bot

// The add-a-topic modal, opened by the "Add a topic" button of a call or a
// `topics` list: a text input and an urgent checkbox. A submission is
// checked like `topic` and refused in place (response_action errors), so
// nothing typed is lost.

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/render"
)

// Block and action IDs of the modal's inputs.
const (
	blockTopicText   = "topic"
	actionTopicText  = "text"
	blockTopicUrgent = "urgent"
	actionUrgent     = "urgent"
)

// openTopicModal opens the modal for the program named by the button.
func (b *Bot) openTopicModal(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
	v := b.viewsFor(ctx, tandem.UserID(cb.User.ID))
	ch, ok := render.ParseRef(a.Value, "program")
	if !ok {
		b.marketNotice(ctx, cb, v.T("topic_form.bad_button"))
		return
	}
	p, err := b.store.Program(ctx, tandem.ChannelID(ch))
	if err != nil {
		b.marketNotice(ctx, cb, ":warning: "+v.ErrorText(err))
		return
	}
	if _, err := b.api.OpenViewContext(ctx, cb.TriggerID, topicModal(v, p)); err != nil {
		b.log.WarnContext(ctx, "opening the add-a-topic modal", keyUser, cb.User.ID, keyErr, err)
		b.marketNotice(ctx, cb, v.T("topic_form.open_failed", "Program", render.Channel(p.Channel)))
	}
}

func topicModal(v render.Renderer, p tandem.Program) slack.ModalViewRequest {
	plain := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
	}
	input := slack.NewPlainTextInputBlockElement(plain(v.T("topic_form.placeholder")), actionTopicText).
		WithMultiline(true).WithMaxLength(tandem.MaxTopicLen)
	urgent := slack.NewCheckboxGroupsBlockElement(actionUrgent, slack.NewOptionBlockObject("urgent",
		slack.NewTextBlockObject(slack.MarkdownType, v.T("topic_form.urgent"), false, false), nil))
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           plain(v.T("topic_form.title")),
		Submit:          plain(v.T("button.add")),
		Close:           plain(v.T("button.cancel")),
		CallbackID:      viewAddTopic,
		PrivateMetadata: string(p.Channel),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			render.Section(v.T("topic_form.intro", "Program", render.Channel(p.Channel))),
			slack.NewInputBlock(blockTopicText, plain(v.T("topic_form.topic")), nil, input),
			slack.NewInputBlock(blockTopicUrgent, plain(v.T("topic_form.urgency")), nil, urgent).WithOptional(true),
		}},
	}
}

// submitTopicModal adds the submitted topic and returns the ack payload
// (nil closes the modal, errors keep it open with the message beside the
// input) and, to run after the ack, the redraw of the call and the
// confirmation.
func (b *Bot) submitTopicModal(ctx context.Context, key tandem.Key, cb slack.InteractionCallback) (any, func()) {
	user := tandem.UserID(cb.User.ID)
	v := b.viewsFor(ctx, user)
	refuse := func(msg string) (any, func()) {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockTopicText: msg}), nil
	}
	values := cb.View.State
	if values == nil {
		return refuse(v.T("topic_form.empty"))
	}
	text := strings.TrimSpace(values.Values[blockTopicText][actionTopicText].Value)
	urgent := false
	for _, o := range values.Values[blockTopicUrgent][actionUrgent].SelectedOptions {
		urgent = urgent || o.Value == "urgent"
	}
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		return refuse(v.T("topic_form.empty"))
	case n > tandem.MaxTopicLen:
		return refuse(v.T("topic_form.too_long", "Max", tandem.MaxTopicLen, "Got", n))
	}
	p, err := b.store.Program(ctx, tandem.ChannelID(cb.View.PrivateMetadata))
	if err != nil {
		return refuse(v.Lang.Err(err))
	}
	if in, err := b.dir.MemberOf(ctx, p.Channel, user); err != nil || !in {
		if err != nil {
			b.log.ErrorContext(ctx, "checking who adds a topic", keyUser, user, keyErr, err)
			return refuse(v.Lang.Err(err))
		}
		return refuse(v.T("topic_form.members_only"))
	}
	t, m, err := b.market.SaveTopic(ctx, key, tandem.Topic{Program: p.Channel, Author: user, Text: text, Urgent: urgent})
	switch {
	case errors.Is(err, tandem.ErrDuplicate):
		return nil, nil // a resubmitted form: the topic was added the first time
	case err != nil:
		if tandem.ErrorCode(err) == tandem.EINTERNAL {
			b.log.ErrorContext(ctx, "adding a topic from the modal", keyUser, user, keyErr, err)
		}
		return refuse(v.Lang.Err(err))
	}
	return nil, func() {
		b.market.Refresh(ctx, m)
		r := v.Text(v.TopicAdded(p, t, m))
		if _, err := b.api.PostEphemeralContext(ctx, string(p.Channel), string(user), r.MsgOptions()...); err != nil {
			b.log.WarnContext(ctx, "confirming a topic from the modal", keyUser, user, keyErr, err)
		}
	}
}
