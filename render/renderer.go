package render

import "time"

// Renderer words tandem's messages. The zero value is not useful: Command
// must be set; NextRun and Now may be nil (then messages that say when
// something happens next leave the time out, and Now is time.Now).
type Renderer struct {
	// Command is the slash command, as configured (slack.command).
	Command string
	// NextRun returns the next firing of a schedule after an instant (the
	// scheduler's rules).
	NextRun func(spec string, loc *time.Location, after time.Time) (time.Time, error)
	// Now returns the current time; tests fix it.
	Now func() time.Time
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
