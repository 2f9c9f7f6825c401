package bot

// `ask <skill>: <problem>`: urgent help. The problem is posted in the
// program channel, naming (and so notifying) up to three participants who
// teach the skill, and it goes on the marketplace's list as an urgent
// topic, so that what cannot wait gets help now and the team can still
// take it up together. When nobody teaches the skill it is posted all the
// same, for anyone in the channel who knows, and the reply says so.

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
)

// maxHelpers is how many teachers an `ask` names.
const maxHelpers = 3

func (b *Bot) ask(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	p, err := b.marketProgram(ctx, req)
	if err != nil {
		return render.Reply{}, err
	}
	helpers, err := b.helpers(ctx, p.Channel, req.user, cmd.Skill)
	if err != nil {
		return render.Reply{}, err
	}
	// Saved first, under the envelope's key: a redelivered `ask` stops here
	// and posts nothing twice.
	t, m, err := b.addTopic(ctx, req.key, tandem.Topic{Program: p.Channel, Author: req.user, Text: cmd.Text, Urgent: true, Skill: cmd.Skill})
	if err != nil {
		return render.Reply{}, err
	}
	place := fmt.Sprintf("It is also on the next marketplace's list as an urgent topic (#%d of %d).", m.Place(t.ID), len(m.Topics))
	if _, _, err := b.api.PostMessageContext(ctx, string(p.Channel), askPost(t, helpers).MsgOptions()...); err != nil {
		b.log.Error("posting an ask", keyProgram, p.Channel, keyErr, err)
		return render.Text(fmt.Sprintf(":warning: I could not post your problem in <#%s> (Slack refused it); please post it there yourself. %s", p.Channel, place)), nil
	}
	b.log.Info("ask posted", keyProgram, p.Channel, "topic", t.ID, keyCount, len(helpers))
	skill := "*" + render.Esc(cmd.Skill) + "*"
	if len(helpers) == 0 {
		return render.Text(fmt.Sprintf(":information_source: Nobody in <#%s> lists %s under what they teach yet, so I named no one. I posted your problem in <#%s> anyway, where anyone who knows can answer. %s The marketplace is where the team can take it up together.",
			p.Channel, skill, p.Channel, place)), nil
	}
	who := fmt.Sprintf("%s, who teaches %s", render.Mentions(helpers), skill)
	if len(helpers) > 1 {
		who = fmt.Sprintf("%s, who teach %s (closest working hours to yours first)", render.Mentions(helpers), skill)
	}
	return render.Text(fmt.Sprintf(":white_check_mark: Posted your problem in <#%s> and asked %s. Watch the thread for answers. %s", p.Channel, who, place)), nil
}

// askPost is the message in the program channel. It mentions the helpers
// so that Slack notifies them.
func askPost(t tandem.Topic, helpers []tandem.UserID) render.Reply {
	skill := "*" + render.Esc(t.Skill) + "*"
	var md strings.Builder
	fmt.Fprintf(&md, ":sos: *Urgent:* <@%s> needs help with %s.\n", t.Author, skill)
	for _, line := range strings.Split(render.UserText(t.Text, render.MaxSectionText-500), "\n") {
		fmt.Fprintf(&md, "> %s\n", line)
	}
	switch len(helpers) {
	case 0:
		fmt.Fprintf(&md, "Nobody here lists %s under what they teach yet. If you know it, answer in this thread.", skill)
	case 1:
		fmt.Fprintf(&md, "%s: you teach %s. Could you help? Answer in this thread.", render.Mentions(helpers), skill)
	default:
		fmt.Fprintf(&md, "%s: you teach %s. Could one of you help? Answer in this thread.", render.Mentions(helpers), skill)
	}
	return render.Reply{
		Text:      fmt.Sprintf("Urgent: help wanted with %s", t.Skill),
		Blocks:    []slack.Block{render.Section(md.String()), render.Context(":rotating_light: Also on the next marketplace's list as an urgent topic.")},
		InChannel: true,
	}
}

// helpers returns up to maxHelpers members of the program channel who teach
// skill: not the asker, not paused, closest working hours to the asker
// first.
func (b *Bot) helpers(ctx context.Context, channel tandem.ChannelID, asker tandem.UserID, skill string) ([]tandem.UserID, error) {
	teachers, err := b.store.Teachers(ctx, skill)
	if err != nil || len(teachers) == 0 {
		return nil, err
	}
	teaches := map[tandem.UserID]bool{}
	for _, u := range teachers {
		teaches[u] = true
	}
	members, err := b.humans(ctx, channel)
	if err != nil {
		return nil, err
	}
	var cands []*slack.User
	var ids []tandem.UserID
	for _, u := range members {
		if id := tandem.UserID(u.ID); id != asker && teaches[id] {
			cands = append(cands, u)
			ids = append(ids, id)
		}
	}
	profiles, err := b.store.Profiles(ctx, ids)
	if err != nil {
		return nil, err
	}
	now := b.now()
	var askerOffset time.Duration
	if u, err := b.user(ctx, asker); err == nil {
		askerOffset = utcOffset(u, now)
	}
	type helper struct {
		id    tandem.UserID
		apart time.Duration
	}
	var hs []helper
	for _, u := range cands {
		id := tandem.UserID(u.ID)
		if profiles[id].Paused(now) {
			continue
		}
		hs = append(hs, helper{id, hoursApart(askerOffset, utcOffset(u, now))})
	}
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].apart < hs[j].apart })
	var out []tandem.UserID
	for _, h := range hs[:min(len(hs), maxHelpers)] {
		out = append(out, h.id)
	}
	return out, nil
}

// utcOffset is how far ahead of UTC a person's clock is now: from their
// Slack timezone when it is known (so daylight saving counts), else from
// Slack's tz_offset.
func utcOffset(u *slack.User, now time.Time) time.Duration {
	if loc, err := time.LoadLocation(u.TZ); err == nil && u.TZ != "" {
		_, off := now.In(loc).Zone()
		return time.Duration(off) * time.Second
	}
	return time.Duration(u.TZOffset) * time.Second
}

// hoursApart is the distance between two UTC offsets around the clock:
// UTC-10 and UTC+12 are 2 hours apart, not 22.
func hoursApart(a, b time.Duration) time.Duration {
	d := (a - b) % (24 * time.Hour)
	if d < 0 {
		d = -d
	}
	return min(d, 24*time.Hour-d)
}
