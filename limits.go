package tandem

// Limits on what a person may type into one field. A longer text is refused
// at input with the limit named (and, for a command, the text given back),
// so nothing typed is lost and no stored text can break a message others
// share. MaxSkillLen and MaxSkills (skill.go) limit skill lists.
const (
	MaxNoteLen     = 10000
	MaxTopicLen    = 1000
	MaxLocationLen = 100
	MaxQuestionLen = 500
	MaxOptionLen   = 200
	MaxPauseWeeks  = 52
	// MaxAvoid is how many people one avoid list may name.
	MaxAvoid = 50
)
