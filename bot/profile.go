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
	loc := b.dir.Zone(ctx, req.user)
	blocks := []slack.Block{render.Header("Your tandem profile")}
	out, err := b.optedOut(ctx, req.user)
	if err != nil {
		return render.Reply{}, err
	}
	blocks = append(blocks, render.Section(renderProfile(p, loc, b.now(), out)))
	more, err := b.profileActivity(ctx, req.user)
	if err != nil {
		return render.Reply{}, err
	}
	blocks = append(blocks, render.Section(more))
	if len(p.Teach) == 0 || len(p.Learn) == 0 {
		blocks = append(blocks, render.Context(fmt.Sprintf(":bulb: Partners are matched on what one teaches and the other wants to learn. Try `%s teach go, sql` and `%s learn kubernetes`.", b.slash(), b.slash())))
	}
	return render.Reply{Text: "Your tandem profile", Blocks: blocks}, nil
}

// profileActivity says which programs the person is in, who their current
// partners are, and their quiz score.
func (b *Bot) profileActivity(ctx context.Context, user tandem.UserID) (string, error) {
	all, err := b.store.Programs(ctx)
	if err != nil {
		return "", err
	}
	mine, err := b.dir.ProgramsOf(ctx, user, all)
	if err != nil {
		return "", err
	}
	var md strings.Builder
	md.WriteString("*Programs:* ")
	if len(mine) == 0 {
		md.WriteString("_none yet: join a program channel to be matched_")
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
	md.WriteString("\n*Partners:* ")
	if len(groups) == 0 {
		md.WriteString("_none right now_")
	}
	for i, g := range groups {
		if i > 0 {
			md.WriteString("; ")
		}
		others := slices.DeleteFunc(slices.Clone(g.Members), func(m tandem.UserID) bool { return m == user })
		fmt.Fprintf(&md, "%s in <#%s>", render.Mentions(others), g.Program)
	}
	fmt.Fprintf(&md, " (`%s partners` says why)", b.slash())
	scores, err := b.store.QuizScores(ctx, user)
	if err != nil {
		return "", err
	}
	answered, right := 0, 0
	for _, s := range scores {
		answered += s.Answered
		right += s.Correct
	}
	fmt.Fprintf(&md, "\n*Quiz:* %d answered, %d right", answered, right)
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
func renderProfile(p tandem.Profile, loc *time.Location, now time.Time, optedOut bool) string {
	// Each part has a budget, so that the whole stays inside one section
	// (3,000 characters) whatever the stored profile holds.
	list := func(s []string) string {
		if len(s) == 0 {
			return "_nothing yet_"
		}
		return render.UserText(strings.Join(s, ", "), 900)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "*Can teach:* %s\n*Wants to learn:* %s\n", list(p.Teach), list(p.Learn))
	mode := p.Mode
	if mode == "" {
		mode = tandem.ModeAny
	}
	fmt.Fprintf(&b, "*Meets:* %s", modeText(mode))
	if p.Location != "" {
		fmt.Fprintf(&b, ", works in %s", render.UserText(p.Location, 300))
	}
	fmt.Fprintf(&b, "\n*Timezone:* %s\n", loc.String())
	switch {
	case optedOut:
		b.WriteString("*Status:* left out of rounds, as you asked tandem to forget you; set up your profile (`teach ...`) to take part again")
	case !p.Paused(now):
		b.WriteString("*Status:* taking part in rounds")
	case p.PausedUntil.Equal(tandem.Forever):
		b.WriteString("*Status:* paused until you `resume`")
	default:
		fmt.Fprintf(&b, "*Status:* paused until %s", render.DateIn(p.PausedUntil, loc))
	}
	if len(p.Avoid) > 0 {
		shown := p.Avoid[:min(len(p.Avoid), 20)]
		fmt.Fprintf(&b, "\n*Never grouped with* (only you see this): %s", render.Mentions(shown))
		if more := len(p.Avoid) - len(shown); more > 0 {
			fmt.Fprintf(&b, " and %d more", more)
		}
	}
	return b.String()
}

func modeText(m tandem.Mode) string {
	switch m {
	case tandem.ModeOnsite:
		return "on-site only"
	case tandem.ModeRemote:
		return "remote only"
	}
	return "on-site or remote"
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
	var md string
	switch cmd.Verb {
	case "teach":
		md = ":white_check_mark: You can teach: " + skillsOrNone(p.Teach)
	case "learn":
		md = ":white_check_mark: You want to learn: " + skillsOrNone(p.Learn)
	case "mode":
		md = ":white_check_mark: You meet partners " + modeText(p.Mode) + "."
		if p.Mode == tandem.ModeOnsite && p.Location == "" {
			md += fmt.Sprintf("\n:bulb: Say where with `%s location Berlin`, so you are matched with people in the same office.", b.slash())
		}
	case "location":
		if p.Location == "" {
			md = ":white_check_mark: Your location is cleared."
		} else {
			md = ":white_check_mark: You work in " + render.Esc(p.Location) + "."
		}
	case "pause":
		if p.PausedUntil.Equal(tandem.Forever) {
			md = fmt.Sprintf(":palm_tree: Paused: you will not be matched until you type `%s resume`.", b.slash())
		} else {
			md = fmt.Sprintf(":palm_tree: Paused: you will not be matched until %s, when you take part again by yourself.", render.DateIn(p.PausedUntil, loc))
		}
	case "resume":
		md = ":wave: Welcome back: you take part in the next round."
	}
	return render.Text(md), nil
}

func skillsOrNone(s []string) string {
	if len(s) == 0 {
		return "nothing (the list is cleared)."
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
	who := render.Mention(other)
	switch {
	case cmd.Verb == "avoid" && had:
		return render.Text(":white_check_mark: " + who + " already was on your avoid list."), nil
	case cmd.Verb == "avoid":
		return render.Text(":white_check_mark: You will never be grouped with " + who + ". Nobody else is told, not them and not the admins."), nil
	case had:
		return render.Text(":white_check_mark: " + who + " is off your avoid list: you may be grouped together again."), nil
	default:
		return render.Text(":information_source: " + who + " was not on your avoid list; nothing changed."), nil
	}
}
