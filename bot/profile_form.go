package bot

// The profile form: a modal with what a person can teach and wants to
// learn (multi-selects whose options are the skills known in the workspace,
// suggested as they type, plus a text field for new ones), how they meet,
// and where they work. It opens from the welcome, the App Home, `profile
// edit` and the hint in `help`, prefilled with the person's profile. A
// submission is checked as a whole: any error is shown beside its field
// and nothing is saved.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/render"
)

// Block and action IDs of the profile form. The selects' action IDs start
// "onboard_" because block_suggestion is routed by action ID.
const (
	callbackProfile     = "onboard_profile_form"
	blockTeach          = "profile_teach"
	blockLearn          = "profile_learn"
	blockNewTeach       = "profile_new_teach"
	blockNewLearn       = "profile_new_learn"
	blockMode           = "profile_mode"
	blockLocation       = "profile_location"
	actionSkillSelect   = "onboard_skills"
	actionLocationPick  = "onboard_location"
	actionFormText      = "text"
	actionModePick      = "mode"
	noLocation          = "-"
	maxSuggestions      = 100 // Slack shows at most 100 options
	maxOptionTextLen    = 75
	newSkillsFieldLimit = 1000
)

// openProfileForm opens the profile form for user, prefilled.
func (b *Bot) openProfileForm(ctx context.Context, triggerID string, user tandem.UserID) error {
	p, err := b.store.Profile(ctx, user)
	if err != nil && tandem.ErrorCode(err) != tandem.ENOTFOUND {
		return err
	}
	if _, err := b.api.OpenViewContext(ctx, triggerID, profileForm(b.viewsFor(ctx, user), p)); err != nil {
		return fmt.Errorf("views.open %s: %w", callbackProfile, err)
	}
	return nil
}

// skillOption is an option of a skill select; its value is the skill.
func skillOption(skill, text string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(skill, render.Plain(render.Truncate(text, maxOptionTextLen)), nil)
}

func profileForm(v render.Renderer, p tandem.Profile) slack.ModalViewRequest {
	skillSelect := func(placeholder string, current []string) *slack.MultiSelectBlockElement {
		el := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeExternal, render.Plain(placeholder), actionSkillSelect).
			WithMinQueryLength(1).WithMaxSelectedItems(tandem.MaxSkills)
		var initial []*slack.OptionBlockObject
		for _, s := range current[:min(len(current), tandem.MaxSkills)] {
			initial = append(initial, skillOption(render.Truncate(s, 150), s))
		}
		if len(initial) > 0 {
			el = el.WithInitialOptions(initial...)
		}
		return el
	}
	newSkills := func(block, label, placeholder string) *slack.InputBlock {
		el := slack.NewPlainTextInputBlockElement(render.Plain(placeholder), actionFormText).WithMaxLength(newSkillsFieldLimit)
		return slack.NewInputBlock(block, render.Plain(label), render.Plain(v.T("profile_form.commas")), el).WithOptional(true)
	}
	modes := []*slack.OptionBlockObject{
		slack.NewOptionBlockObject(string(tandem.ModeAny), render.Plain(v.T("profile_form.mode_any")), nil),
		slack.NewOptionBlockObject(string(tandem.ModeOnsite), render.Plain(v.T("profile_form.mode_onsite")), nil),
		slack.NewOptionBlockObject(string(tandem.ModeRemote), render.Plain(v.T("profile_form.mode_remote")), nil),
	}
	radio := slack.NewRadioButtonsBlockElement(actionModePick, modes...)
	for _, o := range modes {
		if o.Value == string(p.Mode) || p.Mode == "" && o.Value == string(tandem.ModeAny) {
			radio.InitialOption = o
		}
	}
	location := slack.NewOptionsSelectBlockElement(slack.OptTypeExternal, render.Plain(v.T("profile_form.location_placeholder")), actionLocationPick)
	location.MinQueryLength = new(int)
	*location.MinQueryLength = 1
	if p.Location != "" {
		location = location.WithInitialOption(slack.NewOptionBlockObject(p.Location, render.Plain(render.Truncate(p.Location, maxOptionTextLen)), nil))
	}
	blocks := []slack.Block{
		render.Section(v.T("profile_form.intro")),
		slack.NewInputBlock(blockTeach, render.Plain(v.T("profile_form.teach")), nil, skillSelect(v.T("profile_form.teach_placeholder"), p.Teach)).WithOptional(true),
		newSkills(blockNewTeach, v.T("profile_form.teach_new"), v.T("profile_form.new_placeholder")),
		slack.NewInputBlock(blockLearn, render.Plain(v.T("profile_form.learn")), nil, skillSelect(v.T("profile_form.learn_placeholder"), p.Learn)).WithOptional(true),
		newSkills(blockNewLearn, v.T("profile_form.learn_new"), v.T("profile_form.new_placeholder")),
		slack.NewInputBlock(blockMode, render.Plain(v.T("profile_form.mode")), nil, radio),
		slack.NewInputBlock(blockLocation, render.Plain(v.T("profile_form.location")), render.Plain(v.T("profile_form.location_hint")), location).WithOptional(true),
	}
	return slack.ModalViewRequest{Type: slack.VTModal, Title: render.Plain(v.T("profile_form.title")), Submit: render.Plain(v.T("button.save")),
		Close: render.Plain(v.T("button.cancel")), CallbackID: callbackProfile, Blocks: slack.Blocks{BlockSet: blocks}}
}

// suggest answers a block_suggestion in its ack: known skills or
// locations matching what the person typed.
func (b *Bot) suggest(ctx context.Context, cb slack.InteractionCallback) any {
	var opts []*slack.OptionBlockObject
	var err error
	switch cb.ActionID {
	case actionSkillSelect:
		opts, err = b.skillSuggestions(ctx, tandem.UserID(cb.User.ID), cb.Value)
	case actionLocationPick:
		opts, err = b.locationSuggestions(ctx, tandem.UserID(cb.User.ID), cb.Value)
	default:
		b.log.WarnContext(ctx, "suggestion for an unknown select", "action", cb.ActionID)
	}
	if err != nil {
		b.log.ErrorContext(ctx, "suggestions", "action", cb.ActionID, keyErr, err)
	}
	return slack.OptionsResponse{Options: fitOptions(opts)}
}

// fitOptions keeps the first options that fit in one ack: Socket Mode
// drops an ack of 20 KB or more, and 100 long options with emoji would be
// more.
func fitOptions(opts []*slack.OptionBlockObject) []*slack.OptionBlockObject {
	out := []*slack.OptionBlockObject{}
	size := len(`{"options":[]}`)
	for _, o := range opts {
		js, err := json.Marshal(o)
		if err != nil || size+len(js)+1 > maxAckBytes {
			break
		}
		size += len(js) + 1
		out = append(out, o)
	}
	return out
}

// skillSuggestions offers the known skills that match typed, each with how
// many people teach and want to learn it, then what was typed as a new
// skill.
func (b *Bot) skillSuggestions(ctx context.Context, user tandem.UserID, typed string) ([]*slack.OptionBlockObject, error) {
	typed = render.Truncate(typed, 200)
	v := b.viewsFor(ctx, user)
	known, err := b.store.SkillsMatching(ctx, typed, maxSuggestions-1)
	if err != nil {
		return nil, err
	}
	var opts []*slack.OptionBlockObject
	for _, c := range known {
		if utf8.RuneCountInString(c.Skill) > tandem.MaxSkillLen {
			continue // stored before the limit: not offered again
		}
		opts = append(opts, skillOption(c.Skill, v.T("profile_form.skill_counts", "Skill", c.Skill, "Teach", c.Teach, "Learn", c.Learn)))
	}
	// What was typed, as a new skill, after the known ones it may be the
	// start of.
	q := tandem.NormalizeSkill(typed)
	if q != "" && utf8.RuneCountInString(q) <= tandem.MaxSkillLen && !slices.ContainsFunc(known, func(c tandem.SkillCount) bool { return c.Skill == q }) {
		opts = append(opts, skillOption(q, v.T("profile_form.new_skill", "Skill", q)))
	}
	return opts, nil
}

// locationSuggestions offers what was typed, the locations in use that
// match it, and no location.
func (b *Bot) locationSuggestions(ctx context.Context, user tandem.UserID, typed string) ([]*slack.OptionBlockObject, error) {
	typed = strings.TrimSpace(render.OneLine(typed))
	known, err := b.store.LocationsMatching(ctx, typed, maxSuggestions-2)
	if err != nil {
		return nil, err
	}
	var opts []*slack.OptionBlockObject
	if typed != "" && utf8.RuneCountInString(typed) <= tandem.MaxLocationLen && !slices.ContainsFunc(known, func(l string) bool { return strings.EqualFold(l, typed) }) {
		opts = append(opts, slack.NewOptionBlockObject(typed, render.Plain(render.Truncate(typed, maxOptionTextLen)), nil))
	}
	for _, l := range known {
		opts = append(opts, slack.NewOptionBlockObject(l, render.Plain(render.Truncate(l, maxOptionTextLen)), nil))
	}
	return append(opts, slack.NewOptionBlockObject(noLocation, render.Plain(b.viewsFor(ctx, user).T("profile_form.no_location")), nil)), nil
}

// submitProfileForm checks the whole form and saves it, or shows every
// error beside its field and saves nothing.
func (b *Bot) submitProfileForm(ctx context.Context, key tandem.Key, cb slack.InteractionCallback) (any, func()) {
	user := tandem.UserID(cb.User.ID)
	v := b.viewsFor(ctx, user)
	var values map[string]map[string]slack.BlockAction
	if cb.View.State != nil {
		values = cb.View.State.Values
	}
	errs := map[string]string{}
	skills := func(selectBlock, textBlock string) []string {
		var raw []string
		for _, o := range values[selectBlock][actionSkillSelect].SelectedOptions {
			raw = append(raw, o.Value)
		}
		var out []string
		for _, r := range raw {
			s := tandem.NormalizeSkill(r)
			if utf8.RuneCountInString(s) > tandem.MaxSkillLen {
				errs[selectBlock] = v.T("profile_form.skill_too_long", "Max", tandem.MaxSkillLen, "Skill", strconv.Quote(render.Truncate(r, 60)))
				continue
			}
			if s != "" {
				out = append(out, s)
			}
		}
		more, err := tandem.ParseSkills(values[textBlock][actionFormText].Value)
		if err != nil {
			errs[textBlock] = v.Lang.Err(err)
		}
		all, _ := tandem.ParseSkills(strings.Join(append(out, more...), ","))
		if n := len(all); n > tandem.MaxSkills {
			errs[selectBlock] = v.T("profile_form.too_many", "Max", tandem.MaxSkills, "Got", n)
		}
		return all
	}
	teach := skills(blockTeach, blockNewTeach)
	learn := skills(blockLearn, blockNewLearn)
	mode, err := tandem.ParseMode(values[blockMode][actionModePick].SelectedOption.Value)
	if err != nil {
		errs[blockMode] = v.T("profile_form.pick_mode")
	}
	location := strings.TrimSpace(values[blockLocation][actionLocationPick].SelectedOption.Value)
	if location == noLocation {
		location = ""
	}
	if n := utf8.RuneCountInString(location); n > tandem.MaxLocationLen {
		errs[blockLocation] = v.T("profile_form.location_too_long", "Max", tandem.MaxLocationLen)
	}
	if len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	loc := b.dir.Zone(ctx, user)
	p, err := b.store.UpdateProfile(ctx, key, user, func(p *tandem.Profile) error {
		if loc != time.UTC || p.TZ == "" {
			p.TZ = loc.String()
		}
		p.Teach, p.Learn, p.Mode, p.Location = teach, learn, mode, location
		return nil
	})
	switch {
	case errors.Is(err, tandem.ErrDuplicate):
		return nil, nil // the first delivery saved it; the form closes
	case err != nil:
		if tandem.ErrorCode(err) == tandem.EINTERNAL {
			b.log.ErrorContext(ctx, "saving the profile form", keyUser, user, keyErr, err)
		}
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockTeach: v.Lang.Err(err)}), nil
	}
	redraw := func() {
		if err := b.publishHome(ctx, user); err != nil {
			b.log.WarnContext(ctx, "refreshing the home tab", keyUser, user, keyErr, err)
		}
	}
	blocks := v.Sections(v.T("profile_form.saved") + "\n" + renderProfile(v, p, loc, b.now(), false))
	return slack.NewUpdateViewSubmissionResponse(&slack.ModalViewRequest{Type: slack.VTModal, Title: render.Plain(v.T("profile_form.saved_title")),
		Close: render.Plain(v.T("button.finished")), Blocks: slack.Blocks{BlockSet: blocks}}), redraw
}

// profileEdit is `profile edit`: the profile form.
func (b *Bot) profileEdit(ctx context.Context, req request) (render.Reply, error) {
	if err := b.openProfileForm(ctx, req.triggerID, req.user); err != nil {
		b.log.WarnContext(ctx, "opening the profile form", keyUser, req.user, keyErr, err)
		return req.v.Text(req.v.T("profile_form.open_failed")), nil
	}
	return req.v.Text(req.v.T("profile_form.open")), nil
}
