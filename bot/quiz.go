package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

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
		return b.quizAnswer(ctx, req.key, req.user, tandem.QuestionID(cmd.QuizID), cmd.Option-1)
	case "score":
		return b.quizScore(ctx, req.user)
	case "new":
		return b.quizNew(ctx, req)
	case "review":
		return b.reviewReminders(ctx, req, cmd.Text == "on")
	}
	return b.nextQuestion(ctx, req.user)
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
	return b.questionAdded(q), nil
}

// questionAdded is what adding a question shows: to a partnership, the
// question itself, posted in its group DM with a button per option; for a
// program, a confirmation to the admin.
func (b *Bot) questionAdded(q tandem.Question) render.Reply {
	if q.Group == 0 {
		return render.Text(fmt.Sprintf(":white_check_mark: Added question %d for everyone matched in <#%s>. They get it with `%s quiz`; `%s report` shows how they do, never who answered what.",
			q.ID, q.Program, b.slash(), b.slash()))
	}
	lead := fmt.Sprintf(":brain: %s asks the partnership a quiz question (question %d). Click your answer: only you see whether you were right.", render.Mention(q.Author), q.ID)
	return render.Reply{Text: fmt.Sprintf("A quiz question from your partner (question %d)", q.ID), Blocks: b.questionBlocks(q, lead), InChannel: true}
}

// questionBlocks renders a question with one button per option.
func (b *Bot) questionBlocks(q tandem.Question, lead string) []slack.Block {
	return b.views.QuestionBlocks(q, lead)
}

// nextQuestion is `quiz`: the caller's oldest unanswered question.
func (b *Bot) nextQuestion(ctx context.Context, user tandem.UserID) (render.Reply, error) {
	q, waiting, err := b.store.NextQuestion(ctx, user)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return render.Text(fmt.Sprintf(":tada: No quiz questions are waiting for you. Quiz your partners: in your group DM, type `%s quiz add What does GC stand for? | Go Compiler | *Garbage Collector`.", b.slash())), nil
	} else if err != nil {
		return render.Reply{}, err
	}
	lead := fmt.Sprintf("*Question %d*, for everyone in <#%s>", q.ID, q.Program)
	if answered, err := b.answeredBefore(ctx, user, q.ID); err != nil {
		return render.Reply{}, err
	} else if answered {
		lead = fmt.Sprintf(":brain: *Review:* question %d, due again for you", q.ID)
	} else if q.Group != 0 {
		lead = fmt.Sprintf("*Question %d*, from %s in your partnership in <#%s>", q.ID, render.Mention(q.Author), q.Program)
	}
	if waiting > 1 {
		lead += fmt.Sprintf(" (%d more waiting)", waiting-1)
	}
	return render.Reply{Text: fmt.Sprintf("Quiz question %d", q.ID), Blocks: b.questionBlocks(q, lead)}, nil
}

// quizAnswer records an answer (choice is an index into the options) and
// says whether it was right and what the right answer is.
func (b *Bot) quizAnswer(ctx context.Context, key tandem.Key, user tandem.UserID, id tandem.QuestionID, choice int) (render.Reply, error) {
	a, q, err := b.store.Answer(ctx, key, id, user, choice, review.Next)
	option := func(i int) string { return fmt.Sprintf("*%d. %s*", i+1, render.Esc(q.Options[i])) }
	switch {
	case tandem.ErrorCode(err) == tandem.ECONFLICT:
		verdict := "which was right"
		if !a.Correct {
			verdict = "which was not right: the answer is " + option(q.Correct)
		}
		back := ""
		if !a.Due.IsZero() {
			back = fmt.Sprintf(" It comes back for review on %s.", a.Due.In(b.dir.Zone(ctx, user)).Format("Mon 2 Jan"))
		}
		return render.Text(fmt.Sprintf(":information_source: You already answered question %d: you chose %s, %s.%s `%s quiz` shows your next one.",
			id, option(a.Choice), verdict, back, b.slash())), nil
	case err != nil:
		return render.Reply{}, err
	}
	asked := "“" + render.Esc(render.Truncate(q.Text, 200)) + "”"
	md := fmt.Sprintf(":tada: *Right!* The answer to %s is %s.", asked, option(q.Correct))
	if !a.Correct {
		md = fmt.Sprintf(":x: *Not quite.* You chose %s; the answer to %s is %s.", option(a.Choice), asked, option(q.Correct))
	}
	if !a.Due.IsZero() {
		days := int(a.Due.Sub(a.Created).Hours()/24 + 0.5)
		md += fmt.Sprintf("\n:brain: It comes back for review in %s.", render.CountNoun(days, "day", "days"))
	}
	return render.Text(md + fmt.Sprintf("\n`%s quiz` shows your next question; `%s quiz score` your score.", b.slash(), b.slash())), nil
}

// quizScore is `quiz score`: the caller's own counts, per program.
func (b *Bot) quizScore(ctx context.Context, user tandem.UserID) (render.Reply, error) {
	scores, err := b.store.QuizScores(ctx, user)
	if err != nil {
		return render.Reply{}, err
	}
	return render.Text(scoreText(scores, b.slash())), nil
}

// scoreText renders quiz scores: one line per program.
func scoreText(scores []tandem.QuizScore, cmd string) string {
	if len(scores) == 0 {
		return fmt.Sprintf("*Your quiz score:* no answers yet. Try `%s quiz`.", cmd)
	}
	var md strings.Builder
	md.WriteString("*Your quiz score* (only you see it):")
	for _, s := range scores {
		fmt.Fprintf(&md, "\n• <#%s>: %d answered, %d right (%s)", s.Program, s.Answered, s.Correct, render.Percent(s.Correct, s.Answered))
	}
	return md.String()
}

// quizNew is `quiz new`: the same as `quiz add`, in a form.
func (b *Bot) quizNew(ctx context.Context, req request) (render.Reply, error) {
	q, err := b.quizScope(ctx, req)
	if err != nil {
		return render.Reply{}, err
	}
	if err := b.openQuizModal(ctx, req.triggerID, q); err != nil {
		return render.Reply{}, err
	}
	return render.Text(":pencil: The question form is open."), nil
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
