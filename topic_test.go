package tandem_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
)

func TestRankTopics(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	ts := []tandem.Topic{
		{ID: 1, Text: "old, 2 votes", Votes: 2, CreatedAt: t0},
		{ID: 2, Text: "urgent, no votes", Urgent: true, CreatedAt: t0.Add(time.Hour)},
		{ID: 3, Text: "new, 2 votes", Votes: 2, CreatedAt: t0.Add(time.Minute)},
		{ID: 4, Text: "5 votes", Votes: 5, CreatedAt: t0.Add(2 * time.Hour)},
		{ID: 5, Text: "urgent, 1 vote", Urgent: true, Votes: 1, CreatedAt: t0.Add(3 * time.Hour)},
		{ID: 6, Text: "same instant as old, later ID", Votes: 2, CreatedAt: t0},
	}
	tandem.RankTopics(ts)
	var got []string
	for _, topic := range ts {
		got = append(got, topic.Text)
	}
	want := "urgent, 1 vote | urgent, no votes | 5 votes | old, 2 votes | same instant as old, later ID | new, 2 votes"
	if strings.Join(got, " | ") != want {
		t.Errorf("agenda order:\n got %s\nwant %s", strings.Join(got, " | "), want)
	}
	m := tandem.Marketplace{Topics: ts}
	if m.Place(4) != 3 || m.Place(99) != 0 {
		t.Errorf("Place: %d %d", m.Place(4), m.Place(99))
	}
}
