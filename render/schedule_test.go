package render_test

import (
	"testing"
	"time"

	"github.com/tandem-dev/tandem/render"
	"github.com/tandem-dev/tandem/scheduler"
)

func TestCadenceInPlainWords(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	r := render.Renderer{Command: "/tandem", NextRun: scheduler.Next, Now: func() time.Time { return time.Date(2026, 1, 7, 12, 0, 0, 0, time.UTC) }}
	for spec, want := range map[string]string{
		"0 9 * * MON": "every week, on Monday at 09:00",
		"0 10 * * *":  "every day at 10:00",
		"0 9 1 * *":   "every month, on the 1st at 09:00",
		"@every 2h":   "every 2 hours",
		"@every 1m":   "every minute",
		"0 9 * * 1-5": "on the schedule `0 9 * * 1-5`",
	} {
		if got := r.Cadence(spec, berlin); got != want {
			t.Errorf("Cadence(%q) = %q, want %q", spec, got, want)
		}
	}
	if got, want := r.FiringsLine("0 9 * * MON", berlin), "Mon 12 Jan, 09:00; Mon 19 Jan, 09:00; Mon 26 Jan, 09:00 (Europe/Berlin)"; got != want {
		t.Errorf("FiringsLine = %q, want %q", got, want)
	}
}
