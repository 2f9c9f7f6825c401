package command

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tandem-dev/tandem"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want Command
	}{
		{"", Command{Verb: "help"}},
		{"  help ", Command{Verb: "help"}},
		{"dance", Command{Verb: "help", Unknown: "dance"}},
		{"PROFILE", Command{Verb: "profile"}},
		{"teach Go, SQL ,golang", Command{Verb: "teach", Skills: []string{"go", "sql"}}},
		{"teach -", Command{Verb: "teach"}},
		{"learn K8s", Command{Verb: "learn", Skills: []string{"kubernetes"}}},
		{"mode Remote", Command{Verb: "mode", Mode: tandem.ModeRemote}},
		{"location   Berlin   Mitte", Command{Verb: "location", Text: "Berlin Mitte"}},
		{"location -", Command{Verb: "location"}},
		{"pause", Command{Verb: "pause"}},
		{"pause 2 weeks", Command{Verb: "pause", Weeks: 2}},
		{"pause 3w", Command{Verb: "pause", Weeks: 3}},
		{"pause 1 week", Command{Verb: "pause", Weeks: 1}},
		{"resume", Command{Verb: "resume"}},
		{"avoid <@U0BOB|bob>", Command{Verb: "avoid", User: UserRef{ID: "U0BOB"}}},
		{"avoid <@W0BOB>", Command{Verb: "avoid", User: UserRef{ID: "W0BOB"}}},
		{"unavoid @Bob", Command{Verb: "unavoid", User: UserRef{Name: "bob"}}},
		{"note we read &lt;chapter 3&gt; &amp; more", Command{Verb: "note", Text: "we read <chapter 3> & more"}},
		{"notes", Command{Verb: "notes"}},
		{"notes 2", Command{Verb: "notes", Page: 2}},
		{"notes page 3", Command{Verb: "notes", Page: 3}},
		{"quiz new", Command{Verb: "quiz", Sub: "new"}},
		{"topic urgent the build is red", Command{Verb: "topic", Urgent: true, Text: "the build is red"}},
		{"topic urgency matters", Command{Verb: "topic", Text: "urgency matters"}},
		{"ask Go: how do I profile?", Command{Verb: "ask", Skill: "go", Text: "how do I profile?"}},
		{"quiz", Command{Verb: "quiz"}},
		{"quiz score", Command{Verb: "quiz", Sub: "score"}},
		{"quiz answer 12 2", Command{Verb: "quiz", Sub: "answer", QuizID: 12, Option: 2}},
		{"quiz add What is GC? | Go Compiler | *Garbage Collector | Great Code", Command{Verb: "quiz", Sub: "add", Text: "What is GC?", Options: []string{"Go Compiler", "Garbage Collector", "Great Code"}, Correct: 1}},
		{"forget me", Command{Verb: "forget"}},
		{"program list", Command{Verb: "program", Sub: "list"}},
		{"program add <#C0LEARN|learning> group_size=3 match=\"0 9 * * MON\"", Command{Verb: "program", Sub: "add", Channel: ChannelRef{ID: "C0LEARN", Name: "learning"}, Settings: map[string]string{"group_size": "3", "match": "0 9 * * MON"}}},
		{"program set <#G0PRIV|> match=“@every 2s”", Command{Verb: "program", Sub: "set", Channel: ChannelRef{ID: "G0PRIV"}, Settings: map[string]string{"match": "@every 2s"}}},
		{"program remove #learning", Command{Verb: "program", Sub: "remove", Channel: ChannelRef{Name: "learning"}}},
		{"match <#C0LEARN|learning>", Command{Verb: "match", Channel: ChannelRef{ID: "C0LEARN", Name: "learning"}}},
		{"report", Command{Verb: "report"}},
		{"report #learning", Command{Verb: "report", Channel: ChannelRef{Name: "learning"}}},
		{"report skills", Command{Verb: "report", Sub: "skills"}},
		{"report Skills #learning", Command{Verb: "report", Sub: "skills", Channel: ChannelRef{Name: "learning"}}},
		{"report trends <#C0LEARN001|learning>", Command{Verb: "report", Sub: "trends", Channel: ChannelRef{ID: "C0LEARN001", Name: "learning"}}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.text)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.text, err)
			continue
		}
		if tt.want.Settings == nil && got.Settings != nil && len(got.Settings) == 0 {
			got.Settings = nil
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q)\n got  %+v\n want %+v", tt.text, got, tt.want)
		}
	}
}

func TestParseRefusesWithAHint(t *testing.T) {
	t.Parallel()
	tests := []struct{ text, hint string }{
		{"teach", "teach go, sql"},
		{"teach ,,,", "no skill names"},
		{"mode sometimes", "onsite"},
		{"pause forever", "1 to 52 weeks"},
		{"pause 53 weeks", "1 to 52 weeks"},
		{"pause 0", "1 to 52 weeks"},
		{"avoid", "avoid @someone"},
		{"avoid bob smith", "avoid @someone"},
		{"note", "note we paired"},
		{"notes 0", "`notes 2`"},
		{"notes older", "`notes 2`"},
		{"ask go how?", "colon"},
		{"quiz add Q | A | B", "Mark the right option"},
		{"quiz add Q | *A | *B", "more than one"},
		{"quiz add Q | *A", "2 to 6 options"},
		{"quiz add Q | *A | B | C | D | E | F | G", "2 to 6 options"},
		{"quiz add Q | *A | ", "Option 2 is empty"},
		{"quiz answer x 2", "quiz answer 12 2"},
		{"quiz answer 3 9", "quiz answer 12 2"},
		{"forget", "forget me"},
		{"program", "program add #channel"},
		{"program set #learning", "Say what to change"},
		{"program set #learning group_size", "is not key=value"},
		{"program add #x match=\"0 9", "no closing quote"},
		{"program add #x group_size=2 group_size=3", "given twice"},
		{"match", "match #learning"},
		{"location " + strings.Repeat("x", 101), "at most 100"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.text)
		if tandem.ErrorCode(err) != tandem.EINVALID || !strings.Contains(tandem.ErrorMessage(err), tt.hint) {
			t.Errorf("Parse(%q) = %v, want EINVALID mentioning %q", tt.text, err, tt.hint)
		}
	}
}

func TestParseTooLongNoteKeepsText(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("é", tandem.MaxNoteLen+1)
	_, err := Parse("note " + text)
	var tl *TooLongError
	if !errors.As(err, &tl) || tl.Text != text || tl.Limit != tandem.MaxNoteLen || tl.Got != tandem.MaxNoteLen+1 {
		t.Fatalf("got %v, want TooLongError carrying the text", err)
	}
	if _, err := Parse("note " + strings.Repeat("é", tandem.MaxNoteLen)); err != nil {
		t.Fatalf("note at the limit refused: %v", err)
	}
}

// FuzzParse feeds arbitrary text to the parser: it must never panic, and
// every refusal must be a user-facing error or a too-long error.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "help", "teach go, sql", "avoid <@U1|ana>", "program add <#C1|x> match=\"0 9 * * MON\"",
		"quiz add Q | *A | B", "quiz answer 1 2", "pause 2 weeks", "topic urgent x", "ask go: y", "program set #x a=“b”"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c, err := Parse(text)
		if err != nil {
			var tl *TooLongError
			if !errors.As(err, &tl) && tandem.ErrorCode(err) != tandem.EINVALID {
				t.Fatalf("Parse(%q): non-user error %v", text, err)
			}
			if msg := tandem.ErrorMessage(err); tl == nil && (msg == "" || !utf8.ValidString(msg) && utf8.ValidString(text)) {
				t.Fatalf("Parse(%q): bad message %q", text, msg)
			}
			return
		}
		if c.Verb == "" {
			t.Fatalf("Parse(%q): empty verb", text)
		}
		if c.Verb == "quiz" && c.Sub == "add" && (len(c.Options) < 2 || len(c.Options) > 6 || c.Correct < 0 || c.Correct >= len(c.Options)) {
			t.Fatalf("Parse(%q): bad quiz %+v", text, c)
		}
	})
}
