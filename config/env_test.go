package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandem-dev/tandem/config"
	"github.com/tandem-dev/tandem/scheduler"
)

// unsetenv unsets name for the test and restores it afterwards.
func unsetenv(t *testing.T, name string) {
	t.Helper()
	t.Setenv(name, "") // registers the restore
	os.Unsetenv(name)
}

// TestUnsetVariableRefusedByName: a ${NAME} whose variable is not set
// stops loading with one line naming the key and the variable, instead of
// becoming an empty value.
func TestUnsetVariableRefusedByName(t *testing.T) {
	unsetenv(t, "TANDEM_TEST_UNSET")
	tests := []struct{ yaml, want string }{
		{"database:\n  path: ${TANDEM_TEST_UNSET}\n", "config: database.path: environment variable TANDEM_TEST_UNSET is not set"},
		{"database:\n  path: /srv/${TANDEM_TEST_UNSET}/tandem.db\n", "config: database.path: environment variable TANDEM_TEST_UNSET is not set"},
		{"programs:\n  - channel: C0LEARN1\n    match: \"${TANDEM_TEST_UNSET}\"\n", "config: programs[0].match: environment variable TANDEM_TEST_UNSET is not set"},
		{"admins: [U0ADMIN1, \"${TANDEM_TEST_UNSET}\"]\n", "config: admins[1]: environment variable TANDEM_TEST_UNSET is not set"},
	}
	for _, tt := range tests {
		_, err := config.Parse(strings.NewReader(tt.yaml))
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q: got %v, want %q", tt.yaml, err, tt.want)
		}
	}
}

// TestVariableValueStaysLiteral: whatever a variable holds (a newline,
// YAML syntax, a word YAML would read as null) becomes exactly that
// value's text and never changes another key.
func TestVariableValueStaysLiteral(t *testing.T) {
	for _, v := range []string{
		"tandem.db\nslack:\n  command: /evil",
		"a: b",
		"'quoted' \"twice\" # not a comment",
		"null",
		"[1, 2]",
		"line one\nline two\n",
	} {
		t.Setenv("TANDEM_TEST_VALUE", v)
		cfg, err := config.Parse(strings.NewReader("database:\n  path: ${TANDEM_TEST_VALUE}\nlog:\n  level: debug\n"))
		if err != nil {
			t.Errorf("%q: %v", v, err)
			continue
		}
		if cfg.Database.Path != v {
			t.Errorf("database.path = %q, want %q", cfg.Database.Path, v)
		}
		if cfg.Slack.Command != "/tandem" || cfg.Log.Level != "debug" {
			t.Errorf("%q changed other keys: command %q, log level %q", v, cfg.Slack.Command, cfg.Log.Level)
		}
	}
	t.Setenv("TANDEM_TEST_PACE", "20")
	cfg, err := config.Parse(strings.NewReader("slack:\n  intros_per_minute: ${TANDEM_TEST_PACE}\n"))
	if err != nil || cfg.Slack.IntrosPerMinute != 20 {
		t.Errorf("a number from the environment: %d, %v", cfg.Slack.IntrosPerMinute, err)
	}
}

// TestTokenVariableAndOverride: a token's ${NAME} may name an unset
// variable when SLACK_APP_TOKEN / SLACK_BOT_TOKEN supplies the token, and
// commands that need no token (shell, export) load the example config
// without any; `run` refuses the missing token by the variable's name.
func TestTokenVariableAndOverride(t *testing.T) {
	unsetenv(t, "SLACK_APP_TOKEN")
	unsetenv(t, "SLACK_BOT_TOKEN")
	unsetenv(t, "TANDEM_TEST_UNSET")
	example := filepath.Join("..", "config.example.yaml")
	cfg, err := config.Load(example, scheduler.Check)
	if err != nil {
		t.Fatalf("the example without tokens (enough for shell and export): %v", err)
	}
	err = cfg.ValidateForRun()
	if err == nil || err.Error() != "config: slack.app_token: environment variable SLACK_APP_TOKEN is not set" {
		t.Errorf("run without tokens: %v", err)
	}
	t.Setenv("SLACK_APP_TOKEN", "xapp-1-env")
	cfg, err = config.Load(example, scheduler.Check)
	if err != nil {
		t.Fatal(err)
	}
	err = cfg.ValidateForRun()
	if err == nil || err.Error() != "config: slack.bot_token: environment variable SLACK_BOT_TOKEN is not set" {
		t.Errorf("run without the bot token: %v", err)
	}

	// The override supplies the value whatever variable the file names.
	t.Setenv("SLACK_BOT_TOKEN", "xoxb-env")
	path := filepath.Join(t.TempDir(), "tandem.yaml")
	os.WriteFile(path, []byte("slack:\n  app_token: ${TANDEM_TEST_UNSET}\n  bot_token: ${TANDEM_TEST_UNSET}\n"), 0o600)
	cfg, err = config.Load(path, scheduler.Check)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.ValidateForRun(); err != nil {
		t.Errorf("tokens from the overrides: %v", err)
	}
	if cfg.Slack.AppToken != "xapp-1-env" || cfg.Slack.BotToken != "xoxb-env" {
		t.Errorf("tokens %q, %q", cfg.Slack.AppToken, cfg.Slack.BotToken)
	}
}

// TestUnknownKeyNamesItsLine: unknown keys are still refused, with the
// line they are on in the file.
func TestUnknownKeyNamesItsLine(t *testing.T) {
	_, err := config.Parse(strings.NewReader("# tandem\n\nslack:\n  command: /tandem\n  tokenn: x\n"))
	if err == nil || err.Error() != `config: line 5: unknown key "tokenn"` {
		t.Errorf("got %v", err)
	}
}
