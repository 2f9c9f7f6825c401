package render

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscChunksKeepEscapesWhole(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		strings.Repeat("&", 10000),
		strings.Repeat("a<b>&c\n", 1500),
		strings.Repeat("é🧠", 4000),
		"short",
	} {
		chunks := EscChunks(s, MaxSectionText)
		var back strings.Builder
		for i, c := range chunks {
			if n := utf8.RuneCountInString(c); n > MaxSectionText || n == 0 {
				t.Fatalf("chunk %d has %d characters", i, n)
			}
			// Each chunk must read back on its own: no escape cut in two.
			un := Unescape(c)
			if Esc(un) != c {
				t.Fatalf("chunk %d splits an escape: …%q", i, c[max(0, len(c)-6):])
			}
			back.WriteString(un)
		}
		if back.String() != s {
			t.Errorf("chunks of %q… do not add up to the text", s[:10])
		}
	}
}

func TestUserText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"plain", 10, "plain"},
		{"a <b> & c", 100, "a &lt;b&gt; &amp; c"},
		{"ping <!channel> now", 100, "ping &lt;!channel&gt; now"},
		{"ask <@U0BOB00001|bob> in <#C0LEARN001|learning>", 100, "ask @bob in #learning"},
		{"ask <@U0BOB00001> in <#C0LEARN001>", 100, "ask @U0BOB00001 in <#C0LEARN001>"},
		{"exactly ten", 11, "exactly ten"},
		{"one too long", 11, "one too lo…"},
		{"&&&&", 9, "&amp;…"}, // never cut inside an escape
		{"<@U1|a-very-long-name> x", 8, "…"},
	}
	for _, tt := range tests {
		got := UserText(tt.in, tt.n)
		if got != tt.want {
			t.Errorf("UserText(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
		if utf8.RuneCountInString(got) > tt.n {
			t.Errorf("UserText(%q, %d) is %d characters long", tt.in, tt.n, utf8.RuneCountInString(got))
		}
	}
}

func TestDefangKeepsOnlyChannelLinks(t *testing.T) {
	t.Parallel()
	got := Defang(`"<@U1|bob>" is not a mode in <#C1>; <!channel> <https://x|y> <!subteam^S1>`)
	want := `"&lt;@U1|bob&gt;" is not a mode in <#C1>; &lt;!channel&gt; &lt;https://x|y&gt; &lt;!subteam^S1&gt;`
	if got != want {
		t.Errorf("Defang = %q, want %q", got, want)
	}
}
