package bot

// The welcome: a DM, once per program, to someone who joins a program
// channel, with what the program is, how often rounds run and when the next
// one is, and buttons to set up a profile. People already in the channel
// when the program is created get one post in the channel instead.

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/render"
)

// onboardStore is what the welcome, the profile form, the App Home actions
// and round previews need from the database.
type onboardStore interface {
	Welcome(ctx context.Context, key tandem.Key, program tandem.ChannelID, user tandem.UserID) (bool, error)
	WelcomeAll(ctx context.Context, key tandem.Key, program tandem.ChannelID, users []tandem.UserID) (int, error)
	SkillsMatching(ctx context.Context, query string, limit int) ([]tandem.SkillCount, error)
	LocationsMatching(ctx context.Context, query string, limit int) ([]string, error)
	Preview(ctx context.Context, id tandem.PreviewID) (tandem.Preview, error)
	CancelPreview(ctx context.Context, key tandem.Key, id tandem.PreviewID) error
}

// Action IDs of the welcome's and the App Home's buttons for everyone.
// They start "onboard_" so that interact.go routes them here.
const (
	actionSetUpProfile = "onboard_profile"
	actionNotNow       = "onboard_later"
	blockWelcome       = "welcome_actions"
)

// memberJoined welcomes someone who joined a program channel, once per
// program: never a bot, the app itself, or someone welcomed to it before.
func (b *Bot) memberJoined(ctx context.Context, e *slackevents.MemberJoinedChannelEvent) {
	user, ch := tandem.UserID(e.User), tandem.ChannelID(e.Channel)
	if user == "" || user == b.dir.Self() {
		return
	}
	p, err := b.store.Program(ctx, ch)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return
	} else if err != nil {
		b.log.ErrorContext(ctx, "welcome: reading the program", keyProgram, ch, keyErr, err)
		return
	}
	if human, err := b.isPerson(ctx, user); err != nil || !human {
		if err != nil {
			b.log.WarnContext(ctx, "welcome: users.info", keyUser, user, keyErr, err)
		} else {
			b.log.DebugContext(ctx, "no welcome: not a person", keyUser, user, keyProgram, ch)
		}
		return
	}
	key := tandem.Key("joined:" + string(ch) + "/" + string(user) + "@" + e.EventTimestamp)
	first, err := b.store.Welcome(ctx, key, ch, user)
	switch {
	case errors.Is(err, tandem.ErrDuplicate) || err == nil && !first:
		b.log.DebugContext(ctx, "no welcome: welcomed before", keyUser, user, keyProgram, ch)
		return
	case err != nil:
		b.log.ErrorContext(ctx, "welcome: recording it", keyProgram, ch, keyUser, user, keyErr, err)
		return
	}
	prof, err := b.store.Profile(ctx, user)
	if err != nil && tandem.ErrorCode(err) != tandem.ENOTFOUND {
		b.log.ErrorContext(ctx, "welcome: reading the profile", keyUser, user, keyErr, err)
		return
	}
	msg := b.welcomeDM(b.viewsFor(ctx, user), p, prof, b.dir.Zone(ctx, user))
	if _, _, err := b.api.PostMessageContext(ctx, string(user), msg.MsgOptions()...); err != nil {
		b.log.WarnContext(ctx, "welcome DM failed", keyUser, user, keyProgram, ch, keyErr, err)
		return
	}
	b.log.InfoContext(ctx, "newcomer welcomed", keyUser, user, keyProgram, ch)
}

// isPerson reports whether user is a human member: not a bot, an app, a
// deleted user or Slackbot.
func (b *Bot) isPerson(ctx context.Context, user tandem.UserID) (bool, error) {
	u, err := b.dir.User(ctx, user)
	if err != nil {
		return false, err
	}
	return !(u.IsBot || u.IsAppUser || u.Deleted || u.ID == "USLACKBOT"), nil
}

// roundsLine says how often p's rounds run, in the program's zone, and
// when the next one is, in the reader's.
func (b *Bot) roundsLine(v render.Renderer, p tandem.Program, reader *time.Location) string {
	if at := v.Firings(p.Match, p.Location(), 1); len(at) == 1 {
		return v.T("welcome.rounds_next", "Cadence", v.Cadence(p.Match, p.Location()), "Zone", p.Timezone, "Next", v.Lang.DayTime(at[0].In(reader)))
	}
	return v.T("welcome.rounds", "Cadence", v.Cadence(p.Match, p.Location()), "Zone", p.Timezone)
}

// welcomeDM is the welcome of someone who joined p's channel: the whole
// story for a newcomer, a shorter one for someone who has a profile.
func (b *Bot) welcomeDM(v render.Renderer, p tandem.Program, prof tandem.Profile, reader *time.Location) render.Reply {
	rounds := b.roundsLine(v, p, reader)
	value := "program:" + string(p.Channel)
	if len(prof.Teach)+len(prof.Learn) > 0 {
		md := v.T("welcome.back", "Program", render.Channel(p.Channel), "Rounds", rounds,
			"Teach", listOr(prof.Teach, v.T("welcome.nothing_yet")), "Learn", listOr(prof.Learn, v.T("welcome.nothing_yet")))
		return render.Reply{Text: v.T("welcome.fallback"), Blocks: []slack.Block{render.Section(md),
			slack.NewActionBlock(blockWelcome,
				render.Button(actionSetUpProfile, v.T("welcome.edit"), value, ""),
				render.Button(actionNotNow, v.T("welcome.not_now"), value, ""))}}
	}
	md := v.T("welcome.new", "Program", render.Channel(p.Channel), "Rounds", rounds)
	return render.Reply{Text: v.T("welcome.fallback"), Blocks: []slack.Block{render.Section(md),
		slack.NewActionBlock(blockWelcome,
			render.Button(actionSetUpProfile, v.T("welcome.set_up"), value, slack.StylePrimary),
			render.Button(actionNotNow, v.T("welcome.not_now"), value, "")),
		render.Context(v.T("welcome.or_type"))}}
}

func listOr(s []string, none string) string {
	if len(s) == 0 {
		return none
	}
	return render.Esc(strings.Join(s, ", "))
}

// welcomeChannel welcomes the people already in a new program's channel
// with one post there, and records them as welcomed under key, so that
// none of them gets a DM for this program later.
func (b *Bot) welcomeChannel(ctx context.Context, key tandem.Key, p tandem.Program) {
	members, err := b.dir.Members(ctx, p.Channel)
	if err != nil {
		b.log.WarnContext(ctx, "channel welcome: reading members", keyProgram, p.Channel, keyErr, err)
		return
	}
	ids := make([]tandem.UserID, len(members))
	for i, m := range members {
		ids[i] = m.ID
	}
	if _, err := b.store.WelcomeAll(ctx, key, p.Channel, ids); err != nil {
		if !errors.Is(err, tandem.ErrDuplicate) {
			b.log.ErrorContext(ctx, "channel welcome: recording it", keyProgram, p.Channel, keyErr, err)
		}
		return
	}
	v := b.channelViews(p)
	md := v.T("welcome.channel", "Cadence", v.Cadence(p.Match, p.Location()), "Zone", p.Timezone)
	msg := render.Reply{Text: v.T("welcome.channel_fallback"), Blocks: []slack.Block{render.Section(md),
		slack.NewActionBlock(blockWelcome, render.Button(actionSetUpProfile, v.T("welcome.set_up"), "program:"+string(p.Channel), slack.StylePrimary)),
		render.Context(v.T("welcome.channel_or_type"))}}
	if _, _, err := b.api.PostMessageContext(ctx, string(p.Channel), msg.MsgOptions()...); err != nil {
		b.log.WarnContext(ctx, "channel welcome failed", keyProgram, p.Channel, keyErr, err)
	}
}

// onboardAction handles a click on a welcome or App Home button for
// everyone; ok is false if the action is not one of them.
func (b *Bot) onboardAction(ctx context.Context, key tandem.Key, cb slack.InteractionCallback, a *slack.BlockAction) bool {
	user := tandem.UserID(cb.User.ID)
	switch a.ActionID {
	case actionSetUpProfile, actionHomeEdit:
		if err := b.openProfileForm(ctx, cb.TriggerID, user); err != nil {
			b.log.WarnContext(ctx, "opening the profile form", keyUser, user, keyErr, err)
			v := b.viewsFor(ctx, user)
			b.respond(ctx, cb, v.Text(v.T("welcome.form_failed")), false)
		}
	case actionNotNow:
		v := b.viewsFor(ctx, user)
		b.respond(ctx, cb, v.Text(v.T("welcome.later")), true)
	case actionHomePause, actionHomeResume:
		b.homePause(ctx, key, cb, a, user)
	case actionHomeNextQuiz:
		b.homeNextQuestion(ctx, user)
	default:
		if strings.HasPrefix(a.ActionID, actionHomeOpenDM) {
			return true // a link: Slack opens it
		}
		return false
	}
	return true
}
