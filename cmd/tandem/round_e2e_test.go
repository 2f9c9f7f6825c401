package main

import (
	"database/sql"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/internal/fakeslack"
)

// nineHumans is a program channel of 9 people, 2 other bots and the app.
func nineHumans() options {
	var people []fakeslack.User
	var members []string
	for i := range 9 {
		u := fakeslack.User{ID: fmt.Sprintf("U0PERSON0%d", i), Name: fmt.Sprintf("person%d", i), TZ: "Europe/Berlin"}
		people = append(people, u)
		members = append(members, u.ID)
	}
	people = append(people,
		fakeslack.User{ID: "U0POLLBOT1", Name: "pollbot", IsBot: true},
		fakeslack.User{ID: "U0GONE0001", Name: "gone", Deleted: true},
		fakeslack.User{ID: "U0OTHERBT1", Name: "otherbot", IsBot: true})
	members = append(members, "U0POLLBOT1", "U0OTHERBT1")
	return options{people: people, members: members}
}

// groupDMs returns, per group DM that got an intro, its human members.
func groupDMs(a *testApp) map[string][]string {
	out := map[string][]string{}
	for _, m := range a.fake.AllMessages() {
		if strings.Contains(m.Text, "partners in tandem") {
			var humans []string
			for _, u := range a.fake.Members(m.Channel) {
				if u != a.fake.BotUserID() {
					humans = append(humans, u)
				}
			}
			out[m.Channel] = humans
		}
	}
	return out
}

func introCount(a *testApp) int {
	n := 0
	for _, m := range a.fake.AllMessages() {
		if strings.Contains(m.Text, "partners in tandem") {
			n++
		}
	}
	return n
}

func TestRoundPartitionsEligibleHumans(t *testing.T) {
	t.Parallel()
	a := startApp(t, nineHumans())
	// A perfect tandem among the nine: person3 teaches what person7 learns and back.
	a.reply("U0PERSON03", program, "teach go")
	a.reply("U0PERSON03", program, "learn sql")
	a.reply("U0PERSON07", program, "teach sql")
	a.reply("U0PERSON07", program, "learn go")
	a.fake.RateLimit("chat.postMessage", 3, time.Second)

	got := a.reply(admin, general, "match <#C0LEARN001|learning>")
	mustContain(t, got, "Round 1", "4 groups matched")
	a.waitFor("4 intros", func() bool { return introCount(a) == 4 })

	seen := map[string]int{}
	for _, humans := range groupDMs(a) {
		if len(humans) < 2 || len(humans) > 3 {
			t.Errorf("group of %d: %v", len(humans), humans)
		}
		for _, u := range humans {
			seen[u]++
		}
	}
	for i := range 9 {
		id := fmt.Sprintf("U0PERSON0%d", i)
		if seen[id] != 1 {
			t.Errorf("%s is in %d groups, want exactly 1", id, seen[id])
		}
	}
	for _, bot := range []string{"U0POLLBOT1", "U0OTHERBT1", "U0GONE0001", a.fake.BotUserID()} {
		if seen[bot] > 0 {
			t.Errorf("%s was matched", bot)
		}
	}
	together := false
	for dm, humans := range groupDMs(a) {
		if slices.Contains(humans, "U0PERSON03") && slices.Contains(humans, "U0PERSON07") {
			together = true
			intro := a.fake.Messages(dm)[0].AllText()
			mustContain(t, intro, "<@U0PERSON03> can teach <@U0PERSON07> *go*", "<@U0PERSON07> can teach <@U0PERSON03> *sql*", "true tandem", "We met", "Skip this round")
		}
	}
	if !together {
		t.Error("the perfect tandem was split up")
	}
	// Each group got exactly one intro despite three 429s.
	a.waitFor("the summary", func() bool { return len(a.fake.Messages(a.fake.DMChannel(admin))) > 0 })
	if n := introCount(a); n != 4 {
		t.Errorf("%d intros for 4 groups", n)
	}
	limited := 0
	for _, c := range a.fake.CallsTo("chat.postMessage") {
		if c.Status == 429 {
			limited++
		}
	}
	if limited != 3 {
		t.Errorf("%d rate-limited postMessage calls, want the 3 injected", limited)
	}
	mustContain(t, a.fake.Messages(a.fake.DMChannel(admin))[0].AllText(), "Round 1", "4 groups")
	a.noViolations()
}

func TestNonAdminMatchRefused(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	mustContain(t, a.reply(ana, program, "match <#C0LEARN001|learning>"), "Only tandem admins")
	time.Sleep(300 * time.Millisecond) // anything a round would send starts at once
	if n := len(a.fake.CallsTo("conversations.open")); n != 0 {
		t.Errorf("%d conversations opened after a refused match", n)
	}
}

func TestLeftOutToldWhy(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{members: []string{ana, bob, chen}})
	a.reply(ana, program, "avoid <@U0BOB00001|bob>")
	a.reply(chen, program, "pause")
	got := a.reply(admin, general, "match <#C0LEARN001|learning>")
	mustContain(t, got, "0 groups matched", "Left out")
	a.waitFor("DMs to the left out", func() bool {
		return len(a.fake.Messages(a.fake.DMChannel(ana))) > 0 && len(a.fake.Messages(a.fake.DMChannel(bob))) > 0
	})
	for _, u := range []string{ana, bob} {
		msg := a.fake.Messages(a.fake.DMChannel(u))[0].AllText()
		mustContain(t, msg, "not matched in <#C0LEARN001> this round")
		if u == bob && strings.Contains(msg, "avoid") && strings.Contains(msg, ana) {
			t.Errorf("bob learns ana's avoid list: %s", msg)
		}
	}
	if len(a.fake.Messages(a.fake.DMChannel(chen))) != 0 {
		t.Error("a paused person was told they were left out")
	}
}

// TestKilledMidSendDeliversTheRest kills the real binary with SIGKILL
// while it sends intros, restarts it, and checks every group gets its intro,
// with at most one duplicate for the one crash.
func TestKilledMidSendDeliversTheRest(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	opts := nineHumans()
	a := startApp(t, opts)
	a.stop()
	bin := buildBinary(t)
	run := func() *exec.Cmd {
		cmd := exec.Command(bin, "run", "-config", a.config)
		before := a.fake.ConnectionsOpened()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		a.waitFor("connect", func() bool { return a.fake.ConnectionsOpened() > before && a.fake.Connected() > 0 })
		return cmd
	}
	cmd := run()
	a.fake.SetLatency("chat.postMessage", 400*time.Millisecond)
	a.slash(admin, general, "match <#C0LEARN001|learning>")
	a.waitFor("the first intro", func() bool { return introCount(a) >= 1 })
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	delivered := introCount(a)
	if delivered >= 4 {
		t.Fatalf("all intros were out before the kill; the test proves nothing")
	}
	a.fake.SetLatency("chat.postMessage", 0)
	cmd = run()
	defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()
	a.waitFor("every group's intro", func() bool { return len(groupDMs(a)) == 4 })
	time.Sleep(500 * time.Millisecond) // let a duplicate, if any, arrive
	counts := map[string]int{}
	for _, m := range a.fake.AllMessages() {
		if strings.Contains(m.Text, "partners in tandem") {
			counts[m.Channel]++
		}
	}
	dups := 0
	var lines []string
	for dm, n := range counts {
		dups += n - 1
		lines = append(lines, fmt.Sprintf("%s:%d", dm, n))
	}
	sort.Strings(lines)
	if dups > 1 {
		t.Errorf("%d duplicate intros after one crash (%v), want at most 1", dups, lines)
	}
	t.Logf("%d of 4 intros out before the kill; after restart: %v", delivered, lines)
}

func TestPartnersSaysWhy(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	mustContain(t, a.reply(ana, program, "partners"), "no partners right now")
	a.skills(anaAndBob)
	a.reply(admin, general, "match #learning") // plain #name, resolved from the program's name
	a.waitFor("intros", func() bool { return introCount(a) > 0 })
	got := a.reply(ana, program, "partners")
	mustContain(t, got, "<#C0LEARN001>", "<@U0BOB00001>", "<@U0ANA00001> can teach <@U0BOB00001> *go*", "true tandem", "group DM")
	if strings.Contains(got, "<@U0CHEN0001>") && !strings.Contains(got, "<@U0BOB00001>") {
		t.Errorf("ana's partners:\n%s", got)
	}
}

// TestIntrosArePaced: conversations.open (Slack Tier 3) is called no faster
// than slack.intros_per_minute allows.
//
// It measures time between calls, so it runs alone, not in parallel.
func TestIntrosArePaced(t *testing.T) {
	opts := nineHumans()
	opts.introsPerMinute = 300 // one every 200 ms
	a := startApp(t, opts)
	a.round(4)
	a.waitFor("the summary", func() bool { return len(a.fake.Messages(a.fake.DMChannel(admin))) > 0 })
	opens := a.fake.CallsTo("conversations.open")
	if len(opens) != 5 { // 4 group DMs and the admin's DM
		t.Fatalf("%d conversations.open calls, want 5", len(opens))
	}
	for i := 1; i < len(opens); i++ {
		if gap := opens[i].At.Sub(opens[i-1].At); gap < 190*time.Millisecond {
			t.Errorf("conversations.open %d came %s after the previous one; the pace allows one per 200ms", i, gap)
		}
	}
}

// TestInterruptedScheduledRoundRunsOnceAfterRestart: a scheduled round a
// crash interrupted (its firing left "running") runs at the next start, and
// running it again after a second crash matches nothing more.
func TestInterruptedScheduledRoundRunsOnceAfterRestart(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	a.skills(anaAndBob)
	a.stop()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(a.dir, "tandem.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := time.Now().Add(-time.Minute).UTC()
	crash := func() {
		t.Helper()
		_, err := db.Exec(`INSERT INTO firings (job_key, scheduled_local, scheduled_at, status, created_at)
			VALUES ('C0LEARN001/match', ?, ?, 'running', ?)
			ON CONFLICT (job_key, scheduled_local) DO UPDATE SET status = 'running', finished_at = ''`,
			at.Format("2006-01-02T15:04"), at.Format("2006-01-02T15:04:05.000Z"), at.Format("2006-01-02T15:04:05.000Z"))
		if err != nil {
			t.Fatal(err)
		}
	}
	status := func() (s string) {
		db.QueryRow(`SELECT status FROM firings WHERE job_key = 'C0LEARN001/match'`).Scan(&s)
		return s
	}
	crash()
	a.start()
	a.waitFor("the interrupted round's intros", func() bool { return introCount(a) == 1 })
	a.waitFor("the firing recorded as ran", func() bool { return status() == "ran" })

	a.stop()
	crash() // as if the process died after saving the round, before recording it
	a.start()
	a.waitFor("the firing recorded as ran again", func() bool { return status() == "ran" })
	mustContain(t, a.reply(admin, general, "report <#C0LEARN001|learning>"), "Rounds run:* 1")
	if n := introCount(a); n != 1 {
		t.Errorf("%d intros after running the same firing twice, want 1", n)
	}
}
