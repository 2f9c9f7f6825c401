package scheduler

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	ny := mustZone(t, "America/New_York")
	good := []string{
		"0 9 * * MON",
		"*/15 9-17 * * 1-5",
		"  0   9 * * THU ",
		"0 9 1 * *",
		"0 15 8 * *",
		"0 9 31 * *",      // months without a 31st are skipped, the others fire
		"0 0 29 2,3 *",    // Mar 29 fires every year
		"0 9 29 2 MON",    // day and weekday both set: either matches
		"30 2 * * *",      // skipped on spring-forward day, run at 03:00 instead
		"0 9 ? * SUN",     // ? is *
		"@weekly",         //
		"@Daily",          // descriptors are case-insensitive
		"@every 10s",      //
		"@EVERY 1H30M",    //
		"@every 8784h",    // 366 days: the longest
		"0 0 1 JAN-DEC *", //
	}
	for _, spec := range good {
		for _, loc := range []*time.Location{nil, time.UTC, ny} {
			if err := Check(spec, loc); err != nil {
				t.Errorf("Check(%q, %v) = %v; want nil", spec, loc, err)
			}
		}
	}

	bad := []struct{ spec, want string }{
		{"", "the schedule is empty"},
		{"   ", "the schedule is empty"},
		{"TZ=0", "names its own time zone"},
		{"TZ=", "names its own time zone"},
		{"CRON_TZ=UTC", "names its own time zone"},
		{"CRON_TZ=UTC 0 9 * * *", "leave out TZ= or CRON_TZ= and set the program's timezone"},
		{"tz=Europe/Berlin 0 9 * * *", "names its own time zone"},
		{"0 9 * * * TZ=UTC", "names its own time zone"},
		{"0 9 31 2 *", `never fires: Feb 31 does not exist. Pick a day every chosen month has, such as "0 9 28 2 *"`},
		{"0 9 30,31 2 *", "Feb 30, Feb 31 do not exist"},
		{"0 9 31 2,4,6,9 *", "Feb 31, Apr 31, Jun 31, … do not exist"},
		{"0 9 29 2 *", `fires only on Feb 29, once in four years; type "0 9 28 2 *" instead`},
		{"* * *", `has 3 fields, but a cron spec has 5`},
		{"garbage", `"garbage" has 1 field, but a cron spec has 5`},
		{"0 9 * * * *", "has 6 fields"},
		{"0 0 9 * * MON", "has 6 fields"},
		{"@every 0s", `too often: the shortest interval is "@every 1s"`},
		{"@every 500ms", "too often"},
		{"@every -1h", "too often"},
		{"@every 1.5s", `use whole seconds, such as "@every 2s"`},
		{"@every 8785h", "fires less than once a year"},
		{"@every 9999999999999h", "write the interval like 45s, 10m or 1h30m"},
		{"@every 10 minutes", "write the interval like"},
		{"@every", "is not a schedule; use @hourly"},
		{"@fortnightly", "is not a schedule; use @hourly"},
		{"@weekly 0", "is not a schedule; use @hourly"},
		{"61 9 * * *", `the minute "61" must be 0-59`},
		{"0 24 * * *", `the hour "24" must be 0-23`},
		{"0 9 0 * *", `the day of month "0" must be 1-31`},
		{"0 9 * 13 *", `the month "13" must be 1-12 or JAN-DEC`},
		{"0 9 * * 7", `the day of week "7" must be 0-6 or SUN-SAT (0 is Sunday)`},
		{"0 9 * * FUNDAY", "the day of week"},
		{"99999999999999999999 * * * *", "the minute"},
		{"0 9 1-99999999999999 * *", "the day of month"},
		{"0 9 * * 1-2-3", "the day of week"},
		{"*/0 * * * *", "the minute"},
		{"*/9223372036854775807 * * * *", ""}, // a huge step is just one value: accepted below
		{", * * * *", "the minute"},
		{"5/ * * * *", "the minute"},
		{"- * * * *", "the minute"},
		{"0 9 * * MON\x00", "the day of week"},
		{strings.Repeat("1 ", 60), "longer than 100 characters"},
	}
	for _, tc := range bad {
		err := Check(tc.spec, ny)
		if tc.want == "" {
			if err != nil {
				t.Errorf("Check(%q) = %v; want nil", tc.spec, err)
			}
			continue
		}
		var se *SpecError
		if !errors.As(err, &se) {
			t.Errorf("Check(%q) = %v (%T); want a *SpecError", tc.spec, err, err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, tc.want) || len(msg) > 300 {
			t.Errorf("Check(%q) = %q; want it to contain %q, under 300 characters", tc.spec, msg, tc.want)
		}
	}
}

// FuzzCheck feeds Check arbitrary text: it must never panic, must refuse
// with a short *SpecError, and whatever it accepts must fire within a year
// from any instant, in a zone with DST.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"0 9 * * MON", "TZ=0", "CRON_TZ=UTC 0 9 * * *", "@every 1s", "0 9 31 2 *", "*/7 1-5 1,15 */2 SUN"} {
		f.Add(s)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		f.Fatal(err)
	}
	from := []time.Time{
		time.Date(2025, 3, 9, 6, 59, 0, 0, time.UTC),  // just before spring forward in New York
		time.Date(2025, 11, 2, 5, 45, 0, 0, time.UTC), // inside the repeated hour
		time.Date(2027, 12, 31, 23, 59, 59, 0, time.UTC),
	}
	f.Fuzz(func(t *testing.T, spec string) {
		err := Check(spec, ny)
		if err != nil {
			var se *SpecError
			if !errors.As(err, &se) || se.Error() == "" || len(se.Error()) > 400 {
				t.Fatalf("Check(%q) = %q (%T); want a short *SpecError", spec, err, err)
			}
			return
		}
		for _, after := range from {
			next, err := Next(spec, ny, after)
			if err != nil {
				t.Fatalf("Next(%q) = %v after Check accepted it", spec, err)
			}
			if !next.After(after) || next.Sub(after) > maxEvery+time.Hour {
				t.Fatalf("Next(%q, %v) = %v; want within a year after", spec, after, next)
			}
		}
	})
}

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
