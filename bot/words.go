package bot

import (
	"fmt"
	"strings"
)

// plural returns one or many by n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// countNoun writes "no votes", "1 vote", "3 votes".
func countNoun(n int, one, many string) string {
	if n == 0 {
		return "no " + many
	}
	return fmt.Sprintf("%d %s", n, plural(n, one, many))
}

// countKind writes a count of a kind named in the plural, such as the
// kinds `forget me` reports: "1 avoid entry", "2 notes", "1 profile".
func countKind(n int, kinds string) string {
	if n != 1 {
		return fmt.Sprintf("%d %s", n, kinds)
	}
	switch {
	case strings.HasSuffix(kinds, "ies"):
		kinds = strings.TrimSuffix(kinds, "ies") + "y"
	case strings.HasSuffix(kinds, "s"):
		kinds = strings.TrimSuffix(kinds, "s")
	}
	return "1 " + kinds
}
