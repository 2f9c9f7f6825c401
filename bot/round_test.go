package bot

import (
	"strings"
	"testing"

	"github.com/tandem-dev/tandem/match"
)

func TestWhySentences(t *testing.T) {
	t.Parallel()
	g := match.Group{Members: nil, Reasons: []match.Reason{
		{Kind: match.KindTeaches, A: "U1", B: "U2", Skill: "go"},
		{Kind: match.KindTeaches, A: "U1", B: "U2", Skill: "c++"},
		{Kind: match.KindTeaches, A: "U2", B: "U1", Skill: "sql"},
		{Kind: match.KindTandem, A: "U1", B: "U2"},
		{Kind: match.KindSameOffice, A: "U1", B: "U2", Location: "Berlin <HQ>"},
		{Kind: match.KindHoursOverlap, A: "U1", B: "U2", Hours: 6},
		{Kind: match.KindRepeat, A: "U1", B: "U2", RoundsAgo: 2},
	}}
	got := strings.Join(whySentences(g), "\n")
	want := "<@U1> can teach <@U2> *c++* and *go*\n" +
		"<@U2> can teach <@U1> *sql*\n" +
		"<@U1> and <@U2> teach each other: a true tandem :handshake:\n" +
		"You can meet in person: both in Berlin &lt;HQ&gt;\n" +
		"Your working days overlap by at least 6 hours\n" +
		":repeat: <@U1> and <@U2> were matched 2 rounds ago but did not meet: here is a second chance."
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	none := whySentences(match.Group{Reasons: []match.Reason{{Kind: match.KindHoursOverlap, A: "U1", B: "U2", Hours: 1}}})
	if len(none) != 2 || !strings.Contains(none[0], "fresh view") || !strings.Contains(none[1], "barely overlap") {
		t.Errorf("a group with nothing to exchange: %q", none)
	}
}
