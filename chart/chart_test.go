package chart

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/insight"
)

// twelveRounds are the counts of a program's last 12 rounds, round 5
// with too few people to show.
func twelveRounds() insight.Trends {
	var figs []tandem.RoundFigures
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for i := range 12 {
		f := tandem.RoundFigures{StartedAt: start.AddDate(0, 0, 7*i), Participants: 30 + i, Groups: 12, Met: 3, MetPeople: 6,
			Answers: 20, Correct: 15, Answerers: 8, Topics: 6, TopicAuthors: 5, Votes: 9, Voters: 7}
		if i == 4 {
			f = tandem.RoundFigures{StartedAt: f.StartedAt, Participants: 3, Groups: 1}
		}
		figs = append(figs, f)
	}
	return insight.TrendsOf(tandem.Privacy{MinGroup: 5}, tandem.Program{Name: "learning"}, 14, figs)
}

func TestChartShowsOnePointPerShownRound(t *testing.T) {
	t.Parallel()
	tr := twelveRounds()
	data, err := PNG(tr, English("Trends: #learning"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if cfg.Width != Width || cfg.Height != Height {
		t.Errorf("image is %dx%d, want %dx%d", cfg.Width, cfg.Height, Width, Height)
	}
	lines := Lines(tr)
	want := map[string]int{"participants": 11, "groups": 11, "met (%)": 11, "quiz right (%)": 11, "votes": 12}
	for _, s := range lines {
		n, ok := want[s.Name]
		if !ok {
			continue
		}
		if len(s.Points) != n {
			t.Errorf("%s has %d points, want %d", s.Name, len(s.Points), n)
		}
		if s.Name == "votes" {
			continue // at 0 in round 5, under the markers of topics and answers
		}
		got, err := Markers(data, s)
		if err != nil {
			t.Fatal(err)
		}
		if got != n {
			t.Errorf("the image shows %d markers of %s, want %d", got, s.Name, n)
		}
	}
	if testing.Verbose() {
		os.WriteFile(filepath.Join(t.TempDir(), "trends.png"), data, 0o600)
	}
	if p := lines[0].Points; p[0].Round != 3 || p[len(p)-1].Round != 14 {
		t.Errorf("participants run from round %d to %d, want 3 to 14", p[0].Round, p[len(p)-1].Round)
	}
}

func TestChartOfNoRounds(t *testing.T) {
	t.Parallel()
	if _, err := PNG(insight.Trends{}, English("x")); err != ErrNoRounds {
		t.Errorf("PNG of no rounds: %v, want ErrNoRounds", err)
	}
}
