package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/tandem-dev/tandem/config"
	"github.com/tandem-dev/tandem/docs"
	"github.com/tandem-dev/tandem/doctor"
	"github.com/tandem-dev/tandem/scheduler"
	"github.com/tandem-dev/tandem/store"
)

// checkCommand is `tandem check`, the doctor: config, database, both
// tokens, the bot's scopes against the app manifest and its membership of
// every program channel, one line each. It exits 1 if any check fails. It
// only reads, so it is safe while `tandem run` serves; it never prints a
// token.
func checkCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("check", flag.ContinueOnError)
	flags.SetOutput(stderr)
	path := flags.String("config", "", "configuration file (see config.example.yaml)")
	if err := flags.Parse(args); err != nil {
		return usageError{err}
	}
	out := &checkOutput{w: stdout}

	cfg, err := config.Load(*path, scheduler.Check)
	if err != nil {
		out.print(doctor.Result{Status: doctor.Fail, Name: "config", Detail: strings.TrimPrefix(err.Error(), "config: ")})
		return out.verdict()
	}
	out.secrets = []string{cfg.Slack.BotToken, cfg.Slack.AppToken}
	tokensSet := true
	if err := cfg.ValidateForRun(); err != nil {
		tokensSet = false
		out.print(doctor.Result{Status: doctor.Fail, Name: "config", Detail: strings.TrimPrefix(err.Error(), "config: ")})
	} else {
		out.print(doctor.Result{Status: doctor.OK, Name: "config", Detail: fmt.Sprintf("%s: valid, %d program(s)", cmpOr(*path, "(defaults and environment)"), len(cfg.Programs))})
	}

	channels := checkDatabase(ctx, cfg, out)
	if !tokensSet {
		out.print(doctor.Result{Status: doctor.Skip, Name: "slack", Detail: "tokens, scopes and channels not checked: set both tokens first"})
		return out.verdict()
	}
	sl := doctor.Slack{APIURL: cfg.Slack.APIURL, BotToken: cfg.Slack.BotToken, AppToken: cfg.Slack.AppToken}
	res, id := sl.CheckBotToken(ctx)
	out.print(res)
	out.print(sl.CheckAppToken(ctx))
	if res.Status != doctor.OK {
		out.print(doctor.Result{Status: doctor.Skip, Name: "scopes", Detail: "not checked: the bot token failed"})
		out.print(doctor.Result{Status: doctor.Skip, Name: "channels", Detail: "not checked: the bot token failed"})
		return out.verdict()
	}
	want, err := doctor.ManifestScopes(docs.SlackAppManifest)
	if err != nil {
		return err // the embedded manifest is broken: a bug, not a setup problem
	}
	out.print(doctor.CheckScopes(id, want))
	if len(channels) == 0 {
		out.print(doctor.Result{Status: doctor.Warn, Name: "channels", Detail: "no program yet: add one under programs: or with `/tandem program add`"})
	}
	for _, ch := range channels {
		out.print(sl.CheckChannel(ctx, ch, id.User))
	}
	return out.verdict()
}

// checkDatabase reports on the database (a SQLite file or PostgreSQL),
// reading only, and returns the program
// channels to check: those it holds, then the config's it does not hold yet.
func checkDatabase(ctx context.Context, cfg config.Config, out *checkOutput) []string {
	var channels []string
	seen := map[string]bool{}
	add := func(ch string) {
		if !seen[ch] {
			seen[ch] = true
			channels = append(channels, ch)
		}
	}
	var st store.Status
	var err error
	where := cfg.Database.Where() // a URL without its password
	if cfg.Database.Postgres() {
		st, err = store.InspectPostgres(ctx, cfg.Database.URL)
	} else {
		st, err = store.Inspect(ctx, cfg.Database.Path)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		out.print(doctor.Result{Status: doctor.Warn, Name: "database", Detail: fmt.Sprintf("%s does not exist yet: `tandem run` creates it", where)})
	case err != nil:
		out.print(doctor.Result{Status: doctor.Fail, Name: "database", Detail: strings.TrimPrefix(err.Error(), "store: ")})
	case len(st.Pending) > 0:
		out.print(doctor.Result{Status: doctor.Warn, Name: "database", Detail: fmt.Sprintf("%s: %d migration(s) pending, applied by `tandem run` at start: %s",
			where, len(st.Pending), strings.Join(st.Pending, ", "))})
	default:
		out.print(doctor.Result{Status: doctor.OK, Name: "database", Detail: fmt.Sprintf("%s: schema up to date (%d migrations)", where, st.Applied)})
	}
	for _, ch := range st.Programs {
		add(string(ch))
	}
	for _, p := range cfg.Programs {
		add(p.Channel)
	}
	return channels
}

// checkOutput prints results and remembers whether any failed.
type checkOutput struct {
	w       io.Writer
	secrets []string
	failed  int
}

func (o *checkOutput) print(r doctor.Result) {
	line := r.String()
	for _, s := range o.secrets {
		if len(s) >= 8 {
			line = strings.ReplaceAll(line, s, "[token]")
		}
	}
	fmt.Fprintln(o.w, strings.TrimRight(line, " "))
	if r.Status == doctor.Fail {
		o.failed++
	}
}

// verdict is the command's error: nil when no check failed.
func (o *checkOutput) verdict() error {
	if o.failed == 0 {
		return nil
	}
	return fmt.Errorf("check: %d check(s) failed", o.failed)
}
