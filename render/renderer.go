package render

import (
	"time"

	"github.com/tandem-dev/tandem/lang"
)

// Renderer words tandem's messages. The zero value is not useful: Command
// must be set; NextRun and Now may be nil (then messages that say when
// something happens next leave the time out, and Now is time.Now); Lang
// nil is English.
type Renderer struct {
	// Command is the slash command, as configured (slack.command).
	Command string
	// NextRun returns the next firing of a schedule after an instant (the
	// scheduler's rules).
	NextRun func(spec string, loc *time.Location, after time.Time) (time.Time, error)
	// Now returns the current time; tests fix it.
	Now func() time.Time
	// Lang is the language of the reader; nil is English.
	Lang *lang.Lang
}

// In returns r speaking l.
func (r Renderer) In(l *lang.Lang) Renderer {
	r.Lang = l
	return r
}

// T words the catalog message id in r's language, with Cmd set to the
// slash command; kv are further fields as name, value pairs.
func (r Renderer) T(id string, kv ...any) string {
	return r.Lang.T(id, append(kv, "Cmd", r.Command)...)
}

// N words the plural message id for n in r's language, with Cmd set.
func (r Renderer) N(id string, n int, kv ...any) string {
	return r.Lang.N(id, n, append(kv, "Cmd", r.Command)...)
}

func (r Renderer) now() time.Time {
	if r.Now == nil {
		return time.Now()
	}
	return r.Now()
}

// next is the next firing of spec in loc after now, or false.
func (r Renderer) next(spec string, loc *time.Location) (time.Time, bool) {
	if spec == "" || r.NextRun == nil {
		return time.Time{}, false
	}
	t, err := r.NextRun(spec, loc, r.now())
	return t, err == nil && !t.IsZero()
}
