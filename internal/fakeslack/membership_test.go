package fakeslack

import (
	"slices"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

func TestMemberJoinedAndLeftChannel(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	const carol, helper = "U0CAROL001", "U0HELPBOT1"
	s.AddUser(User{ID: carol, Name: "carol"})
	s.AddUser(User{ID: helper, Name: "helper", IsBot: true})
	got := make(chan slackevents.EventsAPIInnerEvent, 8)
	b := startBot(t, s, func(evt socketmode.Event) (any, bool) {
		got <- evt.Data.(slackevents.EventsAPIEvent).InnerEvent
		return nil, true
	})
	ctx := ctxT(t)

	if _, err := s.MemberJoined(ctx, carol, program, ana); err != nil {
		t.Fatal(err)
	}
	joined, ok := (<-got).Data.(*slackevents.MemberJoinedChannelEvent)
	if !ok || joined.User != carol || joined.Channel != program || joined.ChannelType != "C" ||
		joined.Team != DefaultTeamID || joined.Inviter != ana || joined.EventTimestamp == "" {
		t.Errorf("member_joined_channel = %+v", joined)
	}
	if m := s.Members(program); !slices.Contains(m, carol) {
		t.Errorf("members after the join = %v", m)
	}

	// Another bot joins: the app tells it apart with users.info.
	if _, err := s.MemberJoined(ctx, helper, program, ""); err != nil {
		t.Fatal(err)
	}
	joined = (<-got).Data.(*slackevents.MemberJoinedChannelEvent)
	if u, err := b.api.GetUserInfoContext(ctx, joined.User); err != nil || !u.IsBot || joined.Inviter != "" {
		t.Errorf("joining bot %+v: users.info %+v, %v", joined, u, err)
	}

	// The app's own bot user is invited to a private channel it could not see.
	s.AddPrivateChannel("G0SECRET01", "secret", ana)
	info := func() (*slack.Channel, error) {
		return b.api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: "G0SECRET01"})
	}
	if _, err := info(); err == nil || err.Error() != "channel_not_found" {
		t.Fatalf("private channel before the invite: %v", err)
	}
	if _, err := s.MemberJoined(ctx, s.BotUserID(), "G0SECRET01", ana); err != nil {
		t.Fatal(err)
	}
	joined = (<-got).Data.(*slackevents.MemberJoinedChannelEvent)
	if joined.User != DefaultBotUserID || joined.ChannelType != "G" {
		t.Errorf("bot invited: %+v", joined)
	}
	if c, err := info(); err != nil || !c.IsMember {
		t.Errorf("private channel after the invite: %+v, %v", c, err)
	}

	if _, err := s.MemberLeft(ctx, carol, program); err != nil {
		t.Fatal(err)
	}
	left, ok := (<-got).Data.(*slackevents.MemberLeftChannelEvent)
	if !ok || left.User != carol || left.Channel != program || left.ChannelType != "C" || left.Team != DefaultTeamID {
		t.Errorf("member_left_channel = %+v", left)
	}
	if m := s.Members(program); slices.Contains(m, carol) {
		t.Errorf("members after leaving = %v", m)
	}

	for name, err := range map[string]error{
		"leave twice":     second(s.MemberLeft(ctx, carol, program)),
		"join twice":      second(s.MemberJoined(ctx, ana, program, "")),
		"unknown user":    second(s.MemberJoined(ctx, "U0NOBODY01", program, "")),
		"unknown chan":    second(s.MemberJoined(ctx, carol, "C0NOWHERE1", "")),
		"into a DM":       second(s.MemberJoined(ctx, carol, s.DMChannel(ana), "")),
		"unknown inviter": second(s.MemberJoined(ctx, carol, program, "U0NOBODY01")),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if m := s.Members(program); slices.Contains(m, carol) {
		t.Errorf("a refused join changed the members: %v", m)
	}
}

func second[T any](_ T, err error) error { return err }
