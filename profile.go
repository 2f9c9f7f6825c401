package tandem

import (
	"strings"
	"time"
)

// Mode says where a person can meet partners.
type Mode string

// The modes a profile can have.
const (
	ModeAny    Mode = "any"    // on-site or remote, whichever fits
	ModeOnsite Mode = "onsite" // in person only, at Location
	ModeRemote Mode = "remote" // video calls only
)

// ParseMode returns the Mode named by s (case-insensitive), or an EINVALID error.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case ModeAny, ModeOnsite, ModeRemote:
		return m, nil
	case "on-site", "office":
		return ModeOnsite, nil
	}
	return "", Errorf(EINVALID, "%q is not a mode. Use `onsite`, `remote` or `any`.", s)
}

// Profile is what one person told tandem about themselves.
type Profile struct {
	User     UserID
	Teach    []string // normalised skills, see NormalizeSkill
	Learn    []string
	Mode     Mode
	Location string // free text such as "Berlin"; compared case-insensitively
	TZ       string // IANA zone name from Slack, "" if unknown
	// PausedUntil is the instant at which a paused person takes part again.
	// The zero time means not paused; Forever means paused until `resume`.
	PausedUntil time.Time
	// Avoid lists the people this person must never be grouped with. It is
	// private: only its owner and the matcher see it.
	Avoid     []UserID
	UpdatedAt time.Time
}

// Forever is the PausedUntil of someone paused without an end date.
var Forever = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// Paused reports whether p is paused at instant now.
func (p Profile) Paused(now time.Time) bool {
	return !p.PausedUntil.IsZero() && now.Before(p.PausedUntil)
}
