package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/internal/fakeslack"
	"github.com/tandem-dev/tandem/internal/logbuf"
	"github.com/tandem-dev/tandem/render"
	"github.com/tandem-dev/tandem/slackdir"

	"log/slog"
)

// brokenStore is a store whose every read panics, as a bug deep in
// handling would.
type brokenStore struct{ Store }

func (brokenStore) Profile(context.Context, tandem.UserID) (tandem.Profile, error) {
	var m map[string]int
	m["boom"]++ // a nil map write: a runtime panic
	return tandem.Profile{}, nil
}

func (brokenStore) GroupByDM(context.Context, tandem.ChannelID) (tandem.Group, error) {
	panic("a panic whose value holds what someone typed: secret note text")
}

// TestPanicsAreAnsweredAndTheBotServesOn: a panic in a slash command (which
// runs in a goroutine of its own) or in a click is logged with the
// envelope's type and ID, not its content, answered politely, and the bot
// keeps serving.
func TestPanicsAreAnsweredAndTheBotServesOn(t *testing.T) {
	t.Parallel()
	fake := fakeslack.New(t)
	fake.AddUser(fakeslack.User{ID: "U0ANA00001", Name: "ana", TZ: "UTC"})
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.APIURL()), slack.OptionAppLevelToken(fake.AppToken()))
	var logs logbuf.Buffer
	b := New(Config{Store: brokenStore{}, API: api, Directory: slackdir.New(api, nil, nil),
		Views: render.Renderer{Command: "/tandem"}, Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- b.Serve(ctx, socketmode.New(api)) }()
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	wait, stop := context.WithTimeout(ctx, 10*time.Second)
	defer stop()
	if err := fake.WaitConnections(wait, 1); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second proves the first did not stop the bot
		ack, err := fake.SlashCommand(wait, fakeslack.SlashCommand{UserID: "U0ANA00001", Text: "profile"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(ack.Text, "Something went wrong on our side") {
			t.Fatalf("a panicking command answered %q", ack.Text)
		}
	}
	ack, err := fake.SlashCommand(wait, fakeslack.SlashCommand{UserID: "U0ANA00001", Text: "notes"})
	if err != nil || !strings.Contains(ack.Text, "Something went wrong") {
		t.Fatalf("a command panicking with user text answered %q, %v", ack.Text, err)
	}
	if help, err := fake.SlashCommand(wait, fakeslack.SlashCommand{UserID: "U0ANA00001", Text: "help"}); err != nil || !strings.Contains(help.Text, "tandem matches you") {
		t.Fatalf("after the panics, help answered %q, %v", help.Text, err)
	}
	got := logs.String()
	if strings.Count(got, `msg="handler panicked" kind=slash_commands envelope=`) != 3 {
		t.Errorf("want three panics logged with type and envelope ID:\n%s", got)
	}
	if strings.Contains(got, "secret note text") || strings.Contains(got, "boom") {
		t.Errorf("the log holds the panic's content:\n%s", got)
	}
}
