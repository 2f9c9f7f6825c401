package tandem

// Member is a person as the workspace's directory knows them: a human
// member of a channel (never a bot, a deleted user or the app itself).
type Member struct {
	ID UserID
	// TZ is the IANA zone Slack has for them, "" if unknown.
	TZ string
	// TZOffset is Slack's offset from UTC in seconds, for when TZ is unknown.
	TZOffset int
}
