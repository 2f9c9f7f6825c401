package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
)

// The buttons of a round preview. Their value is PreviewValue(id). Action
// IDs start "admin_": only admins may press them, and the bot checks.
const (
	ActionPreviewSend      = "admin_preview_send"
	ActionPreviewReshuffle = "admin_preview_reshuffle"
	ActionPreviewCancel    = "admin_preview_cancel"
	BlockPreview           = "preview_actions"
)

// previewChars bounds the words of a preview's groups, so that the whole
// message stays under MaxMessageChars.
const previewChars = 8000

// PreviewValue is the value of a preview's buttons.
func PreviewValue(id tandem.PreviewID) string { return fmt.Sprintf("preview:%d", id) }

// ParsePreviewValue reads a button value "preview:12".
func ParsePreviewValue(v string) (tandem.PreviewID, bool) {
	s, ok := ParseRef(v, "preview")
	n, err := strconv.ParseInt(s, 10, 64)
	return tandem.PreviewID(n), ok && err == nil && n > 0
}

// FitWords says what a group's score means, in plain words.
func FitWords(score int) string {
	switch {
	case score >= 40:
		return "an excellent fit"
	case score >= 20:
		return "a good fit"
	case score > 0:
		return "a fair fit"
	}
	return "a weak fit: a fresh view rather than an exchange of skills"
}

// Preview shows an admin the groups a round would make, why, how good
// each is, and who would be left out (never whose avoid list is
// involved), with Send intros, Reshuffle and Cancel. Nothing is sent
// until Send intros.
func (r Renderer) Preview(p tandem.Preview) Reply {
	en := Renderer{Command: r.Command} // the preview is in English for now
	var head strings.Builder
	fmt.Fprintf(&head, ":crystal_ball: *Round preview for %s:* %d %s from %d %s (seed %d). Nothing is sent until you click *Send intros*.",
		Channel(p.Program), len(p.Groups), Plural(len(p.Groups), "group", "groups"), len(p.Basis), Plural(len(p.Basis), "participant", "participants"), p.Seed)
	blocks := []slack.Block{Section(head.String())}
	var md strings.Builder
	shown := 0
	for i, g := range p.Groups {
		var one strings.Builder
		fmt.Fprintf(&one, "*%d.* %s: score %d, %s\n", i+1, Mentions(g.Members), g.Score, FitWords(g.Score))
		for _, w := range en.GroupWhy(g) {
			fmt.Fprintf(&one, "      • %s\n", w)
		}
		if md.Len()+one.Len() > previewChars {
			break
		}
		md.WriteString(one.String())
		shown++
	}
	if shown < len(p.Groups) {
		fmt.Fprintf(&md, "…and %d more %s, each with its intro when you send.\n", len(p.Groups)-shown, Plural(len(p.Groups)-shown, "group", "groups"))
	}
	if len(p.Groups) == 0 {
		md.WriteString("_No groups: there are not enough participants to match._\n")
	}
	const maxLeftOut = 20
	left := p.LeftOut[:min(len(p.LeftOut), maxLeftOut)]
	md.WriteString(en.LeftOutLines(left, en.T("leftout.note_would_tell")))
	if len(p.LeftOut) > maxLeftOut {
		fmt.Fprintf(&md, "…and %d more left out.\n", len(p.LeftOut)-maxLeftOut)
	}
	blocks = append(blocks, Sections(md.String())...)
	if len(blocks) > MaxBlocks-1 {
		blocks = blocks[:MaxBlocks-1]
	}
	blocks = append(blocks, slack.NewActionBlock(BlockPreview,
		Button(ActionPreviewSend, "Send intros", PreviewValue(p.ID), slack.StylePrimary),
		Button(ActionPreviewReshuffle, "Reshuffle", PreviewValue(p.ID), ""),
		Button(ActionPreviewCancel, "Cancel", PreviewValue(p.ID), slack.StyleDanger)))
	return Reply{Text: fmt.Sprintf("Round preview: %d groups", len(p.Groups)), Blocks: blocks}
}
