package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tandem-dev/tandem"
)

// Action and block IDs of the buttons tandem posts. They are the route keys
// of block_actions: render builds the buttons, the bot routes the clicks.
// A button's value names what it is about ("group:42", "topic:7").
const (
	ActionMet      = "tandem_met"
	ActionSkip     = "tandem_skip"
	BlockIntro     = "intro_actions"
	BlockCheckin   = "checkin_actions"
	ActionKeep     = "tandem_keep"
	BlockGhost     = "ghost_actions"
	ActionVote     = "market_vote"
	ActionAddTopic = "market_add"

	// The learning loop (loop.go).
	ActionGoalSet     = "tandem_goal_set"      // on the intro: opens the goal form
	ActionGoalOnTrack = "tandem_goal_on_track" // on a check-in
	ActionGoalStuck   = "tandem_goal_stuck"
	ActionGoalDone    = "tandem_goal_done"
	BlockGoal         = "goal_actions"
	ActionRatePrefix  = "tandem_rate_" // 1..5, after We met
	BlockFeedback     = "feedback_actions"
	ActionQuizNote    = "tandem_quiz_note" // on a note: "Quiz my partners on this"
	ActionQuizPrefix  = "quiz_answer_"     // 1..6, one per option, value "q:ID:n"
	BlockQuiz         = "quiz_answer"
)

// NoteValue is the value of a button about a note of a partnership.
func NoteValue(g tandem.GroupID, n tandem.NoteID) string { return fmt.Sprintf("note:%d:%d", g, n) }

// ParseNoteValue reads a button value "note:42:7".
func ParseNoteValue(v string) (tandem.GroupID, tandem.NoteID, bool) {
	rest, ok := ParseRef(v, "note")
	gs, ns, ok2 := strings.Cut(rest, ":")
	g, err1 := strconv.ParseInt(gs, 10, 64)
	n, err2 := strconv.ParseInt(ns, 10, 64)
	return tandem.GroupID(g), tandem.NoteID(n), ok && ok2 && err1 == nil && err2 == nil && g > 0 && n > 0
}

// GroupValue is the value of a button about a partnership.
func GroupValue(id tandem.GroupID) string { return fmt.Sprintf("group:%d", id) }

// ParseGroupValue reads a button value "group:42".
func ParseGroupValue(value string) (tandem.GroupID, bool) {
	s, ok := strings.CutPrefix(value, "group:")
	id, err := strconv.ParseInt(s, 10, 64)
	return tandem.GroupID(id), ok && err == nil && id > 0
}

// TopicValue is the value of a topic's +1 button.
func TopicValue(id tandem.TopicID) string { return fmt.Sprintf("topic:%d", id) }

// ParseTopicValue reads a button value "topic:7".
func ParseTopicValue(v string) (tandem.TopicID, bool) {
	s, ok := ParseRef(v, "topic")
	n, err := strconv.ParseInt(s, 10, 64)
	return tandem.TopicID(n), ok && err == nil && n > 0
}

// ParseRef reads a button value "prefix:rest".
func ParseRef(value, prefix string) (string, bool) {
	rest, ok := strings.CutPrefix(value, prefix+":")
	return rest, ok && rest != ""
}
