package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/render"
)

// The note and quiz forms. A form's private_metadata says whom it is for:
// "g:42" for a partnership, "p:C0123" for a program. Their inputs all use
// the action ID inputValue; blocks are named below.
const (
	callbackQuiz    = "quiz_add"
	callbackNote    = "note_add"
	blockQuizText   = "quiz_text"
	blockQuizOption = "quiz_option_" // 1..tandem.MaxQuizOptions
	blockQuizRight  = "quiz_right"
	blockNoteText   = "note_text"
	inputValue      = "value"
	// maxFormNote is the longest note the form takes: Slack's own limit on
	// a text input. Longer notes go through `note`.
	maxFormNote = 3000
)

func textInput(blockID, label string, maxLen int, optional, multiline bool) *slack.InputBlock {
	el := slack.NewPlainTextInputBlockElement(nil, inputValue).WithMaxLength(maxLen).WithMultiline(multiline)
	in := slack.NewInputBlock(blockID, render.Plain(label), nil, el)
	in.Optional = optional
	return in
}

// openModal opens a form; submit "" makes a view with only a Close button.
func (b *Bot) openModal(ctx context.Context, r render.Renderer, triggerID, callback, meta, title, submit string, blocks ...slack.Block) error {
	v := slack.ModalViewRequest{Type: slack.VTModal, Title: render.Plain(render.Truncate(title, render.MaxTitle)), Close: render.Plain(r.T("button.close")),
		CallbackID: callback, PrivateMetadata: meta, Blocks: slack.Blocks{BlockSet: blocks}}
	if submit != "" {
		v.Submit, v.Close = render.Plain(render.Truncate(submit, render.MaxTitle)), render.Plain(r.T("button.cancel"))
	}
	if _, err := b.api.OpenViewContext(ctx, triggerID, v); err != nil {
		return fmt.Errorf("views.open %s: %w", callback, err)
	}
	return nil
}

// doneView replaces a submitted form with a confirmation.
func doneView(v render.Renderer, title, md string) *slack.ViewSubmissionResponse {
	return slack.NewUpdateViewSubmissionResponse(&slack.ModalViewRequest{Type: slack.VTModal, Title: render.Plain(render.Truncate(title, render.MaxTitle)),
		Close: render.Plain(v.T("button.finished")), Blocks: slack.Blocks{BlockSet: []slack.Block{render.Section(md)}}})
}

// openQuizModal opens the question form for the scope of q (its Group or
// Program).
func (b *Bot) openQuizModal(ctx context.Context, v render.Renderer, triggerID string, q tandem.Question) error {
	return b.openQuizModalWith(ctx, v, triggerID, q, "")
}

// openQuizModalWith is openQuizModal with context (rendered mrkdwn, such as
// the note a question is about) shown above the fields.
func (b *Bot) openQuizModalWith(ctx context.Context, v render.Renderer, triggerID string, q tandem.Question, context string) error {
	meta, intro := "p:"+string(q.Program), v.T("quiz.form_for_program", "Program", render.Channel(q.Program))
	if q.Group != 0 {
		meta, intro = fmt.Sprintf("g:%d", q.Group), v.T("quiz.form_for_partners", "Program", render.Channel(q.Program))
	}
	blocks := []slack.Block{render.Section(intro),
		textInput(blockQuizText, v.T("quiz.form_question"), tandem.MaxQuestionLen, false, false)}
	if context != "" {
		blocks = append(blocks[:1], append([]slack.Block{render.Section(context)}, blocks[1:]...)...)
	}
	choices := make([]*slack.OptionBlockObject, tandem.MaxQuizOptions)
	for i := range tandem.MaxQuizOptions {
		n := strconv.Itoa(i + 1)
		blocks = append(blocks, textInput(blockQuizOption+n, v.T("quiz.form_option", "N", n), tandem.MaxOptionLen, i >= tandem.MinQuizOptions, false))
		choices[i] = slack.NewOptionBlockObject(n, render.Plain(v.T("quiz.form_option", "N", n)), nil)
	}
	blocks = append(blocks, slack.NewInputBlock(blockQuizRight, render.Plain(v.T("quiz.form_right")), nil,
		slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, render.Plain(v.T("quiz.form_pick")), inputValue, choices...)))
	return b.openModal(ctx, v, triggerID, callbackQuiz, meta, v.T("quiz.form_title"), v.T("button.add"), blocks...)
}

// openNoteModal opens the note form for partnership g.
func (b *Bot) openNoteModal(ctx context.Context, v render.Renderer, triggerID string, g tandem.Group, user tandem.UserID) error {
	return b.openModal(ctx, v, triggerID, callbackNote, fmt.Sprintf("g:%d", g.ID), v.T("notes.form_title"), v.T("button.save"),
		render.Section(v.T("notes.form_intro", "Partnership", partnershipName(v, g, user))),
		textInput(blockNoteText, v.T("notes.form_label"), maxFormNote, false, true))
}

// followView handles a follow-through form's submission. Invalid input
// keeps the form open with an error under the block at fault.
func (b *Bot) followView(ctx context.Context, key tandem.Key, cb slack.InteractionCallback) (payload any, after func(), ok bool) {
	switch cb.View.CallbackID {
	case callbackQuiz:
		payload, after = b.submitQuiz(ctx, key, cb)
		return payload, after, true
	case callbackNote:
		payload, after = b.submitNote(ctx, key, cb)
		return payload, after, true
	case callbackGoal:
		payload, after = b.submitGoal(ctx, key, cb)
		return payload, after, true
	case callbackLearned:
		payload, after = b.submitLearned(ctx, key, cb)
		return payload, after, true
	}
	return nil, nil, false
}

func formValue(cb slack.InteractionCallback, block string) string {
	v := cb.View.State.Values[block][inputValue]
	if v.SelectedOption.Value != "" {
		return v.SelectedOption.Value
	}
	return strings.TrimSpace(v.Value)
}

// formScope reads a form's private_metadata back into a question's scope.
func formScope(meta string) (tandem.Question, bool) {
	if ch, ok := strings.CutPrefix(meta, "p:"); ok && ch != "" {
		return tandem.Question{Program: tandem.ChannelID(ch)}, true
	}
	g, ok := render.ParseGroupValue("group:" + strings.TrimPrefix(meta, "g:"))
	return tandem.Question{Group: g}, ok && strings.HasPrefix(meta, "g:")
}

func (b *Bot) submitQuiz(ctx context.Context, key tandem.Key, cb slack.InteractionCallback) (any, func()) {
	user := tandem.UserID(cb.User.ID)
	v := b.viewsFor(ctx, user)
	q, ok := formScope(cb.View.PrivateMetadata)
	q.Author, q.Text, q.Correct = user, formValue(cb, blockQuizText), -1
	errs := map[string]string{}
	right := formValue(cb, blockQuizRight)
	for i := range tandem.MaxQuizOptions {
		n := strconv.Itoa(i + 1)
		o := formValue(cb, blockQuizOption+n)
		switch {
		case utf8.RuneCountInString(o) > tandem.MaxOptionLen:
			errs[blockQuizOption+n] = v.T("form.at_most", "Max", tandem.MaxOptionLen)
		case o != "" && right == n:
			q.Correct = len(q.Options)
		case o == "" && right == n:
			errs[blockQuizRight] = v.T("quiz.form_empty_right", "N", n)
		}
		if o != "" {
			q.Options = append(q.Options, o)
		}
	}
	switch {
	case !ok:
		errs[blockQuizText] = v.T("form.out_of_date")
	case q.Text == "":
		errs[blockQuizText] = v.T("quiz.form_write")
	case utf8.RuneCountInString(q.Text) > tandem.MaxQuestionLen:
		errs[blockQuizText] = v.T("form.at_most", "Max", tandem.MaxQuestionLen)
	}
	if len(q.Options) < tandem.MinQuizOptions {
		errs[blockQuizOption+"2"] = v.T("quiz.form_two")
	}
	if right == "" {
		errs[blockQuizRight] = v.T("quiz.form_pick_right")
	}
	if len(errs) == 0 && q.Group == 0 {
		if admin, err := b.dir.IsAdmin(ctx, user); err != nil || !admin {
			errs[blockQuizText] = v.T("quiz.form_admins")
		}
	}
	if len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	q, err := b.store.AddQuestion(ctx, key, q)
	if failed, payload := b.formFailed(ctx, v, err, blockQuizText); failed {
		return payload, nil
	}
	if q.Group == 0 {
		return doneView(v, v.T("quiz.added_title"), b.questionAdded(v, q).Text), nil
	}
	// Show the question to the partners where they talk, as `quiz add` does.
	post := func() {
		if g, err := b.store.Group(ctx, q.Group); err == nil && g.DM != "" {
			gv, _ := b.groupViews(ctx, g)
			if _, _, err := b.api.PostMessageContext(ctx, string(g.DM), b.questionAdded(gv, q).MsgOptions()...); err != nil {
				b.log.WarnContext(ctx, "posting a quiz question", keyGroup, g.ID, keyErr, err)
			}
		}
	}
	return doneView(v, v.T("quiz.added_title"), v.T("quiz.added_dm", "ID", q.ID)), post
}

func (b *Bot) submitNote(ctx context.Context, key tandem.Key, cb slack.InteractionCallback) (any, func()) {
	user := tandem.UserID(cb.User.ID)
	v := b.viewsFor(ctx, user)
	scope, ok := formScope(cb.View.PrivateMetadata)
	text := formValue(cb, blockNoteText)
	refuse := func(msg string) (any, func()) {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockNoteText: msg}), nil
	}
	switch {
	case !ok || scope.Group == 0:
		return refuse(v.T("form.out_of_date"))
	case text == "":
		return refuse(v.T("notes.form_empty"))
	case utf8.RuneCountInString(text) > maxFormNote:
		return refuse(v.T("notes.form_too_long", "Max", maxFormNote))
	}
	_, err := b.store.AddNote(ctx, key, scope.Group, user, text)
	if failed, payload := b.formFailed(ctx, v, err, blockNoteText); failed {
		return payload, nil
	}
	redraw := func() {
		if err := b.publishHome(ctx, user); err != nil {
			b.log.WarnContext(ctx, "refreshing the home tab", keyUser, user, keyErr, err)
		}
	}
	return doneView(v, v.T("notes.saved_title"), v.T("notes.form_saved")), redraw
}

// formFailed turns a store error on a form into its ack: nothing for a
// redelivery (the form closes), else the error under block.
func (b *Bot) formFailed(ctx context.Context, v render.Renderer, err error, block string) (bool, any) {
	switch {
	case err == nil:
		return false, nil
	case errors.Is(err, tandem.ErrDuplicate):
		return true, nil
	case tandem.ErrorCode(err) == tandem.EINTERNAL:
		b.log.ErrorContext(ctx, "form failed", keyErr, err)
	}
	return true, slack.NewErrorsViewSubmissionResponse(map[string]string{block: v.Lang.Err(err)})
}
