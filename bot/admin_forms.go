package bot

// Admin buttons and forms: a program's Settings modal, Run a round now,
// and the round preview's Send intros, Reshuffle and Cancel. Every one
// checks that the clicker is an admin when the click arrives: the buttons
// are shown to admins only, but a click can be forged.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
	"github.com/tandem-dev/tandem/round"
)

// Callback and block IDs of the admin forms.
const (
	callbackSettings = "admin_settings_form"
	callbackPreview  = "admin_preview_view"
	blockSetting     = "setting_" // + the program key
)

// adminAction handles a click on an admin button; ok is false if the
// action is not one of them.
func (b *Bot) adminAction(ctx context.Context, key tandem.Key, cb slack.InteractionCallback, a *slack.BlockAction) bool {
	user := tandem.UserID(cb.User.ID)
	switch a.ActionID {
	case actionAdminSettings, actionAdminRun, actionAdminSettingsPick, actionAdminRunPick,
		render.ActionPreviewSend, render.ActionPreviewReshuffle, render.ActionPreviewCancel:
	default:
		return false
	}
	if err := b.requireAdmin(ctx, user); err != nil {
		b.log.WarnContext(ctx, "admin action refused", keyUser, user, "action", a.ActionID)
		b.tell(ctx, cb, errorReply(b.views, err))
		return true
	}
	value := a.Value
	if a.SelectedOption.Value != "" {
		value = a.SelectedOption.Value
	}
	switch a.ActionID {
	case actionAdminSettings, actionAdminSettingsPick:
		b.openSettings(ctx, cb, value)
	case actionAdminRun, actionAdminRunPick:
		b.openPreview(ctx, key, cb, value, user)
	default:
		b.previewClick(ctx, key, cb, a, user)
	}
	return true
}

// tell answers a click: through the response_url under a message, or in a
// small modal for a click in the App Home or a modal.
func (b *Bot) tell(ctx context.Context, cb slack.InteractionCallback, r render.Reply) {
	if cb.ResponseURL != "" {
		b.respond(ctx, cb, r, false)
		return
	}
	if err := b.openModal(ctx, b.views, cb.TriggerID, "admin_info", "", "tandem", "", r.Blocks...); err != nil {
		b.log.WarnContext(ctx, "telling the clicker", keyUser, cb.User.ID, keyErr, err)
	}
}

func (b *Bot) programOfValue(ctx context.Context, value string) (tandem.Program, error) {
	ch, ok := render.ParseRef(value, "program")
	if !ok {
		return tandem.Program{}, tandem.Errorf(tandem.EINVALID, "That button does not name a program.")
	}
	return b.store.Program(ctx, tandem.ChannelID(ch))
}

// openSettings opens a program's Settings form, every key filled in.
func (b *Bot) openSettings(ctx context.Context, cb slack.InteractionCallback, value string) {
	p, err := b.programOfValue(ctx, value)
	if err != nil {
		b.tell(ctx, cb, errorReply(b.views, err))
		return
	}
	if _, err := b.api.OpenViewContext(ctx, cb.TriggerID, b.settingsForm(p)); err != nil {
		b.log.WarnContext(ctx, "opening the settings form", keyProgram, p.Channel, keyErr, err)
	}
}

// settingValue is the current value of a program key, as typed in `program set`.
func settingValue(p tandem.Program, key string) string {
	switch key {
	case "match":
		return p.Match
	case "checkin":
		return p.Checkin
	case "marketplace":
		return p.Marketplace
	case "agenda":
		return p.Agenda
	case "group_size":
		return fmt.Sprint(p.GroupSize)
	case "avoid_repeats":
		return fmt.Sprint(p.AvoidRepeats)
	case "timezone":
		return p.Timezone
	}
	return ""
}

var settingLabels = map[string]string{
	"match": "Rounds (match schedule)", "checkin": "Check-ins", "marketplace": "Marketplace call",
	"agenda": "Marketplace agenda", "group_size": "Group size (2 to 8)",
	"avoid_repeats": "Rounds before the same people meet again", "timezone": "Time zone of the schedules",
}

func isSchedule(key string) bool {
	return key == "match" || key == "checkin" || key == "marketplace" || key == "agenda"
}

func (b *Bot) settingsForm(p tandem.Program) slack.ModalViewRequest {
	blocks := []slack.Block{render.Section(fmt.Sprintf("Settings of %s. Schedules are cron specs (minute hour day month weekday, e.g. `0 9 * * MON`) or `@every 2h`, `@weekly`…, in the program's time zone; leave a schedule empty to turn it off (not the rounds). Changes take effect at once.", render.Channel(p.Channel)))}
	for _, k := range tandem.ProgramKeys {
		label, ok := settingLabels[k]
		if !ok {
			label = k // a key added since: still settable here
		}
		el := slack.NewPlainTextInputBlockElement(nil, actionFormText).WithInitialValue(settingValue(p, k)).WithMaxLength(100)
		var hint *slack.TextBlockObject
		if isSchedule(k) {
			hint = render.Plain("Next: " + b.views.FiringsLine(settingValue(p, k), p.Location()))
		}
		in := slack.NewInputBlock(blockSetting+k, render.Plain(label+" · "+k), hint, el)
		in.Optional = k != "match" && isSchedule(k)
		blocks = append(blocks, in)
	}
	return slack.ModalViewRequest{Type: slack.VTModal, Title: render.Plain("Program settings"), Submit: render.Plain("Save"),
		Close: render.Plain("Cancel"), CallbackID: callbackSettings, PrivateMetadata: string(p.Channel), Blocks: slack.Blocks{BlockSet: blocks}}
}

// adminView handles an admin form's submission; ok is false if the view
// is not one of them.
func (b *Bot) adminView(ctx context.Context, key tandem.Key, cb slack.InteractionCallback) (payload any, after func(), ok bool) {
	if cb.View.CallbackID != callbackSettings {
		return nil, nil, false
	}
	payload, after = b.submitSettings(ctx, key, cb)
	return payload, after, true
}

// submitSettings checks every key of the Settings form, shows each error
// beside its field and saves nothing, or saves them all at once and makes
// the new schedules take effect.
func (b *Bot) submitSettings(ctx context.Context, key tandem.Key, cb slack.InteractionCallback) (any, func()) {
	user := tandem.UserID(cb.User.ID)
	first := blockSetting + tandem.ProgramKeys[0]
	if err := b.requireAdmin(ctx, user); err != nil {
		b.log.WarnContext(ctx, "settings submission refused", keyUser, user)
		return slack.NewErrorsViewSubmissionResponse(map[string]string{first: tandem.ErrorMessage(err)}), nil
	}
	ch := tandem.ChannelID(cb.View.PrivateMetadata)
	p, err := b.store.Program(ctx, ch)
	if err != nil {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{first: tandem.ErrorMessage(err)}), nil
	}
	pairs := map[string]string{}
	for _, k := range tandem.ProgramKeys {
		if cb.View.State == nil {
			break
		}
		if v, ok := cb.View.State.Values[blockSetting+k][actionFormText]; ok {
			pairs[k] = strings.TrimSpace(v.Value)
		}
	}
	// Check each key on its own, against the new time zone, so that every
	// field with an error says so at once.
	errs := map[string]string{}
	next := p
	if tz, ok := pairs["timezone"]; ok {
		if err := next.Set("timezone", tz, nil); err != nil {
			errs[blockSetting+"timezone"] = fieldError(err, "timezone")
		}
	}
	for _, k := range tandem.ProgramKeys {
		v, ok := pairs[k]
		if !ok || k == "timezone" {
			continue
		}
		try := next
		if err := try.Set(k, v, b.cfg.CheckSpec); err != nil {
			errs[blockSetting+k] = fieldError(err, k)
			continue
		}
		next = try
	}
	if len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	p, err = b.store.UpdateProgram(ctx, key, ch, func(p *tandem.Program) error { return p.SetAll(pairs, b.cfg.CheckSpec) })
	switch {
	case errors.Is(err, tandem.ErrDuplicate):
		return nil, nil
	case err != nil:
		if tandem.ErrorCode(err) == tandem.EINTERNAL {
			b.log.ErrorContext(ctx, "saving program settings", keyProgram, ch, keyErr, err)
		}
		return slack.NewErrorsViewSubmissionResponse(map[string]string{first: tandem.ErrorMessage(err)}), nil
	}
	b.applySchedules(p)
	redraw := func() {
		if err := b.publishHome(ctx, user); err != nil {
			b.log.WarnContext(ctx, "refreshing the home tab", keyUser, user, keyErr, err)
		}
	}
	md := fmt.Sprintf(":white_check_mark: Saved the settings of %s; they take effect now.\n%s\n*Next rounds:* %s",
		render.Channel(ch), b.describeProgram(p), render.Esc(b.views.FiringsLine(p.Match, p.Location())))
	return doneView(b.views, "Settings saved", md), redraw
}

// fieldError is the message of a setting's error, without the key it
// starts with (the field says which).
func fieldError(err error, key string) string {
	return strings.TrimPrefix(tandem.ErrorMessage(err), key+": ")
}

// matchPreview is `match #channel preview`.
func (b *Bot) matchPreview(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	ch, err := b.resolveProgram(ctx, req, cmd.Channel)
	if err != nil {
		return render.Reply{}, err
	}
	p, err := b.rounds.Preview(ctx, req.key, ch, req.user)
	if err != nil {
		return render.Reply{}, err
	}
	return b.views.Preview(p), nil
}

// openPreview is Run a round now in the App Home: a modal that shows the
// preview, opened at once (the trigger expires in 3 s) and filled in when
// the grouping is ready.
func (b *Bot) openPreview(ctx context.Context, key tandem.Key, cb slack.InteractionCallback, value string, user tandem.UserID) {
	prog, err := b.programOfValue(ctx, value)
	if err != nil {
		b.tell(ctx, cb, errorReply(b.views, err))
		return
	}
	v, err := b.api.OpenViewContext(ctx, cb.TriggerID, previewModal(render.Text(":hourglass: Matching "+render.Channel(prog.Channel)+"…")))
	if err != nil {
		b.log.WarnContext(ctx, "opening the preview", keyProgram, prog.Channel, keyErr, err)
		return
	}
	p, err := b.rounds.Preview(ctx, key, prog.Channel, user)
	r := b.views.Preview(p)
	if err != nil {
		r = errorReply(b.views, err)
	}
	if _, err := b.api.UpdateViewContext(ctx, previewModal(r), "", v.Hash, v.ID); err != nil {
		b.log.WarnContext(ctx, "showing the preview", keyProgram, prog.Channel, keyErr, err)
	}
}

func previewModal(r render.Reply) slack.ModalViewRequest {
	return slack.ModalViewRequest{Type: slack.VTModal, Title: render.Plain("Run a round"), Close: render.Plain("Close"),
		CallbackID: callbackPreview, Blocks: slack.Blocks{BlockSet: r.Blocks}}
}

// previewClick is Send intros, Reshuffle or Cancel under a preview.
func (b *Bot) previewClick(ctx context.Context, key tandem.Key, cb slack.InteractionCallback, a *slack.BlockAction, user tandem.UserID) {
	id, ok := render.ParsePreviewValue(a.Value)
	if !ok {
		b.tell(ctx, cb, render.Text(":warning: This button is out of date; nothing changed."))
		return
	}
	var r render.Reply
	switch a.ActionID {
	case render.ActionPreviewSend:
		r = b.sendPreview(ctx, key, id, user)
	case render.ActionPreviewReshuffle:
		prev, err := b.store.Preview(ctx, id)
		if err == nil && prev.Status != tandem.PreviewOpen {
			err = tandem.Errorf(tandem.ECONFLICT, "This preview was %s already; nothing changed.", prev.Status)
		}
		var p tandem.Preview
		if err == nil {
			p, err = b.rounds.Reshuffle(ctx, key, prev, user)
		}
		if err == nil {
			// The old grouping can no longer be sent by mistake.
			_ = b.store.CancelPreview(ctx, key.Sub("old"), prev.ID) // its message is replaced below
			r = b.views.Preview(p)
		} else if errors.Is(err, tandem.ErrDuplicate) {
			return
		} else {
			r = errorReply(b.views, err)
		}
	case render.ActionPreviewCancel:
		err := b.store.CancelPreview(ctx, key, id)
		switch {
		case errors.Is(err, tandem.ErrDuplicate):
			return
		case err != nil:
			r = errorReply(b.views, err)
		default:
			r = render.Text(":wastebasket: Preview cancelled: nothing was sent, and no round was saved.")
		}
	}
	b.showInPlace(ctx, cb, r)
}

// sendPreview sends a preview's intros and says what happened: sent, sent
// before, or not sent because the channel changed (with a fresh preview).
func (b *Bot) sendPreview(ctx context.Context, key tandem.Key, id tandem.PreviewID, user tandem.UserID) render.Reply {
	rd, err := b.rounds.Send(ctx, id, user)
	var stale *round.StaleError
	switch {
	case err == nil:
		return b.views.RoundStarted(rd)
	case errors.Is(err, tandem.ErrDuplicate):
		return render.Text(fmt.Sprintf(":information_source: Already sent: these intros went out as round %d of %s. Nothing more was sent.", rd.ID, render.Channel(rd.Program)))
	case errors.As(err, &stale):
		prev, perr := b.store.Preview(ctx, id)
		if perr != nil {
			return errorReply(b.views, perr)
		}
		_ = b.store.CancelPreview(ctx, key.Sub("stale"), id) // a fresh preview replaces it below
		fresh, ferr := b.rounds.Preview(ctx, key.Sub("fresh"), prev.Program, user)
		head := ":warning: *Not sent:* " + staleWords(stale) + " since this preview, so its groups are out of date."
		if ferr != nil {
			return render.Text(head + "\n" + tandem.ErrorMessage(ferr))
		}
		r := b.views.Preview(fresh)
		r.Blocks = append([]slack.Block{render.Section(head + " Here is a fresh preview:")}, r.Blocks...)
		if len(r.Blocks) > render.MaxBlocks {
			r.Blocks = append(r.Blocks[:render.MaxBlocks-2], r.Blocks[len(r.Blocks)-1])
		}
		return r
	case errors.Is(err, round.ErrBusy):
		return render.Text(":hourglass: A round of this program is being matched right now; nothing was sent.")
	}
	if tandem.ErrorCode(err) == tandem.EINTERNAL {
		b.log.ErrorContext(ctx, "sending a preview", keyUser, user, keyErr, err)
	}
	return errorReply(b.views, err)
}

func staleWords(e *round.StaleError) string {
	var parts []string
	if len(e.Left) > 0 {
		parts = append(parts, render.Mentions(e.Left)+" no longer take part")
	}
	if len(e.Joined) > 0 {
		parts = append(parts, render.Mentions(e.Joined)+" joined")
	}
	if len(e.Changed) > 0 {
		parts = append(parts, render.Mentions(e.Changed)+" changed their profile")
	}
	return render.JoinAnd(parts)
}

// showInPlace replaces what was clicked: the preview message, through its
// response_url, or the preview modal.
func (b *Bot) showInPlace(ctx context.Context, cb slack.InteractionCallback, r render.Reply) {
	if cb.Container.Type == "view" && cb.View.ID != "" {
		if _, err := b.api.UpdateViewContext(ctx, previewModal(r), "", "", cb.View.ID); err != nil {
			b.log.WarnContext(ctx, "updating the preview", keyUser, cb.User.ID, keyErr, err)
		}
		return
	}
	b.respond(ctx, cb, r, true)
}
