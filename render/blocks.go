package render

import "github.com/slack-go/slack"

// Section is a mrkdwn section block. md must already be rendered: escaped
// where a person typed it.
func Section(md string) slack.Block {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, md, false, true), nil, nil)
}

// Context is a context block of one mrkdwn element.
func Context(md string) slack.Block {
	return slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, md, false, true))
}

// Header is a header block, its plain text cut to Slack's 150 characters.
func Header(text string) slack.Block {
	return slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, Truncate(text, 150), true, false))
}

// Button returns a button whose label is cut to Slack's limit.
func Button(actionID, label, value string, style slack.Style) *slack.ButtonBlockElement {
	b := slack.NewButtonBlockElement(actionID, value, slack.NewTextBlockObject(slack.PlainTextType, Truncate(label, MaxButtonText), true, false))
	if style != "" {
		b.Style = style
	}
	return b
}

// Plain is a plain_text object, as modal titles, labels and buttons need.
func Plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}
