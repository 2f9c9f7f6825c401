package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/config"
	"github.com/tandem-dev/tandem/scheduler"
)

func TestExampleParses(t *testing.T) {
	t.Setenv("SLACK_APP_TOKEN", "xapp-1-example")
	t.Setenv("SLACK_BOT_TOKEN", "xoxb-example")
	cfg, err := config.Load(filepath.Join("..", "config.example.yaml"), scheduler.Check)
	if err != nil {
		t.Fatalf("config.example.yaml: %v", err)
	}
	if err := cfg.ValidateForRun(); err != nil {
		t.Fatalf("config.example.yaml with tokens in the environment: %v", err)
	}
	if cfg.Slack.APIURL != "https://slack.com/api/" || cfg.Slack.Command != "/tandem" || cfg.Database.Path != "tandem.db" {
		t.Errorf("defaults lost: %+v", cfg.Slack)
	}
	if len(cfg.Programs) != 1 {
		t.Fatalf("programs: %+v", cfg.Programs)
	}
	p, err := cfg.Program(cfg.Programs[0], scheduler.Check)
	if err != nil {
		t.Fatal(err)
	}
	if p.Channel != "C0PROGRAM1" || p.GroupSize != 2 || p.Match != "0 9 * * MON" || p.AvoidRepeats != 6 || p.Agenda != "0 15 8 * *" {
		t.Errorf("program: %+v", p)
	}
	if cfg.Privacy.MinGroup != 5 {
		t.Errorf("privacy.min_group = %d", cfg.Privacy.MinGroup)
	}
	if cfg.HTTP.Listen != "127.0.0.1:9090" {
		t.Errorf("http.listen = %q", cfg.HTTP.Listen)
	}
	if time.Duration(cfg.Scheduler.CatchUp) != 6*time.Hour {
		t.Errorf("catch_up = %s", time.Duration(cfg.Scheduler.CatchUp))
	}
}

func TestEnvironment(t *testing.T) {
	t.Setenv("TANDEM_TEST_DB", "/tmp/x.db")
	t.Setenv("SLACK_BOT_TOKEN", "xoxb-from-env")
	cfg, err := config.Parse(strings.NewReader("database:\n  path: ${TANDEM_TEST_DB}\nslack:\n  bot_token: xoxb-from-file\n  app_token: xapp-$literal\n"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.ApplyEnv(os.LookupEnv)
	if cfg.Database.Path != "/tmp/x.db" {
		t.Errorf("${ENV} not expanded: %q", cfg.Database.Path)
	}
	if cfg.Slack.BotToken != "xoxb-from-env" {
		t.Errorf("SLACK_BOT_TOKEN did not override the file: %q", cfg.Slack.BotToken)
	}
	if cfg.Slack.AppToken != "xapp-$literal" {
		t.Errorf("a bare $ was changed: %q", cfg.Slack.AppToken)
	}
}

func TestAPIURLGetsTrailingSlash(t *testing.T) {
	cfg, err := config.Parse(strings.NewReader("slack:\n  api_url: http://127.0.0.1:9999/api\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(scheduler.Check); err != nil {
		t.Fatal(err)
	}
	if cfg.Slack.APIURL != "http://127.0.0.1:9999/api/" {
		t.Errorf("api_url = %q", cfg.Slack.APIURL)
	}
}

// TestBadConfig: each bad file stops start-up with one line naming the key.
func TestBadConfig(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown top key", "slak:\n  command: /x\n", `unknown key "slak"`},
		{"unknown nested key", "slack:\n  tokenn: x\n", `unknown key "tokenn"`},
		{"unknown program key", "programs:\n  - channel: C0LEARN1\n    size: 3\n", "programs[0].size: unknown setting"},
		{"bad cron", "programs:\n  - channel: C0LEARN1\n    match: \"61 9 * * *\"\n", "programs[0].match"},
		{"TZ=0 panics robfig", "programs:\n  - channel: C0LEARN1\n    match: \"TZ=0\"\n", "programs[0].match"},
		{"CRON_TZ prefix", "programs:\n  - channel: C0LEARN1\n    match: \"CRON_TZ=UTC 0 9 * * *\"\n", "programs[0].match"},
		{"impossible date", "programs:\n  - channel: C0LEARN1\n    match: \"0 9 31 2 *\"\n", "programs[0].match"},
		{"group size 9", "programs:\n  - channel: C0LEARN1\n    group_size: 9\n", "programs[0].group_size"},
		{"group size 1", "programs:\n  - channel: C0LEARN1\n    group_size: 1\n", "programs[0].group_size"},
		{"group size word", "programs:\n  - channel: C0LEARN1\n    group_size: two\n", "programs[0].group_size"},
		{"bad program timezone", "programs:\n  - channel: C0LEARN1\n    timezone: Mars/Olympus\n", "programs[0].timezone"},
		{"bad timezone", "timezone: Moon/Base\n", "timezone:"},
		{"bad channel", "programs:\n  - channel: learning\n", "programs[0].channel"},
		{"duplicate channel", "programs:\n  - channel: C0LEARN1\n  - channel: C0LEARN1\n", "programs[1].channel"},
		{"bad admin", "admins: [ana]\n", "admins[0]"},
		{"bad api url", "slack:\n  api_url: slack.com\n", "slack.api_url"},
		{"bad command", "slack:\n  command: tandem\n", "slack.command"},
		{"negative avoid", "programs:\n  - channel: C0LEARN1\n    avoid_repeats: -1\n", "programs[0].avoid_repeats"},
		{"bad catch up", "scheduler:\n  catch_up: forever\n", "catch_up"},
		{"bad log level", "log:\n  level: loud\n", "log.level"},
		{"min group 2", "privacy:\n  min_group: 2\n", "privacy.min_group"},
		{"min group word", "privacy:\n  min_group: few\n", "privacy.min_group: must be a whole number"},
		{"pace word", "slack:\n  intros_per_minute: lots\n", "slack.intros_per_minute: must be a whole number"},
		{"listen without port", "http:\n  listen: 127.0.0.1\n", "http.listen"},
		{"listen port too big", "http:\n  listen: \":70000\"\n", "http.listen"},
		{"listen port a word", "http:\n  listen: localhost:metrics\n", "http.listen"},
		{"listen a URL", "http:\n  listen: http://127.0.0.1:9090\n", "http.listen"},
		{"empty db path", "database:\n  path: \"\"\n", "database.path"},
		{"path and url", "database:\n  path: tandem.db\n  url: postgres://db/tandem\n", "database.path and database.url are both set"},
		{"url not postgres", "database:\n  url: mysql://db/tandem\n", "database.url: must be a PostgreSQL URL"},
		{"pool of one", "database:\n  url: postgres://db/tandem\n  max_conns: 1\n", "database.max_conns"},
		{"timeout word", "database:\n  url: postgres://db/tandem\n  statement_timeout: soon\n", "database.statement_timeout"},
		{"not yaml", "slack: [\n", "config:"},
		{"program not a map", "programs:\n  - 3\n", "program is a map"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := config.Parse(strings.NewReader(tt.yaml))
			if err == nil {
				err = cfg.Validate(scheduler.Check)
			}
			if err == nil {
				t.Fatalf("accepted; want an error naming %q", tt.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error %q does not name %q", msg, tt.want)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error is not one line: %q", msg)
			}
		})
	}
}

func TestRunNeedsTokens(t *testing.T) {
	cfg := config.Default()
	if err := cfg.ValidateForRun(); err == nil || !strings.Contains(err.Error(), "slack.app_token") {
		t.Fatalf("missing app token: %v", err)
	}
	cfg.Slack.AppToken = "xapp-1"
	if err := cfg.ValidateForRun(); err == nil || !strings.Contains(err.Error(), "slack.bot_token") {
		t.Fatalf("missing bot token: %v", err)
	}
}

func TestHTTPListen(t *testing.T) {
	for yaml, want := range map[string]string{
		"":                                  "127.0.0.1:9090",
		"http:\n  listen: \"\"\n":           "",
		"http:\n  listen: \":9100\"\n":      ":9100",
		"http:\n  listen: \"[::1]:9090\"\n": "[::1]:9090",
		"http:\n  listen: localhost:9090\n": "localhost:9090",
	} {
		cfg, err := config.Parse(strings.NewReader(yaml))
		if err == nil {
			err = cfg.Validate(scheduler.Check)
		}
		if err != nil || cfg.HTTP.Listen != want {
			t.Errorf("%q: listen = %q, %v; want %q", yaml, cfg.HTTP.Listen, err, want)
		}
	}
}

func TestEnvironmentOverridesLogAndListen(t *testing.T) {
	cfg, err := config.Parse(strings.NewReader("log:\n  level: info\n  format: text\nhttp:\n  listen: 127.0.0.1:9090\n"))
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TANDEM_LOG_LEVEL": "debug", "TANDEM_LOG_FORMAT": "json", "TANDEM_HTTP_LISTEN": ""}
	cfg.ApplyEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if cfg.Log.Level != "debug" || cfg.Log.Format != "json" || cfg.HTTP.Listen != "" {
		t.Errorf("log = %+v, listen = %q; want debug, json and off", cfg.Log, cfg.HTTP.Listen)
	}
	env = map[string]string{"TANDEM_LOG_FORMAT": "yaml"}
	cfg.ApplyEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err := cfg.Validate(scheduler.Check); err == nil || !strings.Contains(err.Error(), "log.format") {
		t.Errorf("a bad TANDEM_LOG_FORMAT: %v, want an error naming log.format", err)
	}
}

// TestDatabaseURL: database.url selects PostgreSQL with the pool defaults;
// TANDEM_DATABASE_URL overrides it, and an explicit database.path with it
// is refused, naming both keys.
func TestDatabaseURL(t *testing.T) {
	cfg, err := config.Parse(strings.NewReader("database:\n  url: postgres://tandem@db:5432/tandem\n"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.ApplyEnv(func(k string) (string, bool) {
		if k == "TANDEM_DATABASE_URL" {
			return "postgres://tandem:s3cret@other:5432/tandem?sslmode=require", true
		}
		return "", false
	})
	if err := cfg.Validate(scheduler.Check); err != nil {
		t.Fatal(err)
	}
	d := cfg.Database
	if !d.Postgres() || d.URL != "postgres://tandem:s3cret@other:5432/tandem?sslmode=require" || d.Path != "" || d.MaxConns != 10 || time.Duration(d.StatementTimeout) != 10*time.Second {
		t.Errorf("database %+v", d)
	}
	if strings.Contains(d.Where(), "s3cret") {
		t.Errorf("Where shows the password: %s", d.Where())
	}
	cfg, err = config.Parse(strings.NewReader("database:\n  path: /srv/tandem.db\n"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.ApplyEnv(func(k string) (string, bool) { return "postgres://db/tandem", k == "TANDEM_DATABASE_URL" })
	if err := cfg.Validate(scheduler.Check); err == nil || !strings.Contains(err.Error(), "database.path and database.url") {
		t.Errorf("path in the file and the URL from the environment: %v", err)
	}
	if cfg := config.Default(); cfg.Database.Postgres() {
		t.Error("the default is not SQLite")
	}
}
