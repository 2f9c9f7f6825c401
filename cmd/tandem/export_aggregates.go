package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/config"
	"github.com/tandem-dev/tandem/insight"
	"github.com/tandem-dev/tandem/slackdir"
	"github.com/tandem-dev/tandem/store"
)

// exportAggregates is `tandem export -aggregates`: the views HR reads in
// Slack (report, skills, suggestions, trends) as CSV files, under the same
// privacy rule. Who is in a program is Slack's to say, so it reads the
// program channels' members with the bot token; it writes nothing to Slack.
func exportAggregates(ctx context.Context, cfg config.Config, db *store.DB, out string, stdout io.Writer) error {
	if !strings.HasPrefix(cfg.Slack.BotToken, "xoxb-") {
		return usageError{errors.New("export -aggregates: slack.bot_token: needed to read who is in each program channel; set it in the file or in SLACK_BOT_TOKEN")}
	}
	api := slack.New(cfg.Slack.BotToken, slack.OptionAPIURL(cfg.Slack.APIURL), slack.OptionHTTPClient(&http.Client{Timeout: 15 * time.Second}))
	dir := slackdir.New(api, nil, nil)
	if _, err := dir.Connect(ctx); err != nil {
		return usageError{fmt.Errorf("export -aggregates: slack.bot_token: %w", err)}
	}
	svc := insight.New(insight.Config{Store: db, Directory: dir, Privacy: tandem.Privacy{MinGroup: cfg.Privacy.MinGroup}})
	views, err := svc.Aggregates(ctx)
	if err != nil {
		return err
	}
	files, err := views.WriteCSV(out)
	if err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintln(stdout, f)
	}
	fmt.Fprintf(stdout, "aggregates only: counts, no names or IDs; a figure about fewer than %d people reads \"fewer than %d\"\n", svc.Privacy().Min(), svc.Privacy().Min())
	return nil
}
