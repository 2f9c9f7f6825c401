package bot

// Follow-through: what partners do once matched. Its handlers are routed
// from command.go (note, notes, quiz) and interact.go (buttons, modals, the
// App Home), and split by concept:
//
//	notes.go    `note`, `notes`: progress notes, private to the partners
//	quiz.go     `quiz`, `quiz add|answer|score|new`: partners quiz each other
//	buttons.go  We met / Skip this round / Keep me in / quiz answers
//	checkin.go  the check-in job, ghosts, and their outbox messages
//	home.go     the App Home tab
//	modals.go   the note and quiz forms

import (
	"context"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/render"
)

// followStore is what follow-through needs from the database.
type followStore interface {
	AddNote(ctx context.Context, key tandem.Key, group tandem.GroupID, author tandem.UserID, text string) (tandem.Note, error)
	Notes(ctx context.Context, group tandem.GroupID, reader tandem.UserID) ([]tandem.Note, error)
	LatestNotes(ctx context.Context, reader tandem.UserID, limit int) ([]tandem.Note, error)

	AddQuestion(ctx context.Context, key tandem.Key, q tandem.Question) (tandem.Question, error)
	NextQuestion(ctx context.Context, user tandem.UserID) (tandem.Question, int, error)
	AnswerQuestion(ctx context.Context, key tandem.Key, id tandem.QuestionID, user tandem.UserID, choice int) (tandem.Answer, tandem.Question, error)
	QuizScores(ctx context.Context, user tandem.UserID) ([]tandem.QuizScore, error)

	RecordClick(ctx context.Context, key tandem.Key, group tandem.GroupID, user tandem.UserID, action tandem.ClickAction) (tandem.Group, tandem.Click, bool, error)
	KeepMeIn(ctx context.Context, key tandem.Key, group tandem.GroupID, user tandem.UserID) (bool, error)
}

// dmPartnership returns the partnership whose group DM req was typed in;
// found is false if req was typed anywhere else. In the group DM of a
// partnership the caller is not part of, it refuses with EFORBIDDEN.
func (b *Bot) dmPartnership(ctx context.Context, req request) (g tandem.Group, found bool, err error) {
	g, err = b.store.GroupByDM(ctx, req.channel)
	switch {
	case tandem.ErrorCode(err) == tandem.ENOTFOUND:
		return tandem.Group{}, false, nil
	case err != nil:
		return tandem.Group{}, false, err
	case !g.Has(req.user):
		return tandem.Group{}, false, tandem.Errorf(tandem.EFORBIDDEN, "This conversation belongs to a partnership you are not part of: its notes and questions are only for its partners.")
	}
	return g, true, nil
}

// partnershipFor returns the partnership a note command is about: the one
// whose group DM it was typed in, else the caller's newest active one, else
// (unless onlyActive) their newest one of any status.
func (b *Bot) partnershipFor(ctx context.Context, req request, onlyActive bool) (tandem.Group, error) {
	if g, found, err := b.dmPartnership(ctx, req); err != nil || found {
		return g, err
	}
	groups, err := b.store.UserGroups(ctx, req.user, tandem.GroupActive)
	if err != nil {
		return tandem.Group{}, err
	}
	if len(groups) == 0 && !onlyActive {
		if groups, err = b.store.UserGroups(ctx, req.user); err != nil {
			return tandem.Group{}, err
		}
	}
	if len(groups) == 0 {
		return tandem.Group{}, tandem.Errorf(tandem.ENOTFOUND, "You have no partners yet. You are matched at the next round of each program channel you are in; see `%s partners`.", b.slash())
	}
	return groups[0], nil
}

// others returns the members of g other than user.
func others(g tandem.Group, user tandem.UserID) []tandem.UserID {
	var out []tandem.UserID
	for _, m := range g.Members {
		if m != user {
			out = append(out, m)
		}
	}
	return out
}

// partnershipName names a partnership for one of its members: "your
// partnership with <@bob> in <#C1>".
func partnershipName(v render.Renderer, g tandem.Group, user tandem.UserID) string {
	var names []string
	for _, m := range others(g, user) {
		names = append(names, v.Mention(m))
	}
	return v.T("partners.partnership", "Who", v.Lang.JoinAnd(names), "Program", render.Channel(g.Program))
}
