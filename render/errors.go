package render

import (
	"errors"
	"fmt"

	"github.com/tandem-dev/tandem"
)

// ErrorText words a domain error for the person who caused it: a case the
// store names by its reason gets its sentence here, with the channel's link
// and the configured command; any other *tandem.Error its own message; any
// other error a generic sentence. The result is mrkdwn, defanged (a message
// may repeat what was typed) and bounded.
func (r Renderer) ErrorText(err error) string {
	var e *tandem.Error
	if errors.As(err, &e) {
		ch := Channel(e.Channel)
		switch e.Reason {
		case tandem.ReasonNotProgram:
			return fmt.Sprintf("%s is not a program. An admin can make it one with `%s program add %s`.", ch, r.Command, ch)
		case tandem.ReasonAlreadyProgram:
			return fmt.Sprintf("%s is already a program. Change it with `%s program set %s key=value`.", ch, r.Command, ch)
		case tandem.ReasonNoRound:
			return fmt.Sprintf("%s has run no round yet.", ch)
		case tandem.ReasonNoQuestion:
			return Defang(Truncate(e.Message, maxErrorChars)) + fmt.Sprintf(" Type `%s quiz` to get your next one.", r.Command)
		}
	}
	return Defang(Truncate(tandem.ErrorMessage(err), maxErrorChars))
}

// maxErrorChars bounds an error message, which may repeat what a person
// typed, so that its reply stays one message.
const maxErrorChars = 1500
