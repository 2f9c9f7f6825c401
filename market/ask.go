package market

// `ask <skill>: <problem>`: urgent help. The problem is posted in the
// program channel, naming (and so notifying) up to three participants who
// teach the skill, and it goes on the marketplace's list as an urgent
// topic, so that what cannot wait gets help now and the team can still
// take it up together. When nobody teaches the skill it is posted all the
// same, for anyone in the channel who knows.

import (
	"context"
	"sort"
	"time"

	"github.com/tandem-dev/tandem"
)

// MaxHelpers is how many teachers an ask names.
const MaxHelpers = 3

// Asked is what an ask did.
type Asked struct {
	Topic       tandem.Topic
	Marketplace tandem.Marketplace
	// Helpers are the teachers named, closest working hours first.
	Helpers []tandem.UserID
	// PostErr is why the post in the channel failed, nil if it went out;
	// the topic is saved either way.
	PostErr error
}

// Ask saves an urgent topic for the program under key (a repeated request
// stops there and posts nothing twice), then posts it in the program
// channel naming up to MaxHelpers members who teach skill.
func (mk *Market) Ask(ctx context.Context, key tandem.Key, p tandem.Program, asker tandem.UserID, skill, problem string) (Asked, error) {
	helpers, err := mk.helpers(ctx, p.Channel, asker, skill)
	if err != nil {
		return Asked{}, err
	}
	t, m, err := mk.AddTopic(ctx, key, tandem.Topic{Program: p.Channel, Author: asker, Text: problem, Urgent: true, Skill: skill})
	if err != nil {
		return Asked{}, err
	}
	a := Asked{Topic: t, Marketplace: m, Helpers: helpers}
	ts, err := mk.board.PostAsk(ctx, t, helpers)
	if a.PostErr = err; err != nil {
		mk.log.Error("posting an ask", "program", p.Channel, "err", err)
		return a, nil
	}
	mk.log.Info("ask posted", "program", p.Channel, "topic", t.ID, "count", len(helpers))
	if err := mk.store.AskPosted(ctx, t.ID, ts); err != nil {
		mk.log.Warn("recording an ask's post", "program", p.Channel, "err", err)
	}
	return a, nil
}

// helpers returns up to MaxHelpers members of the program channel who teach
// skill: not the asker, not paused, closest working hours to the asker
// first.
func (mk *Market) helpers(ctx context.Context, channel tandem.ChannelID, asker tandem.UserID, skill string) ([]tandem.UserID, error) {
	teachers, err := mk.store.Teachers(ctx, skill)
	if err != nil || len(teachers) == 0 {
		return nil, err
	}
	teaches := map[tandem.UserID]bool{}
	for _, u := range teachers {
		teaches[u] = true
	}
	members, err := mk.dir.Members(ctx, channel)
	if err != nil {
		return nil, err
	}
	var cands []tandem.Member
	var ids []tandem.UserID
	for _, m := range members {
		if m.ID != asker && teaches[m.ID] {
			cands = append(cands, m)
			ids = append(ids, m.ID)
		}
	}
	profiles, err := mk.store.Profiles(ctx, ids)
	if err != nil {
		return nil, err
	}
	now := mk.now()
	var askerOffset time.Duration
	if m, err := mk.dir.Member(ctx, asker); err == nil {
		askerOffset = Offset(m, now)
	}
	type helper struct {
		id    tandem.UserID
		apart time.Duration
	}
	var hs []helper
	for _, m := range cands {
		if profiles[m.ID].Paused(now) {
			continue
		}
		hs = append(hs, helper{m.ID, HoursApart(askerOffset, Offset(m, now))})
	}
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].apart < hs[j].apart })
	var out []tandem.UserID
	for _, h := range hs[:min(len(hs), MaxHelpers)] {
		out = append(out, h.id)
	}
	return out, nil
}

// Offset is how far ahead of UTC a member's clock is at now: from their
// timezone when it is known (so daylight saving counts), else from Slack's
// tz_offset.
func Offset(m tandem.Member, now time.Time) time.Duration {
	if m.TZ != "" {
		if loc, err := time.LoadLocation(m.TZ); err == nil {
			_, off := now.In(loc).Zone()
			return time.Duration(off) * time.Second
		}
	}
	return time.Duration(m.TZOffset) * time.Second
}

// HoursApart is the distance between two UTC offsets around the clock:
// UTC-10 and UTC+12 are 2 hours apart, not 22.
func HoursApart(a, b time.Duration) time.Duration {
	d := (a - b) % (24 * time.Hour)
	if d < 0 {
		d = -d
	}
	return min(d, 24*time.Hour-d)
}
