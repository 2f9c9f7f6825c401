package bot

// The learning loop at the Slack edge: `goal`, the Set our goal form, the
// check-in's On track / Stuck / Done, the rating after We met with its
// "what did you learn?" form, `quiz review off|on`, and "Quiz my partners
// on this" on a note.

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
)

// The loop's forms.
const (
	callbackGoal    = "goal_set"
	callbackLearned = "feedback_learned"
	blockGoalText   = "goal_text"
	blockLearned    = "learned_text"
)

// loopStore is what the learning loop needs from the database.
type loopStore interface {
	SetGoal(ctx context.Context, key tandem.Key, group tandem.GroupID, user tandem.UserID, text string) (tandem.Group, error)
	SetGoalStatus(ctx context.Context, key tandem.Key, group tandem.GroupID, user tandem.UserID, status tandem.GoalStatus) (tandem.Group, bool, error)
	RateMeeting(ctx context.Context, key tandem.Key, group tandem.GroupID, user tandem.UserID, rating int) error
	Rated(ctx context.Context, group tandem.GroupID, user tandem.UserID) (bool, error)
	SetReviewReminders(ctx context.Context, key tandem.Key, user tandem.UserID, on bool) (bool, error)
	Answer(ctx context.Context, key tandem.Key, id tandem.QuestionID, user tandem.UserID, choice int, step tandem.ReviewStep) (tandem.Answer, tandem.Question, error)
	LoopStats(ctx context.Context, program tandem.ChannelID) (tandem.LoopStats, error)
	Reviews(ctx context.Context, user tandem.UserID) ([]tandem.Review, error)
}

// goal is `goal <text>`: sets the shared goal of the partnership whose
// group DM it is typed in, and tells the DM who set it.
func (b *Bot) goal(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	g, found, err := b.dmPartnership(ctx, req)
	if err != nil {
		return render.Reply{}, err
	}
	if !found {
		return render.Reply{}, tandem.Errorf(tandem.EINVALID, "Type `%s goal ...` in your group DM with your partners: the goal belongs to that partnership.", b.slash())
	}
	_, tell, err := b.setGoal(ctx, req.key, g, req.user, cmd.Text)
	if err != nil {
		return render.Reply{}, err
	}
	tell()
	return req.v.Text(req.v.T("goal.saved")), nil
}

// setGoal saves a goal and posts who set or changed it in the group DM.
//
// It returns the saved group and tell, which tells the group DM who set or
// changed the goal: a Slack call, which a modal's submission makes after
// its ack.
func (b *Bot) setGoal(ctx context.Context, key tandem.Key, g tandem.Group, user tandem.UserID, text string) (tandem.Group, func(), error) {
	had := g.Goal.Set()
	g, err := b.store.SetGoal(ctx, key, g.ID, user, text)
	if err != nil {
		return g, nil, err
	}
	b.log.InfoContext(ctx, "goal set", keyGroup, g.ID, keyUser, user)
	tell := func() {
		if g.DM == "" {
			return
		}
		v, _ := b.groupViews(ctx, g)
		if _, _, err := b.api.PostMessageContext(ctx, string(g.DM), v.GoalChanged(g, user, had).MsgOptions()...); err != nil {
			b.log.WarnContext(ctx, "posting the goal", keyGroup, g.ID, keyErr, err)
		}
	}
	return g, tell, nil
}

// openGoalModal is the intro's Set our goal: a one-line form.
func (b *Bot) openGoalModal(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction, user tandem.UserID) {
	v := b.viewsFor(ctx, user)
	id, ok := render.ParseGroupValue(a.Value)
	var g tandem.Group
	var err error
	if ok {
		g, err = b.store.Group(ctx, id)
	}
	switch {
	case !ok:
		b.respond(ctx, cb, v.Text(v.T("goal.button_old")), false)
		return
	case err != nil:
		b.clickFailed(ctx, v, cb, err)
		return
	case !g.Has(user):
		b.respond(ctx, cb, v.Text(v.T("button_msg.not_yours")), false)
		return
	}
	in := textInput(blockGoalText, v.T("goal.form_label"), tandem.MaxGoalLen, false, false)
	if g.Goal.Set() {
		in.Element.(*slack.PlainTextInputBlockElement).InitialValue = g.Goal.Text
	}
	err = b.openModal(ctx, v, cb.TriggerID, callbackGoal, fmt.Sprintf("g:%d", g.ID), v.T("goal.form_title"), v.T("button.save"),
		render.Section(v.T("goal.form_intro", "Others", v.Lang.JoinAnd(mentions(v, others(g, user))))),
		in)
	if err != nil {
		b.log.WarnContext(ctx, "opening the goal form", keyGroup, g.ID, keyErr, err)
	}
}

func mentions(v render.Renderer, ids []tandem.UserID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = v.Mention(id)
	}
	return out
}

func (b *Bot) submitGoal(ctx context.Context, key tandem.Key, cb slack.InteractionCallback) (any, func()) {
	user := tandem.UserID(cb.User.ID)
	v := b.viewsFor(ctx, user)
	scope, ok := formScope(cb.View.PrivateMetadata)
	text := formValue(cb, blockGoalText)
	if !ok || scope.Group == 0 {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockGoalText: v.T("form.out_of_date")}), nil
	}
	if _, err := tandem.CheckGoal(text); err != nil {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockGoalText: v.Lang.Err(err)}), nil
	}
	g, err := b.store.Group(ctx, scope.Group)
	if failed, payload := b.formFailed(ctx, v, err, blockGoalText); failed {
		return payload, nil
	}
	_, tell, err := b.setGoal(ctx, key, g, user, text)
	if failed, payload := b.formFailed(ctx, v, err, blockGoalText); failed {
		return payload, nil
	}
	return doneView(v, v.T("goal.saved_title"), v.T("goal.saved_form")), tell
}

// goalStatusClick is On track / Stuck / Done on a check-in. A change is
// posted in the group DM; Stuck also offers `ask` for the partnership's
// skill.
func (b *Bot) goalStatusClick(ctx context.Context, key tandem.Key, cb slack.InteractionCallback, a *slack.BlockAction, user tandem.UserID) {
	v := b.viewsFor(ctx, user)
	id, ok := render.ParseGroupValue(a.Value)
	status, _ := tandem.ParseGoalStatus(strings.TrimPrefix(a.ActionID, "tandem_goal_"))
	if !ok || status == "" {
		b.respond(ctx, cb, v.Text(v.T("button_msg.out_of_date")), false)
		return
	}
	g, changed, err := b.store.SetGoalStatus(ctx, key, id, user, status)
	if b.clickFailed(ctx, v, cb, err) {
		return
	}
	if !changed {
		b.respond(ctx, cb, v.Text(v.T("goal.already_noted", "Status", v.GoalStatusWords(status))), false)
		return
	}
	b.log.InfoContext(ctx, "goal status", keyGroup, g.ID, "status", string(status))
	if g.DM != "" {
		gv, _ := b.groupViews(ctx, g)
		if _, _, err := b.api.PostMessageContext(ctx, string(g.DM), gv.GoalStatusPosted(g, user).MsgOptions()...); err != nil {
			b.log.WarnContext(ctx, "posting the goal status", keyGroup, g.ID, keyErr, err)
		}
	}
	if status == tandem.GoalStuck {
		skill := "<skill>"
		for _, r := range g.Reasons {
			if r.Skill != "" {
				skill = r.Skill
				break
			}
		}
		b.respond(ctx, cb, v.Text(v.T("goal.stuck_help", "Skill", render.Esc(skill))), false)
	}
}

// offerFeedback follows a We met, for the person who clicked it, unless
// they rated this meeting already.
func (b *Bot) offerFeedback(ctx context.Context, v render.Renderer, cb slack.InteractionCallback, g tandem.Group, user tandem.UserID) {
	if !g.Met() {
		return
	}
	if rated, err := b.store.Rated(ctx, g.ID, user); err != nil || rated {
		return
	}
	b.respond(ctx, cb, v.Feedback(g), false)
}

// rateClick is a 1-5 rating: recorded once, then the optional "what did
// you learn?" form opens.
func (b *Bot) rateClick(ctx context.Context, key tandem.Key, cb slack.InteractionCallback, a *slack.BlockAction, user tandem.UserID) {
	v := b.viewsFor(ctx, user)
	id, ok := render.ParseGroupValue(a.Value)
	n, err := strconv.Atoi(strings.TrimPrefix(a.ActionID, render.ActionRatePrefix))
	if !ok || err != nil {
		b.respond(ctx, cb, v.Text(v.T("button_msg.out_of_date")), false)
		return
	}
	if b.clickFailed(ctx, v, cb, b.store.RateMeeting(ctx, key, id, user, n)) {
		return
	}
	b.log.InfoContext(ctx, "meeting rated", keyGroup, id)
	b.respond(ctx, cb, v.Text(v.T("feedback.thanks", "Rating", n)), cb.Container.IsEphemeral)
	err = b.openModal(ctx, v, cb.TriggerID, callbackLearned, fmt.Sprintf("g:%d", id), v.T("feedback.learned_title"), v.T("button.save"),
		render.Section(v.T("feedback.learned_intro")),
		textInput(blockLearned, v.T("feedback.learned_title"), maxFormNote, true, true))
	if err != nil {
		b.log.WarnContext(ctx, "opening the learned form", keyGroup, id, keyErr, err)
	}
}

func (b *Bot) submitLearned(ctx context.Context, key tandem.Key, cb slack.InteractionCallback) (any, func()) {
	user := tandem.UserID(cb.User.ID)
	v := b.viewsFor(ctx, user)
	scope, ok := formScope(cb.View.PrivateMetadata)
	text := formValue(cb, blockLearned)
	switch {
	case !ok || scope.Group == 0:
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockLearned: v.T("form.out_of_date")}), nil
	case text == "":
		return nil, nil // optional: nothing to save, the form closes
	case utf8.RuneCountInString(text) > maxFormNote:
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockLearned: v.T("form.at_most", "Max", maxFormNote)}), nil
	}
	_, err := b.store.AddNote(ctx, key, scope.Group, user, text)
	if failed, payload := b.formFailed(ctx, v, err, blockLearned); failed {
		return payload, nil
	}
	return doneView(v, v.T("notes.saved_title"), v.T("feedback.learned_saved")), nil
}

// quizNoteClick is "Quiz my partners on this" on a note: the question form
// for the note's partnership, with the note shown as context.
func (b *Bot) quizNoteClick(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction, user tandem.UserID) {
	v := b.viewsFor(ctx, user)
	gid, nid, ok := render.ParseNoteValue(a.Value)
	if !ok {
		return
	}
	notes, err := b.store.Notes(ctx, gid, user)
	var text string
	for _, n := range notes {
		if n.ID == nid {
			text = n.Text
		}
	}
	if err == nil && text == "" {
		err = tandem.Errorf(tandem.ENOTFOUND, "That note is gone.")
	}
	if err == nil {
		var g tandem.Group
		if g, err = b.store.Group(ctx, gid); err == nil {
			err = b.openQuizModalWith(ctx, v, cb.TriggerID, tandem.Question{Group: g.ID, Program: g.Program},
				v.T("quiz.from_note")+"\n>"+render.Esc(render.Truncate(text, 2000)))
		}
	}
	if err != nil {
		if tandem.ErrorCode(err) == tandem.EINTERNAL {
			b.log.ErrorContext(ctx, "quiz from a note", keyUser, user, keyErr, err)
		}
		if err := b.openModal(ctx, v, cb.TriggerID, "home_info", "", v.T("home.not_yet"), "", render.Section(v.Lang.Err(err))); err != nil {
			b.log.WarnContext(ctx, "quiz from a note: telling why", keyUser, user, keyErr, err)
		}
	}
}

// quizNoteButton is a note's "Quiz my partners on this".
func quizNoteButton(v render.Renderer, n tandem.Note) *slack.Accessory {
	return slack.NewAccessory(render.Button(render.ActionQuizNote, v.T("button.quiz_note"), render.NoteValue(n.Group, n.ID), ""))
}

// reviewReminders is `quiz review off|on`.
func (b *Bot) reviewReminders(ctx context.Context, req request, on bool) (render.Reply, error) {
	changed, err := b.store.SetReviewReminders(ctx, req.key, req.user, on)
	if err != nil {
		return render.Reply{}, err
	}
	v := req.v
	switch {
	case on && changed:
		return v.Text(v.T("review.on")), nil
	case on:
		return v.Text(v.T("review.already_on")), nil
	case changed:
		return v.Text(v.T("review.off")), nil
	}
	return v.Text(v.T("review.already_off")), nil
}
