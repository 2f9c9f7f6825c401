package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tandem-dev/tandem/docs"
	"github.com/tandem-dev/tandem/doctor"
	"github.com/tandem-dev/tandem/internal/fakeslack"
	"github.com/tandem-dev/tandem/store"
	"github.com/tandem-dev/tandem/store/storetest"
)

// checkSetup is a workspace and a config for `tandem check`.
type checkSetup struct {
	fake     *fakeslack.Server
	appToken string // in the config; default: the one the fake accepts
	botIn    bool   // the bot is a member of the program channel
	// databaseURL, if set, is a PostgreSQL database for database.url, left
	// as it is (no migration is applied), instead of an up-to-date file.
	databaseURL string
}

// runCheck runs `tandem check` against the setup and returns its output
// and exit status. The database exists and is up to date.
func runCheck(t *testing.T, s checkSetup) (string, int) {
	t.Helper()
	dir := t.TempDir()
	s.fake.AddUser(fakeslack.User{ID: ana, Name: "ana"})
	s.fake.AddUser(fakeslack.User{ID: bob, Name: "bob"})
	if s.botIn {
		s.fake.AddChannel(program, "learning", ana, bob)
	} else {
		s.fake.AddChannelWithoutBot(program, "learning", ana, bob)
	}
	database := "url: " + s.databaseURL
	if s.databaseURL == "" {
		dbPath := filepath.Join(dir, "tandem.db")
		db, err := store.Open(context.Background(), dbPath)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		database = "path: " + dbPath
	}
	appToken := s.appToken
	if appToken == "" {
		appToken = s.fake.AppToken()
	}
	config := filepath.Join(dir, "tandem.yaml")
	cfg := fmt.Sprintf("slack:\n  app_token: %s\n  bot_token: %s\n  api_url: %s\ndatabase:\n  %s\nprograms:\n  - channel: %s\n",
		appToken, s.fake.BotToken(), s.fake.APIURL(), database, program)
	if err := os.WriteFile(config, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := runMain(context.Background(), []string{"check", "-config", config}, nil, &stdout, &stderr)
	out := stdout.String() + stderr.String()
	for _, secret := range []string{s.fake.BotToken(), s.fake.AppToken(), appToken} {
		if strings.Contains(out, secret) {
			t.Errorf("tandem check printed a token:\n%s", out)
		}
	}
	return out, code
}

// failLines returns the lines of a check's output that report a failure.
func failLines(out string) []string {
	var fails []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "FAIL") {
			fails = append(fails, line)
		}
	}
	return fails
}

func TestCheckNamesABadAppToken(t *testing.T) {
	t.Parallel()
	out, code := runCheck(t, checkSetup{fake: fakeslack.New(t), appToken: "xapp-revoked-token", botIn: true})
	fails := failLines(out)
	if code != exitFailure || len(fails) != 1 || !strings.Contains(fails[0], "app token") || !strings.Contains(fails[0], "invalid_auth") {
		t.Errorf("exit %d, failures %q; want 1 and the app token named:\n%s", code, fails, out)
	}
	mustContain(t, out, "ok    bot token", "channel #learning")
}

func TestCheckNamesAChannelWithoutTheBot(t *testing.T) {
	t.Parallel()
	out, code := runCheck(t, checkSetup{fake: fakeslack.New(t), botIn: false})
	fails := failLines(out)
	if code != exitFailure || len(fails) != 1 || !strings.Contains(fails[0], "channel #learning") || !strings.Contains(fails[0], "`/invite @tandem` in #learning") {
		t.Errorf("exit %d, failures %q; want 1 line saying /invite @tandem in #learning:\n%s", code, fails, out)
	}
	mustContain(t, out, "ok    app token", "Socket Mode connection opened and closed")
}

func TestCheckAllGreenOnAGoodSetup(t *testing.T) {
	t.Parallel()
	want, err := doctor.ManifestScopes(docs.SlackAppManifest)
	if err != nil || !slices.Equal(want, fakeslack.DefaultScopes()) {
		t.Fatalf("the fake grants %v, the manifest asks for %v (%v): keep them equal", fakeslack.DefaultScopes(), want, err)
	}
	out, code := runCheck(t, checkSetup{fake: fakeslack.New(t), botIn: true})
	if code != exitOK || len(failLines(out)) != 0 {
		t.Fatalf("exit %d on a good setup:\n%s", code, out)
	}
	mustContain(t, out,
		"ok    config", "ok    database", "schema up to date",
		"ok    bot token        team Tandem Test (T0TEAM0001), bot user @tandem (U0BOT00001)",
		"ok    app token", "ok    scopes", "ok    channel #learning")
	if n := len(strings.Split(strings.TrimSpace(out), "\n")); n != 6 {
		t.Errorf("%d lines, want one per check (6):\n%s", n, out)
	}
}

func TestCheckNamesAMissingScope(t *testing.T) {
	t.Parallel()
	var scopes []string
	for _, s := range fakeslack.DefaultScopes() {
		if s != "im:write" {
			scopes = append(scopes, s)
		}
	}
	out, code := runCheck(t, checkSetup{fake: fakeslack.New(t, fakeslack.WithScopes(scopes...)), botIn: true})
	fails := failLines(out)
	if code != exitFailure || len(fails) != 1 || !strings.HasPrefix(fails[0], "FAIL  scopes") || !strings.Contains(fails[0], "missing im:write:") {
		t.Errorf("exit %d, failures %q; want 1 line naming im:write:\n%s", code, fails, out)
	}
}

// On PostgreSQL the database line reads the schema without changing it:
// pending migrations are named (and not applied) on an empty schema, and
// the schema is up to date once tandem has opened it.
func TestCheckOnPostgres(t *testing.T) {
	t.Parallel()
	url := storetest.PostgresURL(t)
	out, code := runCheck(t, checkSetup{fake: fakeslack.New(t), botIn: true, databaseURL: url})
	if code != exitOK || !strings.Contains(out, "migration(s) pending, applied by `tandem run` at start: 0001_init.sql") {
		t.Errorf("exit %d on an empty schema, want 0 and the pending migrations named:\n%s", code, out)
	}
	again, _ := runCheck(t, checkSetup{fake: fakeslack.New(t), botIn: true, databaseURL: url})
	if !strings.Contains(again, "migration(s) pending") {
		t.Errorf("tandem check changed the schema: a second check says\n%s", again)
	}
	db, err := store.OpenPostgres(context.Background(), url, store.PostgresOptions{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, code = runCheck(t, checkSetup{fake: fakeslack.New(t), botIn: true, databaseURL: url})
	if code != exitOK || len(failLines(out)) != 0 {
		t.Fatalf("exit %d on a migrated schema:\n%s", code, out)
	}
	mustContain(t, out, "ok    database", "schema up to date", "ok    channel #learning")
}
