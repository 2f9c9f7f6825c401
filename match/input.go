package match

import (
	"strings"
	"time"

	"github.com/tandem-dev/tandem"
)

// Person is one participant of a round as the matcher sees them.
type Person struct {
	ID tandem.UserID
	// Teach and Learn are skill names. The matcher normalises them again
	// with tandem.NormalizeSkill, so "Go" and "golang" count as one skill,
	// and ignores duplicates.
	Teach, Learn []string
	// Mode says how the person can meet. An empty or unknown mode counts as
	// tandem.ModeAny.
	Mode tandem.Mode
	// Location is the office, compared case-insensitively after trimming
	// spaces; "" means unknown.
	Location string
	// UTCOffset is the offset from UTC in minutes east (Berlin in winter:
	// 60) in effect on the round's day. It is ignored unless KnownTZ.
	UTCOffset int
	// KnownTZ says whether UTCOffset is known. Without it the pair gets no
	// working-hours points and no penalty.
	KnownTZ bool
	// Avoid lists people this person must never be grouped with. The rule is
	// symmetric: it is enough that one of two people lists the other.
	Avoid []tandem.UserID
}

// PersonFromProfile returns the Person for profile p on the day of at. The
// caller loads loc from p.TZ (time.LoadLocation, which reads the zone
// database); a nil loc means the zone is unknown. The offset is the one in
// effect at noon of that local day, so a daylight-saving change during the
// night does not matter.
func PersonFromProfile(p tandem.Profile, loc *time.Location, at time.Time) Person {
	out := Person{
		ID:       p.User,
		Teach:    p.Teach,
		Learn:    p.Learn,
		Mode:     p.Mode,
		Location: strings.TrimSpace(p.Location),
		Avoid:    p.Avoid,
	}
	if loc != nil {
		local := at.In(loc)
		noon := time.Date(local.Year(), local.Month(), local.Day(), 12, 0, 0, 0, loc)
		_, secs := noon.Zone()
		out.UTCOffset, out.KnownTZ = secs/60, true
	}
	return out
}

// Input is everything one round is computed from.
type Input struct {
	// People are the participants: the program's members minus bots, the
	// app itself and paused people, which the caller filters out. Their
	// order does not matter.
	People []Person
	// GroupSize is the program's group size, tandem.MinGroupSize (2) to
	// tandem.MaxGroupSize (8).
	GroupSize int
	// History holds the groups of earlier rounds of the program. Only those
	// with 1 <= RoundsAgo <= AvoidRepeats and at most 16 members count;
	// members no longer taking part are ignored.
	History []tandem.PastGroup
	// AvoidRepeats is the program's repeat-avoidance window in rounds; 0
	// turns repeat avoidance off.
	AvoidRepeats int
	// Seed breaks ties between equally good groupings. Log it: the same
	// Input with the same Seed gives the same Result.
	Seed int64
}

// MaxPeople is the largest number of participants Round accepts. Scoring
// looks at every pair, so this bounds the work of one round to minutes
// rather than hours; it also keeps every internal sum far from overflowing.
const MaxPeople = 100_000

// maxOffset bounds UTCOffset: real zones lie within -12 h and +14 h.
const maxOffset = 24 * 60

// validate reports the first problem with in, as an EINVALID error whose
// message names the field, or nil.
func (in *Input) validate() error {
	if in.GroupSize < tandem.MinGroupSize || in.GroupSize > tandem.MaxGroupSize {
		return tandem.Errorf(tandem.EINVALID, "group_size: must be from %d to %d; got %d.", tandem.MinGroupSize, tandem.MaxGroupSize, in.GroupSize)
	}
	if in.AvoidRepeats < 0 {
		return tandem.Errorf(tandem.EINVALID, "avoid_repeats: must not be negative; got %d.", in.AvoidRepeats)
	}
	if len(in.People) > MaxPeople {
		return tandem.Errorf(tandem.EINVALID, "A round can match at most %d people; this one has %d.", MaxPeople, len(in.People))
	}
	seen := make(map[tandem.UserID]bool, len(in.People))
	for i, p := range in.People {
		if p.ID == "" {
			return tandem.Errorf(tandem.EINVALID, "Participant %d has no user ID.", i+1)
		}
		if seen[p.ID] {
			return tandem.Errorf(tandem.EINVALID, "Participant %s appears more than once.", p.ID)
		}
		seen[p.ID] = true
		if p.KnownTZ && (p.UTCOffset <= -maxOffset || p.UTCOffset >= maxOffset) {
			return tandem.Errorf(tandem.EINVALID, "Participant %s has a UTC offset of %d minutes; it must lie within a day.", p.ID, p.UTCOffset)
		}
	}
	return nil
}
