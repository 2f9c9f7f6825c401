package render

import (
	"errors"

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
			return r.T("error.not_program", "Program", ch)
		case tandem.ReasonAlreadyProgram:
			return r.T("error.already_program", "Program", ch)
		case tandem.ReasonNoRound:
			return r.T("error.no_round", "Program", ch)
		case tandem.ReasonNoQuestion:
			return Defang(Truncate(r.Lang.Err(err), maxErrorChars)) + " " + r.T("error.next_question")
		}
	}
	return Defang(Truncate(r.Lang.Err(err), maxErrorChars))
}

// maxErrorChars bounds an error message, which may repeat what a person
// typed, so that its reply stays one message.
const maxErrorChars = 1500
