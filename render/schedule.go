package render

import (
	"fmt"
	"time"
)

// Firings returns the next n firings of spec in loc after now, fewer if
// the schedule ends or cannot be read.
func (r Renderer) Firings(spec string, loc *time.Location, n int) []time.Time {
	if spec == "" || r.NextRun == nil {
		return nil
	}
	var out []time.Time
	at := r.now()
	for range n {
		t, err := r.NextRun(spec, loc, at)
		if err != nil || t.IsZero() {
			break
		}
		out = append(out, t)
		at = t
	}
	return out
}

// FiringsLine says when spec fires next, three times, in plain words and
// in the program's zone: "Mon 12 Jan 09:00, Mon 19 Jan 09:00 and Mon 26 Jan
// 09:00 (Europe/Berlin)". It is plain text, for hints and confirmations.
func (r Renderer) FiringsLine(spec string, loc *time.Location) string {
	if spec == "" {
		return "off"
	}
	at := r.Firings(spec, loc, 3)
	if len(at) == 0 {
		return "never fires"
	}
	days := make([]string, len(at))
	for i, t := range at {
		days[i] = t.In(loc).Format("Mon 2 Jan 15:04")
	}
	return JoinAnd(days) + " (" + loc.String() + ")"
}

// Cadence says how often spec fires, in plain words: "every week, on
// Monday at 09:00", "every day at 10:00", "every month, on the 1st at
// 09:00", "every 2 hours"; or, for a schedule without a steady rhythm,
// the spec itself in code style.
func (r Renderer) Cadence(spec string, loc *time.Location) string {
	at := r.Firings(spec, loc, 4)
	if len(at) < 3 {
		return "on the schedule `" + Esc(spec) + "`"
	}
	for i := range at {
		at[i] = at[i].In(loc)
	}
	gap := at[1].Sub(at[0])
	steady := true
	for i := 2; i < len(at); i++ {
		if at[i].Sub(at[i-1]) != gap {
			steady = false
		}
	}
	clock := at[0].Format("15:04")
	day := 24 * time.Hour
	switch {
	case steady && gap < day && gap%time.Hour == 0:
		return every(int(gap/time.Hour), "hour")
	case steady && gap < day && gap%time.Minute == 0:
		return every(int(gap/time.Minute), "minute")
	case steady && gap < day:
		return "every " + gap.String()
	case steady && gap == day:
		return "every day at " + clock
	case steady && gap%(7*day) == 0:
		weeks := int(gap / (7 * day))
		every := "every week"
		if weeks > 1 {
			every = fmt.Sprintf("every %d weeks", weeks)
		}
		return fmt.Sprintf("%s, on %s at %s", every, at[0].Weekday(), clock)
	}
	monthly := true
	for i := 1; i < len(at); i++ {
		if at[i].Day() != at[0].Day() || monthsBetween(at[i-1], at[i]) != 1 {
			monthly = false
		}
	}
	if monthly {
		return fmt.Sprintf("every month, on the %s at %s", ordinal(at[0].Day()), clock)
	}
	return "on the schedule `" + Esc(spec) + "`"
}

func every(n int, unit string) string {
	if n == 1 {
		return "every " + unit
	}
	return fmt.Sprintf("every %d %ss", n, unit)
}

func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}
