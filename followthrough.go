package tandem

import (
	"strings"
	"time"
)

// Follow-through is what partners do once matched: say they met, write
// progress notes, quiz each other.

// NoteID identifies a progress note.
type NoteID int64

// Note is a progress note written by a partner. It belongs to one
// partnership and only that partnership's members may read it.
type Note struct {
	ID      NoteID
	Group   GroupID
	Author  UserID
	Text    string // as typed; escaped only when rendered
	Created time.Time
}

// QuestionID identifies a quiz question.
type QuestionID int64

// Limits of a quiz question.
const (
	MinQuizOptions = 2
	MaxQuizOptions = 6
)

// Question is a quiz question with 2..6 options, one of them right. A
// partnership's question (Group set) is for that partnership's other
// members; a program's question (Group 0) is for everyone matched in it.
type Question struct {
	ID      QuestionID
	Program ChannelID
	Group   GroupID // 0 for a program-wide question
	Author  UserID
	Text    string
	Options []string
	Correct int // index into Options
	Created time.Time
}

// Check returns an EINVALID error naming what is wrong with q's text,
// options or right answer, or nil.
func (q Question) Check() error {
	if strings.TrimSpace(q.Text) == "" {
		return Errorf(EINVALID, "The question is empty.")
	}
	if n := len(q.Options); n < MinQuizOptions || n > MaxQuizOptions {
		return Errorf(EINVALID, "A question needs %d to %d options; this one has %d.", MinQuizOptions, MaxQuizOptions, n)
	}
	for i, o := range q.Options {
		if strings.TrimSpace(o) == "" {
			return Errorf(EINVALID, "Option %d is empty.", i+1)
		}
	}
	if q.Correct < 0 || q.Correct >= len(q.Options) {
		return Errorf(EINVALID, "Say which option is right: one of 1 to %d.", len(q.Options))
	}
	return nil
}

// Answer is one person's answer to a question. There is one first answer
// per person and question; spaced review asks again later (Review).
type Answer struct {
	Question QuestionID
	User     UserID
	Choice   int // index into the question's Options
	Correct  bool
	Created  time.Time
	// Review is set for a second or later try, in spaced review.
	Review bool
	// Due is when the question comes back for review; zero if never.
	Due time.Time
}

// QuizScore is one person's answered and right counts in one program.
type QuizScore struct {
	Program  ChannelID
	Answered int
	Correct  int
}

// ClickAction is what a follow-through button says.
type ClickAction string

// The follow-through buttons.
const (
	ClickMet  ClickAction = "met"  // "We met"
	ClickSkip ClickAction = "skip" // "Skip this round"
	ClickKeep ClickAction = "keep" // "Keep me in", after a ghost pause
)

// Click is one press of a follow-through button: who, what, for which
// partnership, when. Clicks count as activity when ghosts are looked for.
type Click struct {
	Group  GroupID
	User   UserID
	Action ClickAction
	At     time.Time
}

// GhostRounds is how many rounds in a row someone may stay silent (no
// click, note, question or answer, and no meeting reported by their group)
// before they are paused and asked whether to keep them in.
const GhostRounds = 3

// Outbox kinds of follow-through.
const (
	OutboxCheckin OutboxKind = "checkin" // a check-in reminder, in a group's DM
	OutboxGhost   OutboxKind = "ghost"   // a DM to someone paused for silence, with "Keep me in"
)
