package render

import (
	"strings"
	"testing"

	"github.com/tandem-dev/tandem"
)

// TestLoopFiguresHideFewerThanFive: with 4 raters (and 4 people who
// reviewed) the report shows no average and no retention; with 5 it does.
func TestLoopFiguresHideFewerThanFive(t *testing.T) {
	t.Parallel()
	p := tandem.Privacy{MinGroup: 5}
	four := tandem.LoopStats{Groups: 4, WithGoal: 3, GoalsDone: 1, Raters: 4, Ratings: 4, RatingSum: 17, Reviewers: 4, Reviews: 8, ReviewsRight: 6}
	got := LoopFigures(p, four)
	for _, want := range []string{"Goals:* fewer than 5 of partnerships", "fewer than 5 of those are done", "fewer than 5 raters", "Spaced review:* fewer than 5 people, fewer than 5 people right"} {
		if !strings.Contains(got, want) {
			t.Errorf("4 raters: missing %q in %s", want, got)
		}
	}
	if strings.Contains(got, "4.2") || strings.Contains(got, "75%") || strings.Contains(got, "of 5, from") {
		t.Errorf("4 raters: a figure about fewer than 5 people shows:\n%s", got)
	}
	five := tandem.LoopStats{Groups: 5, WithGoal: 5, GoalsDone: 2, Raters: 5, Ratings: 5, RatingSum: 21, Reviewers: 5, Reviews: 10, ReviewsRight: 7}
	got = LoopFigures(p, five)
	for _, want := range []string{"Goals:* 100% of partnerships", "40% of those are done", "4.2 of 5, from 5 raters", "10 answers by 5 people, 70% right on second and later tries"} {
		if !strings.Contains(got, want) {
			t.Errorf("5 raters: missing %q in %s", want, got)
		}
	}
	if got := LoopFigures(p, tandem.LoopStats{}); !strings.Contains(got, "no ratings yet") || !strings.Contains(got, "no reviews yet") {
		t.Errorf("nothing yet: %s", got)
	}
}
