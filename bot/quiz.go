package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
	"github.com/tandem-dev/tandem/review"
)

// Quiz answer buttons: one actions block per question, one button per
// option with action IDs quiz_answer_1..6 and values "q:ID:n" (package
// render builds them, for review DMs too).
const actionQuizPrefix = render.ActionQuizPrefix

// quiz is `quiz`, `quiz add|answer|score|new`.
func (b *Bot) quiz(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	switch cmd.Sub {
	case "add":
		return b.quizAdd(ctx, req, cmd)
	case "answer":
		return b.quizAnswer(ctx, req.v, req.key, req.user, tandem.QuestionID(cmd.QuizID), cmd.Option-1)
	case "score":
		return b.quizScore(ctx, req.v, req.user)
	case "new":
		return b.quizNew(ctx, req)
	case "review":
		return b.reviewReminders(ctx, req, cmd.Text == "on")
	}
	return b.nextQuestion(ctx, req.v, req.user)
}

// quizScope says whom a new question is for: the partnership of the group
// DM it is typed in; elsewhere, for admins only, the program of the channel
// it is typed in, else the only program there is.
func (b *Bot) quizScope(ctx context.Context, req request) (tandem.Question, error) {
	q := tandem.Question{Author: req.user}
	if g, found, err := b.dmPartnership(ctx, req); err != nil || found {
		q.Group, q.Program = g.ID, g.Program
		return q, err
	}
	if admin, err := b.dir.IsAdmin(ctx, req.user); err != nil {
		return q, err
	} else if !admin {
		return q, tandem.Errorf(tandem.EFORBIDDEN, "To quiz your partners, type `%s quiz add ...` (or `%s quiz new`) in your group DM with them. Questions for a whole program are for admins.", b.slash(), b.slash())
	}
	if _, err := b.store.Program(ctx, req.channel); err == nil {
		q.Program = req.channel
		return q, nil
	} else if tandem.ErrorCode(err) != tandem.ENOTFOUND {
		return q, err
	}
	programs, err := b.store.Programs(ctx)
	switch {
	case err != nil:
		return q, err
	case len(programs) == 0:
		return q, tandem.Errorf(tandem.ENOTFOUND, "There are no programs yet: questions belong to one. Start with `%s program add #channel`.", b.slash())
	case len(programs) > 1:
		return q, tandem.Errorf(tandem.EINVALID, "Type it in the channel of the program it is for (there are %d), or in a partnership's group DM.", len(programs))
	}
	q.Program = programs[0].Channel
	return q, nil
}

func (b *Bot) quizAdd(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	q, err := b.quizScope(ctx, req)
	if err != nil {
		return render.Reply{}, err
	}
	q.Text, q.Options, q.Correct = cmd.Text, cmd.Options, cmd.Correct
	if q, err = b.store.AddQuestion(ctx, req.key, q); err != nil {
		return render.Reply{}, err
	}
	return b.questionAdded(req.v, q), nil
}

// questionAdded is what adding a question shows: to a partnership, the
// question itself, posted in its group DM with a button per option; for a
// program, a confirmation to the admin.
func (b *Bot) questionAdded(v render.Renderer, q tandem.Question) render.Reply {
	if q.Group == 0 {
		return v.Text(v.T("quiz.added_program", "ID", q.ID, "Program", render.Channel(q.Program)))
	}
	lead := v.T("quiz.asks", "Author", v.Mention(q.Author), "ID", q.ID)
	return render.Reply{Text: v.T("quiz.asks_fallback", "ID", q.ID), Blocks: v.QuestionBlocks(q, lead), InChannel: true}
}

// nextQuestion is `quiz`: the caller's oldest unanswered question.
func (b *Bot) nextQuestion(ctx context.Context, v render.Renderer, user tandem.UserID) (render.Reply, error) {
	q, waiting, err := b.store.NextQuestion(ctx, user)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return v.Text(v.T("quiz.none_waiting")), nil
	} else if err != nil {
		return render.Reply{}, err
	}
	lead := v.T("quiz.lead_program", "ID", q.ID, "Program", render.Channel(q.Program))
	if answered, err := b.answeredBefore(ctx, user, q.ID); err != nil {
		return render.Reply{}, err
	} else if answered {
		lead = v.T("quiz.lead_review", "ID", q.ID)
	} else if q.Group != 0 {
		lead = v.T("quiz.lead_partner", "ID", q.ID, "Author", v.Mention(q.Author), "Program", render.Channel(q.Program))
	}
	if waiting > 1 {
		lead += " " + v.N("quiz.more_waiting", waiting-1)
	}
	return render.Reply{Text: v.T("quiz.fallback", "ID", q.ID), Blocks: v.QuestionBlocks(q, lead)}, nil
}

// quizAnswer records an answer (choice is an index into the options) and
// says whether it was right and what the right answer is.
func (b *Bot) quizAnswer(ctx context.Context, v render.Renderer, key tandem.Key, user tandem.UserID, id tandem.QuestionID, choice int) (render.Reply, error) {
	a, q, err := b.store.Answer(ctx, key, id, user, choice, review.Next)
	option := func(i int) string { return fmt.Sprintf("*%d. %s*", i+1, render.Esc(q.Options[i])) }
	switch {
	case tandem.ErrorCode(err) == tandem.ECONFLICT:
		md := v.T("quiz.already_right", "ID", id, "Choice", option(a.Choice))
		if !a.Correct {
			md = v.T("quiz.already_wrong", "ID", id, "Choice", option(a.Choice), "Answer", option(q.Correct))
		}
		if !a.Due.IsZero() {
			md += " " + v.T("quiz.back_on", "Date", v.Lang.Day(a.Due.In(b.dir.Zone(ctx, user))))
		}
		return v.Text(md + " " + v.T("quiz.next_one")), nil
	case err != nil:
		return render.Reply{}, err
	}
	asked := "“" + render.Esc(render.Truncate(q.Text, 200)) + "”"
	md := v.T("quiz.right", "Question", asked, "Answer", option(q.Correct))
	if !a.Correct {
		md = v.T("quiz.wrong", "Choice", option(a.Choice), "Question", asked, "Answer", option(q.Correct))
	}
	if !a.Due.IsZero() {
		days := int(a.Due.Sub(a.Created).Hours()/24 + 0.5)
		md += "\n" + v.N("quiz.back_in", days)
	}
	return v.Text(md + "\n" + v.T("quiz.what_next")), nil
}

// quizScore is `quiz score`: the caller's own counts, per program.
func (b *Bot) quizScore(ctx context.Context, v render.Renderer, user tandem.UserID) (render.Reply, error) {
	scores, err := b.store.QuizScores(ctx, user)
	if err != nil {
		return render.Reply{}, err
	}
	return v.Text(scoreText(v, scores)), nil
}

// scoreText renders quiz scores: one line per program.
func scoreText(v render.Renderer, scores []tandem.QuizScore) string {
	if len(scores) == 0 {
		return v.T("quiz.score_none")
	}
	var md strings.Builder
	md.WriteString(v.T("quiz.score_head"))
	for _, s := range scores {
		md.WriteString("\n" + v.T("quiz.score_line", "Program", render.Channel(s.Program), "Answered", s.Answered, "Right", s.Correct, "Share", render.Percent(s.Correct, s.Answered)))
	}
	return md.String()
}

// quizNew is `quiz new`: the same as `quiz add`, in a form.
func (b *Bot) quizNew(ctx context.Context, req request) (render.Reply, error) {
	q, err := b.quizScope(ctx, req)
	if err != nil {
		return render.Reply{}, err
	}
	if err := b.openQuizModal(ctx, req.v, req.triggerID, q); err != nil {
		return render.Reply{}, err
	}
	return req.v.Text(req.v.T("quiz.form_open")), nil
}

// answeredBefore reports whether user answered question id before: then
// `quiz` serves it as a review.
func (b *Bot) answeredBefore(ctx context.Context, user tandem.UserID, id tandem.QuestionID) (bool, error) {
	reviews, err := b.store.Reviews(ctx, user)
	if err != nil {
		return false, err
	}
	for _, r := range reviews {
		if r.Question == id {
			return true, nil
		}
	}
	return false, nil
}
