package command

import (
	"strings"
	"testing"

	"github.com/tandem-dev/tandem"
)

func TestPlainTurnsSlackTokensIntoWords(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{"plain", "plain"},
		{"a &lt;b&gt; &amp;amp; c", "a <b> &amp; c"},
		{"ask <@U0BOB00001|bob> in <#C0LEARN001|learning>", "ask @bob in #learning"},
		{"ask <@U0BOB00001> in <#C0PRIV0001|>", "ask @U0BOB00001 in #C0PRIV0001"},
		{"ping <!channel> <!here> <!everyone>", "ping @channel @here @everyone"},
		{"team <!subteam^S0ABC|@platform> and <!subteam^S0DEF>", "team @platform and @subteam"},
		{"see <https://go.dev/doc|the docs> or <https://example.com>", "see the docs (https://go.dev/doc) or https://example.com"},
		{"mail <mailto:a@b.c|a@b.c>", "mail a@b.c"},
		// A hand-typed mention arrives escaped and stays the characters typed.
		{"&lt;@U0BOB00001&gt; &lt;!channel&gt;", "<@U0BOB00001> <!channel>"},
		{"half <@U1", "half <@U1"},
	} {
		if got := Plain(tt.in); got != tt.want {
			t.Errorf("Plain(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Slack's <…|…> is one token wherever a "|" or ":" separates fields.
func TestFieldSeparatorsSkipSlackTokens(t *testing.T) {
	t.Parallel()
	c, err := Parse("quiz add What does <@U1|bob> use? | Go | *Rust")
	if err != nil {
		t.Fatal(err)
	}
	if c.Text != "What does @bob use?" || strings.Join(c.Options, ",") != "Go,Rust" || c.Correct != 1 {
		t.Errorf("quiz add with a mention: %q %q right %d", c.Text, c.Options, c.Correct)
	}
	c, err = Parse("quiz add Which <https://go.dev|site|x> is it? | *<https://go.dev|go.dev> | other")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Options) != 2 || c.Options[0] != "go.dev" || c.Correct != 0 {
		t.Errorf("quiz add with links: %q right %d", c.Options, c.Correct)
	}
	c, err = Parse("ask go: see <https://go.dev/doc|docs>: it fails")
	if err != nil {
		t.Fatal(err)
	}
	if c.Skill != "go" || c.Text != "see docs (https://go.dev/doc): it fails" {
		t.Errorf("ask with a link: %q %q", c.Skill, c.Text)
	}
}

func TestAskSkillHasALimit(t *testing.T) {
	t.Parallel()
	_, err := Parse("ask " + strings.Repeat("k", 3000) + ": build is red")
	if tandem.ErrorCode(err) != tandem.EINVALID || !strings.Contains(tandem.ErrorMessage(err), "at most") {
		t.Fatalf("a 3,000-character skill: %v", err)
	}
	c, err := Parse("ask <!channel>: build is red")
	if err != nil || c.Skill != "channel" {
		t.Fatalf("ask @channel: %+v %v", c, err)
	}
}
