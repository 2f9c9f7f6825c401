package main

import (
	"regexp"
	"strings"
	"testing"
)

var codeBlock = regexp.MustCompile("(?s)```(.*?)```")

// TestTooLongNoteOfEscapesIsGivenBackWhole: a note over the limit made of
// characters Slack escapes (& becomes &amp;) is still echoed whole, split
// across messages Slack accepts, so nothing typed is lost.
func TestTooLongNoteOfEscapesIsGivenBackWhole(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	text := strings.Repeat("a&b<c>", 1667) // 10,002 characters, 25,008 once escaped
	a.reply(ana, program, "note "+slackTyped(text))
	var echoed strings.Builder
	a.waitFor("the whole text given back", func() bool {
		echoed.Reset()
		for _, m := range a.fake.Messages(program) {
			if m.Ephemeral && m.User == ana {
				echoed.WriteString(m.AllText())
			}
		}
		var got strings.Builder
		for _, m := range codeBlock.FindAllStringSubmatch(echoed.String(), -1) {
			got.WriteString(m[1])
		}
		return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(got.String()) == text
	})
	mustContain(t, echoed.String(), "10002 characters; the limit is 10000", "Nothing was saved")
	a.noViolations()
}
