package bot

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
)

// A page of notes holds the newest notes that fit, well inside Slack's
// limits: at most pageBlocks blocks, and at most pageBudget characters of
// notes (with the heading and footer, under 12,000; Slack refuses about
// 13,000 with msg_blocks_too_long). A note of the longest kind
// (tandem.MaxNoteLen plain characters) fits a page alone; one that escapes to more
// goes on over the next pages.
const (
	pageBudget = 11000
	pageBlocks = render.MaxBlocks - 2 // room for the heading and the footer
)

// note is `note <text>`: a note for the partnership of the group DM it is
// typed in, else for the caller's newest active partnership.
func (b *Bot) note(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	g, err := b.partnershipFor(ctx, req, true)
	if err != nil {
		return render.Reply{}, err
	}
	n, err := b.store.AddNote(ctx, req.key, g.ID, req.user, cmd.Text)
	if err != nil {
		return render.Reply{}, err
	}
	return req.v.Text(req.v.T("notes.saved", "ID", n.ID, "Partnership", partnershipName(req.v, g, req.user))), nil
}

// notes is `notes [page]`: the partnership's notes, newest first, in pages.
func (b *Bot) notes(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	g, err := b.partnershipFor(ctx, req, false)
	if err != nil {
		return render.Reply{}, err
	}
	list, err := b.store.Notes(ctx, g.ID, req.user)
	if err != nil {
		return render.Reply{}, err
	}
	v := req.v
	if len(list) == 0 {
		return v.Text(v.T("notes.none", "Partnership", partnershipName(v, g, req.user))), nil
	}
	loc := b.dir.Zone(ctx, req.user)
	pages := paginate(v, list, loc)
	page := max(cmd.Page, 1)
	if page > len(pages) {
		return v.Text(":warning: " + v.N("notes.no_such_page", len(pages))), nil
	}
	head := v.T("notes.head", "Partnership", partnershipName(v, g, req.user))
	blocks := append([]slack.Block{render.Section(head)}, pages[page-1]...)
	foot := v.N("notes.count", len(list))
	if len(pages) > 1 {
		foot = v.T("notes.page", "Page", page, "Pages", len(pages)) + " · " + foot
	}
	if page < len(pages) {
		foot += " · " + v.T("notes.older", "Next", page+1)
	}
	blocks = append(blocks, render.Context(foot+" · "+v.T("notes.private")))
	return render.Reply{Text: render.Fallback(head), Blocks: blocks}, nil
}

// paginate renders notes into pages of blocks, each within pageBlocks and
// pageBudget. A note starts a new page rather than being split, unless it
// is longer than a page itself.
func paginate(v render.Renderer, list []tandem.Note, loc *time.Location) [][]slack.Block {
	var pages [][]slack.Block
	var cur []slack.Block
	size := 0
	add := func(b slack.Block, md string) { cur, size = append(cur, b), size+utf8.RuneCountInString(md) }
	flush := func() {
		if len(cur) > 0 {
			pages, cur, size = append(pages, cur), nil, 0
		}
	}
	for _, n := range list {
		meta := noteMeta(v, n, loc)
		parts := render.EscChunks(n.Text, render.MaxSectionText)
		need := utf8.RuneCountInString(meta)
		for _, p := range parts {
			need += utf8.RuneCountInString(p)
		}
		if size+need > pageBudget || len(cur)+1+len(parts) > pageBlocks {
			flush()
		}
		add(render.Context(meta), meta)
		first := true
		for _, p := range parts {
			if strings.TrimSpace(p) == "" {
				continue // Slack refuses a section of white space; the note loses nothing visible
			}
			if size+utf8.RuneCountInString(p) > pageBudget || len(cur) >= pageBlocks {
				flush()
				add(render.Context(meta+" · "+v.T("notes.continued")), meta)
			}
			if first {
				// The note's first part carries "Quiz my partners on this".
				add(noteSection(v, n, p), p)
				first = false
				continue
			}
			add(render.Section(p), p)
		}
	}
	flush()
	return pages
}

// noteMeta says who wrote a note and when, in the reader's zone.
func noteMeta(v render.Renderer, n tandem.Note, loc *time.Location) string {
	t := n.Created.In(loc)
	return fmt.Sprintf("*%s* · %s, %s", v.Mention(n.Author), v.Lang.Date(t), v.Lang.Clock(t))
}

// noteSection is a note's (first) text with its "Quiz my partners on this"
// button beside it.
func noteSection(v render.Renderer, n tandem.Note, md string) slack.Block {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, md, false, true), nil, quizNoteButton(v, n))
}
