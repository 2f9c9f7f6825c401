package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/render"
)

// Limits of the App Home tab (Slack allows 100 blocks in a view).
const (
	homeNotes        = 3   // latest notes shown
	homeNoteLen      = 400 // characters of each shown
	homePartnerBlock = 20  // blocks of the partners part at most
	homePrograms     = 5   // programs whose next events are listed
)

// publishHome renders the App Home of user: profile, partners and why,
// latest notes, quiz score, what comes next, and buttons to add a note or
// a quiz question.
func (b *Bot) publishHome(ctx context.Context, user tandem.UserID) error {
	p, err := b.store.Profile(ctx, user)
	if err != nil && tandem.ErrorCode(err) != tandem.ENOTFOUND {
		return err
	}
	v := b.viewsFor(ctx, user)
	loc, now := b.dir.Zone(ctx, user), b.now()
	out, err := b.optedOut(ctx, user)
	if err != nil {
		return err
	}
	blocks := []slack.Block{render.Header(v.T("home.header")), render.Section(renderProfile(v, p, loc, now, out))}
	mine, err := b.homeMine(ctx, v, user, p)
	if err != nil {
		return err
	}
	blocks = append(blocks, mine...)

	partners, err := b.partners(ctx, request{user: user, v: v})
	if err != nil {
		return err
	}
	blocks = append(append(blocks, slack.NewDividerBlock()), partners.Blocks[:min(len(partners.Blocks), homePartnerBlock)]...)

	notes, err := b.store.LatestNotes(ctx, user, homeNotes)
	if err != nil {
		return err
	}
	blocks = append(blocks, slack.NewDividerBlock(), render.Header(v.T("home.notes")))
	if len(notes) == 0 {
		blocks = append(blocks, render.Section(v.T("home.no_notes")))
	}
	for _, n := range notes {
		text := render.Esc(render.Truncate(n.Text, homeNoteLen))
		if strings.TrimSpace(text) == "" {
			text = v.T("home.blank")
		}
		blocks = append(blocks, render.Context(noteMeta(v, n, loc)), noteSection(v, n, text))
	}

	scores, err := b.store.QuizScores(ctx, user)
	if err != nil {
		return err
	}
	blocks = append(blocks, slack.NewDividerBlock(), render.Header(v.T("home.quiz")), render.Section(scoreText(v, scores)))
	if next, err := b.comingUp(ctx, v, user, loc, now); err != nil {
		return err
	} else if next != "" {
		blocks = append(blocks, slack.NewDividerBlock(), render.Header(v.T("home.coming_up")), render.Section(next))
	}
	blocks = append(blocks, slack.NewActionBlock(blockHome,
		render.Button(actionHomeNote, v.T("notes.form_title"), "note", slack.StylePrimary),
		render.Button(actionHomeQuiz, v.T("quiz.form_title"), "quiz", "")))

	admin, err := b.homeAdmin(ctx, v, user)
	if err != nil {
		return err
	}
	blocks = append(blocks, admin...)
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
	if _, err := b.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: string(user), View: view}); err != nil {
		return fmt.Errorf("views.publish: %w", err)
	}
	return nil
}

// comingUp lists the next round and check-in of the programs user was
// matched in (all programs if none yet), in user's zone.
func (b *Bot) comingUp(ctx context.Context, v render.Renderer, user tandem.UserID, loc *time.Location, now time.Time) (string, error) {
	if b.views.NextRun == nil {
		return "", nil
	}
	groups, err := b.store.UserGroups(ctx, user)
	if err != nil {
		return "", err
	}
	var channels []tandem.ChannelID
	seen := map[tandem.ChannelID]bool{}
	for _, g := range groups {
		if !seen[g.Program] {
			seen[g.Program] = true
			channels = append(channels, g.Program)
		}
	}
	if len(channels) == 0 {
		programs, err := b.store.Programs(ctx)
		if err != nil {
			return "", err
		}
		for _, p := range programs {
			channels = append(channels, p.Channel)
		}
	}
	var md strings.Builder
	for _, ch := range channels[:min(len(channels), homePrograms)] {
		p, err := b.store.Program(ctx, ch)
		if err != nil {
			continue // a program removed since: nothing comes up
		}
		fmt.Fprintf(&md, "• %s:", render.Channel(ch))
		for _, s := range []struct{ what, spec string }{{v.T("home.next_round"), p.Match}, {v.T("home.checkin"), p.Checkin}, {v.T("home.marketplace"), p.Marketplace}} {
			if s.spec == "" {
				continue
			}
			if at, err := b.views.NextRun(s.spec, p.Location(), now); err == nil {
				fmt.Fprintf(&md, " %s %s ·", s.what, v.Lang.DayTime(at.In(loc)))
			}
		}
		md.WriteString("\n")
	}
	return strings.TrimSpace(strings.ReplaceAll(md.String(), "·\n", "\n")), nil
}

// homeClick opens the note or question form from a button of the App
// Home, for the clicker's newest active partnership (a question: for an
// admin without one, for the first program). Without one, a small window
// says why.
func (b *Bot) homeClick(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction, user tandem.UserID) {
	v := b.viewsFor(ctx, user)
	g, err := b.partnershipFor(ctx, request{user: user, v: v}, true)
	switch {
	case err == nil && a.ActionID == actionHomeNote:
		err = b.openNoteModal(ctx, v, cb.TriggerID, g, user)
	case err == nil:
		err = b.openQuizModal(ctx, v, cb.TriggerID, tandem.Question{Group: g.ID, Program: g.Program})
	case tandem.ErrorCode(err) == tandem.ENOTFOUND && a.ActionID == actionHomeQuiz:
		// Otherwise err stays "you have no partners yet", which is shown.
		if admin, aerr := b.dir.IsAdmin(ctx, user); aerr == nil && admin {
			if programs, perr := b.store.Programs(ctx); perr == nil && len(programs) > 0 {
				err = b.openQuizModal(ctx, v, cb.TriggerID, tandem.Question{Program: programs[0].Channel})
			}
		}
	}
	if err == nil {
		return
	}
	if tandem.ErrorCode(err) == tandem.EINTERNAL {
		b.log.ErrorContext(ctx, "home button", keyUser, user, keyErr, err)
	}
	if err := b.openModal(ctx, v, cb.TriggerID, "home_info", "", v.T("home.not_yet"), "", render.Section(v.ErrorText(err))); err != nil {
		b.log.WarnContext(ctx, "home button: telling why", keyUser, user, keyErr, err)
	}
}
