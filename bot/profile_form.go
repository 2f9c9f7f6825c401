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
	if _, err := b.api.OpenViewContext(ctx, triggerID, profileForm(p)); err != nil {
		return fmt.Errorf("views.open %s: %w", callbackProfile, err)
	}
	return nil
}

// skillOption is an option of a skill select; its value is the skill.
func skillOption(skill, text string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(skill, render.Plain(render.Truncate(text, maxOptionTextLen)), nil)
}

func profileForm(p tandem.Profile) slack.ModalViewRequest {
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
		return slack.NewInputBlock(block, render.Plain(label), render.Plain("Separate skills with commas."), el).WithOptional(true)
	}
	modes := []*slack.OptionBlockObject{
		slack.NewOptionBlockObject(string(tandem.ModeAny), render.Plain("On-site or remote, whichever fits"), nil),
		slack.NewOptionBlockObject(string(tandem.ModeOnsite), render.Plain("On-site only, at my location"), nil),
		slack.NewOptionBlockObject(string(tandem.ModeRemote), render.Plain("Remote only, by video call"), nil),
	}
	radio := slack.NewRadioButtonsBlockElement(actionModePick, modes...)
	for _, o := range modes {
		if o.Value == string(p.Mode) || p.Mode == "" && o.Value == string(tandem.ModeAny) {
			radio.InitialOption = o
		}
	}
	location := slack.NewOptionsSelectBlockElement(slack.OptTypeExternal, render.Plain("Type your office, e.g. Berlin"), actionLocationPick)
	location.MinQueryLength = new(int)
	*location.MinQueryLength = 1
	if p.Location != "" {
		location = location.WithInitialOption(slack.NewOptionBlockObject(p.Location, render.Plain(render.Truncate(p.Location, maxOptionTextLen)), nil))
	}
	blocks := []slack.Block{
		render.Section("Partners are matched on what one can teach and another wants to learn. Start typing to pick from the skills people here already named."),
		slack.NewInputBlock(blockTeach, render.Plain("I can teach"), nil, skillSelect("Type a skill, e.g. go", p.Teach)).WithOptional(true),
		newSkills(blockNewTeach, "Other skills I can teach", "Skills nobody named yet"),
		slack.NewInputBlock(blockLearn, render.Plain("I want to learn"), nil, skillSelect("Type a skill, e.g. kubernetes", p.Learn)).WithOptional(true),
		newSkills(blockNewLearn, "Other skills I want to learn", "Skills nobody named yet"),
		slack.NewInputBlock(blockMode, render.Plain("How I meet partners"), nil, radio),
		slack.NewInputBlock(blockLocation, render.Plain("Where I work"), render.Plain("Pick a location in use or type a new one. It matters for meeting on-site."), location).WithOptional(true),
	}
	return slack.ModalViewRequest{Type: slack.VTModal, Title: render.Plain("Your tandem profile"), Submit: render.Plain("Save"),
		Close: render.Plain("Cancel"), CallbackID: callbackProfile, Blocks: slack.Blocks{BlockSet: blocks}}
}

// suggest answers a block_suggestion in its ack: known skills or
// locations matching what the person typed.
func (b *Bot) suggest(ctx context.Context, cb slack.InteractionCallback) any {
	var opts []*slack.OptionBlockObject
	var err error
	switch cb.ActionID {
	case actionSkillSelect:
		opts, err = b.skillSuggestions(ctx, cb.Value)
	case actionLocationPick:
		opts, err = b.locationSuggestions(ctx, cb.Value)
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
func (b *Bot) skillSuggestions(ctx context.Context, typed string) ([]*slack.OptionBlockObject, error) {
	typed = render.Truncate(typed, 200)
	known, err := b.store.SkillsMatching(ctx, typed, maxSuggestions-1)
	if err != nil {
		return nil, err
	}
	var opts []*slack.OptionBlockObject
	for _, c := range known {
		if utf8.RuneCountInString(c.Skill) > tandem.MaxSkillLen {
			continue // stored before the limit: not offered again
		}
		opts = append(opts, skillOption(c.Skill, fmt.Sprintf("%s · %d teach, %d want to learn", c.Skill, c.Teach, c.Learn)))
	}
	// What was typed, as a new skill, after the known ones it may be the
	// start of.
	q := tandem.NormalizeSkill(typed)
	if q != "" && utf8.RuneCountInString(q) <= tandem.MaxSkillLen && !slices.ContainsFunc(known, func(c tandem.SkillCount) bool { return c.Skill == q }) {
		opts = append(opts, skillOption(q, q+" (new skill)"))
	}
	return opts, nil
}

// locationSuggestions offers what was typed, the locations in use that
// match it, and no location.
func (b *Bot) locationSuggestions(ctx context.Context, typed string) ([]*slack.OptionBlockObject, error) {
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
	return append(opts, slack.NewOptionBlockObject(noLocation, render.Plain("No fixed location"), nil)), nil
}

// submitProfileForm checks the whole form and saves it, or shows every
// error beside its field and saves nothing.
func (b *Bot) submitProfileForm(ctx context.Context, key tandem.Key, cb slack.InteractionCallback) (any, func()) {
	user := tandem.UserID(cb.User.ID)
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
				errs[selectBlock] = fmt.Sprintf("A skill name can have at most %d characters; %q is longer.", tandem.MaxSkillLen, render.Truncate(r, 60))
				continue
			}
			if s != "" {
				out = append(out, s)
			}
		}
		more, err := tandem.ParseSkills(values[textBlock][actionFormText].Value)
		if err != nil {
			errs[textBlock] = tandem.ErrorMessage(err)
		}
		all, _ := tandem.ParseSkills(strings.Join(append(out, more...), ","))
		if n := len(all); n > tandem.MaxSkills {
			errs[selectBlock] = fmt.Sprintf("A list can have at most %d skills; these are %d.", tandem.MaxSkills, n)
		}
		return all
	}
	teach := skills(blockTeach, blockNewTeach)
	learn := skills(blockLearn, blockNewLearn)
	mode, err := tandem.ParseMode(values[blockMode][actionModePick].SelectedOption.Value)
	if err != nil {
		errs[blockMode] = "Pick how you meet partners."
	}
	location := strings.TrimSpace(values[blockLocation][actionLocationPick].SelectedOption.Value)
	if location == noLocation {
		location = ""
	}
	if n := utf8.RuneCountInString(location); n > tandem.MaxLocationLen {
		errs[blockLocation] = fmt.Sprintf("A location can have at most %d characters.", tandem.MaxLocationLen)
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
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockTeach: tandem.ErrorMessage(err)}), nil
	}
	redraw := func() {
		if err := b.publishHome(ctx, user); err != nil {
			b.log.WarnContext(ctx, "refreshing the home tab", keyUser, user, keyErr, err)
		}
	}
	blocks := render.Sections(":white_check_mark: *Saved.* This is your profile now:\n" + renderProfile(p, loc, b.now(), false))
	return slack.NewUpdateViewSubmissionResponse(&slack.ModalViewRequest{Type: slack.VTModal, Title: render.Plain("Profile saved"),
		Close: render.Plain("Done"), Blocks: slack.Blocks{BlockSet: blocks}}), redraw
}

// profileEdit is `profile edit`: the profile form.
func (b *Bot) profileEdit(ctx context.Context, req request) (render.Reply, error) {
	if err := b.openProfileForm(ctx, req.triggerID, req.user); err != nil {
		b.log.WarnContext(ctx, "opening the profile form", keyUser, req.user, keyErr, err)
		return render.Text(fmt.Sprintf(":warning: I could not open the form. Set your profile with `%s teach go, sql`, `%s learn kubernetes`, `%s mode remote` and `%s location Berlin` instead.", b.slash(), b.slash(), b.slash(), b.slash())), nil
	}
	return render.Text(":pencil2: Your profile form is open."), nil
}
