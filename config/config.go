// Package config reads tandem's YAML configuration: defaults first, then the
// file, whose ${ENV} references are expanded value by value after parsing,
// then the environment variables of ApplyEnv. Validation names the offending key
// in one line, so a bad file stops start-up with a message an admin can act on.
package config

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/tandem-dev/tandem"
)

// Config is tandem's configuration. The reference, key by key, is
// config.example.yaml at the root of the repository.
type Config struct {
	Slack    Slack    `yaml:"slack"`
	Database Database `yaml:"database"`
	Timezone string   `yaml:"timezone"`
	// Language is the language tandem speaks: "auto" (each person's own,
	// from their Slack locale, English for a language tandem does not
	// speak), "en" or "de" for everyone.
	Language  string          `yaml:"language"`
	Admins    []string        `yaml:"admins"`
	Programs  []ProgramConfig `yaml:"programs"`
	Scheduler Scheduler       `yaml:"scheduler"`
	HTTP      HTTP            `yaml:"http"`
	Log       Log             `yaml:"log"`
	Privacy   Privacy         `yaml:"privacy"`

	// unset holds the token keys whose ${NAME} names an unset variable, by
	// key: they are refused only if no override supplies the token and
	// the command needs it (see ValidateForRun).
	unset map[string]string
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

// Database says where tandem keeps its state: a SQLite file (Path, the
// default) or a PostgreSQL database (URL), not both.
type Database struct {
	Path string `yaml:"path"`
	// URL is a postgres:// URL. TANDEM_DATABASE_URL overrides it, so the
	// password need not sit in the file.
	URL string `yaml:"url"`
	// MaxConns bounds the PostgreSQL connection pool.
	MaxConns int `yaml:"max_conns"`
	// StatementTimeout bounds each PostgreSQL statement.
	StatementTimeout Timeout `yaml:"statement_timeout"`

	pathSet bool // database.path was written in the file
}

// Timeout is database.statement_timeout: a duration such as 10s or 500ms.
type Timeout time.Duration

// UnmarshalYAML reads a Go duration and names the key when it is not one.
func (t *Timeout) UnmarshalYAML(n *yaml.Node) error {
	d, err := time.ParseDuration(n.Value)
	if err != nil || n.Kind != yaml.ScalarNode {
		return fmt.Errorf("database.statement_timeout: must be a duration such as 10s or 500ms; got %q", n.Value)
	}
	*t = Timeout(d)
	return nil
}

// Postgres reports whether the database is PostgreSQL.
func (d Database) Postgres() bool { return d.URL != "" }

// Where names the database for logs: the file, or the URL without its
// password.
func (d Database) Where() string {
	if !d.Postgres() {
		return d.Path
	}
	u, err := url.Parse(d.URL)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
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

// Privacy tunes what aggregates may show.
type Privacy struct {
	// MinGroup is the smallest number of people a figure may describe;
	// a figure over fewer reads "fewer than MinGroup". At least 3.
	MinGroup int `yaml:"min_group"`
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
		Database:  Database{Path: "tandem.db", MaxConns: 10, StatementTimeout: Timeout(10 * time.Second)},
		Timezone:  "UTC",
		Language:  "auto",
		Scheduler: Scheduler{CatchUp: CatchUp(6 * time.Hour)},
		HTTP:      HTTP{Listen: "127.0.0.1:9090"},
		Log:       Log{Level: "info", Format: "text"},
		Privacy:   Privacy{MinGroup: tandem.DefaultMinGroup},
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

// overridden are the keys an environment variable overrides (see
// ApplyEnv): a ${NAME} in them may name an unset variable, since the
// override may supply the value anyway.
var overridden = map[string]string{
	"slack.app_token": "SLACK_APP_TOKEN",
	"slack.bot_token": "SLACK_BOT_TOKEN",
}

// Parse reads YAML over the defaults. Unknown keys are errors. After
// parsing, ${NAME} in a value is replaced by the environment variable NAME,
// value by value, so whatever the variable holds (a newline, a colon, a
// quote) stays that value's text and never becomes YAML. An unset NAME is
// an error naming the key and the variable, except in a key an environment
// override covers (slack.app_token, slack.bot_token). A bare $ is left
// alone, since tokens and cron specs never need expanding.
func Parse(r io.Reader) (Config, error) {
	cfg := Default()
	raw, err := io.ReadAll(r)
	if err != nil {
		return cfg, fmt.Errorf("config: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return cfg, fmt.Errorf("config: %s", yamlMessage(err))
	}
	if len(doc.Content) == 0 {
		return cfg, nil // an empty file: the defaults
	}
	unset := map[string]string{}
	if err := expand(doc.Content[0], "", os.LookupEnv, unset); err != nil {
		return cfg, err
	}
	// The tree is decoded, not text: an expanded value is never parsed
	// as YAML, and errors keep the file's line numbers.
	if err := knownKeys(doc.Content[0], reflect.TypeOf(cfg), ""); err != nil {
		return cfg, err
	}
	if err := doc.Decode(&cfg); err != nil {
		return cfg, fmt.Errorf("config: %s", yamlMessage(err))
	}
	cfg.Database.pathSet = hasKey(doc.Content[0], "database", "path")
	if len(unset) > 0 {
		cfg.unset = unset
	}
	return cfg, nil
}

var unmarshaler = reflect.TypeFor[yaml.Unmarshaler]()

// knownKeys returns an error naming the first key under n that t, the Go
// type n decodes into, has no field for, or whose value is not the whole
// number t wants; key is n's dotted path. It does what yaml.v3's
// KnownFields does for a Decoder, which a node tree cannot use. Types that
// decode themselves (ProgramConfig, CatchUp) check their own keys.
func knownKeys(n *yaml.Node, t reflect.Type, key string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.AliasNode || reflect.PointerTo(t).Implements(unmarshaler) {
		return nil
	}
	sub := func(k string) string {
		if key == "" {
			return k
		}
		return key + "." + k
	}
	switch {
	case t.Kind() == reflect.Int && n.Kind == yaml.ScalarNode:
		if _, err := strconv.Atoi(n.Value); err != nil {
			return keyError(key, fmt.Sprintf("must be a whole number; got %q", n.Value))
		}
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		fields := map[string]reflect.Type{}
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if f.IsExported() && name != "-" {
				if name == "" {
					name = strings.ToLower(f.Name)
				}
				fields[name] = f.Type
			}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Value == "<<" { // a merge: the merged map is checked where it is written
				continue
			}
			ft, ok := fields[k.Value]
			if !ok {
				return fmt.Errorf("config: line %d: unknown key %q", k.Line, k.Value)
			}
			if err := knownKeys(n.Content[i+1], ft, sub(k.Value)); err != nil {
				return err
			}
		}
	case (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) && n.Kind == yaml.SequenceNode:
		for i, c := range n.Content {
			if err := knownKeys(c, t.Elem(), fmt.Sprintf("%s[%d]", key, i)); err != nil {
				return err
			}
		}
	case t.Kind() == reflect.Map && n.Kind == yaml.MappingNode:
		for i := 1; i < len(n.Content); i += 2 {
			if err := knownKeys(n.Content[i], t.Elem(), sub(n.Content[i-1].Value)); err != nil {
				return err
			}
		}
	}
	return nil
}

// expand replaces ${NAME} references in the scalar values under n; key is
// n's dotted path, as error messages name it (programs[0].match).
func expand(n *yaml.Node, key string, lookup func(string) (string, bool), unset map[string]string) error {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if key != "" {
				k = key + "." + k
			}
			if err := expand(n.Content[i+1], k, lookup, unset); err != nil {
				return err
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if err := expand(c, fmt.Sprintf("%s[%d]", key, i), lookup, unset); err != nil {
				return err
			}
		}
	case yaml.ScalarNode:
		if !envRef.MatchString(n.Value) {
			return nil
		}
		var missing string
		v := envRef.ReplaceAllStringFunc(n.Value, func(m string) string {
			name := envRef.FindStringSubmatch(m)[1]
			val, ok := lookup(name)
			if !ok && missing == "" {
				missing = name
			}
			return val
		})
		if missing != "" {
			if _, ok := overridden[key]; !ok {
				return keyError(key, fmt.Sprintf("environment variable %s is not set", missing))
			}
			unset[key] = missing
		}
		n.Value = v
		// A plain scalar that expands to a number or a boolean is typed
		// as YAML would type it (intros_per_minute: ${PACE}); anything
		// else is a string exactly as the variable held it, even "null".
		if n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) == 0 && (isInt(v) || v == "true" || v == "false") {
			n.Tag = ""
		} else {
			n.Tag = "!!str"
		}
	}
	return nil
}

var intRef = regexp.MustCompile(`^[-+]?[0-9]+$`)

func isInt(s string) bool { return intRef.MatchString(s) }

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
// A token the override supplies no longer counts as naming an unset variable.
func (c *Config) ApplyEnv(lookup func(string) (string, bool)) {
	if v, ok := lookup("TANDEM_DATABASE_URL"); ok && v != "" {
		c.Database.URL = v
	}
	if v, ok := lookup("SLACK_APP_TOKEN"); ok && v != "" {
		c.Slack.AppToken = v
		delete(c.unset, "slack.app_token")
	}
	if v, ok := lookup("SLACK_BOT_TOKEN"); ok && v != "" {
		c.Slack.BotToken = v
		delete(c.unset, "slack.bot_token")
	}
	if v, ok := lookup("TANDEM_LOG_LEVEL"); ok && v != "" {
		c.Log.Level = v
	}
	if v, ok := lookup("TANDEM_LOG_FORMAT"); ok && v != "" {
		c.Log.Format = v
	}
	if v, ok := lookup("TANDEM_HTTP_LISTEN"); ok {
		c.HTTP.Listen = strings.TrimSpace(v)
	}
}

// hasKey reports whether the mapping n holds the nested key path.
func hasKey(n *yaml.Node, path ...string) bool {
	for _, k := range path {
		if n.Kind != yaml.MappingNode {
			return false
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
			}
		}
		if next == nil {
			return false
		}
		n = next
	}
	return true
}
