package tandem

// DefaultMinGroup is privacy.min_group's default, and MinGroupFloor its
// smallest accepted value: below 3 a figure about a group tells one member
// what the others did.
const (
	DefaultMinGroup = 5
	MinGroupFloor   = 3
)

// Privacy is the rule for every aggregate an admin sees (reports, the
// skills view, trends, the chart, the digest, the aggregate export): no
// figure describes fewer than MinGroup people. It is the one place that
// decides; the renderers show a figure it hides as "fewer than MinGroup".
type Privacy struct {
	MinGroup int
}

// Shows reports whether a figure about people persons may be shown: none
// (nobody can be read off an empty set) or at least MinGroup.
func (p Privacy) Shows(people int) bool {
	return people == 0 || people >= p.min()
}

// Min is the threshold in force (MinGroup, raised to MinGroupFloor).
func (p Privacy) Min() int { return p.min() }

func (p Privacy) min() int { return max(p.MinGroup, MinGroupFloor) }
