package render

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/lang"
)

// The learning loop's messages: the goal, the feedback after meeting, the
// spaced-review DM.

// goalStatusIDs are the catalog messages of a goal's status.
var goalStatusIDs = map[tandem.GoalStatus]string{
	tandem.GoalOnTrack: "goal.status_on_track",
	tandem.GoalStuck:   "goal.status_stuck",
	tandem.GoalDone:    "goal.status_done",
}

// GoalStatusWords words a goal status: "on track", "stuck", "done".
func (r Renderer) GoalStatusWords(s tandem.GoalStatus) string {
	if id, ok := goalStatusIDs[s]; ok {
		return r.T(id)
	}
	return ""
}

// GoalLine shows a partnership's goal, who set it and how it goes; "" if
// it has none. The goal is a partner's text: escaped.
func (r Renderer) GoalLine(g tandem.Goal) string {
	if !g.Set() {
		return ""
	}
	line := r.T("goal.line", "Goal", UserText(g.Text, 1000), "By", r.Mention(g.By))
	if w := r.GoalStatusWords(g.Status); w != "" {
		line += " · " + w
	}
	return line
}

// goalCheck is the check-in's goal part: the goal with "how is it going?"
// and its three buttons, or how to set one.
func (r Renderer) goalCheck(g tandem.Group) []slack.Block {
	if !g.Goal.Set() {
		return []slack.Block{Context(r.T("goal.none_yet"))}
	}
	return []slack.Block{
		Section(r.GoalLine(g.Goal) + "\n" + r.T("goal.how")),
		slack.NewActionBlock(BlockGoal,
			Button(ActionGoalOnTrack, r.T("button.on_track"), GroupValue(g.ID), slack.StylePrimary),
			Button(ActionGoalStuck, r.T("button.stuck"), GroupValue(g.ID), ""),
			Button(ActionGoalDone, r.T("button.done"), GroupValue(g.ID), ""),
		),
	}
}

// GoalChanged tells a partnership's group DM who set or changed its goal.
func (r Renderer) GoalChanged(g tandem.Group, by tandem.UserID, changed bool) Reply {
	id := "goal.set_by"
	if changed {
		id = "goal.changed_by"
	}
	head := r.T(id, "By", r.Mention(by))
	md := head + ":\n>" + UserText(g.Goal.Text, 1000)
	return Reply{Text: Fallback(head), Blocks: r.Sections(md), InChannel: true}
}

// GoalStatusPosted tells the group DM how someone said the goal goes.
func (r Renderer) GoalStatusPosted(g tandem.Group, by tandem.UserID) Reply {
	md := r.T("goal.status_posted", "By", r.Mention(by), "Status", r.GoalStatusWords(g.Goal.Status)) + "\n>" + UserText(g.Goal.Text, 1000)
	return Reply{Text: r.T("goal.status_fallback"), Blocks: r.Sections(md), InChannel: true}
}

// Feedback asks the person who clicked We met how useful it was, 1 to 5;
// only they see it.
func (r Renderer) Feedback(g tandem.Group) Reply {
	buttons := make([]slack.BlockElement, 0, tandem.MaxRating)
	for n := tandem.MinRating; n <= tandem.MaxRating; n++ {
		buttons = append(buttons, Button(fmt.Sprintf("%s%d", ActionRatePrefix, n), fmt.Sprint(n), GroupValue(g.ID), ""))
	}
	return Reply{Text: r.T("feedback.fallback"), Blocks: []slack.Block{
		Section(r.T("feedback.ask")),
		slack.NewActionBlock(BlockFeedback, buttons...),
		Context(r.T("feedback.after")),
	}}
}

// QuestionBlocks renders a question with one button per option.
func (r Renderer) QuestionBlocks(q tandem.Question, lead string) []slack.Block {
	buttons := make([]slack.BlockElement, len(q.Options))
	for i, o := range q.Options {
		buttons[i] = Button(fmt.Sprintf("%s%d", ActionQuizPrefix, i+1), fmt.Sprintf("%d. %s", i+1, o), fmt.Sprintf("q:%d:%d", q.ID, i+1), "")
	}
	return []slack.Block{
		Section(lead + "\n>" + UserText(q.Text, 2500)), // at most tandem.MaxQuestionLen characters when typed
		slack.NewActionBlock(BlockQuiz, buttons...),
		Context(r.T("quiz.or_type", "ID", q.ID)),
	}
}

// ReviewDM is the spaced-review DM: one question due again, with its
// buttons, and how to stop these reminders.
func (r Renderer) ReviewDM(q tandem.Question) Reply {
	lead := r.T("review.lead", "ID", q.ID, "Program", Channel(q.Program))
	blocks := append(r.QuestionBlocks(q, lead), Context(r.T("review.how")))
	return Reply{Text: r.T("review.fallback", "ID", q.ID), Blocks: blocks}
}

// LoopFigures words a program's learning loop for the admin report, in
// English (Renderer.LoopFigures words it in the reader's language).
func LoopFigures(p tandem.Privacy, s tandem.LoopStats) string { return Renderer{}.LoopFigures(p, s) }

// LoopFigures words a program's learning loop for the admin report under
// the privacy rule p: goals over the partnerships, the average usefulness
// rating over its raters, review answers and retention over the people who
// reviewed; any figure about fewer than p.Min() of them reads "fewer than
// N". Counts only, never text.
func (r Renderer) LoopFigures(p tandem.Privacy, s tandem.LoopStats) string {
	fewer := r.T("insight.fewer", "Min", p.Min())
	share := func(part, whole int) string {
		if !p.Shows(whole) {
			return fewer
		}
		if whole == 0 {
			return r.T("insight.na")
		}
		return r.percent(part, whole)
	}
	rating := r.T("loop.no_ratings")
	switch {
	case s.Raters == 0:
	case !p.Shows(s.Raters):
		rating = r.T("loop.few_raters", "Fewer", fewer)
	default:
		rating = r.N("loop.rating", s.Raters, "Avg", r.decimal(float64(s.RatingSum)/float64(s.Ratings)))
	}
	reviews, retention := fmt.Sprint(s.Reviewers), share(s.ReviewsRight, s.Reviews)
	if !p.Shows(s.Reviewers) {
		reviews = r.T("loop.few_people", "Fewer", fewer)
		retention = reviews
	} else if s.Reviews > 0 {
		reviews = r.N("loop.review_answers", s.Reviews, "People", r.N("loop.people", s.Reviewers))
	}
	if s.Reviews == 0 {
		retention = r.T("loop.no_reviews")
	}
	return r.T("loop.figures", "WithGoal", share(s.WithGoal, s.Groups), "Done", share(s.GoalsDone, s.WithGoal),
		"Rating", rating, "Reviews", reviews, "Retention", retention)
}

// decimal writes x with one decimal, with a decimal comma in German.
func (r Renderer) decimal(x float64) string {
	s := fmt.Sprintf("%.1f", x)
	if r.Lang.Tag() == lang.German {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// percent writes n of of as a rounded percentage in r's language.
func (r Renderer) percent(n, of int) string {
	s := Percent(n, of)
	if r.Lang.Tag() == lang.German {
		s = strings.TrimSuffix(s, "%") + "\u00a0%"
	}
	return s
}
