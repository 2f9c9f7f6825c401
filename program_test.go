package tandem_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
)

// never refuses one spec, to show that SetAll checks schedules with it.
func never(spec string, _ *time.Location) error {
	if spec == "never" {
		return errors.New("never fires")
	}
	return nil
}

func TestProgramSetAllIsAllOrNothing(t *testing.T) {
	p := tandem.NewProgram("C1", "UTC")
	before := p
	err := p.SetAll(map[string]string{"group_size": "3", "match": "never"}, never)
	if err == nil || !strings.Contains(tandem.ErrorMessage(err), "match: never fires") {
		t.Fatalf("got %v", err)
	}
	if p != before {
		t.Errorf("half-applied: %+v", p)
	}
	if err := p.SetAll(map[string]string{"group_size": "3", "checkin": "off", "timezone": "Europe/Berlin"}, never); err != nil {
		t.Fatal(err)
	}
	if p.GroupSize != 3 || p.Checkin != "" || p.Timezone != "Europe/Berlin" || p.Location().String() != "Europe/Berlin" {
		t.Errorf("got %+v", p)
	}
}

func TestProgramSetRefusals(t *testing.T) {
	for _, tt := range []struct{ key, value, want string }{
		{"group_size", "1", "group_size: must be a whole number from 2 to 8"},
		{"group_size", "9", "group_size"},
		{"avoid_repeats", "x", "avoid_repeats"},
		{"timezone", "Local", "timezone"},
		{"timezone", "Nowhere/City", "timezone"},
		{"match", "off", "match: needs a schedule"},
		{"colour", "red", "colour: unknown setting"},
	} {
		p := tandem.NewProgram("C1", "UTC")
		err := p.Set(tt.key, tt.value, never)
		if tandem.ErrorCode(err) != tandem.EINVALID || !strings.Contains(tandem.ErrorMessage(err), tt.want) {
			t.Errorf("Set(%s=%s) = %v, want %q", tt.key, tt.value, err, tt.want)
		}
	}
}

func TestPaused(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		until time.Time
		want  bool
	}{
		{time.Time{}, false},
		{tandem.Forever, true},
		{now.Add(time.Hour), true},
		{now, false}, // resumes by itself at the instant
	} {
		if got := (tandem.Profile{PausedUntil: tt.until}).Paused(now); got != tt.want {
			t.Errorf("paused until %v: %v", tt.until, got)
		}
	}
}
