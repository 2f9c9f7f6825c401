package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/internal/fakeslack"
	"github.com/tandem-dev/tandem/render"
)

func TestNotePagesStayWithinSlackLimits(t *testing.T) {
	t.Parallel()
	var notes []tandem.Note
	add := func(text string) {
		notes = append(notes, tandem.Note{ID: tandem.NoteID(len(notes) + 1), Author: "U0ANA00001", Text: text, Created: time.Now()})
	}
	add(strings.Repeat("&", tandem.MaxNoteLen)) // escapes to 50,000 characters
	add(strings.Repeat("x", tandem.MaxNoteLen))
	add(strings.Repeat("שלום 🎉 ", tandem.MaxNoteLen/8))
	for i := range 80 {
		add(fmt.Sprintf("short note %d", i))
	}
	pages := paginate(render.Renderer{}, notes, time.UTC)
	var shown int
	var sections strings.Builder
	for p, page := range pages {
		blocks := append([]slack.Block{render.Section("*Notes of your partnership*")}, page...)
		blocks = append(blocks, render.Context("Page 1 of 9 · 83 notes · older ones: `/tandem notes 2`"))
		js, _ := json.Marshal(blocks)
		if err := fakeslack.ValidateMessage("Notes", js); err != nil {
			t.Fatalf("page %d: %v", p+1, err)
		}
		if n := blockText(blocks); n > 12000 {
			t.Errorf("page %d carries %d characters of text; Slack refuses about 13,000", p+1, n)
		}
		for _, b := range page {
			switch b := b.(type) {
			case *slack.ContextBlock:
				if !strings.Contains(b.ContextElements.Elements[0].(*slack.TextBlockObject).Text, "continued") {
					shown++
				}
			case *slack.SectionBlock:
				sections.WriteString(b.Text.Text)
			}
		}
	}
	var all strings.Builder
	for _, n := range notes {
		all.WriteString(render.Esc(n.Text))
	}
	if shown != len(notes) || sections.String() != all.String() {
		t.Errorf("%d of %d notes shown across %d pages; all text shown: %v", shown, len(notes), len(pages), sections.String() == all.String())
	}
	if len(pages) < 7 {
		t.Errorf("%d pages: the 50,000 escaped characters alone need 5", len(pages))
	}
}

// blockText counts the characters of text in section and context blocks.
func blockText(blocks []slack.Block) int {
	n := 0
	for _, b := range blocks {
		switch b := b.(type) {
		case *slack.SectionBlock:
			n += utf8.RuneCountInString(b.Text.Text)
		case *slack.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				if t, ok := e.(*slack.TextBlockObject); ok {
					n += utf8.RuneCountInString(t.Text)
				}
			}
		}
	}
	return n
}
