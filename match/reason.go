package match

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/tandem-dev/tandem"
)

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

// kindRank orders reasons for display: what brought people together first,
// what counted against them last.
var kindRank = map[ReasonKind]int{
	KindTeaches:          0,
	KindTandem:           1,
	KindSameOffice:       2,
	KindHoursOverlap:     3,
	KindNoExchange:       4,
	KindDifferentOffices: 5,
	KindModeMismatch:     6,
	KindLittleOverlap:    7,
	KindRepeat:           8,
}

// Reason is one term of the score of a pair in a group: the Points of a
// group's reasons add up to the group's Score. Kind says which other fields
// are set; the bot renders it in its own words.
type Reason struct {
	Kind ReasonKind `json:"kind"`
	// A and B are the pair the reason is about. For KindTeaches A is the
	// teacher and B the learner; otherwise A sorts before B.
	A tandem.UserID `json:"a"`
	B tandem.UserID `json:"b"`
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

// explain returns the reasons behind the score of the pair (i, j).
func (pr *problem) explain(i, j int32) []Reason {
	if pr.ids[j] < pr.ids[i] {
		i, j = j, i
	}
	a, b := &pr.ps[i], &pr.ps[j]
	ida, idb := pr.ids[i], pr.ids[j]
	var out []Reason
	teaches := func(t, l *person, from, to tandem.UserID) int {
		n := 0
		x, y := 0, 0
		for x < len(t.teach) && y < len(l.learn) && n < TeachCap {
			switch {
			case t.teach[x] < l.learn[y]:
				x++
			case t.teach[x] > l.learn[y]:
				y++
			default:
				out = append(out, Reason{Kind: KindTeaches, A: from, B: to, Skill: pr.skl[t.teach[x]], Points: TeachPoints})
				n++
				x++
				y++
			}
		}
		return n
	}
	ab := teaches(a, b, ida, idb)
	ba := teaches(b, a, idb, ida)
	switch {
	case ab > 0 && ba > 0:
		out = append(out, Reason{Kind: KindTandem, A: ida, B: idb, Points: TandemPoints})
	case ab == 0 && ba == 0:
		out = append(out, Reason{Kind: KindNoExchange, A: ida, B: idb, Points: NoExchangePoints})
	}
	pa, pb := &pr.in.People[pr.src[i]], &pr.in.People[pr.src[j]]
	switch meetingOf(a, b) {
	case meetSameOffice:
		out = append(out, Reason{Kind: KindSameOffice, A: ida, B: idb, Location: strings.TrimSpace(pa.Location), Points: SameOfficePoints})
	case meetDifferentOffices:
		out = append(out, Reason{Kind: KindDifferentOffices, A: ida, B: idb, Location: strings.TrimSpace(pa.Location), OtherLocation: strings.TrimSpace(pb.Location), Points: CannotMeetPoints})
	case meetModeMismatch:
		r := Reason{Kind: KindModeMismatch, A: ida, B: idb, Points: CannotMeetPoints}
		if a.mode == modeRemote {
			r.A, r.B = idb, ida
		}
		out = append(out, r)
	}
	if a.knownTZ && b.knownTZ {
		m := overlapMinutes(int(a.offset), int(b.offset))
		if m < MinOverlapHours*60 {
			out = append(out, Reason{Kind: KindLittleOverlap, A: ida, B: idb, Hours: m / 60, Points: m/60 + LittleOverlapPoints})
		} else {
			out = append(out, Reason{Kind: KindHoursOverlap, A: ida, B: idb, Hours: m / 60, Points: m / 60})
		}
	}
	if r := pr.repeatOf(i, j); r.points != 0 {
		out = append(out, Reason{Kind: KindRepeat, A: ida, B: idb, Met: r.met, RoundsAgo: int(r.roundsAgo), Points: int(r.points)})
	}
	return out
}

// sortReasons orders reasons by kind, then by the people and skill.
func sortReasons(rs []Reason) {
	slices.SortStableFunc(rs, func(x, y Reason) int {
		return cmp.Or(
			cmp.Compare(kindRank[x.Kind], kindRank[y.Kind]),
			cmp.Compare(x.A, y.A),
			cmp.Compare(x.B, y.B),
			cmp.Compare(x.Skill, y.Skill),
		)
	})
}
