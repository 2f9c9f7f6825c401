package market

import (
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
)

func TestHoursApart(t *testing.T) {
	t.Parallel()
	h := time.Hour
	for _, tt := range []struct{ a, b, want time.Duration }{
		{0, 0, 0}, {h, 0, h}, {-5 * h, h, 6 * h}, {-10 * h, 12 * h, 2 * h}, {9 * h, -4 * h, 11 * h},
	} {
		if got := HoursApart(tt.a, tt.b); got != tt.want {
			t.Errorf("HoursApart(%s, %s) = %s, want %s", tt.a, tt.b, got, tt.want)
		}
	}
	berlin := tandem.Member{TZ: "Europe/Berlin", TZOffset: 0}
	summer := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	if got := Offset(berlin, summer); got != 2*h {
		t.Errorf("Berlin in July is UTC+%s, want +2h (the zone wins over tz_offset)", got)
	}
	if got := Offset(tandem.Member{TZOffset: -18000}, summer); got != -5*h {
		t.Errorf("tz_offset alone: %s", got)
	}
}
