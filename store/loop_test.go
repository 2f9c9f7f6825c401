package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/render"
	"github.com/tandem-dev/tandem/store"
)

func TestGoalsAreSetOnceAndChangedByAnyPartner(t *testing.T) {
	t.Parallel()
	db := open(t)
	ctx := context.Background()
	if err := db.CreateProgram(ctx, "", tandem.NewProgram("C1", "UTC")); err != nil {
		t.Fatal(err)
	}
	g := matched(t, db, "C1", []tandem.UserID{"U1", "U2"}).Groups[0].ID
	if _, err := db.SetGoal(ctx, "k1", g, "U3", "take over"); tandem.ErrorCode(err) != tandem.EFORBIDDEN {
		t.Errorf("an outsider set the goal: %v", err)
	}
	for _, bad := range []string{"", "two\nlines", strings.Repeat("x", tandem.MaxGoalLen+1)} {
		if _, err := db.SetGoal(ctx, "", g, "U1", bad); tandem.ErrorCode(err) != tandem.EINVALID {
			t.Errorf("goal %.20q: %v, want EINVALID", bad, err)
		}
	}
	if _, _, err := db.SetGoalStatus(ctx, "", g, "U1", tandem.GoalDone); tandem.ErrorCode(err) != tandem.EINVALID {
		t.Errorf("status without a goal: %v", err)
	}
	got, err := db.SetGoal(ctx, "k2", g, "U1", "  ship a service  ")
	if err != nil || got.Goal.Text != "ship a service" || got.Goal.By != "U1" {
		t.Fatalf("set goal: %+v, %v", got.Goal, err)
	}
	if _, err := db.SetGoal(ctx, "k2", g, "U1", "again"); !errors.Is(err, tandem.ErrDuplicate) {
		t.Errorf("a repeated key: %v", err)
	}
	if _, changed, err := db.SetGoalStatus(ctx, "k3", g, "U2", tandem.GoalStuck); err != nil || !changed {
		t.Fatalf("stuck: %v %v", changed, err)
	}
	if _, changed, _ := db.SetGoalStatus(ctx, "k4", g, "U1", tandem.GoalStuck); changed {
		t.Error("the same status twice changed it")
	}
	got, err = db.SetGoal(ctx, "k5", g, "U2", "ship two services")
	if err != nil || got.Goal.By != "U2" || got.Goal.Status != "" {
		t.Errorf("changed goal: %+v, %v; want set by U2 with no status", got.Goal, err)
	}
	if g2, _ := db.Group(ctx, g); g2.Goal.Text != "ship two services" {
		t.Errorf("Group does not carry the goal: %+v", g2.Goal)
	}
}

// TestLoopReportWithFourAndFiveRaters rates meetings in a program through
// the store and words the report's figures under the privacy rule: with 4
// raters the average reads "fewer than 5", with 5 it shows; the export does
// the same.
func TestLoopReportWithFourAndFiveRaters(t *testing.T) {
	t.Parallel()
	db := open(t)
	ctx := context.Background()
	if err := db.CreateProgram(ctx, "", tandem.NewProgram("C1", "UTC")); err != nil {
		t.Fatal(err)
	}
	var groups [][]tandem.UserID
	for i := range 5 {
		groups = append(groups, []tandem.UserID{tandem.UserID(fmt.Sprintf("UA%d", i)), tandem.UserID(fmt.Sprintf("UB%d", i))})
	}
	r := matched(t, db, "C1", groups...)
	priv := tandem.Privacy{MinGroup: 5}
	for i, g := range r.Groups {
		u := g.Members[0]
		if err := db.RateMeeting(ctx, "", g.ID, u, 4); tandem.ErrorCode(err) != tandem.EINVALID {
			t.Fatalf("rated before meeting: %v", err)
		}
		if _, _, _, err := db.RecordClick(ctx, "", g.ID, u, tandem.ClickMet); err != nil {
			t.Fatal(err)
		}
		if err := db.RateMeeting(ctx, "", g.ID, u, []int{5, 4, 4, 3, 5}[i]); err != nil {
			t.Fatal(err)
		}
		if err := db.RateMeeting(ctx, "", g.ID, u, 1); tandem.ErrorCode(err) != tandem.ECONFLICT {
			t.Fatalf("second rating: %v", err)
		}
		s, err := db.LoopStats(ctx, "C1")
		if err != nil {
			t.Fatal(err)
		}
		got := render.LoopFigures(priv, s)
		ratings := exportCSV(t, db, store.ExportOptions{MinGroup: 5}, "loop.csv")
		switch i {
		case 3: // 4 raters
			if !strings.Contains(got, "Usefulness of meetings:* fewer than 5 raters") || strings.Contains(got, "of 5, from") {
				t.Errorf("4 raters: %s", got)
			}
			if row := strings.Join(ratings[1], ","); !strings.Contains(row, "fewer than 5,fewer than 5") {
				t.Errorf("4 raters, export: %s", row)
			}
		case 4: // 5 raters: (5+4+4+3+5)/5 = 4.2
			if !strings.Contains(got, "Usefulness of meetings:* 4.2 of 5, from 5 raters") {
				t.Errorf("5 raters: %s", got)
			}
			if row := strings.Join(ratings[1], ","); row != "C1,5,0,0,5,4.2" {
				t.Errorf("5 raters, export: %s; header %v", row, ratings[0])
			}
		}
	}
}
