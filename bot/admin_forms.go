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
	v := b.viewsFor(ctx, user)
	if err := b.requireAdmin(ctx, user); err != nil {
		b.log.WarnContext(ctx, "admin action refused", keyUser, user, "action", a.ActionID)
		b.tell(ctx, v, cb, errorReply(v, err))
		return true
	}
	value := a.Value
	if a.SelectedOption.Value != "" {
		value = a.SelectedOption.Value
	}
	switch a.ActionID {
	case actionAdminSettings, actionAdminSettingsPick:
		b.openSettings(ctx, v, cb, value)
	case actionAdminRun, actionAdminRunPick:
		b.openPreview(ctx, v, key, cb, value, user)
	default:
		b.previewClick(ctx, v, key, cb, a, user)
	}
	return true
}

// tell answers a click: through the response_url under a message, or in a
// small modal for a click in the App Home or a modal.
func (b *Bot) tell(ctx context.Context, v render.Renderer, cb slack.InteractionCallback, r render.Reply) {
	if cb.ResponseURL != "" {
		b.respond(ctx, cb, r, false)
		return
	}
	if err := b.openModal(ctx, v, cb.TriggerID, "admin_info", "", "tandem", "", r.Blocks...); err != nil {
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
func (b *Bot) openSettings(ctx context.Context, v render.Renderer, cb slack.InteractionCallback, value string) {
	p, err := b.programOfValue(ctx, value)
	if err != nil {
		b.tell(ctx, v, cb, errorReply(v, err))
		return
	}
	if _, err := b.api.OpenViewContext(ctx, cb.TriggerID, b.settingsForm(v, p)); err != nil {
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

func isSchedule(key string) bool {
	return key == "match" || key == "checkin" || key == "marketplace" || key == "agenda"
}

// settingLabel is the label of a program key's field: the catalog's
// setting.<key>, or the key itself for a key added since (still settable
// here).
func settingLabel(v render.Renderer, k string) string {
	if id := "setting." + k; v.Lang.Has(id) {
		return v.T(id)
	}
	return k
}

func (b *Bot) settingsForm(v render.Renderer, p tandem.Program) slack.ModalViewRequest {
	blocks := []slack.Block{render.Section(v.T("settings.intro", "Program", render.Channel(p.Channel)))}
	for _, k := range tandem.ProgramKeys {
		label := settingLabel(v, k)
		el := slack.NewPlainTextInputBlockElement(nil, actionFormText).WithInitialValue(settingValue(p, k)).WithMaxLength(100)
		var hint *slack.TextBlockObject
		if isSchedule(k) {
			hint = render.Plain(v.T("settings.next", "When", v.FiringsLine(settingValue(p, k), p.Location())))
		}
		in := slack.NewInputBlock(blockSetting+k, render.Plain(label+" · "+k), hint, el)
		in.Optional = k != "match" && isSchedule(k)
		blocks = append(blocks, in)
	}
	return slack.ModalViewRequest{Type: slack.VTModal, Title: render.Plain(v.T("settings.title")), Submit: render.Plain(v.T("button.save")),
		Close: render.Plain(v.T("button.cancel")), CallbackID: callbackSettings, PrivateMetadata: string(p.Channel), Blocks: slack.Blocks{BlockSet: blocks}}
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
	v := b.viewsFor(ctx, user)
	first := blockSetting + tandem.ProgramKeys[0]
	if err := b.requireAdmin(ctx, user); err != nil {
		b.log.WarnContext(ctx, "settings submission refused", keyUser, user)
		return slack.NewErrorsViewSubmissionResponse(map[string]string{first: v.ErrorText(err)}), nil
	}
	ch := tandem.ChannelID(cb.View.PrivateMetadata)
	p, err := b.store.Program(ctx, ch)
	if err != nil {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{first: v.ErrorText(err)}), nil
	}
	pairs := map[string]string{}
	for _, k := range tandem.ProgramKeys {
		if cb.View.State == nil {
			break
		}
		if in, ok := cb.View.State.Values[blockSetting+k][actionFormText]; ok {
			pairs[k] = strings.TrimSpace(in.Value)
		}
	}
	// Check each key on its own, against the new time zone, so that every
	// field with an error says so at once.
	errs := map[string]string{}
	next := p
	if tz, ok := pairs["timezone"]; ok {
		if err := next.Set("timezone", tz, nil); err != nil {
			errs[blockSetting+"timezone"] = fieldError(v, err, "timezone")
		}
	}
	for _, k := range tandem.ProgramKeys {
		val, ok := pairs[k]
		if !ok || k == "timezone" {
			continue
		}
		try := next
		if err := try.Set(k, val, b.cfg.CheckSpec); err != nil {
			errs[blockSetting+k] = fieldError(v, err, k)
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
		return slack.NewErrorsViewSubmissionResponse(map[string]string{first: v.ErrorText(err)}), nil
	}
	b.applySchedules(p)
	redraw := func() {
		if err := b.publishHome(ctx, user); err != nil {
			b.log.WarnContext(ctx, "refreshing the home tab", keyUser, user, keyErr, err)
		}
	}
	md := v.T("settings.saved", "Program", render.Channel(ch), "Settings", b.describeProgram(v, p), "Next", render.Esc(v.FiringsLine(p.Match, p.Location())))
	return doneView(v, v.T("settings.saved_title"), md), redraw
}

// fieldError is the message of a setting's error, without the key it
// starts with (the field says which), in v's language.
func fieldError(v render.Renderer, err error, key string) string {
	return strings.TrimPrefix(v.ErrorText(err), key+": ")
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
	return req.v.Preview(p), nil
}

// openPreview is Run a round now in the App Home: a modal that shows the
// preview, opened at once (the trigger expires in 3 s) and filled in when
// the grouping is ready.
func (b *Bot) openPreview(ctx context.Context, v render.Renderer, key tandem.Key, cb slack.InteractionCallback, value string, user tandem.UserID) {
	prog, err := b.programOfValue(ctx, value)
	if err != nil {
		b.tell(ctx, v, cb, errorReply(v, err))
		return
	}
	view, err := b.api.OpenViewContext(ctx, cb.TriggerID, previewModal(v, render.Text(v.T("preview.matching", "Program", render.Channel(prog.Channel)))))
	if err != nil {
		b.log.WarnContext(ctx, "opening the preview", keyProgram, prog.Channel, keyErr, err)
		return
	}
	p, err := b.rounds.Preview(ctx, key, prog.Channel, user)
	r := v.Preview(p)
	if err != nil {
		r = errorReply(v, err)
	}
	if _, err := b.api.UpdateViewContext(ctx, previewModal(v, r), "", view.Hash, view.ID); err != nil {
		b.log.WarnContext(ctx, "showing the preview", keyProgram, prog.Channel, keyErr, err)
	}
}

func previewModal(v render.Renderer, r render.Reply) slack.ModalViewRequest {
	return slack.ModalViewRequest{Type: slack.VTModal, Title: render.Plain(v.T("preview.modal_title")), Close: render.Plain(v.T("button.close")),
		CallbackID: callbackPreview, Blocks: slack.Blocks{BlockSet: r.Blocks}}
}

// previewClick is Send intros, Reshuffle or Cancel under a preview.
func (b *Bot) previewClick(ctx context.Context, v render.Renderer, key tandem.Key, cb slack.InteractionCallback, a *slack.BlockAction, user tandem.UserID) {
	id, ok := render.ParsePreviewValue(a.Value)
	if !ok {
		b.tell(ctx, v, cb, render.Text(v.T("preview.button_old")))
		return
	}
	var r render.Reply
	switch a.ActionID {
	case render.ActionPreviewSend:
		r = b.sendPreview(ctx, v, key, id, user)
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
			r = v.Preview(p)
		} else if errors.Is(err, tandem.ErrDuplicate) {
			return
		} else {
			r = errorReply(v, err)
		}
	case render.ActionPreviewCancel:
		err := b.store.CancelPreview(ctx, key, id)
		switch {
		case errors.Is(err, tandem.ErrDuplicate):
			return
		case err != nil:
			r = errorReply(v, err)
		default:
			r = render.Text(v.T("preview.cancelled"))
		}
	}
	b.showInPlace(ctx, v, cb, r)
}

// sendPreview sends a preview's intros and says what happened: sent, sent
// before, or not sent because the channel changed (with a fresh preview).
func (b *Bot) sendPreview(ctx context.Context, v render.Renderer, key tandem.Key, id tandem.PreviewID, user tandem.UserID) render.Reply {
	rd, err := b.rounds.Send(ctx, id, user)
	var stale *round.StaleError
	switch {
	case err == nil:
		return v.RoundStarted(rd)
	case errors.Is(err, tandem.ErrDuplicate):
		return render.Text(v.T("preview.already_sent", "ID", rd.ID, "Program", render.Channel(rd.Program)))
	case errors.As(err, &stale):
		prev, perr := b.store.Preview(ctx, id)
		if perr != nil {
			return errorReply(v, perr)
		}
		_ = b.store.CancelPreview(ctx, key.Sub("stale"), id) // a fresh preview replaces it below
		fresh, ferr := b.rounds.Preview(ctx, key.Sub("fresh"), prev.Program, user)
		head := v.T("preview.not_sent", "Changes", staleWords(v, stale))
		if ferr != nil {
			return render.Text(head + "\n" + v.ErrorText(ferr))
		}
		r := v.Preview(fresh)
		r.Blocks = append([]slack.Block{render.Section(head + " " + v.T("preview.fresh"))}, r.Blocks...)
		if len(r.Blocks) > render.MaxBlocks {
			r.Blocks = append(r.Blocks[:render.MaxBlocks-2], r.Blocks[len(r.Blocks)-1])
		}
		return r
	case errors.Is(err, round.ErrBusy):
		return render.Text(v.T("preview.busy"))
	}
	if tandem.ErrorCode(err) == tandem.EINTERNAL {
		b.log.ErrorContext(ctx, "sending a preview", keyUser, user, keyErr, err)
	}
	return errorReply(v, err)
}

func staleWords(v render.Renderer, e *round.StaleError) string {
	var parts []string
	if len(e.Left) > 0 {
		parts = append(parts, v.N("preview.stale_left", len(e.Left), "Who", v.Mentions(e.Left)))
	}
	if len(e.Joined) > 0 {
		parts = append(parts, v.N("preview.stale_joined", len(e.Joined), "Who", v.Mentions(e.Joined)))
	}
	if len(e.Changed) > 0 {
		parts = append(parts, v.N("preview.stale_changed", len(e.Changed), "Who", v.Mentions(e.Changed)))
	}
	return v.Lang.JoinAnd(parts)
}

// showInPlace replaces what was clicked: the preview message, through its
// response_url, or the preview modal.
func (b *Bot) showInPlace(ctx context.Context, v render.Renderer, cb slack.InteractionCallback, r render.Reply) {
	if cb.Container.Type == "view" && cb.View.ID != "" {
		if _, err := b.api.UpdateViewContext(ctx, previewModal(v, r), "", "", cb.View.ID); err != nil {
			b.log.WarnContext(ctx, "updating the preview", keyUser, cb.User.ID, keyErr, err)
		}
		return
	}
	b.respond(ctx, cb, r, true)
}
