// Package scheduler runs jobs on cron schedules, exactly once per scheduled
// minute, across restarts and daylight-saving changes. It knows no domain:
// a job is a key, a spec, a zone and a func.
//
// robfig/cron only parses specs; this package decides when to fire, because
// robfig's own runner skips a spring-forward firing, fires twice in a
// fall-back hour, never catches up on a firing missed while the process was
// down, panics on some input (TZ=0) and has no panic recovery (each of
// these is a test in this package). Instead:
//
//   - Schedules are computed in wall-clock terms per zone: a local time that
//     does not exist (02:30 on a spring-forward day) fires once when the
//     clocks jump past it; a repeated local time (01:30 on a fall-back day)
//     fires once, at its first occurrence.
//   - Every firing is claimed in a Ledger under (job key, scheduled local
//     wall time) before the job runs, so a second firing of the same minute,
//     from this process or another, is a no-op, and a restart knows what it
//     missed.
//   - At start, a firing missed while the process was down runs once if it is
//     no older than the grace window, and is logged and recorded as skipped
//     otherwise.
//   - Every run is guarded: a panic is recovered, logged and recorded as a
//     failure, and a job still running when its next firing comes is not
//     started twice.
//
// Time comes from a Clock, so tests run on a fake clock without sleeping.
package scheduler
