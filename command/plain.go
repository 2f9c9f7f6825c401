package command

import "strings"

// unescape undoes Slack's escaping of &, < and > in the text it delivers.
var unescape = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace

// Plain turns text as Slack delivers it in a slash command (should_escape
// on) into the plain text the person sees in their message box, which is
// what tandem stores: Slack's own tokens become their words (a picked
// mention <@U1|ana> is "@ana", <!channel> is "@channel", a link
// <https://x|docs> is "docs (https://x)") and the escapes of what the
// person typed (&lt; &gt; &amp;) become the characters again. So a stored
// text holds no live Slack token: a hand-typed "<@U1>" is stored as those
// five characters, and every renderer escapes them (render.UserText).
func Plain(s string) string {
	var b strings.Builder
	for s != "" {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(unescape(s))
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			b.WriteString(unescape(s))
			break
		}
		b.WriteString(unescape(s[:i]))
		b.WriteString(tokenWords(s[i+1 : i+j]))
		s = s[i+j+1:]
	}
	return b.String()
}

// tokenWords says a Slack token (the text between < and >) in words.
func tokenWords(tok string) string {
	target, label, hasLabel := strings.Cut(tok, "|")
	label = unescape(label)
	switch {
	case strings.HasPrefix(target, "@"):
		if hasLabel && label != "" {
			return "@" + strings.TrimPrefix(label, "@")
		}
		return target
	case strings.HasPrefix(target, "#"):
		if hasLabel && label != "" {
			return "#" + strings.TrimPrefix(label, "#")
		}
		return target
	case strings.HasPrefix(target, "!"):
		if hasLabel && label != "" {
			if strings.HasPrefix(target, "!subteam^") && !strings.HasPrefix(label, "@") {
				return "@" + label
			}
			return label
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(target, "!"), "^")
		return "@" + name
	}
	url := unescape(target)
	bare := strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(url, "mailto:"), "https://"), "http://")
	if hasLabel && label != "" && label != url && label != bare {
		return label + " (" + url + ")"
	}
	if hasLabel && label != "" {
		return label
	}
	return strings.TrimPrefix(url, "mailto:")
}

// cutOutside is strings.Cut at the first sep that is not inside a Slack
// token <…>, so that a mention's or a link's "|" or ":" never splits a
// field.
func cutOutside(s string, sep byte) (before, after string, found bool) {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<':
			depth++
		case '>':
			if depth > 0 {
				depth--
			}
		case sep:
			if depth == 0 {
				return s[:i], s[i+1:], true
			}
		}
	}
	return s, "", false
}

// splitOutside splits s at every sep outside Slack tokens.
func splitOutside(s string, sep byte) []string {
	var out []string
	for {
		before, after, found := cutOutside(s, sep)
		out = append(out, before)
		if !found {
			return out
		}
		s = after
	}
}
