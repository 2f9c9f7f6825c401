package fakeslack

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

func TestAuthAndTokens(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	ctx := ctxT(t)
	auth, err := newAPI(s).AuthTestContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if auth.UserID != DefaultBotUserID || auth.BotID != DefaultBotID || auth.TeamID != DefaultTeamID {
		t.Errorf("auth.test = %+v", auth)
	}
	for token, want := range map[string]string{"xoxb-wrong": "invalid_auth", s.AppToken(): "not_allowed_token_type"} {
		_, err := slack.New(token, slack.OptionAPIURL(s.APIURL())).AuthTestContext(ctx)
		if err == nil || err.Error() != want {
			t.Errorf("auth.test with %q: err = %v, want %s", token, err, want)
		}
	}
	resp, err := http.PostForm(s.APIURL()+"chat.teleport", url.Values{"token": {s.BotToken()}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct{ Error string }
	_ = json.NewDecoder(resp.Body).Decode(&r)
	if r.Error != "unknown_method" || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("unknown method: %q, %s", r.Error, resp.Header.Get("Content-Type"))
	}
}

func TestUsersInfoAndList(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	s.AddUser(User{ID: "U0GONE0001", Name: "gone", Deleted: true})
	api, ctx := newAPI(s), ctxT(t)
	u, err := api.GetUserInfoContext(ctx, ana)
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "ana" || u.RealName != "Ana Lima" || !u.IsAdmin || u.TZ != "Europe/Berlin" || (u.TZOffset != 3600 && u.TZOffset != 7200) || u.Locale == "" {
		t.Errorf("users.info = %+v", u)
	}
	if bot, err := api.GetUserInfoContext(ctx, DefaultBotUserID); err != nil || !bot.IsBot {
		t.Errorf("bot user = %+v, %v", bot, err)
	}
	if _, err := api.GetUserInfoContext(ctx, "U0NOBODY01"); err == nil || err.Error() != "user_not_found" {
		t.Errorf("unknown user: %v", err)
	}
	all, err := api.GetUsersContext(ctx, slack.GetUsersOptionLimit(2))
	if err != nil || len(all) != 4 || !all[3].Deleted {
		t.Errorf("users.list = %d users, %v", len(all), err)
	}
}

func TestConversationsMembersPaginates(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	want := []string{}
	for i := range 5 {
		id := fmt.Sprintf("U0MEMBER%02d", i)
		s.AddUser(User{ID: id, Name: strings.ToLower(id)})
		want = append(want, id)
	}
	s.AddChannel("C0BIG00001", "big", want...)
	want = append(want, DefaultBotUserID) // Slack lists the app's bot user too
	api, ctx := newAPI(s), ctxT(t)
	var got []string
	cursor := ""
	for {
		page, next, err := api.GetUsersInConversationContext(ctx, &slack.GetUsersInConversationParameters{ChannelID: "C0BIG00001", Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) > 2 {
			t.Fatalf("page of %d members with limit 2", len(page))
		}
		got = append(got, page...)
		if cursor = next; cursor == "" {
			break
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("members = %v, want %v", got, want)
	}
	if n := len(s.CallsTo("conversations.members")); n != 3 {
		t.Errorf("%d calls, want 3", n)
	}
	_, _, err := api.GetUsersInConversationContext(ctx, &slack.GetUsersInConversationParameters{ChannelID: "C0BIG00001", Cursor: "bm9wZQ=="})
	if err == nil || err.Error() != "invalid_cursor" {
		t.Errorf("bad cursor: %v", err)
	}
	s.AddPrivateChannel("G0SECRET01", "secret", ana)
	if _, _, err := api.GetUsersInConversationContext(ctx, &slack.GetUsersInConversationParameters{ChannelID: "G0SECRET01"}); err == nil || err.Error() != "channel_not_found" {
		t.Errorf("private channel without the bot: %v", err)
	}
}

func TestConversationsOpen(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	s.AddUser(User{ID: "U0GONE0001", Name: "gone", Deleted: true})
	api, ctx := newAPI(s), ctxT(t)
	open := func(users ...string) (*slack.Channel, bool, error) {
		ch, _, already, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: users})
		return ch, already, err
	}
	group, already, err := open(ana, bob)
	if err != nil || already || !group.IsMpIM || !group.IsPrivate {
		t.Fatalf("group DM = %+v, already %v, %v", group, already, err)
	}
	again, already, err := open(bob, ana)
	if err != nil || again.ID != group.ID || !already {
		t.Errorf("same set reopened as %+v (already %v, %v), want %s", again, already, err, group.ID)
	}
	if m := s.Members(group.ID); !slices.Equal(m, []string{ana, bob, DefaultBotUserID}) {
		t.Errorf("group members = %v", m)
	}
	info, err := api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: group.ID, IncludeNumMembers: true})
	if err != nil || !info.IsMpIM || info.NumMembers != 3 || !info.IsMember {
		t.Errorf("conversations.info = %+v, %v", info, err)
	}
	dm, _, err := open(ana)
	if err != nil || !dm.IsIM || !strings.HasPrefix(dm.ID, "D") || dm.ID != s.DMChannel(ana) {
		t.Errorf("DM = %+v, %v", dm, err)
	}
	nine := []string{}
	for i := range 9 {
		id := fmt.Sprintf("U0NINE%04d", i)
		s.AddUser(User{ID: id, Name: id})
		nine = append(nine, id)
	}
	for _, tc := range []struct {
		name  string
		users []string
		want  string
	}{
		{"nine users", nine, "too_many_users"},
		{"no users", []string{}, "not_enough_users"},
		{"unknown user", []string{ana, "U0NOBODY01"}, "user_not_found"},
		{"deleted user", []string{ana, "U0GONE0001"}, "user_disabled"},
	} {
		if _, _, err := open(tc.users...); err == nil || err.Error() != tc.want {
			t.Errorf("%s: err = %v, want %s", tc.name, err, tc.want)
		}
	}
	if _, _, err := open(nine[:8]...); err != nil {
		t.Errorf("eight users: %v", err)
	}
}

func TestChatPostUpdateDeleteEphemeral(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	s.AddUser(User{ID: "U0OUTSIDE1", Name: "outsider"})
	api, ctx := newAPI(s), ctxT(t)
	ch, ts, err := api.PostMessageContext(ctx, program, slack.MsgOptionText("Round 1", false))
	if err != nil || ch != program {
		t.Fatalf("post: %s %v", ch, err)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, program, ts, slack.MsgOptionText("Round 1 (done)", false)); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, program, "1.000001", slack.MsgOptionText("x", false)); err == nil || err.Error() != "message_not_found" {
		t.Errorf("update of unknown ts: %v", err)
	}
	msgs := s.Messages(program)
	if len(msgs) != 1 || msgs[0].Text != "Round 1 (done)" || !msgs[0].Updated || msgs[0].User != DefaultBotUserID {
		t.Errorf("after update: %+v", msgs)
	}
	if _, err := api.PostEphemeralContext(ctx, program, "U0OUTSIDE1", slack.MsgOptionText("psst", false)); err == nil || err.Error() != "user_not_in_channel" {
		t.Errorf("ephemeral to a non-member: %v", err)
	}
	ets, err := api.PostEphemeralContext(ctx, program, bob, slack.MsgOptionText("psst", false))
	if err != nil || ets == "" {
		t.Fatalf("ephemeral: %q %v", ets, err)
	}
	if _, _, err := api.DeleteMessageContext(ctx, program, ts); err != nil {
		t.Fatal(err)
	}
	msgs = s.Messages(program)
	if len(msgs) != 1 || !msgs[0].Ephemeral || msgs[0].User != bob || msgs[0].TS != ets {
		t.Errorf("after delete: %+v", msgs)
	}
	if _, _, err := api.PostMessageContext(ctx, "C0NOWHERE1", slack.MsgOptionText("hi", false)); err == nil || err.Error() != "channel_not_found" {
		t.Errorf("unknown channel: %v", err)
	}
	ch, _, err = api.PostMessageContext(ctx, ana, slack.MsgOptionText("hi", false))
	if err != nil || ch != s.DMChannel(ana) {
		t.Errorf("post to a user ID went to %q (%v), want the DM %s", ch, err, s.DMChannel(ana))
	}
}

func TestFaultInjection(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	api, ctx := newAPI(s), ctxT(t)
	s.RateLimit("chat.postMessage", 1, time.Second)
	_, _, err := api.PostMessageContext(ctx, program, slack.MsgOptionText("hi", false))
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != time.Second {
		t.Fatalf("rate limited post: %v, want *slack.RateLimitedError{1s}", err)
	}
	if _, _, err := api.PostMessageContext(ctx, program, slack.MsgOptionText("hi", false)); err != nil {
		t.Fatalf("post after the limit: %v", err)
	}
	if calls := s.CallsTo("chat.postMessage"); len(calls) != 2 || calls[0].Status != 429 || calls[1].Status != 200 {
		t.Errorf("calls = %+v", calls)
	}
	if len(s.Messages(program)) != 1 {
		t.Errorf("a rate-limited post was stored")
	}

	s.FailNext("users.info", 1, "internal_error")
	s.FailHTTP("users.info", 1, http.StatusServiceUnavailable)
	if _, err := api.GetUserInfoContext(ctx, ana); err == nil || err.Error() != "internal_error" {
		t.Errorf("FailNext: %v", err)
	}
	var sc slack.StatusCodeError
	if _, err := api.GetUserInfoContext(ctx, ana); !errors.As(err, &sc) || sc.Code != 503 {
		t.Errorf("FailHTTP: %v", err)
	}
	if _, err := api.GetUserInfoContext(ctx, ana); err != nil {
		t.Errorf("after faults: %v", err)
	}

	s.SetLatency("auth.test", 300*time.Millisecond)
	start := time.Now()
	if _, err := api.AuthTestContext(ctx); err != nil || time.Since(start) < 300*time.Millisecond {
		t.Errorf("latency: took %v, %v", time.Since(start), err)
	}
}

func TestUsersInfoLocaleAndTimezone(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	const jan, ravi = "U0JAN00001", "U0RAVI0001"
	s.AddUser(User{ID: jan, Name: "jan", TZ: "Europe/Berlin", Locale: "de-DE"})
	s.AddUser(User{ID: ravi, Name: "ravi", TZ: "Asia/Kolkata", TZOffset: 19800, Locale: "en-IN"})
	api, ctx := newAPI(s), ctxT(t)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	_, berlinOffset := time.Now().In(berlin).Zone()
	for _, tc := range []struct {
		id, locale, tz string
		offset         int
	}{
		{jan, "de-DE", "Europe/Berlin", berlinOffset},
		{ravi, "en-IN", "Asia/Kolkata", 19800},
		{bob, "en-US", "America/New_York", 0}, // Locale unset: Slack's en-US; offset checked below
	} {
		u, err := api.GetUserInfoContext(ctx, tc.id) // slack-go sends include_locale=true
		if err != nil {
			t.Fatal(err)
		}
		if u.Locale != tc.locale || u.TZ != tc.tz || (tc.offset != 0 && u.TZOffset != tc.offset) {
			t.Errorf("users.info %s: locale %q, tz %q, offset %d; want %q, %q, %d", tc.id, u.Locale, u.TZ, u.TZOffset, tc.locale, tc.tz, tc.offset)
		}
	}
	if u, err := api.GetUserInfoContext(ctx, bob); err != nil || (u.TZOffset != -5*3600 && u.TZOffset != -4*3600) {
		t.Errorf("bob's offset = %d, %v", u.TZOffset, err)
	}
	if u, err := api.GetUserInfoContext(ctx, jan, slack.GetUserInfoOptionIncludeLocale(false)); err != nil || u.Locale != "" {
		t.Errorf("without include_locale: locale %q, %v", u.Locale, err)
	}
	users, err := api.GetUsersInfoContext(ctx, jan, ravi)
	if err != nil || len(*users) != 2 || (*users)[0].Locale != "de-DE" || (*users)[1].Locale != "en-IN" {
		t.Errorf("users.info users=…: %+v, %v", users, err)
	}
	all, err := api.GetUsersContext(ctx)
	if err != nil || !slices.ContainsFunc(all, func(u slack.User) bool { return u.ID == jan && u.Locale == "de-DE" }) {
		t.Errorf("users.list lacks jan's locale: %v", err)
	}
}
