// Package doctor checks a tandem setup against Slack before a round depends
// on it: that both tokens work, that the bot token has every scope the app
// manifest asks for, and that the bot is in every program channel. Each
// check gives one Result, worded for the admin who must fix it. No Result
// ever holds a token.
package doctor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Status is a check's outcome.
type Status string

// The outcomes. Only Fail makes `tandem check` exit non-zero.
const (
	OK   Status = "ok"
	Warn Status = "warn" // worth knowing, nothing to fix now
	Fail Status = "FAIL"
	Skip Status = "skip" // could not be checked because an earlier check failed
)

// Result is one check: what was checked and what was found.
type Result struct {
	Status Status
	Name   string // e.g. "bot token", "scopes", "channel #learning"
	Detail string
}

// String renders a Result as one line.
func (r Result) String() string {
	return fmt.Sprintf("%-4s  %-16s %s", r.Status, r.Name, r.Detail)
}

// Slack checks tokens, scopes and channels against one Slack workspace.
type Slack struct {
	APIURL   string // Web API base with its trailing slash, e.g. https://slack.com/api/
	BotToken string
	AppToken string
	HTTP     *http.Client // nil: a client with a 10 s timeout
}

// Identity is what auth.test says about the bot token.
type Identity struct {
	Team, TeamID string
	User, UserID string   // the bot user
	Scopes       []string // from the X-OAuth-Scopes header; nil if Slack sent none
	ScopesKnown  bool
}

func (s Slack) client() *http.Client {
	if s.HTTP != nil {
		return s.HTTP
	}
	return &http.Client{Timeout: 10 * time.Second}
}

// reply is the part of every Web API reply the checks read.
type reply struct {
	OK    bool   `json:"ok"`
	Error string `json:"error"`
}

// call POSTs a Web API method with token as a Bearer header and decodes
// the JSON reply into out (which should embed reply).
func (s Slack) call(ctx context.Context, method, token string, form url.Values, out any) (http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.APIURL+method, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := s.client().Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // the URL is in the message already once; keep it short
		}
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: HTTP %s", method, resp.Status)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return nil, fmt.Errorf("%s: reply is not JSON", method)
	}
	return resp.Header, nil
}

// CheckBotToken calls auth.test with the bot token and names the team and
// the bot user it belongs to.
func (s Slack) CheckBotToken(ctx context.Context) (Result, Identity) {
	var r struct {
		reply
		Team   string `json:"team"`
		TeamID string `json:"team_id"`
		User   string `json:"user"`
		UserID string `json:"user_id"`
		BotID  string `json:"bot_id"`
	}
	h, err := s.call(ctx, "auth.test", s.BotToken, nil, &r)
	if err != nil {
		return Result{Fail, "bot token", "cannot reach Slack: " + err.Error()}, Identity{}
	}
	if !r.OK {
		return Result{Fail, "bot token", fmt.Sprintf("Slack refused it (%s): check slack.bot_token / SLACK_BOT_TOKEN (OAuth & Permissions > Bot User OAuth Token)", r.Error)}, Identity{}
	}
	id := Identity{Team: r.Team, TeamID: r.TeamID, User: r.User, UserID: r.UserID}
	if raw, ok := h[http.CanonicalHeaderKey("X-OAuth-Scopes")]; ok {
		id.ScopesKnown = true
		id.Scopes = splitScopes(strings.Join(raw, ","))
	}
	if r.BotID == "" {
		return Result{Fail, "bot token", fmt.Sprintf("it belongs to the user @%s, not to a bot: use the Bot User OAuth Token (xoxb-…)", r.User)}, id
	}
	return Result{OK, "bot token", fmt.Sprintf("team %s (%s), bot user @%s (%s)", r.Team, r.TeamID, r.User, r.UserID)}, id
}

func splitScopes(s string) []string {
	var out []string
	for _, sc := range strings.Split(s, ",") {
		if sc = strings.TrimSpace(sc); sc != "" {
			out = append(out, sc)
		}
	}
	return out
}

// ManifestScopes returns the bot scopes an app manifest asks for
// (oauth_config.scopes.bot), in its order.
func ManifestScopes(manifest []byte) ([]string, error) {
	var m struct {
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
	}
	if err := yaml.Unmarshal(manifest, &m); err != nil {
		return nil, fmt.Errorf("doctor: app manifest: %w", err)
	}
	if len(m.OAuth.Scopes.Bot) == 0 {
		return nil, errors.New("doctor: app manifest: no oauth_config.scopes.bot")
	}
	return m.OAuth.Scopes.Bot, nil
}

// CheckScopes compares the scopes the token has with those wanted, naming
// each missing one.
func CheckScopes(id Identity, want []string) Result {
	if !id.ScopesKnown {
		return Result{Fail, "scopes", "Slack did not say which scopes the bot token has (no X-OAuth-Scopes header on auth.test)"}
	}
	have := map[string]bool{}
	for _, s := range id.Scopes {
		have[s] = true
	}
	var missing []string
	for _, s := range want {
		if !have[s] {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		return Result{Fail, "scopes", fmt.Sprintf("missing %s: add them under OAuth & Permissions > Bot Token Scopes (see docs/slack-app-manifest.yaml) and reinstall the app", strings.Join(missing, ", "))}
	}
	return Result{OK, "scopes", fmt.Sprintf("all %d the manifest asks for", len(want))}
}

// CheckChannel says whether the bot user is a member of a program channel,
// and if not, what to type to fix it. invite is the bot's handle, e.g.
// "tandem".
func (s Slack) CheckChannel(ctx context.Context, channel, invite string) Result {
	var r struct {
		reply
		Channel struct {
			Name     string `json:"name"`
			IsMember bool   `json:"is_member"`
			Archived bool   `json:"is_archived"`
		} `json:"channel"`
	}
	name := "channel " + channel
	if _, err := s.call(ctx, "conversations.info", s.BotToken, url.Values{"channel": {channel}}, &r); err != nil {
		return Result{Fail, name, "cannot reach Slack: " + err.Error()}
	}
	switch {
	case r.Error == "channel_not_found":
		return Result{Fail, name, fmt.Sprintf("not found: it does not exist, or it is private and the bot is not in it: `/invite @%s` in it", invite)}
	case !r.OK:
		return Result{Fail, name, fmt.Sprintf("Slack refused conversations.info (%s)", r.Error)}
	}
	name = fmt.Sprintf("channel #%s", r.Channel.Name)
	switch {
	case r.Channel.Archived:
		return Result{Fail, name, fmt.Sprintf("%s is archived: unarchive it or remove the program", channel)}
	case !r.Channel.IsMember:
		return Result{Fail, name, fmt.Sprintf("the bot is not a member: `/invite @%s` in #%s", invite, r.Channel.Name)}
	}
	return Result{OK, name, fmt.Sprintf("the bot is a member (%s)", channel)}
}
