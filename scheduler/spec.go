package scheduler

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/robfig/cron/v3"
)

// SpecError is a schedule that Check refused. Its Error text is one or two
// short sentences, safe to show to the admin who typed the spec, that say
// what is wrong and what to type instead.
type SpecError struct {
	Spec   string // the spec as given
	Reason string // the user-safe explanation
	// Format and Args are what Reason was made of, so that the Slack edge
	// can word it in the reader's language (package lang).
	Format string
	Args   []any
}

func (e *SpecError) Error() string { return e.Reason }

// Formatted returns the printf format and arguments of the explanation.
func (e *SpecError) Formatted() (string, []any) { return e.Format, e.Args }

// Limits on specs.
const (
	maxSpecLen = 100                  // longer is a paste accident, and would flood the error text
	minEvery   = time.Second          // robfig silently turns @every 500ms into 1s; we refuse instead
	maxEvery   = 366 * 24 * time.Hour // longer never fires within a year
)

// starBit marks a field given as * or ?; robfig keeps it unexported. It
// matters because a day-of-month and a day-of-week that are both restricted
// match when either does.
const starBit = 1 << 63

// parser reads the five standard fields and the @descriptors. A Parser is
// an immutable value, so sharing one is safe.
var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

var descriptors = map[string]bool{
	"@yearly": true, "@annually": true, "@monthly": true, "@weekly": true,
	"@daily": true, "@midnight": true, "@hourly": true,
}

const example = `type a cron spec such as "0 9 * * MON" (minute hour day month weekday) or @weekly`

// Check reports whether spec is a schedule the scheduler can run in loc (UTC
// if loc is nil): five cron fields, a descriptor such as @weekly, or
// @every with a whole number of seconds from 1s to 366 days. It refuses a
// spec that names its own zone (TZ=, CRON_TZ=: the zone comes from the
// program), and one that never fires, or fires only on Feb 29. It never
// panics; every error is a *SpecError. Check matches tandem.SpecChecker.
func Check(spec string, loc *time.Location) error {
	_, err := parse(spec, loc)
	return err
}

// Next returns the first firing of spec in loc strictly after the instant
// after, or Check's error. Use it to show when a schedule fires next.
func Next(spec string, loc *time.Location, after time.Time) (time.Time, error) {
	s, err := parse(spec, loc)
	if err != nil {
		return time.Time{}, err
	}
	return s.next(after).at, nil
}

// parse turns spec into a schedule in loc. robfig's parser panics on some
// inputs (TZ=0); those are refused before it sees them, and the recover is
// the second line of defence.
func parse(spec string, loc *time.Location) (s schedule, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, refuse(spec, "%s is not a schedule tandem can read; "+example+".", quote(spec))
		}
	}()
	if loc == nil {
		loc = time.UTC
	}
	norm := strings.Join(strings.Fields(spec), " ")
	upper := strings.ToUpper(norm)
	switch {
	case norm == "":
		return nil, refuse(spec, "the schedule is empty; "+example+".")
	case len(norm) > maxSpecLen:
		return nil, refuse(spec, "the schedule is longer than %d characters; "+example+".", maxSpecLen)
	case strings.Contains(upper, "TZ="):
		return nil, refuse(spec, "%s names its own time zone; leave out TZ= or CRON_TZ= and set the program's timezone instead, e.g. timezone=Europe/Berlin.", quote(spec))
	case strings.HasPrefix(norm, "@"):
		return parseDescriptor(spec, strings.ToLower(norm), loc)
	}
	return parseCron(spec, norm, loc)
}

func parseDescriptor(spec, norm string, loc *time.Location) (schedule, error) {
	if rest, ok := strings.CutPrefix(norm, "@every "); ok {
		return parseEvery(spec, rest, loc)
	}
	if !descriptors[norm] {
		return nil, refuse(spec, "%s is not a schedule; use @hourly, @daily, @weekly, @monthly, @yearly, @every 30m or a cron spec such as \"0 9 * * MON\".", quote(spec))
	}
	parsed, err := parser.Parse(norm)
	if err != nil {
		return nil, refuse(spec, "%s is not a schedule; "+example+".", quote(spec))
	}
	return newCronSchedule(spec, parsed, loc)
}

func parseEvery(spec, interval string, loc *time.Location) (schedule, error) {
	d, err := time.ParseDuration(interval)
	switch {
	case err != nil:
		return nil, refuse(spec, "%s: write the interval like 45s, 10m or 1h30m, e.g. \"@every 10m\".", quote(spec))
	case d < minEvery:
		return nil, refuse(spec, "%s is too often: the shortest interval is \"@every 1s\".", quote(spec))
	case d%time.Second != 0:
		return nil, refuse(spec, "%s: use whole seconds, such as \"@every %s\".", quote(spec), d.Truncate(time.Second)+time.Second)
	case d > maxEvery:
		return nil, refuse(spec, "%s fires less than once a year; for a yearly run type \"0 9 1 1 *\".", quote(spec))
	}
	return everySchedule{every: d, loc: loc}, nil
}

func parseCron(spec, norm string, loc *time.Location) (schedule, error) {
	fields := strings.Fields(norm)
	if len(fields) != 5 {
		if len(fields) == 1 {
			return nil, refuse(spec, "%s has 1 field, but a cron spec has 5: minute hour day month weekday, such as \"0 9 * * MON\".", quote(spec))
		}
		return nil, refuse(spec, "%s has %d fields, but a cron spec has 5: minute hour day month weekday, such as \"0 9 * * MON\".", quote(spec), len(fields))
	}
	// Parse each field alone, so the error names the field that is wrong.
	for i, f := range fields {
		probe := []string{"*", "*", "*", "*", "*"}
		probe[i] = f
		parsed, err := parser.Parse(strings.Join(probe, " "))
		if err == nil {
			if ss, ok := parsed.(*cron.SpecSchedule); ok && fieldBits(ss, i)&^starBit != 0 {
				continue
			}
		}
		// A field of only commas parses to no values at all and would never
		// match, so it is refused here too.
		return nil, fieldError(spec, i, clipQuote(f, 16))
	}
	parsed, err := parser.Parse(norm)
	if err != nil {
		return nil, refuse(spec, "%s is not a schedule; "+example+".", quote(spec))
	}
	return newCronSchedule(spec, parsed, loc)
}

// newCronSchedule wraps a parsed spec, refusing one that never fires in a
// common year. The check runs on wall time, so it holds in every zone.
func newCronSchedule(spec string, parsed cron.Schedule, loc *time.Location) (schedule, error) {
	ss, ok := parsed.(*cron.SpecSchedule)
	if !ok {
		return nil, refuse(spec, "%s is not a schedule; "+example+".", quote(spec))
	}
	wall := *ss
	wall.Location = time.UTC // UTC has no DST: robfig's Next then walks pure wall time
	// 2025 is a common year: a spec that fires on any date but Feb 29 fires
	// in it, and robfig looks five years ahead, past the next leap day.
	ref := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	first := wall.Next(ref.Add(-time.Second))
	fields := strings.Fields(strings.Join(strings.Fields(spec), " "))
	suggest := ""
	if len(fields) == 5 {
		fields[2] = "28"
		suggest = strings.Join(fields, " ")
	}
	switch {
	case first.IsZero():
		missing := missingDates(ss)
		switch {
		case len(missing) == 0 || suggest == "":
			return nil, refuse(spec, "%s never fires; "+example+".", quote(spec))
		case len(missing) == 1:
			return nil, refuse(spec, "%s never fires: %s does not exist. Pick a day every chosen month has, such as %q.", quote(spec), missing[0], suggest)
		}
		return nil, refuse(spec, "%s never fires: %s do not exist. Pick a day every chosen month has, such as %q.", quote(spec), strings.Join(missing, ", "), suggest)
	case first.Year() > ref.Year():
		if suggest == "" {
			return nil, refuse(spec, "%s fires only once in four years; "+example+".", quote(spec))
		}
		return nil, refuse(spec, "%s fires only on Feb 29, once in four years; type %q instead.", quote(spec), suggest)
	}
	return cronSchedule{wall: &wall, loc: loc}, nil
}

// missingDates lists the month-day pairs of ss that no calendar has,
// such as "Feb 30", "Feb 31": at most three, then "…".
func missingDates(ss *cron.SpecSchedule) []string {
	var missing []string
	for m := time.January; m <= time.December; m++ {
		if ss.Month&(1<<uint(m)) == 0 {
			continue
		}
		// Days in month m of a leap year: the most it ever has.
		days := time.Date(2024, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
		for d := days + 1; d <= 31; d++ {
			if ss.Dom&(1<<uint(d)) != 0 {
				missing = append(missing, fmt.Sprintf("%s %d", m.String()[:3], d))
			}
		}
	}
	if len(missing) > 3 {
		missing = append(missing[:3], "…")
	}
	return missing
}

// fieldError refuses field i of a cron spec, f as typed (quoted): each
// field's sentence names it and its values.
func fieldError(spec string, i int, f string) *SpecError {
	const forms = ", a range (1-5), a list (1,15) or a step (*/15)."
	switch i {
	case 0:
		return refuse(spec, "%s: the minute %s must be 0-59"+forms, quote(spec), f)
	case 1:
		return refuse(spec, "%s: the hour %s must be 0-23"+forms, quote(spec), f)
	case 2:
		return refuse(spec, "%s: the day of month %s must be 1-31"+forms, quote(spec), f)
	case 3:
		return refuse(spec, "%s: the month %s must be 1-12 or JAN-DEC"+forms, quote(spec), f)
	}
	return refuse(spec, "%s: the day of week %s must be 0-6 or SUN-SAT (0 is Sunday)"+forms, quote(spec), f)
}

func fieldBits(ss *cron.SpecSchedule, i int) uint64 {
	return [5]uint64{ss.Minute, ss.Hour, ss.Dom, ss.Month, ss.Dow}[i]
}

func refuse(spec, format string, args ...any) *SpecError {
	return &SpecError{Spec: spec, Reason: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// quote renders the spec for an error text: trimmed, cut to 40 characters,
// quoted so that stray characters are visible.
func quote(spec string) string {
	return clipQuote(strings.Join(strings.Fields(spec), " "), 40)
}

// clipQuote cuts s to n characters and quotes it, first replacing what
// cannot be printed with "?", so the text stays short and readable
// whatever bytes were typed (%q alone would spell each one out as \xNN).
func clipQuote(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return '?'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > n {
		s = string(r[:n]) + "…"
	}
	return fmt.Sprintf("%q", s)
}
