package render

import (
	"fmt"
	"strings"
)

// Plural returns one or many by n.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// CountNoun writes "no votes", "1 vote", "3 votes".
func CountNoun(n int, one, many string) string {
	if n == 0 {
		return "no " + many
	}
	return fmt.Sprintf("%d %s", n, Plural(n, one, many))
}

// CountKind writes a count of a kind named in the plural, such as the
// kinds `forget me` reports: "1 avoid entry", "2 notes", "1 profile".
func CountKind(n int, kinds string) string {
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

// JoinAnd joins "a", "b" and "c" as "a, b and c".
func JoinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// Percent writes n of of as a rounded percentage, "n/a" when of is 0.
func Percent(n, of int) string {
	if of == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%d%%", (100*n+of/2)/of)
}
