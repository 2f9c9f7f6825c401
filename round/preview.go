package round

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/match"
)

// A preview is the grouping a round would make now, saved so that an admin
// can look at it and send it, reshuffle it or cancel it. It is not a round:
// nobody is told anything and the program's history is unchanged until it
// is sent. Sending commits exactly the previewed groups, once, after
// checking that the participants it was computed from are still the
// channel's participants with the same profiles.

// reshuffleTries bounds the seeds Reshuffle tries for a grouping other
// than the one shown.
const reshuffleTries = 20

// Preview computes the grouping a round of channel would make now, for
// admin, and saves it as a preview under key (the request's). Unlike a
// round it pauses no ghosts and queues no message.
func (r *Runner) Preview(ctx context.Context, key tandem.Key, channel tandem.ChannelID, admin tandem.UserID) (tandem.Preview, error) {
	p, err := r.compute(ctx, channel, admin, r.cfg.Seed())
	if err != nil {
		return tandem.Preview{}, err
	}
	return r.cfg.Store.SavePreview(ctx, key, p)
}

// Reshuffle computes a new preview of prev's program with another seed,
// trying up to 20 seeds for a grouping other than prev's, and saves it
// under key. When every seed gives prev's grouping (the best grouping does
// not depend on the seed), it returns that grouping with the last seed
// tried.
func (r *Runner) Reshuffle(ctx context.Context, key tandem.Key, prev tandem.Preview, admin tandem.UserID) (tandem.Preview, error) {
	var p tandem.Preview
	for range reshuffleTries {
		seed := r.cfg.Seed()
		if seed == prev.Seed {
			continue
		}
		var err error
		if p, err = r.compute(ctx, prev.Program, admin, seed); err != nil {
			return tandem.Preview{}, err
		}
		if grouping(p.Groups) != grouping(prev.Groups) {
			break
		}
	}
	if p.Program == "" {
		return tandem.Preview{}, errors.New("round: reshuffle: the seed source repeats one seed")
	}
	return r.cfg.Store.SavePreview(ctx, key, p)
}

// grouping names a grouping independently of group order.
func grouping(groups []tandem.Group) string {
	names := make([]string, len(groups))
	for i, g := range groups {
		m := slices.Clone(g.Members)
		slices.Sort(m)
		names[i] = fmt.Sprint(m)
	}
	slices.Sort(names)
	return strings.Join(names, ";")
}

func (r *Runner) compute(ctx context.Context, channel tandem.ChannelID, admin tandem.UserID, seed int64) (tandem.Preview, error) {
	st := r.cfg.Store
	prog, err := st.Program(ctx, channel)
	if err != nil {
		return tandem.Preview{}, err
	}
	members, err := r.cfg.Directory.Members(ctx, channel)
	if err != nil {
		return tandem.Preview{}, err
	}
	people, basis, err := r.participants(ctx, members)
	if err != nil {
		return tandem.Preview{}, err
	}
	history, err := st.RecentGroups(ctx, channel, prog.AvoidRepeats)
	if err != nil {
		return tandem.Preview{}, err
	}
	res, err := match.Round(match.Input{People: people, GroupSize: prog.GroupSize, History: history, AvoidRepeats: prog.AvoidRepeats, Seed: seed})
	if err != nil {
		return tandem.Preview{}, err
	}
	p := tandem.Preview{Program: channel, Seed: res.Seed, By: admin, CreatedAt: r.cfg.Now(), Basis: basis, Score: res.Score, Bound: res.Bound}
	for _, g := range res.Groups {
		p.Groups = append(p.Groups, tandem.Group{Program: channel, Members: g.Members, Score: g.Score, Reasons: g.Reasons})
	}
	for _, lo := range res.LeftOut {
		p.LeftOut = append(p.LeftOut, tandem.LeftOut{User: lo.User, Code: lo.Code})
	}
	return p, nil
}

// StaleError is returned by Send when the channel's participants or their
// profiles changed since the preview: its groups would be stale.
type StaleError struct {
	Joined  []tandem.UserID // take part now, were not in the preview
	Left    []tandem.UserID // were in the preview, take part no more (left, paused, opted out)
	Changed []tandem.UserID // changed their profile since
}

func (e *StaleError) Error() string {
	return fmt.Sprintf("round: preview is stale: %d joined, %d left, %d changed their profile", len(e.Joined), len(e.Left), len(e.Changed))
}

// Send turns preview id into a round by admin: exactly its groups and
// left-out people, with the intros, DMs and summary queued, under the
// preview's own key, so that a second send (a double click) returns
// tandem.ErrDuplicate and changes nothing. If the program's participants
// or their profiles changed since the preview, it returns a *StaleError
// saying what changed and sends nothing. A preview that was cancelled is
// an ECONFLICT error; one already sent returns tandem.ErrDuplicate.
func (r *Runner) Send(ctx context.Context, id tandem.PreviewID, admin tandem.UserID) (tandem.Round, error) {
	st := r.cfg.Store
	p, err := st.Preview(ctx, id)
	if err != nil {
		return tandem.Round{}, err
	}
	release, err := r.cfg.Locks.Lock(ctx, lockName(p.Program)) // a double click waits for the first, then finds the preview sent
	if err != nil {
		return tandem.Round{}, err
	}
	defer release()
	if p, err = st.Preview(ctx, id); err != nil {
		return tandem.Round{}, err
	}
	switch p.Status {
	case tandem.PreviewSent:
		return tandem.Round{ID: p.Round, Program: p.Program}, tandem.ErrDuplicate
	case tandem.PreviewCancelled:
		return tandem.Round{}, tandem.Errorf(tandem.ECONFLICT, "This preview was cancelled; nothing was sent. Ask for a new one.")
	}
	members, err := r.cfg.Directory.Members(ctx, p.Program)
	if err != nil {
		return tandem.Round{}, err
	}
	_, now, err := r.participants(ctx, members)
	if err != nil {
		return tandem.Round{}, err
	}
	if stale := compareBasis(p.Basis, now); stale != nil {
		return tandem.Round{}, stale
	}
	rd := tandem.Round{Program: p.Program, Seed: p.Seed, StartedAt: r.cfg.Now(), By: admin, Groups: p.Groups, LeftOut: p.LeftOut, Score: p.Score, Bound: p.Bound}
	rd, err = st.SendPreview(ctx, p, rd, []tandem.UserID{admin})
	if errors.Is(err, tandem.ErrDuplicate) {
		return tandem.Round{ID: p.Round, Program: p.Program}, err
	}
	if err != nil {
		return tandem.Round{}, err
	}
	r.cfg.Log.Info("previewed round sent", "program", p.Program, "round", rd.ID, "preview", p.ID, "seed", rd.Seed, "groups", len(rd.Groups),
		"score", rd.Score, "bound", rd.Bound, "gap", rd.Gap())
	r.cfg.Wake()
	return rd, nil
}

// compareBasis says what changed between a preview's participants and
// today's, or nil if nothing did.
func compareBasis(then, now []tandem.PreviewBasis) *StaleError {
	old := map[tandem.UserID]tandem.PreviewBasis{}
	for _, b := range then {
		old[b.User] = b
	}
	var e StaleError
	seen := map[tandem.UserID]bool{}
	for _, b := range now {
		seen[b.User] = true
		o, ok := old[b.User]
		switch {
		case !ok:
			e.Joined = append(e.Joined, b.User)
		case !o.Profile.Equal(b.Profile):
			e.Changed = append(e.Changed, b.User)
		}
	}
	for _, b := range then {
		if !seen[b.User] {
			e.Left = append(e.Left, b.User)
		}
	}
	if len(e.Joined)+len(e.Left)+len(e.Changed) == 0 {
		return nil
	}
	return &e
}
