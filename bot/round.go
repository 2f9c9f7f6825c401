package bot

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/match"
	"github.com/tandem-dev/tandem/render"
)

// RunRound matches the program's participants and queues the intros. by is
// the admin who asked, or "" for the schedule. The round, its groups and
// its outbox messages are saved in one transaction before anything is sent.
func (b *Bot) RunRound(ctx context.Context, key tandem.Key, channel tandem.ChannelID, by tandem.UserID) (tandem.Round, error) {
	p, err := b.store.Program(ctx, channel)
	if err != nil {
		return tandem.Round{}, err
	}
	b.pauseGhosts(ctx, key.Sub("ghosts"), channel) // before the profiles are read, so that ghosts sit this round out
	users, err := b.humans(ctx, channel)
	if err != nil {
		return tandem.Round{}, err
	}
	ids := make([]tandem.UserID, len(users))
	for i, u := range users {
		ids[i] = tandem.UserID(u.ID)
	}
	profiles, err := b.store.Profiles(ctx, ids)
	if err != nil {
		return tandem.Round{}, err
	}
	optedOut, err := b.store.OptedOut(ctx, ids)
	if err != nil {
		return tandem.Round{}, err
	}
	now := b.now()
	var people []match.Person
	for _, u := range users {
		id := tandem.UserID(u.ID)
		if optedOut[id] {
			continue
		}
		prof, ok := profiles[id]
		if !ok {
			prof = tandem.Profile{User: id, Mode: tandem.ModeAny}
		}
		if prof.Paused(now) {
			continue
		}
		var loc *time.Location
		if u.TZ != "" {
			loc, _ = time.LoadLocation(u.TZ) // an unknown zone counts as unknown
		}
		people = append(people, match.PersonFromProfile(prof, loc, now))
	}
	history, err := b.store.RecentGroups(ctx, channel, p.AvoidRepeats)
	if err != nil {
		return tandem.Round{}, err
	}
	res, err := match.Round(match.Input{
		People:       people,
		GroupSize:    p.GroupSize,
		History:      history,
		AvoidRepeats: p.AvoidRepeats,
		Seed:         newSeed(),
	})
	if err != nil {
		return tandem.Round{}, err
	}
	r := tandem.Round{Program: channel, Seed: res.Seed, StartedAt: now, By: by}
	for _, g := range res.Groups {
		r.Groups = append(r.Groups, tandem.Group{Members: g.Members, Score: g.Score, Why: whySentences(g)})
	}
	for _, lo := range res.LeftOut {
		r.LeftOut = append(r.LeftOut, tandem.LeftOut{User: lo.User, Why: lo.Message, Loosen: lo.Loosen})
	}
	summaryTo := []tandem.UserID{by}
	if by == "" {
		summaryTo = b.cfg.Admins
	}
	r, err = b.store.CreateRound(ctx, key, r, summaryTo)
	if err != nil {
		return tandem.Round{}, err
	}
	b.metrics.RoundRun(len(r.LeftOut))
	b.log.Info("round matched", keyProgram, channel, keyRound, r.ID, "seed", r.Seed,
		"participants", len(people), "groups", len(r.Groups), "left_out", len(r.LeftOut), "score", res.Score)
	b.Wake()
	return r, nil
}

// newSeed draws a round's seed. It is stored with the round, so the round
// can be recomputed.
func newSeed() int64 {
	var buf [8]byte
	_, _ = rand.Read(buf[:]) // crypto/rand.Read never fails on supported platforms
	return int64(binary.LittleEndian.Uint64(buf[:]) >> 1)
}

// whySentences turns a group's scored reasons into the lines of its intro:
// what each teaches whom, tandems, shared offices, shared hours, and, last,
// honest heads-ups (a repeat, an awkward timezone).
func whySentences(g match.Group) []string {
	type pair struct{ a, b tandem.UserID }
	teaches := map[pair][]string{}
	var order []pair
	var out, tandems, notes []string
	minHours, hoursSeen := 24, false
	offices := map[string]bool{}
	for _, r := range g.Reasons {
		who := pair{r.A, r.B}
		switch r.Kind {
		case match.KindTeaches:
			if _, ok := teaches[who]; !ok {
				order = append(order, who)
			}
			teaches[who] = append(teaches[who], r.Skill)
		case match.KindTandem:
			tandems = append(tandems, fmt.Sprintf("<@%s> and <@%s> teach each other: a true tandem :handshake:", r.A, r.B))
		case match.KindSameOffice:
			offices[r.Location] = true
		case match.KindHoursOverlap, match.KindLittleOverlap:
			hoursSeen = true
			minHours = min(minHours, r.Hours)
		case match.KindRepeat:
			if r.Met {
				notes = append(notes, fmt.Sprintf(":repeat: <@%s> and <@%s> met %s; nobody new fitted better this time.", r.A, r.B, roundsAgo(r.RoundsAgo)))
			} else {
				notes = append(notes, fmt.Sprintf(":repeat: <@%s> and <@%s> were matched %s but did not meet: here is a second chance.", r.A, r.B, roundsAgo(r.RoundsAgo)))
			}
		case match.KindDifferentOffices:
			notes = append(notes, fmt.Sprintf(":warning: <@%s> (%s) and <@%s> (%s) work in different offices: a video call will do.", r.A, render.Esc(r.Location), r.B, render.Esc(r.OtherLocation)))
		case match.KindModeMismatch:
			notes = append(notes, fmt.Sprintf(":warning: <@%s> meets on-site only and <@%s> remote only: agree on a way that works for both.", r.A, r.B))
		}
	}
	for _, p := range order {
		skills := slices.Compact(slices.Sorted(slices.Values(teaches[p])))
		for i, s := range skills {
			skills[i] = "*" + render.Esc(s) + "*"
		}
		out = append(out, fmt.Sprintf("<@%s> can teach <@%s> %s", p.a, p.b, render.JoinAnd(skills)))
	}
	if len(out) == 0 {
		out = append(out, "Nobody in this round teaches what the other wants to learn, so tandem matched you for a fresh view: tell each other what you are working on and what you would like to get better at")
	}
	out = append(out, tandems...)
	for _, o := range sortedKeys(offices) {
		out = append(out, fmt.Sprintf("You can meet in person: both in %s", render.Esc(o)))
	}
	if hoursSeen {
		switch {
		case minHours >= 2:
			out = append(out, fmt.Sprintf("Your working days overlap by at least %d hours", minHours))
		default:
			notes = append(notes, ":clock3: Your working hours barely overlap across timezones: pick a time early or late in the day.")
		}
	}
	return append(out, notes...)
}

func roundsAgo(n int) string {
	if n == 1 {
		return "last round"
	}
	return fmt.Sprintf("%d rounds ago", n)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
