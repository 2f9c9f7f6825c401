package render

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Esc escapes text for mrkdwn, so that what someone typed is shown as
// typed and cannot ping a channel or forge a link.
func Esc(s string) string {
	return escaper.Replace(s)
}

var (
	escaper   = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
)

// Unescape undoes Slack's escaping of &, < and > in text it delivers.
func Unescape(s string) string { return unescaper.Replace(s) }

// EscChunks escapes s for mrkdwn (see Esc) and cuts it into pieces of at
// most n characters, never inside an escape and, where it can, at a line
// break.
func EscChunks(s string, n int) []string {
	var out []string
	for s != "" {
		size, cut, lineEnd := 0, len(s), -1
		for i, r := range s {
			w := 1
			switch r {
			case '&':
				w = len("&amp;")
			case '<', '>':
				w = len("&lt;")
			}
			if size+w > n {
				cut = i
				break
			}
			size += w
			if r == '\n' {
				lineEnd = i + 1
			}
		}
		if cut < len(s) && lineEnd > cut/2 {
			cut = lineEnd
		}
		if cut == 0 { // n is smaller than one escape: never the case for Slack's limits
			_, cut = utf8.DecodeRuneInString(s)
		}
		out = append(out, Esc(s[:cut]))
		s = s[cut:]
	}
	return out
}

// Fallback is the notification text: the first line of mrkdwn, short.
func Fallback(md string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(md), "\n")
	return Truncate(line, 300)
}

// Truncate cuts s to at most n characters, ending in "…" if it was longer.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// OneLine folds runs of white space, line breaks included, into one space.
func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// slackRef is a user or channel reference as the slash command's text
// carries it, with should_escape on.
var slackRef = regexp.MustCompile(`<([@#])([UWCG][A-Z0-9]{1,20})(?:\|([^>]*))?>`)

// UserText renders text someone typed for mrkdwn, in at most n characters
// (counted after escaping): escaped, so that it can never ping a person or
// a channel or forge a link, and cut with "…" if longer. It is the one
// function through which a person's text reaches Slack in mrkdwn. Text
// stored before tandem stored plain text may hold Slack's tokens: a mention
// shows as @name (never live), a channel as its link.
func UserText(s string, n int) string {
	if full := renderUserText(s, 0); utf8.RuneCountInString(full) <= n {
		return full
	}
	return renderUserText(s, n-1) + "…"
}

// renderUserText does UserText's work, stopping before limit characters
// if limit > 0, and never inside an escape or a mention.
func renderUserText(s string, limit int) string {
	var b strings.Builder
	used, full := 0, false
	add := func(piece string) {
		k := utf8.RuneCountInString(piece)
		if full || limit > 0 && used+k > limit {
			full = true
			return
		}
		b.WriteString(piece)
		used += k
	}
	last := 0
	for _, m := range slackRef.FindAllStringSubmatchIndex(s, -1) {
		for _, r := range s[last:m[0]] {
			add(Esc(string(r)))
		}
		sigil, id, name := s[m[2]:m[3]], s[m[4]:m[5]], ""
		if m[6] >= 0 {
			name = s[m[6]:m[7]]
		}
		switch {
		case name != "":
			add(Esc(sigil + name))
		case sigil == "@":
			add("@" + id)
		default:
			add("<#" + id + ">")
		}
		last = m[1]
	}
	for _, r := range s[last:] {
		add(Esc(string(r)))
	}
	return b.String()
}

// Skill shows a skill name someone typed; Place an office or location.
// Both are limited at input (tandem.MaxSkillLen, tandem.MaxLocationLen);
// these budgets keep a message valid whatever the stored data holds.
func Skill(s string) string { return UserText(s, 5*40) }

// Place shows an office or a location someone typed; see Skill.
func Place(s string) string { return UserText(s, 5*100) }

// Defang makes tandem's own mrkdwn safe where it may quote what a person
// typed (an error message that repeats a wrong value): every Slack token
// that could notify someone or hide a link (<@…>, <!…>, <url|…>) is shown
// as text; channel links <#…> stay.
func Defang(md string) string {
	return token.ReplaceAllStringFunc(md, func(t string) string {
		if channelLink.MatchString(t) {
			return t
		}
		return Esc(t)
	})
}

var (
	token       = regexp.MustCompile(`<[^<>]*>`)
	channelLink = regexp.MustCompile(`^<#[CG][A-Z0-9]{1,20}(\|[^<>|]*)?>$`)
)
