package fakeslack

import (
	"context"
	"errors"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
	"gopkg.in/yaml.v3"
)

func TestDefaultScopesMatchTheManifest(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../docs/slack-app-manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		OAuthConfig struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
	}
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(DefaultScopes(), m.OAuthConfig.Scopes.Bot) {
		t.Errorf("DefaultScopes() = %v\nmanifest bot scopes = %v\nkeep them equal", DefaultScopes(), m.OAuthConfig.Scopes.Bot)
	}
}

func TestAuthTestReportsTheTokensScopes(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	ctx := ctxT(t)
	var mu sync.Mutex
	seen := map[string]http.Header{}
	api := slack.New(s.BotToken(), slack.OptionAPIURL(s.APIURL()), slack.OptionOnResponseHeaders(func(path string, h http.Header) {
		mu.Lock()
		defer mu.Unlock()
		seen[path] = h
	}))
	auth, err := api.AuthTestContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := auth.Header.Get("X-OAuth-Scopes"), strings.Join(DefaultScopes(), ","); got != want {
		t.Errorf("X-OAuth-Scopes = %q, want %q", got, want)
	}
	if _, err := api.GetUserInfoContext(ctx, ana); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	h := seen["users.info"]
	mu.Unlock()
	if h.Get("X-OAuth-Scopes") == "" || h.Get("X-Accepted-OAuth-Scopes") != "users:read" {
		t.Errorf("users.info headers = %v", h)
	}

	s.SetScopes("chat:write", "files:write")
	auth, err = api.AuthTestContext(ctx)
	if err != nil || auth.Header.Get("X-OAuth-Scopes") != "chat:write,files:write" {
		t.Errorf("after SetScopes: %q, %v", auth.Header.Get("X-OAuth-Scopes"), err)
	}
	if !slices.Equal(s.Scopes(), []string{"chat:write", "files:write"}) {
		t.Errorf("Scopes() = %v", s.Scopes())
	}
	// A method whose scope the token lacks is refused, with Slack's diagnostics.
	_, err = api.GetUserInfoContext(ctx, ana)
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) || se.Err != "missing_scope" || se.Needed != "users:read" || se.Provided != "chat:write,files:write" {
		t.Errorf("users.info without users:read: %#v", err)
	}

	narrow := New(t, WithScopes("commands"))
	auth, err = newAPI(narrow).AuthTestContext(ctx)
	if err != nil || auth.Header.Get("X-OAuth-Scopes") != "commands" {
		t.Errorf("WithScopes: %q, %v", auth.Header.Get("X-OAuth-Scopes"), err)
	}
}

func TestAppsConnectionsOpenNeedsTheAppToken(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	ctx := ctxT(t)
	for token, want := range map[string]string{"xapp-wrong": "invalid_auth", s.BotToken(): "not_allowed_token_type"} {
		api := slack.New(s.BotToken(), slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken(token))
		if _, _, err := api.StartSocketModeContext(ctx); err == nil || err.Error() != want {
			t.Errorf("apps.connections.open with %q: %v, want %s", token, err, want)
		}
	}
	// The socketmode client gives up on invalid_auth instead of retrying.
	api := slack.New(s.BotToken(), slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken("xapp-wrong"))
	runCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	client := socketmode.New(api)
	go func() {
		for {
			select {
			case <-client.Events:
			case <-runCtx.Done():
				return
			}
		}
	}()
	if err := client.RunContext(runCtx); err == nil || !strings.Contains(err.Error(), "invalid_auth") {
		t.Errorf("RunContext with a wrong app token = %v, want invalid_auth", err)
	}
	if s.ConnectionsOpened() != 0 {
		t.Errorf("%d connections opened with a wrong token", s.ConnectionsOpened())
	}
	if _, url, err := newAPI(s).StartSocketModeContext(ctx); err != nil || url == "" {
		t.Errorf("the right app token: %q, %v", url, err)
	}
}

func TestBotThatIsNotInAChannel(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	s.AddChannelWithoutBot("C0OTHER001", "other", ana, bob)
	api, ctx := newAPI(s), ctxT(t)
	info, err := api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: "C0OTHER001"})
	if err != nil || info.IsMember {
		t.Fatalf("conversations.info = %+v, %v; want is_member false", info, err)
	}
	members, _, err := api.GetUsersInConversationContext(ctx, &slack.GetUsersInConversationParameters{ChannelID: "C0OTHER001"})
	if err != nil || !slices.Equal(members, []string{ana, bob}) {
		t.Errorf("conversations.members = %v, %v", members, err)
	}
	// chat:write.public (in the manifest) lets the bot post anyway ...
	if _, _, err := api.PostMessageContext(ctx, "C0OTHER001", slack.MsgOptionText("hello", false)); err != nil {
		t.Errorf("post with chat:write.public: %v", err)
	}
	// ... without it Slack answers not_in_channel and nothing is posted.
	s.SetScopes(slices.DeleteFunc(DefaultScopes(), func(sc string) bool { return sc == "chat:write.public" })...)
	if _, _, err := api.PostMessageContext(ctx, "C0OTHER001", slack.MsgOptionText("again", false)); err == nil || err.Error() != "not_in_channel" {
		t.Errorf("post without chat:write.public: %v, want not_in_channel", err)
	}
	if n := len(s.Messages("C0OTHER001")); n != 1 {
		t.Errorf("%d messages, want only the first", n)
	}
	if _, _, err := api.PostMessageContext(ctx, program, slack.MsgOptionText("member", false)); err != nil {
		t.Errorf("post in a channel the bot is in: %v", err)
	}
	// The same holds for a channel the bot was removed from.
	s.RemoveMember(program, s.BotUserID())
	if _, _, err := api.PostMessageContext(ctx, program, slack.MsgOptionText("gone", false)); err == nil || err.Error() != "not_in_channel" {
		t.Errorf("post after the bot left: %v", err)
	}
	if info, err := api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: program}); err != nil || info.IsMember {
		t.Errorf("conversations.info after the bot left: %+v, %v", info, err)
	}
}
