package review_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/internal/fakeslack"
	"github.com/tandem-dev/tandem/outbound"
	"github.com/tandem-dev/tandem/render"
	"github.com/tandem-dev/tandem/review"
	"github.com/tandem-dev/tandem/store"
)

// The helper process of TestReviewDMsSurviveKill9 sends the outbox of the
// database it is given against the fake Slack it is given, on a fixed
// clock, until it is killed.
const (
	killChildDB  = "TANDEM_REVIEW_CHILD_DB"
	killChildAPI = "TANDEM_REVIEW_CHILD_API"
	killChildTok = "TANDEM_REVIEW_CHILD_TOKEN"
)

// sendTime is when the helper sends: a Monday, 15:00 UTC, inside the
// working hours of New York and Berlin, after Tokyo's.
var sendTime = time.Date(2026, 3, 9, 15, 0, 0, 0, time.UTC)

func TestReviewKillChild(t *testing.T) {
	path := os.Getenv(killChildDB)
	if path == "" {
		t.Skip("the helper process of TestReviewDMsSurviveKill9")
	}
	runSender(context.Background(), path, os.Getenv(killChildAPI), os.Getenv(killChildTok), nil)
}

// runSender drains the outbox of the database at path on the fixed clock
// sendTime; it returns when ctx ends, or when done says so.
func runSender(ctx context.Context, path, api, token string, done func() bool) {
	db, err := store.Open(ctx, path)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	defer db.Close()
	db.Now = func() time.Time { return sendTime }
	client := slack.New(token, slack.OptionAPIURL(api))
	s := outbound.New(outbound.Config{Store: db, API: client, Views: render.Renderer{Command: "/tandem"},
		IntrosPerMinute: 600, Now: db.Now}) // 100 ms between DMs, so a kill lands mid-way
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if done != nil {
		go func() {
			for !done() {
				time.Sleep(20 * time.Millisecond)
			}
			cancel()
		}()
	}
	s.Run(ctx)
}

// TestReviewDMsSurviveKill9 queues review DMs for 12 people, lets a
// separate process send them and kills it with SIGKILL at a random moment
// (right after queueing in the first trial), then sends the rest: every
// person gets their DM, and at most one DM per kill goes out twice.
func TestReviewDMsSurviveKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes")
	}
	t.Parallel()
	rng := rand.New(rand.NewPCG(16, 9))
	for trial := range 6 {
		fake := fakeslack.New(t)
		var users []tandem.UserID
		z := zones{}
		for i := range 12 {
			u := tandem.UserID(fmt.Sprintf("U0REVIEW%02d", i))
			zone := []string{"America/New_York", "Asia/Tokyo", "Europe/Berlin"}[i%3]
			fake.AddUser(fakeslack.User{ID: string(u), Name: strings.ToLower(string(u)), TZ: zone})
			z[u] = mustZone(t, zone)
			users = append(users, u)
		}
		// Queue on Friday 10:00 Berlin: Tokyo's slot is Monday 09:00, the
		// others' that Friday; all are due by sendTime.
		queued := time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC)
		f := newFixture(t, queued.AddDate(0, 0, -2), users, 1)
		for _, u := range users {
			if _, err := f.answer(t, u, f.qs[0], true); err != nil {
				t.Fatal(err)
			}
		}
		f.clock.t = queued
		if err := review.New(f.db, z, nil, nil, f.clock.now).Scheduled(context.Background(), tandem.FiringKey("C0LEARN001/review", queued), "C0LEARN001"); err != nil {
			t.Fatal(err)
		}
		path := f.db.Path()
		f.db.Close()

		reviewDMs := func() map[string]int {
			n := map[string]int{}
			for _, m := range fake.AllMessages() {
				if strings.Contains(m.Text, "Time for a quick review") {
					for _, u := range users {
						if m.Channel == fake.DMChannel(string(u)) {
							n[string(u)]++
						}
					}
				}
			}
			return n
		}
		total := func() int {
			s := 0
			for _, v := range reviewDMs() {
				s += v
			}
			return s
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestReviewKillChild$", "-test.v=false")
		cmd.Env = append(os.Environ(), killChildDB+"="+path, killChildAPI+"="+fake.APIURL(), killChildTok+"="+fake.BotToken())
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		killAfter := 0 // the first trial: between queueing and sending
		if trial > 0 {
			killAfter = 1 + rng.IntN(len(users)-2)
		}
		deadline := time.Now().Add(20 * time.Second)
		for total() < killAfter && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		before := total()

		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		runSender(ctx, path, fake.APIURL(), fake.BotToken(), func() bool { return len(reviewDMs()) == len(users) })
		cancel()
		got := reviewDMs()
		twice := 0
		for _, u := range users {
			switch n := got[string(u)]; {
			case n == 0:
				t.Errorf("trial %d: %s never got their review DM", trial, u)
			case n > 1:
				twice += n - 1
			}
		}
		if twice > 1 {
			t.Errorf("trial %d: %d review DMs sent twice after one kill, want at most 1", trial, twice)
		}
		t.Logf("trial %d: killed after %d of %d DMs, %d sent twice", trial, before, len(users), twice)
		if v := fake.Violations(); len(v) > 0 {
			t.Errorf("Slack would refuse: %+v", v)
		}
	}
}
