package main

import (
	"context"
	"database/sql"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/internal/fakeslack"
)

// slowSlack is how long the fake's chat.update and chat.postMessage take in
// TestClicksAndFormsAreAckedWhileSlackIsSlow: more than Slack's 3 s.
const slowSlack = 3500 * time.Millisecond

// TestClicksAndFormsAreAckedWhileSlackIsSlow: with chat.update and
// chat.postMessage taking 3.5 s, or a 429 asking to wait 4 s, every click
// and modal submission is acknowledged within Slack's 3 s, and has its
// effect once, even when the person submits a form again.
func TestClicksAndFormsAreAckedWhileSlackIsSlow(t *testing.T) {
	t.Parallel()
	a, ab, cd := pairUp(t, options{})
	a.fake.SetLatency("chat.update", slowSlack)
	a.fake.SetLatency("chat.postMessage", slowSlack)

	ack := a.press(ana, introIn(t, a, ab), "tandem_met", "")
	if ack.Latency >= 3*time.Second {
		t.Errorf("We met was acked after %s", ack.Latency)
	}
	if got := introIn(t, a, ab); !got.Updated || !strings.Contains(got.AllText(), "marked this as met") {
		t.Errorf("the intro was not settled:\n%s", got.AllText())
	}

	// The question form: Slack posting the question is slow, the ack is not.
	before := len(a.fake.Modals())
	a.reply(bob, ab, "quiz new")
	a.waitFor("the question form", func() bool { return len(a.fake.Modals()) > before })
	form := a.fake.Modals()[len(a.fake.Modals())-1]
	values := map[string]map[string]fakeslack.StateValue{
		"quiz_text":     {"value": {Value: "Which keyword starts a goroutine?"}},
		"quiz_option_1": {"value": {Value: "go"}},
		"quiz_option_2": {"value": {Value: "defer"}},
		"quiz_right":    {"value": {SelectedOption: "1"}},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// The second submission is the person clicking Submit again, as they
	// do when Slack says the app did not answer in time.
	first, again, err := a.fake.SubmitAgain(ctx, fakeslack.ViewSubmission{UserID: bob, ViewID: form.ID, Values: values})
	if err != nil {
		t.Fatal(err)
	}
	for i, sub := range []fakeslack.Ack{first, again} {
		if sub.Latency >= 3*time.Second {
			t.Errorf("submission %d was acked after %s", i+1, sub.Latency)
		}
		a.handled(sub.EnvelopeID)
	}
	mustContain(t, a.reply(ana, ab, "quiz"), "Which keyword starts a goroutine?")
	mustContain(t, a.reply(ana, ab, "quiz answer 1 1"), "Right")
	mustContain(t, a.reply(ana, ab, "quiz"), "No quiz questions are waiting")
	posted := 0
	for _, m := range a.fake.Messages(ab) {
		if strings.Contains(m.AllText(), "Which keyword starts a goroutine?") && !m.Ephemeral {
			posted++
		}
	}
	if posted != 1 {
		t.Errorf("the question was posted %d times in the group DM, want once", posted)
	}

	// A 429 on chat.update with Retry-After 4 s: the click is acked at once.
	a.fake.SetLatency("chat.update", 0)
	a.fake.RateLimit("chat.update", 1, 4*time.Second)
	ack = a.press(chen, introIn(t, a, cd), "tandem_skip", "")
	if ack.Latency >= 3*time.Second {
		t.Errorf("Skip was acked after %s behind a rate limit", ack.Latency)
	}
	a.waitFor("the skipped intro settled", func() bool { return strings.Contains(introIn(t, a, cd).AllText(), "skipped this round") })
	a.noViolations()
}

// TestIntrosArriveOnceWhileTheDatabaseIsLocked: while another process holds
// the database's write lock for 40 s, Slack takes intros whose sending
// cannot be recorded; each arrives exactly once all the same.
func TestIntrosArriveOnceWhileTheDatabaseIsLocked(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("holds a lock for 40 s")
	}
	opts := nineHumans()
	opts.introsPerMinute = 120
	a := startApp(t, opts)

	locker, err := sql.Open("sqlite", "file:"+a.dir+"/tandem.db?_pragma=busy_timeout(20000)")
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Close()
	conn, err := locker.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	// Each intro's first post fails after its group DM is opened and saved,
	// so that every retry goes straight to posting, then to recording.
	a.fake.FailNext("chat.postMessage", 4, "internal_error")
	a.reply(admin, general, "match <#C0LEARN001|learning>")
	retrying := func() bool {
		var n int
		err := locker.QueryRow(`SELECT count(*) FROM outbox WHERE kind = 'intro' AND status = 'pending' AND attempts >= 1`).Scan(&n)
		return err == nil && n == 4
	}
	deadline := time.Now().Add(15 * time.Second)
	for !retrying() {
		if time.Now().After(deadline) {
			t.Fatal("the failed intros were not set to retry")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	// Every write now waits out its 10 s busy timeout and fails; posts to
	// Slack go on.
	time.Sleep(40 * time.Second)
	if _, err := conn.ExecContext(context.Background(), "COMMIT"); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := a.fake.WaitFor(ctx, func() bool { return len(a.fake.Messages(a.fake.DMChannel(admin))) > 0 }); err != nil {
		t.Fatalf("no summary after the lock: %v", err)
	}
	assertEachIntroOnce(t, a.fake, 4, 0)
	if !strings.Contains(a.logs.String(), "will record it again, not send it again") {
		t.Error("the lock never refused a record: the test did not test anything")
	}
	if n := len(a.fake.Messages(a.fake.DMChannel(admin))); n != 1 {
		t.Errorf("the admin got %d summaries, want 1", n)
	}
}

// assertEachIntroOnce checks that want group DMs got an intro, and that at
// most dupes of them got it more than once.
func assertEachIntroOnce(t *testing.T, fake *fakeslack.Server, want, dupes int) {
	t.Helper()
	per := map[string]int{}
	for _, m := range fake.AllMessages() {
		if strings.Contains(m.Text, "partners in tandem") {
			per[m.Channel]++
		}
	}
	twice := 0
	for dm, n := range per {
		if n > 1 {
			twice++
			t.Logf("%s got its intro %d times", dm, n)
			if n > 2 {
				t.Errorf("%s got its intro %d times", dm, n)
			}
		}
	}
	if len(per) != want {
		t.Errorf("%d group DMs got an intro, want %d", len(per), want)
	}
	if twice > dupes {
		t.Errorf("%d intros were sent twice, want at most %d", twice, dupes)
	}
}

// TestStopDuringIntrosSendsNoneTwice: the real binary is stopped while it
// sends a round's intros and started again on the same database. SIGTERM
// lets the message in flight finish and be recorded: no intro arrives
// twice. SIGKILL can cut between Slack taking a message and tandem
// recording it: at most one arrives twice. None is lost either way.
func TestStopDuringIntrosSendsNoneTwice(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	for _, tc := range []struct {
		name  string
		sig   syscall.Signal
		dupes int
	}{{"SIGTERM", syscall.SIGTERM, 0}, {"SIGKILL", syscall.SIGKILL, 1}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opts := nineHumans()
			opts.introsPerMinute = 120 // one conversations.open every 0.5 s
			a := startApp(t, opts)
			a.stop() // the real binary serves this database from here on
			run := func() *exec.Cmd {
				cmd := exec.Command(bin, "run", "-config", a.config)
				before := a.fake.ConnectionsOpened()
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				a.waitFor("the binary to connect", func() bool { return a.fake.ConnectionsOpened() > before && a.fake.Connected() > 0 })
				return cmd
			}
			cmd := run()
			// Slack is slow to take each intro, so the signal finds one in flight.
			a.fake.SetLatency("chat.postMessage", 300*time.Millisecond)
			a.reply(admin, general, "match <#C0LEARN001|learning>")
			a.waitFor("two intros", func() bool { return introCount(a) >= 2 })
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			_ = cmd.Wait()
			a.fake.SetLatency("chat.postMessage", 0)
			if introCount(a) >= 4 {
				t.Log("every intro went out before the signal landed")
			}
			restarted := run()
			defer func() {
				restarted.Process.Signal(syscall.SIGTERM)
				restarted.Wait()
			}()
			a.waitFor("the summary after the restart", func() bool { return len(a.fake.Messages(a.fake.DMChannel(admin))) > 0 })
			assertEachIntroOnce(t, a.fake, 4, tc.dupes)
		})
	}
}
