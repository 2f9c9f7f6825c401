package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/lang"
)

// Validate checks every setting and normalises a few (the API URL gets its
// trailing slash). The error names the key, in one line.
func (c *Config) Validate(check tandem.SpecChecker) error {
	if err := c.validateSlack(); err != nil {
		return err
	}
	if err := c.validateDatabase(); err != nil {
		return err
	}
	if _, err := loadZone(c.Timezone); err != nil {
		return keyError("timezone", err.Error())
	}
	if _, err := lang.Parse(c.Language); err != nil {
		return keyError("language", err.Error())
	}
	for i, a := range c.Admins {
		if !tandem.IsUserID(a) {
			return keyError(fmt.Sprintf("admins[%d]", i), fmt.Sprintf("%q is not a Slack user ID (like U0123ABCD)", a))
		}
	}
	seen := map[string]bool{}
	for i, pc := range c.Programs {
		key := fmt.Sprintf("programs[%d]", i)
		if _, err := c.Program(pc, check); err != nil {
			return fmt.Errorf("config: %s.%s", key, strings.TrimSuffix(tandem.ErrorMessageOr(err), "."))
		}
		if seen[pc.Channel] {
			return keyError(key+".channel", fmt.Sprintf("%s is listed twice", pc.Channel))
		}
		seen[pc.Channel] = true
	}
	if d := time.Duration(c.Scheduler.CatchUp); d < 0 || d > 7*24*time.Hour {
		return keyError("scheduler.catch_up", "must be a duration from 0s to 168h, e.g. 6h")
	}
	if n := c.Privacy.MinGroup; n < tandem.MinGroupFloor || n > 1000 {
		return keyError("privacy.min_group", fmt.Sprintf("must be from 3 to 1000; got %d", n))
	}
	if err := validateListen(c.HTTP.Listen); err != nil {
		return keyError("http.listen", err.Error())
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		return keyError("log.level", fmt.Sprintf("must be debug, info, warn or error; got %q", c.Log.Level))
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		return keyError("log.format", fmt.Sprintf("must be text or json; got %q", c.Log.Format))
	}
	return nil
}

// ValidateForRun checks what `tandem run` needs beyond Validate: both
// tokens. A token whose ${NAME} named an unset variable, with no override
// supplying it, is refused by the variable's name.
func (c *Config) ValidateForRun() error {
	for _, key := range []string{"slack.app_token", "slack.bot_token"} {
		if name, ok := c.unset[key]; ok {
			return keyError(key, fmt.Sprintf("environment variable %s is not set", name))
		}
	}
	if !strings.HasPrefix(c.Slack.AppToken, "xapp-") {
		return keyError("slack.app_token", "missing or not an app-level token (xapp-…); set it in the file or in SLACK_APP_TOKEN")
	}
	if !strings.HasPrefix(c.Slack.BotToken, "xoxb-") {
		return keyError("slack.bot_token", "missing or not a bot token (xoxb-…); set it in the file or in SLACK_BOT_TOKEN")
	}
	return nil
}

func (c *Config) validateSlack() error {
	if strings.TrimSpace(c.Slack.APIURL) == "" {
		c.Slack.APIURL = Default().Slack.APIURL
	}
	u, err := url.Parse(c.Slack.APIURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return keyError("slack.api_url", fmt.Sprintf("must be an http(s) URL such as https://slack.com/api/; got %q", c.Slack.APIURL))
	}
	if !strings.HasSuffix(c.Slack.APIURL, "/") {
		// slack-go appends method names directly: without the slash every
		// call goes to ".../apimethod.name".
		c.Slack.APIURL += "/"
	}
	cmd := c.Slack.Command
	if !strings.HasPrefix(cmd, "/") || len(cmd) < 2 || len(cmd) > 32 || strings.ContainsAny(cmd, " \t") {
		return keyError("slack.command", fmt.Sprintf("must be a slash command such as /tandem (at most 32 characters); got %q", cmd))
	}
	if c.Slack.IntrosPerMinute < 1 || c.Slack.IntrosPerMinute > 1000 {
		return keyError("slack.intros_per_minute", fmt.Sprintf("must be from 1 to 1000; got %d", c.Slack.IntrosPerMinute))
	}
	return nil
}

// Program turns a programs entry into a tandem.Program with the config's
// default timezone, checking every setting as `program set` does.
func (c *Config) Program(pc ProgramConfig, check tandem.SpecChecker) (tandem.Program, error) {
	if !tandem.IsChannelID(pc.Channel) {
		return tandem.Program{}, tandem.Errorf(tandem.EINVALID, "channel: %q is not a Slack channel ID (like C0123ABCD)", pc.Channel)
	}
	p := tandem.NewProgram(tandem.ChannelID(pc.Channel), c.Timezone)
	if err := p.SetAll(pc.Settings, check); err != nil {
		return tandem.Program{}, err
	}
	return p, nil
}

// validateListen accepts "" (off) or host:port with a port from 0 to 65535;
// the host may be empty (every interface), a name or an IP.
func validateListen(addr string) error {
	if addr == "" {
		return nil
	}
	host, port, err := net.SplitHostPort(addr)
	n, perr := strconv.Atoi(port)
	if err != nil || perr != nil || n < 0 || n > 65535 || strings.ContainsAny(host, " /") {
		return fmt.Errorf("must be host:port such as 127.0.0.1:9090 or :9090, or empty to turn it off; got %q", addr)
	}
	return nil
}

func keyError(key, msg string) error { return fmt.Errorf("config: %s: %s", key, msg) }

func loadZone(name string) (*time.Location, error) {
	if name == "" || strings.EqualFold(name, "local") {
		return nil, fmt.Errorf("must be an IANA zone name such as Europe/Berlin or UTC; got %q", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("must be an IANA zone name such as Europe/Berlin or UTC; got %q", name)
	}
	return loc, nil
}

// validateDatabase checks database: a file or a URL, not both.
func (c *Config) validateDatabase() error {
	d := &c.Database
	if d.URL == "" {
		if strings.TrimSpace(d.Path) == "" {
			return keyError("database.path", "must name the SQLite file, e.g. tandem.db")
		}
		return nil
	}
	if d.pathSet {
		return errors.New("config: database.path and database.url are both set (database.url may come from TANDEM_DATABASE_URL): keep database.path for SQLite or database.url for PostgreSQL, not both")
	}
	u, err := url.Parse(d.URL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
		return keyError("database.url", "must be a PostgreSQL URL such as postgres://tandem:PASSWORD@db.example.com:5432/tandem?sslmode=require")
	}
	d.Path = ""
	if d.MaxConns < 2 || d.MaxConns > 1000 {
		return keyError("database.max_conns", fmt.Sprintf("must be from 2 to 1000; got %d", d.MaxConns))
	}
	if t := time.Duration(d.StatementTimeout); t < 100*time.Millisecond || t > 10*time.Minute {
		return keyError("database.statement_timeout", "must be a duration from 100ms to 10m, e.g. 10s")
	}
	return nil
}
