package scheduler

import (
	"time"

	"github.com/robfig/cron/v3"
)

// firing is one scheduled run of a job.
type firing struct {
	at    time.Time // the instant it is due
	local string    // its ledger key: the scheduled wall time in the job's zone
}

func (f firing) isZero() bool { return f.at.IsZero() }

// schedule says when a job fires.
type schedule interface {
	// next returns the first firing strictly after the instant after, or the
	// zero firing if there is none within five years.
	next(after time.Time) firing
}

// localLayout is the ledger key of a cron firing: minutes are the finest
// unit of a five-field spec, and the wall time (not the instant) is what
// makes the repeated 01:30 of a fall-back night one firing.
const localLayout = "2006-01-02T15:04"

// maxWallSteps bounds the walk in cronSchedule.next. Wall times that map to
// instants at or before after occur only inside a repeated (fall-back)
// stretch, at most one per minute of it; a few hours' worth is plenty.
const maxWallSteps = 24 * 60

// cronSchedule walks wall time with robfig's matcher and maps each wall
// time to an instant in loc itself, rather than letting robfig add hours in
// loc, which is what skips spring-forward firings and doubles fall-back ones.
type cronSchedule struct {
	wall *cron.SpecSchedule // Location UTC: a calendar without DST
	loc  *time.Location
}

func (c cronSchedule) next(after time.Time) firing {
	w := wallOf(after.In(c.loc))
	for range maxWallSteps {
		w = c.wall.Next(w)
		if w.IsZero() {
			return firing{}
		}
		// In a repeated hour, after may be the second 01:10 while the next
		// wall time, 01:30, resolves to its first (earlier) occurrence: that
		// one has passed, so keep walking.
		if at := instantOf(w, c.loc); at.After(after) {
			return firing{at: at, local: w.Format(localLayout)}
		}
	}
	return firing{}
}

// everySchedule fires every interval at whole multiples of it since the
// zero time (year 1, UTC): @every 1h at the top of each UTC hour, @every 24h
// at 00:00 UTC. A fixed phase lets restarts and a second process agree on
// the instants, unlike robfig's, which starts when the job is added.
type everySchedule struct {
	every time.Duration
	loc   *time.Location
}

func (e everySchedule) next(after time.Time) firing {
	at := after.Truncate(e.every).Add(e.every)
	// Seconds and offset in the key: several firings can share a minute, and
	// an interval schedule really does fire twice in a repeated hour.
	return firing{at: at, local: at.In(e.loc).Format(time.RFC3339)}
}

// wallOf returns the wall time t shows, as a zone-free time carried in UTC.
func wallOf(t time.Time) time.Time {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, mo, d, h, mi, s, t.Nanosecond(), time.UTC)
}

// instantOf returns the first instant at which clocks in loc show the wall
// time w (carried in UTC). If loc skipped w, as 02:30 on a spring-forward
// day, it returns the instant the clocks jumped past it (03:00 local).
// time.Date does not promise which of two instants it picks in either case.
func instantOf(w time.Time, loc *time.Location) time.Time {
	offsets := offsetsNear(w, loc)
	var first, later time.Time
	for _, off := range offsets {
		t := w.Add(-off)
		switch lw := wallOf(t.In(loc)); {
		case lw.Equal(w):
			if first.IsZero() || t.Before(first) {
				first = t
			}
		case lw.After(w):
			if later.IsZero() || t.Before(later) {
				later = t
			}
		}
	}
	if !first.IsZero() {
		return first
	}
	if later.IsZero() {
		return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, loc)
	}
	// w is in a gap. later lies in the zone period that began at the jump;
	// its start is the jump itself, if the clocks showed less than w just
	// before it.
	start, _ := later.In(loc).ZoneBounds()
	if !start.IsZero() && !start.After(later) && wallOf(start.Add(-time.Nanosecond).In(loc)).Before(w) {
		return start
	}
	return later
}

// offsetsNear returns the distinct UTC offsets loc uses within 30 hours of
// w read as UTC: every offset that can turn w into an instant, since no
// zone is more than 14 hours from UTC.
func offsetsNear(w time.Time, loc *time.Location) []time.Duration {
	var offs []time.Duration
	for k := -5; k <= 5; k++ {
		_, off := w.Add(time.Duration(k) * 6 * time.Hour).In(loc).Zone()
		d := time.Duration(off) * time.Second
		seen := false
		for _, o := range offs {
			seen = seen || o == d
		}
		if !seen {
			offs = append(offs, d)
		}
	}
	return offs
}

// lookbacks are the windows latestDue searches, shortest first, so that a
// frequent schedule is not walked across a long outage. A schedule Check
// accepts fires at least once in the last.
var lookbacks = [...]time.Duration{time.Hour, 25 * time.Hour, 32 * 24 * time.Hour, 367 * 24 * time.Hour}

// latestDue returns the newest firing f of s with after < f.at <= now, and
// the zero firing if there is none.
func latestDue(s schedule, after, now time.Time) firing {
	if !after.Before(now) {
		return firing{}
	}
	for _, back := range lookbacks {
		start := now.Add(-back)
		if !start.After(after) {
			start = after
		}
		var last firing
		for f := s.next(start); !f.isZero() && !f.at.After(now); f = s.next(f.at) {
			last = f
		}
		if !last.isZero() || start.Equal(after) {
			return last
		}
	}
	return firing{}
}
