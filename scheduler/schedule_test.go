package scheduler

import (
	"testing"
	"time"
)

func TestNextAcrossDST(t *testing.T) {
	t.Parallel()
	utc := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name, zone, spec, after, want, local string
	}{
		{"spring forward: skipped 02:30 runs when clocks jump to 03:00", "America/New_York", "30 2 * * *",
			"2025-03-08T17:00:00Z", "2025-03-09T07:00:00Z", "2025-03-09T02:30"},
		{"spring forward: next day is back at 02:30", "America/New_York", "30 2 * * *",
			"2025-03-09T07:00:00Z", "2025-03-10T06:30:00Z", "2025-03-10T02:30"},
		{"spring forward: several skipped times fire once", "America/New_York", "*/15 2 * * *",
			"2025-03-09T07:00:00Z", "2025-03-10T06:00:00Z", "2025-03-10T02:00"},
		{"fall back: repeated 01:30 is its first occurrence (EDT)", "America/New_York", "30 1 * * *",
			"2025-11-01T17:00:00Z", "2025-11-02T05:30:00Z", "2025-11-02T01:30"},
		{"fall back: not again at 01:30 EST", "America/New_York", "30 1 * * *",
			"2025-11-02T05:30:00Z", "2025-11-03T06:30:00Z", "2025-11-03T01:30"},
		{"fall back: from inside the repeated hour", "America/New_York", "30 1 * * *",
			"2025-11-02T06:10:00Z", "2025-11-03T06:30:00Z", "2025-11-03T01:30"},
		{"fall back: 02:30 exists once", "America/New_York", "30 2 * * *",
			"2025-11-01T17:00:00Z", "2025-11-02T07:30:00Z", "2025-11-02T02:30"},
		{"fall back: half-hourly skips the repeated hour", "America/New_York", "*/30 * * * *",
			"2025-11-02T05:30:00Z", "2025-11-02T07:00:00Z", "2025-11-02T02:00"},
		{"weekly stays at 09:00 EST before spring forward", "America/New_York", "0 9 * * MON",
			"2025-03-01T00:00:00Z", "2025-03-03T14:00:00Z", "2025-03-03T09:00"},
		{"weekly stays at 09:00 EDT after spring forward", "America/New_York", "0 9 * * MON",
			"2025-03-04T00:00:00Z", "2025-03-10T13:00:00Z", "2025-03-10T09:00"},
		{"weekly stays at 09:00 EST after fall back", "America/New_York", "0 9 * * MON",
			"2025-10-28T00:00:00Z", "2025-11-03T14:00:00Z", "2025-11-03T09:00"},
		{"Berlin spring forward", "Europe/Berlin", "30 2 * * *",
			"2025-03-29T12:00:00Z", "2025-03-30T01:00:00Z", "2025-03-30T02:30"},
		{"Lord Howe's half-hour jump", "Australia/Lord_Howe", "15 2 * * *",
			"2025-10-04T00:00:00Z", "2025-10-04T15:30:00Z", "2025-10-05T02:15"},
		{"UTC has no surprises", "UTC", "0 9 1 * *",
			"2025-01-01T09:00:00Z", "2025-02-01T09:00:00Z", "2025-02-01T09:00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			loc := mustZone(t, tc.zone)
			s, err := parse(tc.spec, loc)
			if err != nil {
				t.Fatal(err)
			}
			got := s.next(utc(tc.after))
			if want := utc(tc.want); !got.at.Equal(want) || got.local != tc.local {
				t.Fatalf("next(%s) = %s (%s) %q; want %s (%s) %q", tc.after,
					got.at.UTC().Format(time.RFC3339), got.at.In(loc).Format(time.RFC3339), got.local,
					tc.want, want.In(loc).Format(time.RFC3339), tc.local)
			}
		})
	}
}

func TestEveryHasAFixedPhaseAndDistinctKeys(t *testing.T) {
	t.Parallel()
	ny := mustZone(t, "America/New_York")
	s, err := parse("@every 10s", ny)
	if err != nil {
		t.Fatal(err)
	}
	after := time.Date(2025, 1, 1, 0, 0, 3, 500e6, time.UTC)
	if got := s.next(after).at; !got.Equal(time.Date(2025, 1, 1, 0, 0, 10, 0, time.UTC)) {
		t.Errorf("@every 10s after 00:00:03.5 = %v; want 00:00:10, whenever the job was added", got)
	}
	// @every is an interval, not a wall time: it fires in both 01:00s of a
	// fall-back night, under two keys.
	h, err := parse("@every 1h", ny)
	if err != nil {
		t.Fatal(err)
	}
	first := h.next(time.Date(2025, 11, 2, 4, 30, 0, 0, time.UTC))
	second := h.next(first.at)
	if first.local != "2025-11-02T01:00:00-04:00" || second.local != "2025-11-02T01:00:00-05:00" {
		t.Errorf("@every 1h keys = %q, %q; want the two 01:00s with their offsets", first.local, second.local)
	}
}

func TestLatestDue(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 7, 10, 30, 20, 0, time.UTC)
	tests := []struct {
		spec  string
		after time.Time
		want  time.Time // zero: none
	}{
		{"* * * * *", now.AddDate(0, 0, -3), time.Date(2026, 1, 7, 10, 30, 0, 0, time.UTC)},
		{"0 9 * * *", now.AddDate(0, 0, -3), time.Date(2026, 1, 7, 9, 0, 0, 0, time.UTC)},
		{"0 9 1 1 *", now.AddDate(-1, 0, 0), time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)},
		{"0 9 1 1 *", now.AddDate(-3, 0, 0), time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)},
		{"0 9 * * *", time.Date(2026, 1, 7, 9, 0, 0, 0, time.UTC), time.Time{}},
		{"0 11 * * *", now.Add(-time.Hour), time.Time{}},
		{"@every 1s", now.AddDate(0, -1, 0), now},
		{"0 9 * * *", now, time.Time{}},
	}
	for _, tc := range tests {
		s, err := parse(tc.spec, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		if got := latestDue(s, tc.after, now); !got.at.Equal(tc.want) {
			t.Errorf("latestDue(%q, %v) = %v; want %v", tc.spec, tc.after, got.at, tc.want)
		}
	}
}
