package tandem

// MaxIDLen is the longest Slack ID tandem accepts: a type letter and up to
// 20 letters and digits. Slack's IDs are 9 to 11 characters today.
const MaxIDLen = 21

// IsUserID reports whether s looks like a Slack user ID (U… or W…).
func IsUserID(s string) bool { return isSlackID(s, "UW") }

// IsChannelID reports whether s looks like a Slack channel ID (C… or G…).
func IsChannelID(s string) bool { return isSlackID(s, "CG") }

func isSlackID(s, prefixes string) bool {
	if len(s) < 3 || len(s) > MaxIDLen {
		return false
	}
	ok := false
	for _, p := range prefixes {
		ok = ok || rune(s[0]) == p
	}
	if !ok {
		return false
	}
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}
