// Package tandem holds the domain of tandem, a Slack bot that runs learning
// partnerships: who people are, what they teach and want to learn, programs,
// rounds, partnerships, notes, topics and quizzes. It does no I/O; the store,
// the bot and the scheduler build on these types.
package tandem

import (
	"errors"
	"fmt"
)

// UserID is a Slack user ID such as U0123ABCD.
type UserID string

// ChannelID is a Slack conversation ID: a channel (C…), a private channel or
// group DM (G…, C…) or a direct message (D…).
type ChannelID string

// Error codes. They say what kind of failure happened; the bot maps them to
// the words a user sees.
const (
	EINVALID   = "invalid"   // the input was wrong; the message says how
	ENOTFOUND  = "not_found" // the thing asked for does not exist
	EFORBIDDEN = "forbidden" // the caller may not do this
	ECONFLICT  = "conflict"  // the request clashes with the current state
	EINTERNAL  = "internal"  // anything else: a bug or an outage
)

// Error is a domain error whose Message is safe to show to the user who
// caused it. Any other error is shown as an internal error. Reason, when
// set, names the case for the Slack edge, which may word it better than
// Message can (with links and the configured command); Channel is the
// channel the case is about.
type Error struct {
	Code    string
	Message string
	// Format and Args are what Message was made of, so that the Slack edge
	// can word the message in the reader's language (package lang); a
	// translation keeps every argument.
	Format  string
	Args    []any
	Reason  string
	Channel ChannelID
}

// The reasons of errors the store returns about a channel.
const (
	ReasonNotProgram     = "not_program"
	ReasonAlreadyProgram = "already_program"
	ReasonNoRound        = "no_round"
	ReasonNoQuestion     = "no_question"
)

// ChannelError returns an *Error about a channel with a reason; its Message
// is the plain fallback.
func ChannelError(code, reason string, channel ChannelID, message string) *Error {
	return &Error{Code: code, Message: message, Reason: reason, Channel: channel}
}

func (e *Error) Error() string { return fmt.Sprintf("tandem: %s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and a formatted, user-safe message.
// Formatted is an error from outside this package whose user-safe text
// is a printf format and its arguments, such as a refused schedule: as an
// argument of an *Error it is worded in the reader's language too.
type Formatted interface {
	error
	Formatted() (format string, args []any)
}

func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of the first *Error in err's
// chain, and a generic sentence for any other error.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side. Please try again in a minute."
}
