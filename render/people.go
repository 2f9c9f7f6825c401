package render

import (
	"regexp"
	"strings"
	"time"

	"github.com/tandem-dev/tandem"
)

// Mention renders a person as a Slack mention, or as "a former member" (in
// English) for someone who asked to be forgotten. Renderer.Mention words
// it in the reader's language.
func Mention(id tandem.UserID) string { return Renderer{}.Mention(id) }

// Mentions renders people as a comma-separated list of mentions.
func Mentions(ids []tandem.UserID) string { return Renderer{}.Mentions(ids) }

// Mention renders a person as a Slack mention, or as "a former member" in
// r's language for someone who asked to be forgotten.
func (r Renderer) Mention(id tandem.UserID) string {
	if tandem.IsForgotten(id) {
		return "_" + r.T("people.former_member") + "_"
	}
	return "<@" + string(id) + ">"
}

// Mentions renders people as a comma-separated list of mentions.
func (r Renderer) Mentions(ids []tandem.UserID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = r.Mention(id)
	}
	return strings.Join(s, ", ")
}

// Channel renders a channel as a Slack channel link.
func Channel(id tandem.ChannelID) string { return "<#" + string(id) + ">" }

var forgottenMention = regexp.MustCompile(`<@` + tandem.ForgottenPrefix + `[0-9a-f]+>`)

// WithoutForgotten rewrites stored text that mentioned a forgotten person
// (in English; Renderer.WithoutForgotten in the reader's language).
func WithoutForgotten(md string) string { return Renderer{}.WithoutForgotten(md) }

// WithoutForgotten rewrites stored text that mentioned a forgotten person,
// naming them "a former member" in r's language.
func (r Renderer) WithoutForgotten(md string) string {
	return forgottenMention.ReplaceAllString(md, "_"+r.T("people.former_member")+"_")
}

// DateIn renders an instant as a day in the reader's zone: "Mon 7 Dec 2026".
func DateIn(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("Mon 2 Jan 2006")
}
