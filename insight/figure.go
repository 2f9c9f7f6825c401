package insight

import (
	"fmt"

	"github.com/tandem-dev/tandem"
)

// Figure is one number of a view, after the privacy rule: shown, hidden
// (it would describe fewer than privacy.min_group people: its value is not
// kept, so no surface can show it), or not applicable (a share of nothing).
type Figure struct {
	value float64
	state state
	unit  unit
	min   int // the threshold, for the words of a hidden figure
}

type state uint8

const (
	shown state = iota
	hidden
	none
)

type unit uint8

const (
	unitCount unit = iota
	unitPercent
	unitRatio
)

// people returns the figure v about n people under rule p: shown only if
// p.Shows(n).
func people(p tandem.Privacy, n int, v float64, u unit) Figure {
	if !p.Shows(n) {
		return Figure{state: hidden, unit: u, min: p.Min()}
	}
	return Figure{value: v, unit: u}
}

// count is a count of n people.
func count(p tandem.Privacy, n int) Figure { return people(p, n, float64(n), unitCount) }

// countOf is a count of things (groups, notes, answers) made by n people.
func countOf(p tandem.Privacy, n, things int) Figure { return people(p, n, float64(things), unitCount) }

// share is part of whole as a percentage, about n people; n/a when whole
// is 0.
func share(p tandem.Privacy, n, part, whole int) Figure {
	if whole == 0 {
		return Figure{state: none, unit: unitPercent}
	}
	return people(p, n, float64((100*part+whole/2)/whole), unitPercent)
}

// splitShare is part of whole as a percentage where partPeople people make
// the part and restPeople the rest: a share tells about both sides, so it
// is shown only when both may be.
func splitShare(p tandem.Privacy, partPeople, restPeople, part, whole int) Figure {
	if whole == 0 {
		return Figure{state: none, unit: unitPercent}
	}
	if !p.Shows(partPeople) || !p.Shows(restPeople) {
		return Figure{state: hidden, unit: unitPercent, min: p.Min()}
	}
	return share(p, 0, part, whole)
}

// ratio is num per den, about n people; n/a when den is 0.
func ratio(p tandem.Privacy, n, num, den int) Figure {
	if den == 0 {
		return Figure{state: none, unit: unitRatio}
	}
	return people(p, n, float64(num)/float64(den), unitRatio)
}

// Shown reports whether the figure may be shown.
func (f Figure) Shown() bool { return f.state == shown }

// Hidden reports whether the privacy rule hides the figure.
func (f Figure) Hidden() bool { return f.state == hidden }

// Value is the figure's value, 0 unless Shown.
func (f Figure) Value() float64 { return f.value }

// Int is the value of a count.
func (f Figure) Int() int { return int(f.value) }

// String words the figure: "12", "50%", "1.5", "fewer than 5" or "n/a".
func (f Figure) String() string {
	switch f.state {
	case hidden:
		return fmt.Sprintf("fewer than %d", f.min)
	case none:
		return "n/a"
	}
	switch f.unit {
	case unitPercent:
		return fmt.Sprintf("%.0f%%", f.value)
	case unitRatio:
		return fmt.Sprintf("%.1f", f.value)
	}
	return fmt.Sprintf("%.0f", f.value)
}

// Min is the threshold of a hidden figure: it reads "fewer than Min()".
func (f Figure) Min() int { return f.min }

// Percent reports whether the figure is a percentage.
func (f Figure) Percent() bool { return f.unit == unitPercent }
