package render

import (
	"errors"
	"strings"
	"testing"

	"github.com/tandem-dev/tandem"
)

// TestErrorTextWordsTheStoresCases: the store names a case and the channel;
// the edge words it with the link and the configured command.
func TestErrorTextWordsTheStoresCases(t *testing.T) {
	t.Parallel()
	r := Renderer{Command: "/learn"}
	got := r.ErrorText(tandem.ChannelError(tandem.ENOTFOUND, tandem.ReasonNotProgram, "C1", "That channel is not a program."))
	if got != "<#C1> is not a program. An admin can make it one with `/learn program add <#C1>`." {
		t.Errorf("not a program: %q", got)
	}
	got = r.ErrorText(&tandem.Error{Code: tandem.ENOTFOUND, Reason: tandem.ReasonNoQuestion, Message: "There is no question 7 for you."})
	if !strings.HasSuffix(got, "Type `/learn quiz` to get your next one.") {
		t.Errorf("no question: %q", got)
	}
	if got := r.ErrorText(tandem.Errorf(tandem.EINVALID, `"<!channel>" is not a mode.`)); strings.Contains(got, "<!channel>") {
		t.Errorf("a domain message repeats a live token: %q", got)
	}
	if got := r.ErrorText(errors.New("disk I/O error at /var/lib/tandem")); strings.Contains(got, "/var/lib") {
		t.Errorf("an internal error is shown: %q", got)
	}
}
