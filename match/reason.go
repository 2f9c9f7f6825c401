package match

import (
	"cmp"
	"slices"
	"strings"

	"github.com/tandem-dev/tandem"
)

// ReasonKind names one term of a pair's score; see tandem.ReasonKind.
type ReasonKind = tandem.ReasonKind

// Reason is one term of the score of a pair in a group; see tandem.Reason.
type Reason = tandem.Reason

// The kinds of Reason, as in the domain.
const (
	KindTeaches          = tandem.KindTeaches
	KindTandem           = tandem.KindTandem
	KindSameOffice       = tandem.KindSameOffice
	KindHoursOverlap     = tandem.KindHoursOverlap
	KindNoExchange       = tandem.KindNoExchange
	KindDifferentOffices = tandem.KindDifferentOffices
	KindModeMismatch     = tandem.KindModeMismatch
	KindLittleOverlap    = tandem.KindLittleOverlap
	KindRepeat           = tandem.KindRepeat
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
