package bot

// Admin commands: program add/set/list/remove. The dispatcher has checked
// that the caller is an admin.

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
)

// adminStore is what admin commands need from the database.
type adminStore interface {
	Forget(ctx context.Context, key tandem.Key, user tandem.UserID) (tandem.Forgotten, error)
	Posts(ctx context.Context, user tandem.UserID) (tandem.Posts, error)
	OptedOut(ctx context.Context, users []tandem.UserID) (map[tandem.UserID]bool, error)
	FollowThroughStats(ctx context.Context, program tandem.ChannelID) (tandem.FollowThroughStats, error)
	RoundCount(ctx context.Context, program tandem.ChannelID) (int, error)
	LatestRound(ctx context.Context, program tandem.ChannelID) (tandem.Round, error)
}

func (b *Bot) program(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	switch cmd.Sub {
	case "list":
		return b.programList(ctx, req.v)
	case "add":
		return b.programAdd(ctx, req, cmd)
	case "set":
		return b.programSet(ctx, req, cmd)
	case "remove":
		return b.programRemove(ctx, req, cmd)
	}
	return render.Reply{}, tandem.Errorf(tandem.EINVALID, "Program commands: `program add`, `program set`, `program list`, `program remove`.")
}

// channelOf resolves the channel named in a program command that may not be
// a program yet: an escaped mention, or the #name of the channel the command
// was typed in.
func (b *Bot) channelOf(ctx context.Context, req request, ref command.ChannelRef) (tandem.ChannelID, string, error) {
	if ref.ID != "" {
		return ref.ID, ref.Name, nil
	}
	id, err := b.resolveProgram(ctx, req, ref)
	if err != nil {
		return "", "", tandem.Errorf(tandem.ENOTFOUND, "I can't tell which channel #%s is. Pick it from Slack's list as you type, so it turns into a link.", ref.Name)
	}
	return id, ref.Name, nil
}

func (b *Bot) programAdd(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	ch, name, err := b.channelOf(ctx, req, cmd.Channel)
	if err != nil {
		return render.Reply{}, err
	}
	if name == "" && ch == req.channel {
		name = req.channelName
	}
	p := tandem.NewProgram(ch, b.cfg.Timezone)
	p.Name = name
	if err := p.SetAll(cmd.Settings, b.cfg.CheckSpec); err != nil {
		return render.Reply{}, err
	}
	if err := b.botIsMember(ctx, ch); err != nil {
		return render.Reply{}, err
	}
	if err := b.store.CreateProgram(ctx, req.key, p); err != nil {
		return render.Reply{}, err
	}
	b.applySchedules(p)
	b.welcomeChannel(ctx, req.key.Sub("welcome"), p)
	return render.Text(req.v.T("program.added", "Channel", render.Channel(ch), "Settings", b.describeProgram(req.v, p))), nil
}

func (b *Bot) programSet(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	ch, err := b.resolveProgram(ctx, req, cmd.Channel)
	if err != nil {
		return render.Reply{}, err
	}
	p, err := b.store.UpdateProgram(ctx, req.key, ch, func(p *tandem.Program) error {
		return p.SetAll(cmd.Settings, b.cfg.CheckSpec)
	})
	if err != nil {
		return render.Reply{}, err
	}
	b.applySchedules(p)
	v := req.v
	keys := make([]string, 0, len(cmd.Settings))
	for k := range cmd.Settings {
		keys = append(keys, "`"+k+"`")
	}
	slices.Sort(keys)
	return render.Text(v.T("program.changed", "Keys", v.Lang.JoinAnd(keys), "Channel", render.Channel(ch), "Settings", b.describeProgram(v, p))), nil
}

func (b *Bot) programRemove(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	ch, err := b.resolveProgram(ctx, req, cmd.Channel)
	if err != nil {
		return render.Reply{}, err
	}
	if err := b.store.DeleteProgram(ctx, req.key, ch); err != nil {
		return render.Reply{}, err
	}
	if b.cfg.Schedules != nil {
		b.cfg.Schedules.Remove(ch)
	}
	return render.Text(req.v.T("program.removed", "Channel", render.Channel(ch))), nil
}

func (b *Bot) programList(ctx context.Context, v render.Renderer) (render.Reply, error) {
	programs, err := b.store.Programs(ctx)
	if err != nil {
		return render.Reply{}, err
	}
	if len(programs) == 0 {
		return render.Text(v.T("program.none")), nil
	}
	// Every program is listed: a list too long for one message goes on in
	// further ones, each within Slack's limits.
	title := v.T("program.list_title")
	first := render.Reply{Text: title, Blocks: []slack.Block{render.Header(title)}}
	msgs := []*render.Reply{&first}
	size := len(title)
	for _, p := range programs {
		md := "*" + render.Channel(p.Channel) + "*\n" + b.describeProgram(v, p)
		cur := msgs[len(msgs)-1]
		if size+len(md) > render.MaxMessageChars || len(cur.Blocks) >= render.MaxBlocks {
			cur = &render.Reply{Text: v.T("program.list_continued")}
			msgs = append(msgs, cur)
			size = 0
		}
		cur.Blocks = append(cur.Blocks, render.Section(md))
		size += len(md)
	}
	for _, m := range msgs[1:] {
		first.More = append(first.More, *m)
	}
	return first, nil
}

// describeProgram renders a program's settings and next round in v's
// language. Schedules are shown as typed (cron specs are the same in
// every language), in code.
func (b *Bot) describeProgram(v render.Renderer, p tandem.Program) string {
	off := func(s string) string {
		if s == "" {
			return v.T("program.off")
		}
		return "`" + s + "`"
	}
	md := v.T("program.describe", "Size", p.GroupSize, "Match", off(p.Match), "Repeats", p.AvoidRepeats,
		"Checkin", off(p.Checkin), "Marketplace", off(p.Marketplace), "Agenda", off(p.Agenda), "Digest", off(p.Digest),
		"Review", off(p.Review), "Zone", p.Timezone)
	if b.views.NextRun != nil {
		if next, err := b.views.NextRun(p.Match, p.Location(), b.now()); err == nil {
			md += "\n" + v.T("program.next_round", "When", v.Lang.DateTimeZone(next.In(p.Location())))
		}
	}
	return md
}

// applySchedules makes a program's new settings take effect now. The
// settings were validated with the scheduler's own rules, so a refusal here
// is a bug worth a log line, not a user error.
func (b *Bot) applySchedules(p tandem.Program) {
	if b.cfg.Schedules == nil {
		return
	}
	if err := b.cfg.Schedules.Apply(p); err != nil {
		b.log.Error("scheduling a program", keyProgram, p.Channel, keyErr, err)
	}
}

// botIsMember refuses a channel the bot cannot see the members of, with how
// to invite it: a program needs the bot in its channel.
func (b *Bot) botIsMember(ctx context.Context, ch tandem.ChannelID) error {
	members, err := b.dir.ChannelMembers(ctx, ch)
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && (se.Err == "channel_not_found" || se.Err == "not_in_channel") || err == nil && !slices.Contains(members, b.dir.Self()) {
		return tandem.Errorf(tandem.EINVALID, "I am not in <#%s> yet. Invite me there first (type `/invite @tandem` in the channel), then try again.", ch)
	}
	return err
}

// NameUnnamedPrograms looks up the channel names of programs created from
// the config file, which knows only their IDs, so that reports and plain
// #name mentions can use them. A channel Slack will not describe keeps no
// name; that is logged, not fatal.
func (b *Bot) NameUnnamedPrograms(ctx context.Context) {
	programs, err := b.store.Programs(ctx)
	if err != nil {
		b.log.WarnContext(ctx, "naming programs", keyErr, err)
		return
	}
	for _, p := range programs {
		if p.Name != "" {
			continue
		}
		info, err := b.api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: string(p.Channel)})
		if err != nil {
			b.log.WarnContext(ctx, "conversations.info for a program", keyProgram, p.Channel, keyErr, err)
			continue
		}
		_, err = b.store.UpdateProgram(ctx, "", p.Channel, func(p *tandem.Program) error {
			p.Name = info.Name
			return nil
		})
		if err != nil {
			b.log.WarnContext(ctx, "naming a program", keyProgram, p.Channel, keyErr, err)
		}
	}
}

// resolveProgram turns a channel mention into a program's channel. A plain
// #name is matched against the channel the command was typed in and the
// programs' names.
func (b *Bot) resolveProgram(ctx context.Context, req request, ref command.ChannelRef) (tandem.ChannelID, error) {
	if ref.ID != "" {
		return ref.ID, nil
	}
	if strings.EqualFold(ref.Name, req.channelName) && req.channel != "" {
		return req.channel, nil
	}
	programs, err := b.store.Programs(ctx)
	if err != nil {
		return "", err
	}
	for _, p := range programs {
		if strings.EqualFold(p.Name, ref.Name) {
			return p.Channel, nil
		}
	}
	return "", tandem.Errorf(tandem.ENOTFOUND, "I don't know a program called #%s. Pick the channel from Slack's list so it turns into a link, or see `%s program list`.", ref.Name, b.slash())
}
