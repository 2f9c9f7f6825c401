// Package command decodes the text of a `/tandem ...` slash command into a
// Command: pure, table-tested and fuzzed; it never panics and never talks to
// Slack or the database.
package command

import (
	"regexp"
	"strings"

	"github.com/tandem-dev/tandem"
)

// With should_escape on, Slack sends mentions as <@U123|name> or <@U123>,
// public channels as <#C123|name> and private ones as <#C123|>.
var (
	userMention    = regexp.MustCompile(`^<@([UW][A-Z0-9]{1,20})(?:\|[^>]*)?>$`)
	channelMention = regexp.MustCompile(`^<#([CG][A-Z0-9]{1,20})(?:\|([^>]*))?>$`)
	plainName      = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}._-]{0,79}$`)
)

// UserRef names a person: by ID when Slack escaped the mention, else by the
// plain @name the user typed, which the handler resolves.
type UserRef struct {
	ID   tandem.UserID
	Name string
}

// ChannelRef names a channel: by ID when escaped, else by plain #name.
type ChannelRef struct {
	ID   tandem.ChannelID
	Name string
}

// parseUserRef accepts <@U1|ana>, <@U1>, @ana and a bare U-ID.
func parseUserRef(s string) (UserRef, bool) {
	s = strings.TrimSpace(s)
	if m := userMention.FindStringSubmatch(s); m != nil {
		return UserRef{ID: tandem.UserID(m[1])}, true
	}
	if name, ok := strings.CutPrefix(s, "@"); ok && plainName.MatchString(name) {
		return UserRef{Name: strings.ToLower(name)}, true
	}
	return UserRef{}, false
}

// parseChannelRef accepts <#C1|name>, <#C1|>, #name and a bare C-ID.
func parseChannelRef(s string) (ChannelRef, bool) {
	s = strings.TrimSpace(s)
	if m := channelMention.FindStringSubmatch(s); m != nil {
		return ChannelRef{ID: tandem.ChannelID(m[1]), Name: m[2]}, true
	}
	if name, ok := strings.CutPrefix(s, "#"); ok && plainName.MatchString(name) {
		return ChannelRef{Name: strings.ToLower(name)}, true
	}
	if tandem.IsChannelID(s) {
		return ChannelRef{ID: tandem.ChannelID(s)}, true
	}
	return ChannelRef{}, false
}
