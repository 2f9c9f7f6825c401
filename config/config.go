// Package config reads tandem's YAML configuration: defaults first, then the
// file with ${ENV} references expanded, then the environment variables of
// ApplyEnv. Validation names the offending key
// in one line, so a bad file stops start-up with a message an admin can act on.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/tandem-dev/tandem"
)

// Config is tandem's configuration. The reference, key by key, is
// config.example.yaml at the root of the repository.
type Config struct {
	Slack     Slack           `yaml:"slack"`
	Database  Database        `yaml:"database"`
	Timezone  string          `yaml:"timezone"`
	Admins    []string        `yaml:"admins"`
	Programs  []ProgramConfig `yaml:"programs"`
	Scheduler Scheduler       `yaml:"scheduler"`
	HTTP      HTTP            `yaml:"http"`
	Log       Log             `yaml:"log"`
}

// HTTP is the operator's endpoint: /healthz, /readyz and /metrics.
type HTTP struct {
	// Listen is host:port; empty turns the endpoint off.
	Listen string `yaml:"listen"`
}

// Slack holds the connection settings.
type Slack struct {
	AppToken string `yaml:"app_token"`
	BotToken string `yaml:"bot_token"`
	APIURL   string `yaml:"api_url"`
	Command  string `yaml:"command"`
	// IntrosPerMinute paces conversations.open for intros (Slack Tier 3: 50/min).
	IntrosPerMinute int `yaml:"intros_per_minute"`
}

// Database says where the SQLite file lives.
type Database struct {
	Path string `yaml:"path"`
}

// Scheduler tunes scheduled jobs.
type Scheduler struct {
	// CatchUp is how late a firing missed while tandem was down may still run.
	CatchUp CatchUp `yaml:"catch_up"`
}

// CatchUp is scheduler.catch_up: a duration written as 6h, 90m or 1h30m.
type CatchUp time.Duration

// UnmarshalYAML reads a Go duration and names the key when it is not one.
func (c *CatchUp) UnmarshalYAML(n *yaml.Node) error {
	d, err := time.ParseDuration(n.Value)
	if err != nil || n.Kind != yaml.ScalarNode {
		return fmt.Errorf("scheduler.catch_up: must be a duration such as 6h or 90m; got %q", n.Value)
	}
	*c = CatchUp(d)
	return nil
}

// Log tunes logging.
type Log struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // text or json
}

// ProgramConfig is one entry under programs: a channel and its settings,
// named as in tandem.ProgramKeys. Values are checked with the same rules as
// `/tandem program set`.
type ProgramConfig struct {
	Channel  string
	Settings map[string]string
}

// UnmarshalYAML reads a program entry as a flat map so that unknown keys
// are reported with the same message as `program set`.
func (p *ProgramConfig) UnmarshalYAML(n *yaml.Node) error {
	var m map[string]string
	if err := n.Decode(&m); err != nil {
		return fmt.Errorf("line %d: a program is a map of key: value", n.Line)
	}
	p.Channel = strings.TrimSpace(m["channel"])
	delete(m, "channel")
	p.Settings = m
	return nil
}

// Default returns the configuration used when no file is given.
func Default() Config {
	return Config{
		Slack: Slack{
			APIURL:          "https://slack.com/api/",
			Command:         "/tandem",
			IntrosPerMinute: 50,
		},
		Database:  Database{Path: "tandem.db"},
		Timezone:  "UTC",
		Scheduler: Scheduler{CatchUp: CatchUp(6 * time.Hour)},
		HTTP:      HTTP{Listen: "127.0.0.1:9090"},
		Log:       Log{Level: "info", Format: "text"},
	}
}

// Load reads the file at path over the defaults, applies the environment and
// validates the result. An empty path means defaults plus environment.
func Load(path string, check tandem.SpecChecker) (Config, error) {
	cfg := Default()
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return cfg, fmt.Errorf("config: %w", err)
		}
		defer f.Close()
		if cfg, err = Parse(f); err != nil {
			return cfg, err
		}
	}
	cfg.ApplyEnv(os.LookupEnv)
	return cfg, cfg.Validate(check)
}

var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// Parse reads YAML over the defaults. ${NAME} is replaced by the environment
// variable NAME (empty if unset); a bare $ is left alone, since tokens and
// cron specs never need expanding. Unknown keys are errors.
func Parse(r io.Reader) (Config, error) {
	cfg := Default()
	raw, err := io.ReadAll(r)
	if err != nil {
		return cfg, fmt.Errorf("config: %w", err)
	}
	raw = envRef.ReplaceAllFunc(raw, func(m []byte) []byte {
		return []byte(os.Getenv(string(envRef.FindSubmatch(m)[1])))
	})
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return cfg, fmt.Errorf("config: %s", yamlMessage(err))
	}
	return cfg, nil
}

// yamlMessage turns yaml.v3's multi-line errors into one line that names
// the key: "line 3: field slak not found in type config.Config" becomes
// "line 3: unknown key \"slak\"".
func yamlMessage(err error) string {
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	unknown := regexp.MustCompile(`field (\S+) not found in type \S+`)
	for i, m := range msgs {
		msgs[i] = unknown.ReplaceAllString(m, `unknown key "$1"`)
	}
	return strings.TrimPrefix(strings.Join(msgs, "; "), "yaml: ")
}

// ApplyEnv lets the environment override the file: SLACK_APP_TOKEN,
// SLACK_BOT_TOKEN, TANDEM_LOG_LEVEL and TANDEM_LOG_FORMAT when set and not
// empty, and TANDEM_HTTP_LISTEN whenever set (empty turns the endpoint off).
func (c *Config) ApplyEnv(lookup func(string) (string, bool)) {
	for name, field := range map[string]*string{
		"SLACK_APP_TOKEN":   &c.Slack.AppToken,
		"SLACK_BOT_TOKEN":   &c.Slack.BotToken,
		"TANDEM_LOG_LEVEL":  &c.Log.Level,
		"TANDEM_LOG_FORMAT": &c.Log.Format,
	} {
		if v, ok := lookup(name); ok && v != "" {
			*field = v
		}
	}
	if v, ok := lookup("TANDEM_HTTP_LISTEN"); ok {
		c.HTTP.Listen = strings.TrimSpace(v)
	}
}
