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

// FitWords says what a group's score means, in plain words, in r's
// language.
func (r Renderer) FitWords(score int) string {
	switch {
	case score >= 40:
		return r.T("preview.fit_excellent")
	case score >= 20:
		return r.T("preview.fit_good")
	case score > 0:
		return r.T("preview.fit_fair")
	}
	return r.T("preview.fit_weak")
}

// Preview shows an admin the groups a round would make, why, how good
// each is, and who would be left out (never whose avoid list is
// involved), with Send intros, Reshuffle and Cancel, in r's language.
// Nothing is sent until Send intros.
func (r Renderer) Preview(p tandem.Preview) Reply {
	head := r.T("preview.head", "Program", Channel(p.Program), "Groups", r.N("preview.groups", len(p.Groups)),
		"People", r.N("preview.participants", len(p.Basis)), "Seed", p.Seed,
		"Proven", r.proven(tandem.Round{Groups: p.Groups, Score: p.Score, Bound: p.Bound}))
	blocks := []slack.Block{Section(head)}
	var md strings.Builder
	shown := 0
	for i, g := range p.Groups {
		var one strings.Builder
		one.WriteString(r.T("preview.group", "N", i+1, "Members", r.Mentions(g.Members), "Score", g.Score, "Fit", r.FitWords(g.Score)) + "\n")
		for _, w := range r.GroupWhy(g) {
			fmt.Fprintf(&one, "      • %s\n", w)
		}
		if md.Len()+one.Len() > previewChars {
			break
		}
		md.WriteString(one.String())
		shown++
	}
	if shown < len(p.Groups) {
		md.WriteString(r.N("preview.more_groups", len(p.Groups)-shown) + "\n")
	}
	if len(p.Groups) == 0 {
		md.WriteString("_" + r.T("preview.no_groups") + "_\n")
	}
	const maxLeftOut = 20
	left := p.LeftOut[:min(len(p.LeftOut), maxLeftOut)]
	md.WriteString(r.LeftOutLines(left, r.T("leftout.note_would_tell")))
	if len(p.LeftOut) > maxLeftOut {
		md.WriteString(r.N("preview.more_left_out", len(p.LeftOut)-maxLeftOut) + "\n")
	}
	blocks = append(blocks, Sections(md.String())...)
	if len(blocks) > MaxBlocks-1 {
		blocks = blocks[:MaxBlocks-1]
	}
	blocks = append(blocks, slack.NewActionBlock(BlockPreview,
		Button(ActionPreviewSend, r.T("preview.send"), PreviewValue(p.ID), slack.StylePrimary),
		Button(ActionPreviewReshuffle, r.T("preview.reshuffle"), PreviewValue(p.ID), ""),
		Button(ActionPreviewCancel, r.T("button.cancel"), PreviewValue(p.ID), slack.StyleDanger)))
	return Reply{Text: r.N("preview.fallback", len(p.Groups)), Blocks: blocks}
}
