package tandem

import "testing"

func TestPrivacyHidesSmallGroups(t *testing.T) {
	t.Parallel()
	p := Privacy{MinGroup: 5}
	for n, want := range map[int]bool{0: true, 1: false, 4: false, 5: true, 12: true} {
		if got := p.Shows(n); got != want {
			t.Errorf("Shows(%d) = %v, want %v", n, got, want)
		}
	}
	if (Privacy{MinGroup: 1}).Shows(2) {
		t.Error("a min_group below the floor let a figure about 2 people through")
	}
}
