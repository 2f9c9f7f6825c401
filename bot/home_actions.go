package bot

// The App Home's actions: for everyone, Edit profile, Pause / Resume, Next
// quiz question, Add a topic and a link to each partnership's group DM;
// for admins, a section per program with its next dates and the Settings
// and Run a round now buttons. An admin action is checked again when it
// arrives, so a forged click from someone else changes nothing.

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/render"
)

// Action and block IDs of the App Home's actions. Admin action IDs start
// "admin_".
const (
	actionHomeEdit     = "onboard_edit"
	actionHomePause    = "onboard_pause"
	actionHomeResume   = "onboard_resume"
	actionHomeNextQuiz = "onboard_next_quiz"
	actionHomeOpenDM   = "onboard_open_dm_" // + the partnership's index
	blockHomeMine      = "home_mine"
	blockHomeDMs       = "home_dms"

	actionAdminSettings     = "admin_settings"
	actionAdminRun          = "admin_run"
	actionAdminSettingsPick = "admin_settings_pick"
	actionAdminRunPick      = "admin_run_pick"
	blockAdminProgram       = "admin_program_" // + the program's index
	blockAdminPick          = "admin_pick"

	// homeAdminPrograms is how many programs the admin section shows in
	// full; the others are reached through two menus (Slack allows 100
	// blocks in a view and 100 options in a menu).
	homeAdminPrograms = 10
	maxMenuOptions    = 100
	homeDMLinks       = 5
)

// homeMine is the row of actions everyone has, and the links to their
// partnerships' group DMs.
func (b *Bot) homeMine(ctx context.Context, v render.Renderer, user tandem.UserID, p tandem.Profile) ([]slack.Block, error) {
	elems := []slack.BlockElement{render.Button(actionHomeEdit, v.T("home.edit_profile"), "profile", slack.StylePrimary)}
	if p.Paused(b.now()) {
		elems = append(elems, render.Button(actionHomeResume, v.T("home.resume"), "resume", ""))
	} else {
		opts := []*slack.OptionBlockObject{
			slack.NewOptionBlockObject("1", render.Plain(v.N("home.pause_weeks", 1)), nil),
			slack.NewOptionBlockObject("2", render.Plain(v.N("home.pause_weeks", 2)), nil),
			slack.NewOptionBlockObject("4", render.Plain(v.N("home.pause_weeks", 4)), nil),
			slack.NewOptionBlockObject("0", render.Plain(v.T("home.pause_until")), nil),
		}
		elems = append(elems, slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, render.Plain(v.T("home.pause")), actionHomePause, opts...))
	}
	elems = append(elems, render.Button(actionHomeNextQuiz, v.T("home.next_quiz"), "quiz", ""))
	programs, err := b.store.Programs(ctx)
	if err != nil {
		return nil, err
	}
	mine, err := b.dir.ProgramsOf(ctx, user, programs)
	if err != nil {
		return nil, err
	}
	if len(mine) > 0 {
		elems = append(elems, render.Button(render.ActionAddTopic, v.T("button.add_topic"), "program:"+string(mine[0].Channel), ""))
	}
	blocks := []slack.Block{slack.NewActionBlock(blockHomeMine, elems...)}

	groups, err := b.store.UserGroups(ctx, user, tandem.GroupActive)
	if err != nil {
		return nil, err
	}
	var links []slack.BlockElement
	for i, g := range groups {
		if g.DM == "" || len(links) == homeDMLinks {
			continue
		}
		label := v.T("home.group_dm")
		if prog, err := b.store.Program(ctx, g.Program); err == nil && prog.Name != "" {
			label = v.T("home.group_dm_in", "Name", prog.Name)
		}
		btn := render.Button(actionHomeOpenDM+strconv.Itoa(i), label, "dm", "")
		btn.URL = "https://slack.com/app_redirect?channel=" + string(g.DM)
		links = append(links, btn)
	}
	if len(links) > 0 {
		blocks = append(blocks, slack.NewActionBlock(blockHomeDMs, links...))
	}
	return blocks, nil
}

// homeAdmin is the admin section of the App Home: nothing for anyone else.
func (b *Bot) homeAdmin(ctx context.Context, v render.Renderer, user tandem.UserID) ([]slack.Block, error) {
	if admin, err := b.dir.IsAdmin(ctx, user); err != nil || !admin {
		return nil, err
	}
	programs, err := b.store.Programs(ctx)
	if err != nil {
		return nil, err
	}
	blocks := []slack.Block{slack.NewDividerBlock(), render.Header(v.T("home.admin_header"))}
	if len(programs) == 0 {
		return append(blocks, render.Section(v.T("home.admin_none"))), nil
	}
	loc := b.dir.Zone(ctx, user)
	when := func(spec string, p tandem.Program) string {
		if at := b.views.Firings(spec, p.Location(), 1); len(at) == 1 {
			return v.Lang.DayTime(at[0].In(loc))
		}
		return v.T("schedule.off")
	}
	for i, p := range programs[:min(len(programs), homeAdminPrograms)] {
		md := v.T("home.admin_program", "Program", render.Channel(p.Channel), "Size", p.GroupSize,
			"Round", when(p.Match, p), "Call", when(p.Marketplace, p), "Agenda", when(p.Agenda, p))
		value := "program:" + string(p.Channel)
		blocks = append(blocks, render.Section(md), slack.NewActionBlock(blockAdminProgram+strconv.Itoa(i),
			render.Button(actionAdminSettings, v.T("home.settings"), value, ""),
			render.Button(actionAdminRun, v.T("home.run_now"), value, slack.StylePrimary)))
	}
	if len(programs) > homeAdminPrograms {
		var opts []*slack.OptionBlockObject
		for _, p := range programs[:min(len(programs), maxMenuOptions)] {
			name := string(p.Channel)
			if p.Name != "" {
				name = "#" + p.Name
			}
			opts = append(opts, slack.NewOptionBlockObject("program:"+string(p.Channel), render.Plain(render.Truncate(name, maxOptionTextLen)), nil))
		}
		blocks = append(blocks, render.Context(v.N("home.admin_more", len(programs)-homeAdminPrograms)),
			slack.NewActionBlock(blockAdminPick,
				slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, render.Plain(v.T("home.settings_of")), actionAdminSettingsPick, opts...),
				slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, render.Plain(v.T("home.run_of")), actionAdminRunPick, opts...)))
	}
	return blocks, nil
}

// homePause pauses or resumes the clicker from the App Home, then redraws it.
func (b *Bot) homePause(ctx context.Context, key tandem.Key, cb slack.InteractionCallback, a *slack.BlockAction, user tandem.UserID) {
	weeks := -1
	if a.ActionID == actionHomePause {
		n, err := strconv.Atoi(a.SelectedOption.Value)
		if err != nil || n < 0 || n > tandem.MaxPauseWeeks {
			return
		}
		weeks = n
	}
	loc, now := b.dir.Zone(ctx, user), b.now()
	_, err := b.store.UpdateProfile(ctx, key, user, func(p *tandem.Profile) error {
		switch {
		case weeks < 0:
			p.PausedUntil = time.Time{}
		case weeks == 0:
			p.PausedUntil = tandem.Forever
		default:
			d := now.In(loc).AddDate(0, 0, 7*weeks)
			p.PausedUntil = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc).UTC()
		}
		return nil
	})
	if err != nil && !errors.Is(err, tandem.ErrDuplicate) {
		b.log.ErrorContext(ctx, "pause from the home tab", keyUser, user, keyErr, err)
		return
	}
	if err := b.publishHome(ctx, user); err != nil {
		b.log.WarnContext(ctx, "refreshing the home tab", keyUser, user, keyErr, err)
	}
}

// homeNextQuestion sends the clicker their next quiz question in their DM
// with tandem, where its buttons answer it.
func (b *Bot) homeNextQuestion(ctx context.Context, user tandem.UserID) {
	v := b.viewsFor(ctx, user)
	r, err := b.nextQuestion(ctx, v, user)
	if err != nil {
		b.log.ErrorContext(ctx, "next quiz question", keyUser, user, keyErr, err)
		r = errorReply(v, err)
	}
	if _, _, err := b.api.PostMessageContext(ctx, string(user), r.MsgOptions()...); err != nil {
		b.log.WarnContext(ctx, "next quiz question: DM failed", keyUser, user, keyErr, err)
	}
}
