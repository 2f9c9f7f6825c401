package outbound

import (
	"errors"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
)

func TestOutboxRetriesThroughAnOutage(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	it := tandem.OutboxItem{Created: created, Attempts: 40}
	outage := errors.New("dial tcp: connection refused")
	if giveUp(it, outage, created.Add(3*time.Hour)) {
		t.Error("gave up on a message after a 3-hour outage")
	}
	if !giveUp(it, outage, created.Add(25*time.Hour)) {
		t.Error("kept retrying a message for more than a day")
	}
	if !giveUp(tandem.OutboxItem{Created: created}, slack.SlackErrorResponse{Err: "user_disabled"}, created) {
		t.Error("retried a message Slack refuses for good")
	}
	for attempts, want := range map[int]time.Duration{0: 2 * time.Second, 3: 16 * time.Second, 8: 5 * time.Minute, 400: 5 * time.Minute} {
		if got := retryWait(attempts); got != want {
			t.Errorf("retryWait(%d) = %s, want %s", attempts, got, want)
		}
	}
}
