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
func (b *Bot) openModal(ctx context.Context, triggerID, callback, meta, title, submit string, blocks ...slack.Block) error {
	v := slack.ModalViewRequest{Type: slack.VTModal, Title: render.Plain(title), Close: render.Plain("Close"),
		CallbackID: callback, PrivateMetadata: meta, Blocks: slack.Blocks{BlockSet: blocks}}
	if submit != "" {
		v.Submit, v.Close = render.Plain(submit), render.Plain("Cancel")
	}
	if _, err := b.api.OpenViewContext(ctx, triggerID, v); err != nil {
		return fmt.Errorf("views.open %s: %w", callback, err)
	}
	return nil
}

// doneView replaces a submitted form with a confirmation.
func doneView(title, md string) *slack.ViewSubmissionResponse {
	return slack.NewUpdateViewSubmissionResponse(&slack.ModalViewRequest{Type: slack.VTModal, Title: render.Plain(title),
		Close: render.Plain("Done"), Blocks: slack.Blocks{BlockSet: []slack.Block{render.Section(md)}}})
}

// openQuizModal opens the question form for the scope of q (its Group or
// Program).
func (b *Bot) openQuizModal(ctx context.Context, triggerID string, q tandem.Question) error {
	return b.openQuizModalWith(ctx, triggerID, q, "")
}

// openQuizModalWith is openQuizModal with context (rendered mrkdwn, such as
// the note a question is about) shown above the fields.
func (b *Bot) openQuizModalWith(ctx context.Context, triggerID string, q tandem.Question, context string) error {
	meta, whom := "p:"+string(q.Program), fmt.Sprintf("everyone matched in <#%s>", q.Program)
	if q.Group != 0 {
		meta, whom = fmt.Sprintf("g:%d", q.Group), "your partners, in your partnership in <#"+string(q.Program)+">"
	}
	blocks := []slack.Block{render.Section("A question for " + whom + ". Fill in 2 to 6 options and pick the right one."),
		textInput(blockQuizText, "Question", tandem.MaxQuestionLen, false, false)}
	if context != "" {
		blocks = append(blocks[:1], append([]slack.Block{render.Section(context)}, blocks[1:]...)...)
	}
	choices := make([]*slack.OptionBlockObject, tandem.MaxQuizOptions)
	for i := range tandem.MaxQuizOptions {
		n := strconv.Itoa(i + 1)
		blocks = append(blocks, textInput(blockQuizOption+n, "Option "+n, tandem.MaxOptionLen, i >= tandem.MinQuizOptions, false))
		choices[i] = slack.NewOptionBlockObject(n, render.Plain("Option "+n), nil)
	}
	blocks = append(blocks, slack.NewInputBlock(blockQuizRight, render.Plain("Right answer"), nil,
		slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, render.Plain("Pick the right option"), inputValue, choices...)))
	return b.openModal(ctx, triggerID, callbackQuiz, meta, "Add a quiz question", "Add", blocks...)
}

// openNoteModal opens the note form for partnership g.
func (b *Bot) openNoteModal(ctx context.Context, triggerID string, g tandem.Group, user tandem.UserID) error {
	return b.openModal(ctx, triggerID, callbackNote, fmt.Sprintf("g:%d", g.ID), "Add a note", "Save",
		render.Section(fmt.Sprintf("A progress note for %s. Only your partners can read it.", partnershipName(g, user))),
		textInput(blockNoteText, "What did you learn or do together?", maxFormNote, false, true))
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
	q, ok := formScope(cb.View.PrivateMetadata)
	q.Author, q.Text, q.Correct = user, formValue(cb, blockQuizText), -1
	errs := map[string]string{}
	right := formValue(cb, blockQuizRight)
	for i := range tandem.MaxQuizOptions {
		n := strconv.Itoa(i + 1)
		o := formValue(cb, blockQuizOption+n)
		switch {
		case utf8.RuneCountInString(o) > tandem.MaxOptionLen:
			errs[blockQuizOption+n] = fmt.Sprintf("At most %d characters.", tandem.MaxOptionLen)
		case o != "" && right == n:
			q.Correct = len(q.Options)
		case o == "" && right == n:
			errs[blockQuizRight] = "Option " + n + " is empty: pick an option you filled in."
		}
		if o != "" {
			q.Options = append(q.Options, o)
		}
	}
	switch {
	case !ok:
		errs[blockQuizText] = "This form is out of date. Close it and open a new one."
	case q.Text == "":
		errs[blockQuizText] = "Write the question."
	case utf8.RuneCountInString(q.Text) > tandem.MaxQuestionLen:
		errs[blockQuizText] = fmt.Sprintf("At most %d characters.", tandem.MaxQuestionLen)
	}
	if len(q.Options) < tandem.MinQuizOptions {
		errs[blockQuizOption+"2"] = "Fill in at least two options."
	}
	if right == "" {
		errs[blockQuizRight] = "Pick the right option."
	}
	if len(errs) == 0 && q.Group == 0 {
		if admin, err := b.dir.IsAdmin(ctx, user); err != nil || !admin {
			errs[blockQuizText] = "Questions for a whole program are for admins."
		}
	}
	if len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	q, err := b.store.AddQuestion(ctx, key, q)
	if failed, payload := b.formFailed(ctx, err, blockQuizText); failed {
		return payload, nil
	}
	if q.Group == 0 {
		return doneView("Question added", b.questionAdded(q).Text), nil
	}
	// Show the question to the partners where they talk, as `quiz add` does.
	post := func() {
		if g, err := b.store.Group(ctx, q.Group); err == nil && g.DM != "" {
			if _, _, err := b.api.PostMessageContext(ctx, string(g.DM), b.questionAdded(q).MsgOptions()...); err != nil {
				b.log.WarnContext(ctx, "posting a quiz question", keyGroup, g.ID, keyErr, err)
			}
		}
	}
	return doneView("Question added", fmt.Sprintf(":white_check_mark: Question %d is in your group DM: your partners answer it with a click.", q.ID)), post
}

func (b *Bot) submitNote(ctx context.Context, key tandem.Key, cb slack.InteractionCallback) (any, func()) {
	user := tandem.UserID(cb.User.ID)
	scope, ok := formScope(cb.View.PrivateMetadata)
	text := formValue(cb, blockNoteText)
	refuse := func(msg string) (any, func()) {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockNoteText: msg}), nil
	}
	switch {
	case !ok || scope.Group == 0:
		return refuse("This form is out of date. Close it and open a new one.")
	case text == "":
		return refuse("Write something first.")
	case utf8.RuneCountInString(text) > maxFormNote:
		return refuse(fmt.Sprintf("At most %d characters here; longer notes go through `%s note`.", maxFormNote, b.slash()))
	}
	_, err := b.store.AddNote(ctx, key, scope.Group, user, text)
	if failed, payload := b.formFailed(ctx, err, blockNoteText); failed {
		return payload, nil
	}
	redraw := func() {
		if err := b.publishHome(ctx, user); err != nil {
			b.log.WarnContext(ctx, "refreshing the home tab", keyUser, user, keyErr, err)
		}
	}
	return doneView("Note saved", fmt.Sprintf(":memo: Saved. Your partners read it with `%s notes`.", b.slash())), redraw
}

// formFailed turns a store error on a form into its ack: nothing for a
// redelivery (the form closes), else the error under block.
func (b *Bot) formFailed(ctx context.Context, err error, block string) (bool, any) {
	switch {
	case err == nil:
		return false, nil
	case errors.Is(err, tandem.ErrDuplicate):
		return true, nil
	case tandem.ErrorCode(err) == tandem.EINTERNAL:
		b.log.ErrorContext(ctx, "form failed", keyErr, err)
	}
	return true, slack.NewErrorsViewSubmissionResponse(map[string]string{block: tandem.ErrorMessage(err)})
}
