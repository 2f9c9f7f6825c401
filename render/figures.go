package render

import (
	"fmt"

	"github.com/tandem-dev/tandem"
)

// Count shows a count of n people under the privacy rule: the number, or
// "fewer than 5".
func Count(p tandem.Privacy, n int) string {
	if !p.Shows(n) {
		return fewer(p)
	}
	return fmt.Sprint(n)
}

// Share shows part of whole people as a percentage under the privacy rule:
// hidden when whole is too few people to describe.
func Share(p tandem.Privacy, part, whole int) string {
	if !p.Shows(whole) {
		return fewer(p)
	}
	return Percent(part, whole)
}

func fewer(p tandem.Privacy) string { return fmt.Sprintf("fewer than %d", p.Min()) }
