package render

import (
	"fmt"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
)

// The learning loop's messages: the goal, the feedback after meeting, the
// spaced-review DM.

// goalStatusWords are how a goal's status reads.
var goalStatusWords = map[tandem.GoalStatus]string{
	tandem.GoalOnTrack: ":large_green_circle: on track",
	tandem.GoalStuck:   ":construction: stuck",
	tandem.GoalDone:    ":trophy: done",
}

// GoalStatusWords words a goal status: "on track", "stuck", "done".
func GoalStatusWords(s tandem.GoalStatus) string { return goalStatusWords[s] }

// GoalLine shows a partnership's goal, who set it and how it goes; "" if
// it has none. The goal is a partner's text: escaped.
func GoalLine(g tandem.Goal) string {
	if !g.Set() {
		return ""
	}
	line := fmt.Sprintf(":dart: *Our goal:* %s (set by %s)", UserText(g.Text, 1000), Mention(g.By))
	if w := goalStatusWords[g.Status]; w != "" {
		line += " · " + w
	}
	return line
}

// goalCheck is the check-in's goal part: the goal with "how is it going?"
// and its three buttons, or how to set one.
func (r Renderer) goalCheck(g tandem.Group) []slack.Block {
	if !g.Goal.Set() {
		return []slack.Block{Context(fmt.Sprintf(":dart: No shared goal yet: agree on one and type `%s goal <what you want to achieve>` here.", r.Command))}
	}
	return []slack.Block{
		Section(GoalLine(g.Goal) + "\n*How is it going?*"),
		slack.NewActionBlock(BlockGoal,
			Button(ActionGoalOnTrack, "On track", GroupValue(g.ID), slack.StylePrimary),
			Button(ActionGoalStuck, "Stuck", GroupValue(g.ID), ""),
			Button(ActionGoalDone, "Done", GroupValue(g.ID), ""),
		),
	}
}

// GoalChanged tells a partnership's group DM who set or changed its goal.
func GoalChanged(g tandem.Group, by tandem.UserID, changed bool) Reply {
	verb := "set"
	if changed {
		verb = "changed"
	}
	md := fmt.Sprintf(":dart: %s %s your shared goal:\n>%s", Mention(by), verb, UserText(g.Goal.Text, 1000))
	return Reply{Text: Fallback(fmt.Sprintf("%s %s your shared goal", Mention(by), verb)), Blocks: Sections(md), InChannel: true}
}

// GoalStatusPosted tells the group DM how someone said the goal goes.
func GoalStatusPosted(g tandem.Group, by tandem.UserID) Reply {
	return Reply{Text: "Goal update", Blocks: Sections(fmt.Sprintf("%s says your goal is %s:\n>%s", Mention(by), goalStatusWords[g.Goal.Status], UserText(g.Goal.Text, 1000))), InChannel: true}
}

// Feedback asks the person who clicked We met how useful it was, 1 to 5;
// only they see it.
func Feedback(g tandem.Group) Reply {
	buttons := make([]slack.BlockElement, 0, tandem.MaxRating)
	for n := tandem.MinRating; n <= tandem.MaxRating; n++ {
		buttons = append(buttons, Button(fmt.Sprintf("%s%d", ActionRatePrefix, n), fmt.Sprint(n), GroupValue(g.ID), ""))
	}
	return Reply{Text: "How useful was it?", Blocks: []slack.Block{
		Section(":speech_balloon: *How useful was it?* 1 is not at all, 5 is very. Only you see your rating; HR sees only averages over enough people, never yours."),
		slack.NewActionBlock(BlockFeedback, buttons...),
		Context("After your rating you may say what you learned: it becomes a note your partners can read."),
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
		Context(fmt.Sprintf("Or type `%s quiz answer %d &lt;option number&gt;`.", r.Command, q.ID)),
	}
}

// ReviewDM is the spaced-review DM: one question due again, with its
// buttons, and how to stop these reminders.
func (r Renderer) ReviewDM(q tandem.Question) Reply {
	lead := fmt.Sprintf(":brain: *Time for a quick review* (question %d, in %s): do you still know this?", q.ID, Channel(q.Program))
	blocks := append(r.QuestionBlocks(q, lead),
		Context(fmt.Sprintf("A right answer brings it back later (after 1, 3, 7, 21, then 60 days); a wrong one tomorrow. `%s quiz review off` stops these reminders.", r.Command)))
	return Reply{Text: fmt.Sprintf("Time for a quick review: question %d", q.ID), Blocks: blocks}
}

// LoopFigures words a program's learning loop for the admin report under
// the privacy rule p: goals over the partnerships, the average usefulness
// rating over its raters, review answers and retention over the people who
// reviewed; any figure about fewer than p.Min() of them reads "fewer than
// N". Counts only, never text.
func LoopFigures(p tandem.Privacy, s tandem.LoopStats) string {
	rating := "no ratings yet"
	switch {
	case s.Raters == 0:
	case !p.Shows(s.Raters):
		rating = fewer(p) + " raters"
	default:
		rating = fmt.Sprintf("%.1f of 5, from %d raters", float64(s.RatingSum)/float64(s.Ratings), s.Raters)
	}
	reviews, retention := Count(p, s.Reviewers), Share(p, s.ReviewsRight, s.Reviews)
	if !p.Shows(s.Reviewers) {
		reviews, retention = fewer(p)+" people", fewer(p)+" people"
	} else if s.Reviews > 0 {
		reviews = fmt.Sprintf("%d answers by %d people", s.Reviews, s.Reviewers)
	}
	if s.Reviews == 0 {
		retention = "no reviews yet"
	}
	return fmt.Sprintf("*Goals:* %s of partnerships have one, %s of those are done\n*Usefulness of meetings:* %s\n*Spaced review:* %s, %s right on second and later tries",
		Share(p, s.WithGoal, s.Groups), Share(p, s.GoalsDone, s.WithGoal), rating, reviews, retention)
}
