package tandem

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Program is a Slack channel turned into a learning program. Its members,
// minus bots and paused people, are its participants.
type Program struct {
	Channel      ChannelID
	Name         string // the channel's name without "#", for display
	Match        string // schedule of matching rounds
	Checkin      string // schedule of check-ins; "" for none
	Marketplace  string // schedule of the monthly call for topics; "" for none
	Agenda       string // schedule of the marketplace agenda; "" for none
	Review       string // schedule of spaced-review DMs; "" for none
	Digest       string // schedule of the monthly digest DM to admins; "" for none
	Language     string // language of the channel posts: one of Languages, or "" for the configured one
	GroupSize    int    // 2..MaxGroupSize
	AvoidRepeats int    // rounds within which the same people are not grouped again if avoidable
	Timezone     string // IANA zone in which the schedules run
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Limits of a program's settings.
const (
	MinGroupSize    = 2
	MaxGroupSize    = 8 // a Slack group DM holds at most 8 people
	MaxAvoidRepeats = 52
)

// NewProgram returns a program for channel with the default settings.
func NewProgram(channel ChannelID, timezone string) Program {
	return Program{
		Channel:      channel,
		Match:        "0 9 * * MON",
		Checkin:      "0 9 * * THU",
		Marketplace:  "0 9 1 * *",
		Agenda:       "0 15 8 * *",
		Review:       "0 10 * * *",
		Digest:       DefaultDigest,
		GroupSize:    2,
		AvoidRepeats: 6,
		Timezone:     timezone,
	}
}

// DefaultDigest is the digest schedule of a new program: monthly, on the
// 1st at 09:00.
const DefaultDigest = "0 9 1 * *"

// ProgramKeys lists the settings a program has, as named in the config file
// and in `program set key=value`.
var ProgramKeys = []string{"match", "group_size", "checkin", "marketplace", "agenda", "avoid_repeats", "timezone", "review", "digest", "language"}

// Languages are the languages tandem speaks, by tag (package lang words
// them); a program's channel posts may be set to one.
var Languages = []string{"en", "de"}

// SpecChecker reports whether spec is a schedule that fires in loc. It is
// the scheduler's validation, passed in so the domain stays free of it.
type SpecChecker func(spec string, loc *time.Location) error

// Set changes one setting, named as in ProgramKeys, after checking value.
// On error p is unchanged and the error names the key and the rule.
func (p *Program) Set(key, value string, check SpecChecker) error {
	value = strings.TrimSpace(value)
	switch key {
	case "group_size":
		n, err := strconv.Atoi(value)
		if err != nil || n < MinGroupSize || n > MaxGroupSize {
			return Errorf(EINVALID, "group_size: must be a whole number from %d to %d (a Slack group DM holds at most 8 people); got %q.", MinGroupSize, MaxGroupSize, value)
		}
		p.GroupSize = n
	case "avoid_repeats":
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 || n > MaxAvoidRepeats {
			return Errorf(EINVALID, "avoid_repeats: must be a whole number from 0 to %d; got %q.", MaxAvoidRepeats, value)
		}
		p.AvoidRepeats = n
	case "timezone":
		loc, err := time.LoadLocation(value)
		if err != nil || value == "" || strings.EqualFold(value, "local") {
			return Errorf(EINVALID, "timezone: must be an IANA zone name such as Europe/Berlin or UTC; got %q.", value)
		}
		for _, s := range p.schedules() {
			if *s.spec == "" {
				continue
			}
			if err := checkSpec(check, s.key, *s.spec, loc); err != nil {
				return err
			}
		}
		p.Timezone = value
	case "language":
		value = strings.ToLower(value)
		if value == "auto" || value == "-" {
			value = ""
		}
		if value != "" && !slices.Contains(Languages, value) {
			return Errorf(EINVALID, "language: must be auto, or one of %s; got %q.", strings.Join(Languages, ", "), value)
		}
		p.Language = value
	case "match", "checkin", "marketplace", "agenda", "review", "digest":
		if value == "" || value == "-" || strings.EqualFold(value, "off") {
			if key == "match" {
				return Errorf(EINVALID, "match: needs a schedule, a cron spec such as \"0 9 * * MON\" or @weekly.")
			}
			value = ""
		} else if err := checkSpec(check, key, value, p.location()); err != nil {
			return err
		}
		for _, s := range p.schedules() {
			if s.key == key {
				*s.spec = value
			}
		}
	default:
		return Errorf(EINVALID, "%s: unknown setting; the settings are %s.", key, strings.Join(ProgramKeys, ", "))
	}
	return nil
}

// SetAll applies key=value pairs all or nothing: if one fails, p is unchanged.
func (p *Program) SetAll(pairs map[string]string, check SpecChecker) error {
	next := *p
	keys := make([]string, 0, len(pairs))
	for k := range pairs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	// Apply the timezone first so schedules are checked in the zone they will run in.
	sort.SliceStable(keys, func(i, j int) bool { return keys[i] == "timezone" && keys[j] != "timezone" })
	for _, k := range keys {
		if err := next.Set(k, pairs[k], check); err != nil {
			return err
		}
	}
	*p = next
	return nil
}

// Location returns the program's time zone, UTC if it cannot be loaded.
func (p Program) location() *time.Location {
	loc, err := time.LoadLocation(p.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Location returns the zone the program's schedules run in.
func (p Program) Location() *time.Location { return p.location() }

type namedSpec struct {
	key  string
	spec *string
}

func (p *Program) schedules() []namedSpec {
	return []namedSpec{{"match", &p.Match}, {"checkin", &p.Checkin}, {"marketplace", &p.Marketplace}, {"agenda", &p.Agenda}, {"review", &p.Review}, {"digest", &p.Digest}}
}

func checkSpec(check SpecChecker, key, spec string, loc *time.Location) error {
	if check == nil {
		return nil
	}
	if err := check(spec, loc); err != nil {
		if f, ok := err.(Formatted); ok {
			return Errorf(EINVALID, "%s: %s", key, f) // worded in the reader's language at the edge
		}
		return Errorf(EINVALID, "%s: %s", key, strings.TrimPrefix(ErrorMessageOr(err), key+": "))
	}
	return nil
}

// ErrorMessageOr returns the user-safe message of err if it is an *Error,
// else err's own text. Use it only for errors whose text is known to be safe,
// such as a parser's.
func ErrorMessageOr(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Message
	}
	return err.Error()
}

// String renders the settings as key=value pairs in ProgramKeys order.
func (p Program) String() string {
	lang := p.Language
	if lang == "" {
		lang = "auto"
	}
	return fmt.Sprintf("match=%q group_size=%d checkin=%q marketplace=%q agenda=%q avoid_repeats=%d timezone=%s review=%q digest=%q language=%s",
		p.Match, p.GroupSize, p.Checkin, p.Marketplace, p.Agenda, p.AvoidRepeats, p.Timezone, p.Review, p.Digest, lang)
}
