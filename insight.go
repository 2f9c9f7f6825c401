package tandem

import "time"

// SkillCount is how many people teach and how many want to learn one skill
// (normalised), among the people it was counted over. Counts only.
type SkillCount struct {
	Skill string
	Teach int
	Learn int
}

// RoundFigures are the raw counts of one round for trends, before the
// privacy rule: who took part and what followed until the next round.
// Counts only, never who or what.
type RoundFigures struct {
	Round     RoundID
	StartedAt time.Time
	// Participants are the people the round placed in a group or left out.
	Participants int
	Groups       int
	Met          int // groups that said they met
	MetPeople    int // people in those groups
	Notes        int // notes written in the round's groups
	// Quiz answers to the program's questions given between this round's
	// start and the next one's, by Answerers distinct people.
	Answers, Correct, Answerers int
	// Topics raised (by TopicAuthors people) and votes given (by Voters
	// people) in the program between this round's start and the next one's.
	Topics, TopicAuthors int
	Votes, Voters        int
}

// The outbox kinds of the monthly digest to an admin: its messages (the
// report, the skills view, the trends table) and its chart, sent and
// recorded apart so that a failed upload never repeats the messages.
const (
	OutboxDigest      OutboxKind = "digest"
	OutboxDigestChart OutboxKind = "digest_chart"
)

// ProgramFigures are the raw counts of a program's report, before the
// privacy rule, with the number of distinct people behind each, so the rule
// can be applied to the people a figure describes. Counts only.
type ProgramFigures struct {
	Rounds int
	// The latest round, if Rounds > 0.
	LatestStarted   time.Time
	LatestPlaced    int // people placed in its groups
	LatestGroups    int
	LatestMet       int
	LatestMetPeople int // people in the groups that met
	LatestNotes     int
	LeftAlone       int // left out of it as the only participant
	LeftConstraints int // left out of it by the round's rules (avoid lists, room)

	Notes, NoteAuthors                            int
	Questions, QuestionAuthors                    int
	Answers, Correct, Answerers                   int
	Topics, Urgent, Discussed, Open, TopicAuthors int
	Votes, Voters                                 int
	Ghosts                                        int // people paused now for not answering 3 rounds in a row
}
