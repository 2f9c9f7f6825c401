package render

import (
	"strings"
	"testing"

	"github.com/tandem-dev/tandem"
)

func TestWhySentences(t *testing.T) {
	t.Parallel()
	g := tandem.Group{Reasons: []tandem.Reason{
		{Kind: tandem.KindTeaches, A: "U1", B: "U2", Skill: "go"},
		{Kind: tandem.KindTeaches, A: "U1", B: "U2", Skill: "c++"},
		{Kind: tandem.KindTeaches, A: "U2", B: "U1", Skill: "sql"},
		{Kind: tandem.KindTandem, A: "U1", B: "U2"},
		{Kind: tandem.KindSameOffice, A: "U1", B: "U2", Location: "Berlin <HQ>"},
		{Kind: tandem.KindHoursOverlap, A: "U1", B: "U2", Hours: 6},
		{Kind: tandem.KindRepeat, A: "U1", B: "U2", RoundsAgo: 2},
	}}
	got := strings.Join(Renderer{}.Why(g.Reasons), "\n")
	want := "<@U1> can teach <@U2> *c++* and *go*\n" +
		"<@U2> can teach <@U1> *sql*\n" +
		"<@U1> and <@U2> teach each other: a true tandem :handshake:\n" +
		"You can meet in person: both in Berlin &lt;HQ&gt;\n" +
		"Your working days overlap by at least 6 hours\n" +
		":repeat: <@U1> and <@U2> were matched 2 rounds ago but did not meet: here is a second chance."
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	none := Renderer{}.Why([]tandem.Reason{{Kind: tandem.KindHoursOverlap, A: "U1", B: "U2", Hours: 1}})
	if len(none) != 2 || !strings.Contains(none[0], "fresh view") || !strings.Contains(none[1], "barely overlap") {
		t.Errorf("a group with nothing to exchange: %q", none)
	}
}

// A person avoided by someone else is not told about that avoid list, and
// an admin never learns that an avoid list, anyone's, kept someone out.
func TestLeftOutWordsKeepAvoidListsPrivate(t *testing.T) {
	t.Parallel()
	r := Renderer{Command: "/tandem"}
	for _, w := range []string{"your avoid", "their avoid", "avoids you"} {
		if s := r.LeftOutForPerson(tandem.LeftAvoided); strings.Contains(strings.ToLower(s), w) {
			t.Errorf("the message to an avoided person reveals whose avoid list: %q", s)
		}
	}
	en := Renderer{}
	codes := []tandem.LeftOutCode{tandem.LeftAlone, tandem.LeftOwnAvoidList, tandem.LeftAvoided, tandem.LeftNoRoom}
	for _, c := range codes {
		if s := en.LeftOutForAdmin(c); strings.Contains(strings.ToLower(s), "avoid") {
			t.Errorf("an admin reads about avoid lists for %s: %q", c, s)
		}
	}
	if en.LeftOutForAdmin(tandem.LeftOwnAvoidList) != en.LeftOutForAdmin(tandem.LeftAvoided) || en.LeftOutForAdmin(tandem.LeftAvoided) != en.LeftOutForAdmin(tandem.LeftNoRoom) {
		t.Error("an admin can tell an avoid list from a full round")
	}
}

func TestProvenSaysTheGap(t *testing.T) {
	t.Parallel()
	g := []tandem.Group{{}}
	for _, tt := range []struct {
		score, bound int
		groups       []tandem.Group
		want         string
	}{
		{100, 100, g, " Proven the best possible grouping."},
		{9990, 10000, g, " Proven within 0.1% of the best possible grouping."},
		{9963, 10000, g, " Proven within 0.37% of the best possible grouping."},
		{99963, 100000, g, " Proven within 0.037% of the best possible grouping."},
		{877, 1000, g, " Proven within 13% of the best possible grouping."},
		{99999999, 100000000, g, " Proven within 0.01% of the best possible grouping."},
		{-50, 100, g, " Proven within 150% of the best possible grouping."},
		{0, 0, g, ""},     // saved before rounds stored their certificate
		{10, 10, nil, ""}, // no groups
	} {
		if got := (Renderer{Command: "/tandem"}).proven(tandem.Round{Score: tt.score, Bound: tt.bound, Groups: tt.groups}); got != tt.want {
			t.Errorf("proven(score %d, bound %d) = %q, want %q", tt.score, tt.bound, got, tt.want)
		}
	}
}
