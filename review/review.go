// Package review runs spaced review: every quiz question a person answers
// comes back to them on a Leitner ladder, and a program's review schedule
// DMs each person one due question a day, inside their own working hours.
//
// The ladder and the working-hours slot are pure functions of their
// arguments; the job (Runner.Scheduled) asks the store who has a question
// due, works out each person's slot in their own zone, and queues the DMs
// through the outbox with a not-before time, so a restart loses none and
// the sender sends each once. No Slack, no SQL here.
package review

import "time"

// Ladder is how many days a question waits before it comes back, by box:
// a right answer moves it one box up (the last box keeps it), a wrong one
// back to the first. A first answer puts it in the first box, right or
// wrong.
var Ladder = []int{1, 3, 7, 21, 60}

// Next is the ladder as a tandem.ReviewStep: a question in box (-1 for a
// first answer) answered right or wrong at instant at goes to box next and
// is due again then.
func Next(box int, correct bool, at time.Time) (next int, due time.Time) {
	switch {
	case box < 0 || !correct:
		next = 0
	default:
		next = min(box+1, len(Ladder)-1)
	}
	return next, at.AddDate(0, 0, Ladder[next])
}

// Working hours: 09:00 to 17:00, Monday to Friday, in the person's zone.
const (
	DayStart = 9
	DayEnd   = 17
)

// Slot returns the first instant at or after now inside working hours in
// loc: now itself during working hours, else 09:00 of the next working day
// (today's, before 09:00 on a weekday).
func Slot(now time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	t := now.In(loc)
	for range 8 {
		y, m, d := t.Date()
		start := time.Date(y, m, d, DayStart, 0, 0, 0, loc)
		end := time.Date(y, m, d, DayEnd, 0, 0, 0, loc)
		if workday(t.Weekday()) {
			if t.Before(start) {
				return start
			}
			if t.Before(end) {
				return t
			}
		}
		t = time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	}
	return t // unreachable: a week always has a working day
}

// InHours reports whether t falls inside working hours in loc.
func InHours(t time.Time, loc *time.Location) bool {
	return Slot(t, loc).Equal(t)
}

func workday(d time.Weekday) bool { return d != time.Saturday && d != time.Sunday }
