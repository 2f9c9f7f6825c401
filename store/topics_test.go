package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/store"
)

// addTopic adds a topic and fails the test on error.
func addTopic(t *testing.T, db *store.DB, program tandem.ChannelID, author tandem.UserID, text string, urgent bool) (tandem.Topic, tandem.Marketplace) {
	t.Helper()
	topic, m, err := db.AddTopic(context.Background(), "", tandem.Topic{Program: program, Author: author, Text: text, Urgent: urgent})
	if err != nil {
		t.Fatalf("add topic %q: %v", text, err)
	}
	return topic, m
}

func vote(t *testing.T, db *store.DB, user tandem.UserID, topic tandem.Topic) tandem.VoteResult {
	t.Helper()
	r, err := db.Vote(context.Background(), "", user, topic.ID, topic.Program)
	if err != nil {
		t.Fatalf("vote of %s for %d: %v", user, topic.ID, err)
	}
	return r
}

func texts(ts []tandem.Topic) string {
	var s []string
	for _, t := range ts {
		s = append(s, t.Text)
	}
	return strings.Join(s, " | ")
}

func TestAddTopicOpensOneMarketplaceAndRanks(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	before, err := db.OpenMarketplace(ctx, "C1")
	if err != nil || before.ID != 0 || before.Number != 1 || len(before.Topics) != 0 {
		t.Fatalf("before any topic: %+v, %v", before, err)
	}
	review, _ := addTopic(t, db, "C1", "U1", "code review", false)
	docs, _ := addTopic(t, db, "C1", "U2", "docs", false)
	vote(t, db, "U3", docs)
	vote(t, db, "U4", docs)
	red, m := addTopic(t, db, "C1", "U3", "the build is red", true)
	if m.ID == 0 || m.Number != 1 || red.Marketplace != m.ID || review.Marketplace != m.ID {
		t.Fatalf("topics went to different marketplaces: %+v %+v %+v", review, red, m)
	}
	// Urgent first, even above a topic with more votes; then by votes; then oldest.
	if got, want := texts(m.Topics), "the build is red | docs | code review"; got != want {
		t.Fatalf("agenda order %q, want %q", got, want)
	}
	if m.Place(red.ID) != 1 || m.Place(review.ID) != 3 || !red.Urgent || red.Status != tandem.TopicOpen {
		t.Fatalf("places: red %d review %d, %+v", m.Place(red.ID), m.Place(review.ID), red)
	}
	other, om := addTopic(t, db, "C2", "U1", "elsewhere", false)
	if om.ID == m.ID || other.Program != "C2" || len(om.Topics) != 1 {
		t.Fatalf("a second program shares a marketplace: %+v", om)
	}
	got, err := db.OpenMarketplace(ctx, "C1")
	if err != nil || got.ID != m.ID || texts(got.Topics) != texts(m.Topics) || got.Topics[1].Votes != 2 {
		t.Fatalf("open marketplace: %+v, %v", got, err)
	}
}

func TestVoteOncePerTopicAndWithinBudget(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	var ts []tandem.Topic
	for _, text := range []string{"a", "b", "c", "d"} {
		topic, _ := addTopic(t, db, "C1", "U9", text, false)
		ts = append(ts, topic)
	}
	r := vote(t, db, "U1", ts[0])
	if !r.Counted || r.Used != 1 || r.Topic.Votes != 1 {
		t.Fatalf("first vote: %+v", r)
	}
	r = vote(t, db, "U1", ts[0])
	if !r.Already || r.Counted || r.Topic.Votes != 1 || r.Used != 1 {
		t.Fatalf("second click on the same topic: %+v", r)
	}
	vote(t, db, "U1", ts[1])
	if r = vote(t, db, "U1", ts[2]); !r.Counted || r.Used != tandem.VoteBudget {
		t.Fatalf("third vote: %+v", r)
	}
	r = vote(t, db, "U1", ts[3])
	if !r.OverBudget || r.Counted || r.Topic.Votes != 0 || r.Used != tandem.VoteBudget || texts(r.Mine) != "a | b | c" {
		t.Fatalf("fourth vote: %+v", r)
	}
	// Someone else's budget is their own; authors may vote for their own topic.
	if r = vote(t, db, "U9", ts[3]); !r.Counted || r.Topic.Votes != 1 {
		t.Fatalf("author's vote: %+v", r)
	}
	m, _ := db.OpenMarketplace(ctx, "C1")
	if got := texts(m.Topics); got != "a | b | c | d" {
		t.Fatalf("order after votes: %s", got)
	}
}

func TestVoteRefusals(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	topic, _ := addTopic(t, db, "C1", "U9", "a", false)
	if _, err := db.Vote(ctx, "", "U1", topic.ID, "C2"); tandem.ErrorCode(err) != tandem.EINVALID {
		t.Errorf("vote from another program: %v, want EINVALID", err)
	}
	if _, err := db.Vote(ctx, "", "U1", 999, "C1"); tandem.ErrorCode(err) != tandem.ENOTFOUND {
		t.Errorf("vote for an unknown topic: %v, want ENOTFOUND", err)
	}
	if _, err := db.CloseMarketplace(ctx, "", "C1"); err != nil {
		t.Fatal(err)
	}
	// The marketplace whose agenda is out still takes votes: the meeting
	// reorders what it discusses next.
	if r, err := db.Vote(ctx, "", "U1", topic.ID, "C1"); err != nil || !r.Counted {
		t.Errorf("vote on the agenda being discussed: %+v, %v", r, err)
	}
	// Once the next marketplace has closed too, the older one takes none.
	addTopic(t, db, "C1", "U9", "next", false)
	if _, err := db.CloseMarketplace(ctx, "", "C1"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Vote(ctx, "", "U2", topic.ID, "C1"); tandem.ErrorCode(err) != tandem.ECONFLICT {
		t.Errorf("vote in an older closed marketplace: %v, want ECONFLICT", err)
	}
	got, err := db.Topic(ctx, topic.ID)
	if err != nil || got.Votes != 1 || got.Status != tandem.TopicDiscussed {
		t.Fatalf("after refused votes: %+v, %v", got, err)
	}
}

func TestCloseMarketplaceStartsTheNextCycle(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	if m, err := db.CloseMarketplace(ctx, "", "C1"); err != nil || m.ID != 0 || len(m.Topics) != 0 {
		t.Fatalf("closing with nothing open: %+v, %v", m, err)
	}
	a, _ := addTopic(t, db, "C1", "U1", "a", false)
	b, _ := addTopic(t, db, "C1", "U2", "b", true)
	closed, err := db.CloseMarketplace(ctx, "", "C1")
	if err != nil || !closed.Closed || closed.ClosedAt.IsZero() || texts(closed.Topics) != "b | a" {
		t.Fatalf("closed: %+v, %v", closed, err)
	}
	for _, topic := range closed.Topics {
		if topic.Status != tandem.TopicDiscussed {
			t.Errorf("topic %q still %s", topic.Text, topic.Status)
		}
	}
	if err := db.AgendaPosted(ctx, closed.ID, tandem.MessageRef{Channel: "C1", TS: "1.2"}); err != nil {
		t.Fatal(err)
	}
	next, err := db.OpenMarketplace(ctx, "C1")
	if err != nil || next.ID != 0 || next.Number != 2 || len(next.Topics) != 0 {
		t.Fatalf("after the agenda: %+v, %v", next, err)
	}
	c, m := addTopic(t, db, "C1", "U1", "c", false)
	if m.Number != 2 || m.ID == closed.ID || texts(m.Topics) != "c" {
		t.Fatalf("a new topic went to %+v", m)
	}
	old, err := db.MarketplaceByID(ctx, closed.ID)
	if err != nil || !old.Closed || old.Number != 1 || len(old.Topics) != 2 {
		t.Fatalf("old marketplace: %+v, %v", old, err)
	}
	if a.Marketplace != b.Marketplace || c.Marketplace == a.Marketplace {
		t.Fatalf("marketplaces: a %d b %d c %d", a.Marketplace, b.Marketplace, c.Marketplace)
	}
}

func TestCallsAreRecordedOncePerRequest(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	addTopic(t, db, "C1", "U1", "a", false)
	id, m, err := db.StartCall(ctx, "envelope:E1", "C1", "U0ADMIN")
	if err != nil || id == 0 || m.ID == 0 || len(m.Topics) != 1 || !m.LastCall.IsZero() {
		t.Fatalf("start call: %d %+v %v", id, m, err)
	}
	if err := db.CallPosted(ctx, id, "111.1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.StartCall(ctx, tandem.Key("envelope:E1"), "C1", "U0ADMIN"); !errors.Is(err, tandem.ErrDuplicate) {
		t.Fatalf("redelivered call: %v, want ErrDuplicate", err)
	}
	// A call on the schedule with no topic yet opens the marketplace.
	id2, m2, err := db.StartCall(ctx, "", "C2", "")
	if err != nil || id2 == id || m2.ID == 0 || m2.Number != 1 {
		t.Fatalf("call for an empty program: %d %+v %v", id2, m2, err)
	}
	got, _ := db.OpenMarketplace(ctx, "C1")
	if got.LastCall != (tandem.MessageRef{Channel: "C1", TS: "111.1"}) {
		t.Fatalf("last call %+v", got.LastCall)
	}
}

func TestMarketplaceStatsCountOnly(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	a, _ := addTopic(t, db, "C1", "U1", "a", true)
	addTopic(t, db, "C1", "U2", "b", false)
	vote(t, db, "U2", a)
	vote(t, db, "U3", a)
	if _, err := db.CloseMarketplace(ctx, "", "C1"); err != nil {
		t.Fatal(err)
	}
	addTopic(t, db, "C1", "U1", "c", false)
	addTopic(t, db, "C2", "U1", "elsewhere", true)
	s, err := db.MarketplaceStats(ctx, "C1")
	want := tandem.MarketplaceStats{Raised: 3, Urgent: 1, Discussed: 2, Open: 1, Votes: 2}
	if err != nil || s != want {
		t.Fatalf("stats %+v, %v; want %+v", s, err, want)
	}
	if s, _ := db.MarketplaceStats(ctx, "C9"); s != (tandem.MarketplaceStats{}) {
		t.Fatalf("stats of a program with no topics: %+v", s)
	}
}

func TestForgetDeletesTopicsAndVotes(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	mine, _ := addTopic(t, db, "C1", "U1", "mine", false)
	theirs, _ := addTopic(t, db, "C1", "U2", "theirs", false)
	vote(t, db, "U2", mine)   // someone's vote on U1's topic goes with the topic
	vote(t, db, "U1", theirs) // U1's own vote goes
	vote(t, db, "U3", theirs) // someone else's vote on someone else's topic stays
	f, err := db.Forget(ctx, "", "U1")
	if err != nil {
		t.Fatal(err)
	}
	if f["topics"] != 1 || f["votes"] != 1 {
		t.Fatalf("forgotten %v, want 1 topic and 1 vote", f)
	}
	m, _ := db.OpenMarketplace(ctx, "C1")
	if texts(m.Topics) != "theirs" || m.Topics[0].Votes != 1 {
		t.Fatalf("after forget: %+v", m.Topics)
	}
	if _, err := db.Topic(ctx, mine.ID); tandem.ErrorCode(err) != tandem.ENOTFOUND {
		t.Fatalf("forgotten topic: %v", err)
	}
}

func TestExportMarketplace(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	a, _ := addTopic(t, db, "C1", "U1", `needs "quotes", commas`, true)
	vote(t, db, "U2", a)
	dir := t.TempDir()
	if _, err := db.Export(ctx, dir, store.ExportOptions{MinGroup: 5}); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	topics := read("topics.csv")
	for _, want := range []string{
		"id,program,marketplace,author,urgent,skill,votes,status,created_at,text\n",
		`1,C1,1,U1,1,,1,open,2026-01-05T09:00:00.000Z,"needs ""quotes"", commas"`,
	} {
		if !strings.Contains(topics, want) {
			t.Errorf("topics.csv lacks %q:\n%s", want, topics)
		}
	}
	if votes := read("votes.csv"); !strings.Contains(votes, "1,U2,2026-01-05T09:00:00.000Z") {
		t.Errorf("votes.csv:\n%s", votes)
	}
	if ms := read("marketplaces.csv"); !strings.Contains(ms, "1,C1,1,open,") {
		t.Errorf("marketplaces.csv:\n%s", ms)
	}
}
