package bot

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/outbound"
	"github.com/tandem-dev/tandem/render"
)

// The App Home's buttons; the intro's, check-in's and ghost DM's are in
// package render, the quiz's in quiz.go. Every click is written to the
// store under the envelope's key before anything is shown, so a redelivered
// envelope or a double click has its effect once.
const (
	actionHomeNote = "home_note"
	actionHomeQuiz = "home_quiz"
	blockHome      = "home_actions"
)

// followAction handles a click on a follow-through button, after its ack;
// it reports false if the action is not one of them.
func (b *Bot) followAction(ctx context.Context, key tandem.Key, cb slack.InteractionCallback, a *slack.BlockAction) bool {
	user := tandem.UserID(cb.User.ID)
	switch {
	case a.ActionID == render.ActionMet || a.ActionID == render.ActionSkip:
		b.meetingClick(ctx, key, cb, a, user)
	case a.ActionID == render.ActionKeep:
		b.keepClick(ctx, key, cb, a, user)
	case a.ActionID == render.ActionGoalSet:
		b.openGoalModal(ctx, cb, a, user)
	case a.ActionID == render.ActionGoalOnTrack || a.ActionID == render.ActionGoalStuck || a.ActionID == render.ActionGoalDone:
		b.goalStatusClick(ctx, key, cb, a, user)
	case strings.HasPrefix(a.ActionID, render.ActionRatePrefix):
		b.rateClick(ctx, key, cb, a, user)
	case a.ActionID == render.ActionQuizNote:
		b.quizNoteClick(ctx, cb, a, user)
	case strings.HasPrefix(a.ActionID, actionQuizPrefix):
		b.quizClick(ctx, key, cb, a, user)
	case a.ActionID == actionHomeNote || a.ActionID == actionHomeQuiz:
		b.homeClick(ctx, cb, a, user)
	default:
		return false
	}
	return true
}

// meetingClick is We met or Skip this round, on an intro or a check-in.
func (b *Bot) meetingClick(ctx context.Context, key tandem.Key, cb slack.InteractionCallback, a *slack.BlockAction, user tandem.UserID) {
	v := b.viewsFor(ctx, user)
	id, ok := render.ParseGroupValue(a.Value)
	if !ok {
		b.respond(ctx, cb, v.Text(v.T("button_msg.out_of_date")), false)
		return
	}
	action := tandem.ClickMet
	if a.ActionID == render.ActionSkip {
		action = tandem.ClickSkip
	}
	g, settled, changed, err := b.store.RecordClick(ctx, key, id, user, action)
	if b.clickFailed(ctx, v, cb, err) {
		return
	}
	gv, _ := b.groupViews(ctx, g)
	status := b.settledLine(ctx, gv, settled)
	onIntro := cb.Container.MessageTs == g.IntroTS
	switch {
	case changed:
		b.log.InfoContext(ctx, "partnership settled", keyGroup, g.ID, "action", string(action))
		if profiles, err := b.store.Profiles(ctx, g.Members); err != nil {
			b.log.ErrorContext(ctx, "rendering the intro again", keyGroup, g.ID, keyErr, err)
		} else {
			b.updateMessage(ctx, g.DM, g.IntroTS, render.Settle(gv.Intro(g, profiles), status)) // no-op before the intro went out
		}
	case settled.Action == "":
		b.respond(ctx, cb, v.Text(v.T("button_msg.round_over")), false)
		return
	default:
		b.respond(ctx, cb, v.Text(v.T("button_msg.already_done", "Status", b.settledLine(ctx, v, settled))), false)
	}
	if !onIntro && a.BlockID == render.BlockCheckin {
		b.updateMessage(ctx, tandem.ChannelID(cb.Container.ChannelID), cb.Container.MessageTs, render.Settle(gv.Checkin(g), status))
	}
	if action == tandem.ClickMet {
		b.offerFeedback(ctx, v, cb, g, user)
	}
}

// keepClick is Keep me in, on the DM to someone paused as a ghost.
func (b *Bot) keepClick(ctx context.Context, key tandem.Key, cb slack.InteractionCallback, a *slack.BlockAction, user tandem.UserID) {
	v := b.viewsFor(ctx, user)
	id, ok := render.ParseGroupValue(a.Value)
	if !ok {
		b.respond(ctx, cb, v.Text(v.T("button_msg.keep_old")), false)
		return
	}
	changed, err := b.store.KeepMeIn(ctx, key, id, user)
	if b.clickFailed(ctx, v, cb, err) {
		return
	}
	g, err := b.store.Group(ctx, id)
	if err != nil {
		b.log.ErrorContext(ctx, "keep me in: reading the group", keyGroup, id, keyErr, err)
		return
	}
	if !changed {
		b.respond(ctx, cb, v.Text(v.T("button_msg.already_back")), false)
		return
	}
	day := v.Lang.Day(b.now().In(b.dir.Zone(ctx, user)))
	status := v.T("ghost.kept", "Date", day, "Program", render.Channel(g.Program))
	b.updateMessage(ctx, tandem.ChannelID(cb.Container.ChannelID), cb.Container.MessageTs, render.Settle(v.Ghost(g), status))
}

// quizClick answers a question with the option clicked. The verdict
// replaces the question when it was the clicker's own (ephemeral) copy,
// and comes as an ephemeral reply under a question shared in a group DM.
func (b *Bot) quizClick(ctx context.Context, key tandem.Key, cb slack.InteractionCallback, a *slack.BlockAction, user tandem.UserID) {
	v := b.viewsFor(ctx, user)
	rest, _ := strings.CutPrefix(a.Value, "q:")
	idText, nText, _ := strings.Cut(rest, ":")
	id, err1 := strconv.ParseInt(idText, 10, 64)
	n, err2 := strconv.Atoi(nText)
	if err1 != nil || err2 != nil {
		b.respond(ctx, cb, v.Text(v.T("button_msg.quiz_old")), false)
		return
	}
	r, err := b.quizAnswer(ctx, v, key, user, tandem.QuestionID(id), n-1)
	if b.clickFailed(ctx, v, cb, err) {
		return
	}
	b.respond(ctx, cb, r, cb.Container.IsEphemeral)
}

// clickFailed reports whether err ends the handling of a click, and if so
// tells the clicker why: a redelivered click says nothing more (the first
// delivery answered), a refusal says what the store said, anything else is
// logged and excused.
func (b *Bot) clickFailed(ctx context.Context, v render.Renderer, cb slack.InteractionCallback, err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, tandem.ErrDuplicate):
		return true
	case tandem.ErrorCode(err) == tandem.EINTERNAL:
		b.log.ErrorContext(ctx, "click failed", keyUser, cb.User.ID, keyErr, err)
	}
	b.respond(ctx, cb, errorReply(v, err), false)
	return true
}

// settledLine says who settled a partnership and when, in their zone.
func (b *Bot) settledLine(ctx context.Context, v render.Renderer, c tandem.Click) string {
	who, loc := v.T("button_msg.someone"), time.UTC
	if c.User != "" {
		who, loc = v.Mention(c.User), b.dir.Zone(ctx, c.User)
	}
	day := v.Lang.Day(c.At.In(loc))
	if c.Action == tandem.ClickSkip {
		return v.T("button_msg.skipped", "Who", who, "Date", day)
	}
	return v.T("button_msg.met", "Who", who, "Date", day)
}

// groupViews is the renderer of a partnership's group DM: in the language
// its members share, else English, with shared false.
func (b *Bot) groupViews(ctx context.Context, g tandem.Group) (render.Renderer, bool) {
	l, shared := b.cfg.Languages.Shared(ctx, g.Members)
	return b.views.In(l), shared
}

// updateMessage replaces a message the bot posted, logging a failure: the
// click is recorded either way.
func (b *Bot) updateMessage(ctx context.Context, channel tandem.ChannelID, ts string, r render.Reply) {
	if channel == "" || ts == "" {
		return
	}
	if err := outbound.Replace(ctx, b.api, tandem.MessageRef{Channel: channel, TS: ts}, r); err != nil {
		b.log.WarnContext(ctx, "chat.update failed", keyChannel, channel, keyErr, err)
	}
}

// respond answers the person who clicked, through the interaction's
// response_url: ephemerally, replacing the clicked message if replace.
// Clicks in the App Home have no response_url and get no reply.
func (b *Bot) respond(ctx context.Context, cb slack.InteractionCallback, r render.Reply, replace bool) {
	if cb.ResponseURL == "" {
		return
	}
	if err := postResponseURL(ctx, cb.ResponseURL, r, replace); err != nil {
		b.log.WarnContext(ctx, "reply via response_url failed", keyUser, cb.User.ID, keyErr, err)
	}
}
