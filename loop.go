package tandem

import (
	"strings"
	"time"
	"unicode/utf8"
)

// The learning loop: a partnership's shared goal, feedback after meeting,
// and spaced review of the quiz questions a person answered.

// MaxGoalLen is the longest goal: one line.
const MaxGoalLen = 200

// GoalStatus is how a partnership says its goal is going, at a check-in.
type GoalStatus string

// The answers to "how is it going?"; "" until someone answers.
const (
	GoalOnTrack GoalStatus = "on_track"
	GoalStuck   GoalStatus = "stuck"
	GoalDone    GoalStatus = "done"
)

// ParseGoalStatus returns the status named s, or false.
func ParseGoalStatus(s string) (GoalStatus, bool) {
	switch st := GoalStatus(s); st {
	case GoalOnTrack, GoalStuck, GoalDone:
		return st, true
	}
	return "", false
}

// Goal is a partnership's one shared goal. Any partner may set or change it.
type Goal struct {
	Text     string // "" when the partnership has none
	By       UserID // who set it last
	At       time.Time
	Status   GoalStatus
	StatusBy UserID
	StatusAt time.Time
}

// Set reports whether the partnership has a goal.
func (g Goal) Set() bool { return g.Text != "" }

// CheckGoal returns text as a goal (trimmed), or an EINVALID error saying
// what is wrong: empty, more than one line, or over MaxGoalLen characters.
func CheckGoal(text string) (string, error) {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return "", Errorf(EINVALID, "Say what you want to achieve together: `goal ship our first Go service`.")
	case strings.ContainsAny(text, "\r\n"):
		return "", Errorf(EINVALID, "A goal is one line; yours has line breaks.")
	case utf8.RuneCountInString(text) > MaxGoalLen:
		return "", Errorf(EINVALID, "A goal can have at most %d characters; yours has %d.", MaxGoalLen, utf8.RuneCountInString(text))
	}
	return text, nil
}

// Rating limits: "How useful was it?" from 1 (not at all) to 5 (very).
const (
	MinRating = 1
	MaxRating = 5
)

// Feedback is one partner's rating of a meeting. It is private to its
// author: admins see averages over enough people only.
type Feedback struct {
	Group  GroupID
	User   UserID
	Rating int
	At     time.Time
}

// ReviewStep moves a question one step on a person's review ladder: given
// the box it was in (-1 for a first answer) and whether the answer was
// right, at instant at, it returns the next box and when the question is
// due again. Package review has the ladder.
type ReviewStep func(box int, correct bool, at time.Time) (next int, due time.Time)

// Review is a question due for review by a person.
type Review struct {
	User     UserID
	Question QuestionID
	Box      int
	Due      time.Time
}

// ReviewDM is one spaced-review DM to queue: to User, not before
// NotBefore, counted against their local Day (YYYY-MM-DD), of which a
// person has at most one.
type ReviewDM struct {
	User      UserID
	NotBefore time.Time
	Day       string
}

// LoopStats are a program's counts of the learning loop, for the report:
// counts only, never text, never who.
type LoopStats struct {
	Groups       int // partnerships of the program, all rounds
	WithGoal     int // of those, with a goal
	GoalsDone    int // of those, whose goal is done
	Raters       int // people who rated at least one meeting
	Ratings      int // ratings given
	RatingSum    int // their sum, for the average
	Reviewers    int // people who answered a question again in review
	Reviews      int // review answers (second and later tries)
	ReviewsRight int // of those, right
}

// OutboxReview is a spaced-review DM: one due question, sent in the
// person's working hours.
const OutboxReview OutboxKind = "review"
