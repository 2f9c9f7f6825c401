package render

import (
	"strings"
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
// in the program's zone: "Mon 12 Jan, 09:00, Mon 19 Jan, 09:00 and Mon 26
// Jan, 09:00 (Europe/Berlin)". It is plain text, for hints and
// confirmations.
func (r Renderer) FiringsLine(spec string, loc *time.Location) string {
	if spec == "" {
		return r.T("schedule.off")
	}
	at := r.Firings(spec, loc, 3)
	if len(at) == 0 {
		return r.T("schedule.never")
	}
	days := make([]string, len(at))
	for i, t := range at {
		days[i] = r.Lang.DayTime(t.In(loc))
	}
	return strings.Join(days, "; ") + " (" + loc.String() + ")"
}

// Cadence says how often spec fires, in plain words: "every week, on
// Monday at 09:00", "every day at 10:00", "every month, on the 1st at
// 09:00", "every 2 hours"; or, for a schedule without a steady rhythm,
// the spec itself in code style.
func (r Renderer) Cadence(spec string, loc *time.Location) string {
	at := r.Firings(spec, loc, 4)
	if len(at) < 3 {
		return r.T("schedule.spec", "Spec", Esc(spec))
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
	clock := r.Lang.Clock(at[0])
	day := 24 * time.Hour
	switch {
	case steady && gap < day && gap%time.Hour == 0:
		return r.N("schedule.every_hours", int(gap/time.Hour))
	case steady && gap < day && gap%time.Minute == 0:
		return r.N("schedule.every_minutes", int(gap/time.Minute))
	case steady && gap < day:
		return r.T("schedule.every_gap", "Gap", gap.String())
	case steady && gap == day:
		return r.T("schedule.every_day", "Clock", clock)
	case steady && gap%(7*day) == 0:
		return r.N("schedule.every_weeks", int(gap/(7*day)), "Weekday", r.Lang.Weekday(at[0].Weekday()), "Clock", clock)
	}
	monthly := true
	for i := 1; i < len(at); i++ {
		if at[i].Day() != at[0].Day() || monthsBetween(at[i-1], at[i]) != 1 {
			monthly = false
		}
	}
	if monthly {
		return r.T("schedule.every_month", "Day", r.Lang.Ordinal(at[0].Day()), "Clock", clock)
	}
	return r.T("schedule.spec", "Spec", Esc(spec))
}

func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}
