package market_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/market"
	"github.com/tandem-dev/tandem/store"
)

// slack stands in for what cannot run here: the channel's members and the
// channel messages the marketplace posts.
type slack struct {
	mu      sync.Mutex
	members []tandem.UserID
	posts   []string // "call", "agenda", "ask"
	redrawn []tandem.MessageRef
}

func (s *slack) Members(context.Context, tandem.ChannelID) ([]tandem.Member, error) {
	var out []tandem.Member
	for _, id := range s.members {
		out = append(out, tandem.Member{ID: id, TZ: "Europe/Berlin"})
	}
	return out, nil
}
func (s *slack) Member(_ context.Context, id tandem.UserID) (tandem.Member, error) {
	return tandem.Member{ID: id, TZ: "Europe/Berlin"}, nil
}
func (s *slack) MemberOf(_ context.Context, _ tandem.ChannelID, u tandem.UserID) (bool, error) {
	return slices.Contains(s.members, u), nil
}
func (s *slack) ProgramsOf(_ context.Context, u tandem.UserID, ps []tandem.Program) ([]tandem.Program, error) {
	if slices.Contains(s.members, u) {
		return ps, nil
	}
	return nil, nil
}
func (s *slack) post(kind string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.posts = append(s.posts, kind)
	return "1767261600.00010" + string(rune('0'+len(s.posts))), nil
}
func (s *slack) PostCall(context.Context, tandem.Program, tandem.Marketplace) (string, error) {
	return s.post("call")
}
func (s *slack) PostAgenda(context.Context, tandem.Program, tandem.Marketplace) (string, error) {
	return s.post("agenda")
}
func (s *slack) ShowCall(_ context.Context, _ tandem.Program, _ tandem.Marketplace, msg tandem.MessageRef) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.redrawn = append(s.redrawn, msg)
	return nil
}
func (s *slack) ShowAgenda(ctx context.Context, p tandem.Program, m tandem.Marketplace, msg tandem.MessageRef) error {
	return s.ShowCall(ctx, p, m, msg)
}
func (s *slack) PostAsk(context.Context, tandem.Topic, []tandem.UserID) (string, error) {
	return s.post("ask")
}
func (s *slack) WithdrawAsk(ctx context.Context, msg tandem.MessageRef) error {
	return s.ShowCall(ctx, tandem.Program{}, tandem.Marketplace{}, msg)
}

// TestMarketplaceFlow: a call is recorded once per request and posted; a
// new topic redraws it; a vote from outside the channel is refused; an ask
// names the teacher closest in time and is posted; the agenda closes the
// marketplace; forgetting the asker redraws what showed their text.
func TestMarketplaceFlow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "tandem.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CreateProgram(ctx, "", tandem.NewProgram("C1", "UTC")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateProfile(ctx, "", "U2", func(p *tandem.Profile) error { p.Teach = []string{"go"}; return nil }); err != nil {
		t.Fatal(err)
	}
	sl := &slack{members: []tandem.UserID{"U1", "U2"}}
	mk := market.New(db, sl, sl, nil, nil)

	if _, err := mk.Call(ctx, "envelope:E1", "C1", "U0ADMIN"); err != nil {
		t.Fatal(err)
	}
	if _, err := mk.Call(ctx, "envelope:E1", "C1", "U0ADMIN"); !errors.Is(err, tandem.ErrDuplicate) {
		t.Errorf("a redelivered call: %v, want ErrDuplicate", err)
	}
	topic, _, err := mk.AddTopic(ctx, "envelope:E2", tandem.Topic{Program: "C1", Author: "U1", Text: "how we review code"})
	if err != nil {
		t.Fatal(err)
	}
	if len(sl.posts) != 1 || len(sl.redrawn) != 1 {
		t.Errorf("posts %v, redraws %d: want one call, redrawn once for the new topic", sl.posts, len(sl.redrawn))
	}
	var notMember *market.NotMemberError
	if _, err := mk.Vote(ctx, "envelope:E3", "U9", topic.ID, "C1"); !errors.As(err, &notMember) {
		t.Errorf("a vote from outside the channel: %v", err)
	}
	if res, err := mk.Vote(ctx, "envelope:E4", "U2", topic.ID, "C1"); err != nil || !res.Counted {
		t.Errorf("a member's vote: %+v, %v", res, err)
	}
	p, err := mk.ProgramFor(ctx, "U1", "D0DM")
	if err != nil {
		t.Fatal(err)
	}
	asked, err := mk.Ask(ctx, "envelope:E5", p, "U1", "go", "the build is red")
	if err != nil || asked.PostErr != nil || !slices.Equal(asked.Helpers, []tandem.UserID{"U2"}) {
		t.Fatalf("ask: %+v, %v", asked, err)
	}
	if err := mk.ScheduledAgenda(ctx, "firing:agenda", "C1"); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sl.posts, []string{"call", "ask", "agenda"}) {
		t.Errorf("posts %v", sl.posts)
	}
	posts, err := db.Posts(ctx, "U1")
	if err != nil || len(posts.Asks) != 1 || len(posts.Marketplaces) != 1 {
		t.Fatalf("U1's posts: %+v, %v", posts, err)
	}
	before := len(sl.redrawn)
	mk.Withdraw(ctx, posts)
	if got := len(sl.redrawn) - before; got != 3 { // the call, the agenda, the ask
		t.Errorf("%d messages redrawn after forget, want 3", got)
	}
}
