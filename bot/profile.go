package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
)

// profile shows the caller everything tandem holds about them.
func (b *Bot) profile(ctx context.Context, req request) (render.Reply, error) {
	p, err := b.store.Profile(ctx, req.user)
	if err != nil && tandem.ErrorCode(err) != tandem.ENOTFOUND {
		return render.Reply{}, err
	}
	v := req.v
	loc := b.dir.Zone(ctx, req.user)
	blocks := []slack.Block{render.Header(v.T("profile.header"))}
	out, err := b.optedOut(ctx, req.user)
	if err != nil {
		return render.Reply{}, err
	}
	blocks = append(blocks, render.Section(renderProfile(v, p, loc, b.now(), out)))
	more, err := b.profileActivity(ctx, v, req.user)
	if err != nil {
		return render.Reply{}, err
	}
	blocks = append(blocks, render.Section(more))
	if len(p.Teach) == 0 || len(p.Learn) == 0 {
		blocks = append(blocks, render.Context(v.T("profile.hint_skills")))
	}
	return render.Reply{Text: v.T("profile.header"), Blocks: blocks}, nil
}

// profileActivity says which programs the person is in, who their current
// partners are, and their quiz score.
func (b *Bot) profileActivity(ctx context.Context, v render.Renderer, user tandem.UserID) (string, error) {
	all, err := b.store.Programs(ctx)
	if err != nil {
		return "", err
	}
	mine, err := b.dir.ProgramsOf(ctx, user, all)
	if err != nil {
		return "", err
	}
	var md strings.Builder
	md.WriteString(v.T("profile.programs") + " ")
	if len(mine) == 0 {
		md.WriteString(v.T("profile.programs_none"))
	}
	for i, p := range mine {
		if i > 0 {
			md.WriteString(", ")
		}
		fmt.Fprintf(&md, "<#%s>", p.Channel)
	}
	groups, err := b.store.UserGroups(ctx, user, tandem.GroupActive)
	if err != nil {
		return "", err
	}
	md.WriteString("\n" + v.T("profile.partners") + " ")
	if len(groups) == 0 {
		md.WriteString(v.T("profile.partners_none"))
	}
	for i, g := range groups {
		if i > 0 {
			md.WriteString("; ")
		}
		others := slices.DeleteFunc(slices.Clone(g.Members), func(m tandem.UserID) bool { return m == user })
		md.WriteString(v.T("profile.partners_in", "Who", v.Mentions(others), "Program", render.Channel(g.Program)))
	}
	md.WriteString(" " + v.T("profile.partners_why"))
	scores, err := b.store.QuizScores(ctx, user)
	if err != nil {
		return "", err
	}
	answered, right := 0, 0
	for _, s := range scores {
		answered += s.Answered
		right += s.Correct
	}
	md.WriteString("\n" + v.T("profile.quiz", "Answered", answered, "Right", right))
	return md.String(), nil
}

// optedOut reports whether user asked tandem to forget them and has not
// set up a profile since.
func (b *Bot) optedOut(ctx context.Context, user tandem.UserID) (bool, error) {
	out, err := b.store.OptedOut(ctx, []tandem.UserID{user})
	return out[user], err
}

// renderProfile renders what a person told tandem; optedOut says they asked
// to be forgotten and sit out rounds until they set up a profile again.
func renderProfile(v render.Renderer, p tandem.Profile, loc *time.Location, now time.Time, optedOut bool) string {
	// Each part has a budget, so that the whole stays inside one section
	// (3,000 characters) whatever the stored profile holds.
	list := func(s []string) string {
		if len(s) == 0 {
			return v.T("profile.nothing_yet")
		}
		return render.UserText(strings.Join(s, ", "), 900)
	}
	var b strings.Builder
	b.WriteString(v.T("profile.teach", "Skills", list(p.Teach)) + "\n" + v.T("profile.learn", "Skills", list(p.Learn)) + "\n")
	mode := p.Mode
	if mode == "" {
		mode = tandem.ModeAny
	}
	b.WriteString(v.T("profile.meets", "Mode", modeText(v, mode)))
	if p.Location != "" {
		b.WriteString(v.T("profile.works_in", "Location", render.UserText(p.Location, 300)))
	}
	b.WriteString("\n" + v.T("profile.timezone", "Zone", loc.String()) + "\n")
	switch {
	case optedOut:
		b.WriteString(v.T("profile.status_opted_out"))
	case !p.Paused(now):
		b.WriteString(v.T("profile.status_active"))
	case p.PausedUntil.Equal(tandem.Forever):
		b.WriteString(v.T("profile.status_paused"))
	default:
		b.WriteString(v.T("profile.status_paused_until", "Date", v.Lang.Date(p.PausedUntil.In(loc))))
	}
	if len(p.Avoid) > 0 {
		shown := p.Avoid[:min(len(p.Avoid), 20)]
		b.WriteString("\n" + v.T("profile.avoid", "Who", v.Mentions(shown)))
		if more := len(p.Avoid) - len(shown); more > 0 {
			b.WriteString(" " + v.N("profile.avoid_more", more))
		}
	}
	return b.String()
}

func modeText(v render.Renderer, m tandem.Mode) string {
	switch m {
	case tandem.ModeOnsite:
		return v.T("profile.mode_onsite")
	case tandem.ModeRemote:
		return v.T("profile.mode_remote")
	}
	return v.T("profile.mode_any")
}

// setProfile handles teach, learn, mode, location, pause and resume.
func (b *Bot) setProfile(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	loc := b.dir.Zone(ctx, req.user)
	now := b.now()
	p, err := b.store.UpdateProfile(ctx, req.key, req.user, func(p *tandem.Profile) error {
		if loc != time.UTC || p.TZ == "" {
			p.TZ = loc.String()
		}
		switch cmd.Verb {
		case "teach":
			p.Teach = cmd.Skills
		case "learn":
			p.Learn = cmd.Skills
		case "mode":
			p.Mode = cmd.Mode
		case "location":
			p.Location = cmd.Text
		case "pause":
			p.PausedUntil = tandem.Forever
			if cmd.Weeks > 0 {
				// Resume at the start of the day, in the person's zone, N weeks on.
				d := now.In(loc).AddDate(0, 0, 7*cmd.Weeks)
				p.PausedUntil = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc).UTC()
			}
		case "resume":
			p.PausedUntil = time.Time{}
		}
		return nil
	})
	if err != nil {
		return render.Reply{}, err
	}
	v := req.v
	var md string
	switch cmd.Verb {
	case "teach":
		md = v.T("profile.set_teach", "Skills", skillsOrNone(v, p.Teach))
	case "learn":
		md = v.T("profile.set_learn", "Skills", skillsOrNone(v, p.Learn))
	case "mode":
		md = v.T("profile.set_mode", "Mode", modeText(v, p.Mode))
		if p.Mode == tandem.ModeOnsite && p.Location == "" {
			md += "\n" + v.T("profile.hint_location")
		}
	case "location":
		if p.Location == "" {
			md = v.T("profile.location_cleared")
		} else {
			md = v.T("profile.set_location", "Location", render.Esc(p.Location))
		}
	case "pause":
		if p.PausedUntil.Equal(tandem.Forever) {
			md = v.T("profile.paused")
		} else {
			md = v.T("profile.paused_until", "Date", v.Lang.Date(p.PausedUntil.In(loc)))
		}
	case "resume":
		md = v.T("profile.resumed")
	}
	return v.Text(md), nil
}

func skillsOrNone(v render.Renderer, s []string) string {
	if len(s) == 0 {
		return v.T("profile.list_cleared")
	}
	return render.Esc(strings.Join(s, ", ")) + "."
}

// avoid adds or removes a person from the caller's private avoid list.
func (b *Bot) avoid(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	other, err := b.resolveUser(ctx, cmd.User)
	if err != nil {
		return render.Reply{}, err
	}
	if other == req.user {
		return render.Reply{}, tandem.Errorf(tandem.EINVALID, "You cannot avoid yourself. Name someone else: `%s avoid @someone`.", b.slash())
	}
	if cmd.Verb == "avoid" {
		known, err := b.dir.Exists(ctx, other)
		if err != nil {
			return render.Reply{}, err
		}
		if !known {
			return render.Reply{}, tandem.Errorf(tandem.ENOTFOUND, "Slack knows no person %s. Pick them from Slack's mention list as you type.", other)
		}
	}
	var had bool
	_, err = b.store.UpdateProfile(ctx, req.key, req.user, func(p *tandem.Profile) error {
		had = slices.Contains(p.Avoid, other)
		if cmd.Verb == "avoid" && !had {
			if len(p.Avoid) >= tandem.MaxAvoid {
				return tandem.Errorf(tandem.EINVALID, "Your avoid list already names %d people, the most it can hold. Take someone off with `%s unavoid @someone` first.", tandem.MaxAvoid, b.slash())
			}
			p.Avoid = append(p.Avoid, other)
		}
		if cmd.Verb == "unavoid" {
			p.Avoid = slices.DeleteFunc(p.Avoid, func(u tandem.UserID) bool { return u == other })
		}
		return nil
	})
	if err != nil {
		return render.Reply{}, err
	}
	v := req.v
	who := v.Mention(other)
	switch {
	case cmd.Verb == "avoid" && had:
		return v.Text(v.T("avoid.already", "Who", who)), nil
	case cmd.Verb == "avoid":
		return v.Text(v.T("avoid.added", "Who", who)), nil
	case had:
		return v.Text(v.T("avoid.removed", "Who", who)), nil
	default:
		return v.Text(v.T("avoid.not_there", "Who", who)), nil
	}
}
