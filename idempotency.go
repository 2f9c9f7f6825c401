package tandem

import (
	"errors"
	"time"
)

// ErrDuplicate is returned by a write made with a Key that was used before:
// the write was rolled back and changed nothing.
var ErrDuplicate = errors.New("tandem: request already processed")

// Key is an idempotency key. The write that is given a Key records it in the
// same transaction as its effect; a later write given the same Key fails
// with ErrDuplicate and changes nothing. A Key belongs to exactly one write:
// the primary effect of one inbound request. The empty Key deduplicates
// nothing.
type Key string

// EnvelopeKey is the key of a Slack envelope's primary effect: Slack
// redelivers an envelope it did not see acknowledged, with the same ID.
func EnvelopeKey(envelopeID string) Key {
	if envelopeID == "" {
		return ""
	}
	return Key("envelope:" + envelopeID)
}

// FiringKey is the key of a scheduled firing's primary effect: the job and
// its scheduled instant, so that running a firing again has its effect once.
func FiringKey(job string, at time.Time) Key {
	return Key("firing:" + job + "@" + at.UTC().Format(time.RFC3339))
}

// Sub derives the key of a second, independent write of the same request,
// such as pausing ghosts before a round: it is deduplicated on its own and
// never uses up k. The empty Key stays empty.
func (k Key) Sub(part string) Key {
	if k == "" {
		return ""
	}
	return k + Key("/"+part)
}
