package tandem

import "fmt"

// ReasonKind names one term of a pair's score.
type ReasonKind string

// The kinds of Reason. Each comment says which fields the kind sets.
const (
	// KindTeaches: A teaches B Skill (TeachPoints).
	KindTeaches ReasonKind = "teaches"
	// KindTandem: A and B each teach the other something (TandemPoints).
	KindTandem ReasonKind = "tandem"
	// KindSameOffice: A and B can meet in person at Location (SameOfficePoints).
	KindSameOffice ReasonKind = "same_office"
	// KindHoursOverlap: A and B share Hours (2 to 8) of working hours
	// (one point per hour).
	KindHoursOverlap ReasonKind = "hours_overlap"
	// KindNoExchange: neither teaches what the other wants to learn
	// (NoExchangePoints).
	KindNoExchange ReasonKind = "no_exchange"
	// KindDifferentOffices: one of them meets only on-site, A is at
	// Location and B at OtherLocation (CannotMeetPoints).
	KindDifferentOffices ReasonKind = "different_offices"
	// KindModeMismatch: A meets only on-site and B only remotely
	// (CannotMeetPoints).
	KindModeMismatch ReasonKind = "mode_mismatch"
	// KindLittleOverlap: A and B share only Hours (0 or 1) of working hours
	// (that many points plus LittleOverlapPoints).
	KindLittleOverlap ReasonKind = "little_overlap"
	// KindRepeat: A and B were in one group RoundsAgo rounds ago; Met says
	// whether that group met (RepeatMetPoints or RepeatUnmetPoints).
	KindRepeat ReasonKind = "repeat"
)

// Reason is one term of the score of a pair in a group: the Points of a
// group's reasons add up to the group's Score. Kind says which other fields
// are set; the Slack edge renders it in its own words. The Points
// constants are documented in package match.
type Reason struct {
	Kind ReasonKind `json:"kind"`
	// A and B are the pair the reason is about. For KindTeaches A is the
	// teacher and B the learner; otherwise A sorts before B.
	A UserID `json:"a"`
	B UserID `json:"b"`
	// Skill is the skill taught (KindTeaches).
	Skill string `json:"skill,omitempty"`
	// Location is the shared office (KindSameOffice) or A's office
	// (KindDifferentOffices), as A wrote it.
	Location string `json:"location,omitempty"`
	// OtherLocation is B's office (KindDifferentOffices).
	OtherLocation string `json:"other_location,omitempty"`
	// Hours is the whole hours of shared working hours
	// (KindHoursOverlap, KindLittleOverlap).
	Hours int `json:"hours,omitempty"`
	// Met and RoundsAgo describe the earlier group (KindRepeat); RoundsAgo
	// is 1 for the previous round.
	Met       bool `json:"met,omitempty"`
	RoundsAgo int  `json:"rounds_ago,omitempty"`
	// Points is what this reason adds to the score (negative for a cost).
	Points int `json:"points"`
}

// String renders r in plain English, for logs and tests.
func (r Reason) String() string {
	switch r.Kind {
	case KindTeaches:
		return fmt.Sprintf("%s teaches %s %s (%+d)", r.A, r.B, r.Skill, r.Points)
	case KindTandem:
		return fmt.Sprintf("%s and %s teach each other: a tandem (%+d)", r.A, r.B, r.Points)
	case KindSameOffice:
		return fmt.Sprintf("%s and %s are both in %s (%+d)", r.A, r.B, r.Location, r.Points)
	case KindHoursOverlap:
		return fmt.Sprintf("%s and %s share %d h of working hours (%+d)", r.A, r.B, r.Hours, r.Points)
	case KindNoExchange:
		return fmt.Sprintf("%s and %s teach nothing the other wants to learn (%+d)", r.A, r.B, r.Points)
	case KindDifferentOffices:
		return fmt.Sprintf("%s (%s) and %s (%s) are in different offices and one meets only on-site (%+d)", r.A, r.Location, r.B, r.OtherLocation, r.Points)
	case KindModeMismatch:
		return fmt.Sprintf("%s meets only on-site and %s only remotely (%+d)", r.A, r.B, r.Points)
	case KindLittleOverlap:
		return fmt.Sprintf("%s and %s share only %d h of working hours (%+d)", r.A, r.B, r.Hours, r.Points)
	case KindRepeat:
		met := "and met"
		if !r.Met {
			met = "but did not meet"
		}
		return fmt.Sprintf("%s and %s were matched %d round(s) ago %s (%+d)", r.A, r.B, r.RoundsAgo, met, r.Points)
	}
	return fmt.Sprintf("%s %s/%s (%+d)", r.Kind, r.A, r.B, r.Points)
}
