package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/internal/fakeslack"
	"github.com/tandem-dev/tandem/internal/logbuf"
	"github.com/tandem-dev/tandem/store"
	"github.com/tandem-dev/tandem/store/storetest"
)

// Replicas: real `tandem run` processes on one PostgreSQL database (a
// schema of its own per test), each with its own Socket Mode connection to
// the fake Slack. They skip, saying how to run them, when
// TANDEM_TEST_POSTGRES_URL is unset.

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// sharedBinary builds cmd/tandem once for every replica test.
func sharedBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tandem-replicas-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "tandem")
		if out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// replica is one `tandem run` process.
type replica struct {
	t    *testing.T
	name string
	cmd  *exec.Cmd
	logs *logbuf.Buffer
	done chan struct{}
}

// replicated starts a fake workspace on a fresh PostgreSQL schema and n
// replicas of tandem on it, and waits until each holds a connection.
func replicated(t *testing.T, n int, opts options) (*testApp, []*replica, string) {
	t.Helper()
	url := storetest.PostgresURL(t)
	if testing.Short() {
		t.Skip("builds the binary and runs processes")
	}
	opts.databaseURL, opts.noStart = url, true
	a := startApp(t, opts)
	bin := sharedBinary(t)
	var rs []*replica
	for i := range n {
		rs = append(rs, a.startReplica(t, bin, fmt.Sprintf("replica%d", i+1)))
	}
	return a, rs, url
}

// startReplica runs one more replica and waits for its connection.
func (a *testApp) startReplica(t *testing.T, bin, name string) *replica {
	t.Helper()
	r := &replica{t: t, name: name, logs: &logbuf.Buffer{}, done: make(chan struct{})}
	r.cmd = exec.Command(bin, "run", "-config", a.config)
	r.cmd.Stdout, r.cmd.Stderr = r.logs, r.logs
	before := len(a.fake.Connections())
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { r.cmd.Wait(); close(r.done) }()
	t.Cleanup(func() {
		r.stop()
		if t.Failed() {
			t.Logf("%s logs:\n%s", r.name, r.logs)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := a.fake.WaitConnections(ctx, before+1); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, r.logs)
	}
	return r
}

// stop sends SIGTERM and waits for the exit.
func (r *replica) stop() {
	select {
	case <-r.done:
		return
	default:
	}
	r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.done:
	case <-time.After(15 * time.Second):
		r.cmd.Process.Kill()
		<-r.done
		r.t.Errorf("%s did not stop within 15 s of SIGTERM", r.name)
	}
}

// kill ends the process with SIGKILL, as a crashed node would.
func (r *replica) kill() {
	r.cmd.Process.Kill()
	<-r.done
}

func (r *replica) leads() bool {
	return strings.Count(r.logs.String(), "this replica is the leader") > strings.Count(r.logs.String(), "leadership lost")
}

// leader waits until exactly one of rs leads and returns it.
func leader(t *testing.T, a *testApp, rs []*replica) *replica {
	t.Helper()
	var l *replica
	a.waitForLong("one leader", 20*time.Second, func() bool {
		n := 0
		for _, r := range rs {
			if r.leads() {
				n++
				l = r
			}
		}
		return n == 1
	})
	return l
}

// waitForLong is waitFor with a deadline of its own.
func (a *testApp) waitForLong(what string, d time.Duration, cond func() bool) {
	a.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if err := a.fake.WaitFor(ctx, cond); err != nil {
		a.t.Fatalf("waiting %s for %s: %v", d, what, err)
	}
}

func openStore(t *testing.T, url string) *store.DB {
	t.Helper()
	db, err := store.OpenPostgres(context.Background(), url, store.PostgresOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestReplicasAnswerEveryCommandOnce: 200 slash commands, each a write,
// spread over both replicas' connections: every one is answered once with
// its own reply, and every write is in the database.
func TestReplicasAnswerEveryCommandOnce(t *testing.T) {
	t.Parallel()
	a, _, url := replicated(t, 2, options{})
	const n = 200
	users := []string{ana, bob, chen}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 20)
	for i := range n {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			text := fmt.Sprintf("topic replicated topic number %03d", i)
			got := a.reply(users[i%3], program, text)
			if !strings.Contains(got, "Topic added") || !strings.Contains(got, fmt.Sprintf("number %03d", i)) {
				t.Errorf("command %d answered %q", i, got)
			}
		})
	}
	wg.Wait()
	perConn := map[int]int{}
	perEnvelope := map[string]int{}
	for _, d := range a.fake.Deliveries() {
		if d.Type == "slash_commands" {
			perConn[d.ConnID]++
			perEnvelope[d.EnvelopeID]++
		}
	}
	if len(perConn) != 2 {
		t.Errorf("deliveries per connection %v: want both connections used", perConn)
	}
	for env, k := range perEnvelope {
		if k != 1 {
			t.Errorf("envelope %s delivered %d times", env, k)
		}
	}
	if len(perEnvelope) != n {
		t.Errorf("%d envelopes delivered, want %d", len(perEnvelope), n)
	}
	if posts := a.fake.ResponseURLPosts(); len(posts) != 0 {
		t.Errorf("%d extra replies through response_url: each command is answered by its ack alone", len(posts))
	}
	m, err := openStore(t, url).OpenMarketplace(context.Background(), program)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, tp := range m.Topics {
		seen[tp.Text] = true
	}
	if len(m.Topics) != n || len(seen) != n {
		t.Errorf("%d topics stored (%d distinct), want %d", len(m.Topics), len(seen), n)
	}
	t.Logf("deliveries per connection: %v", perConn)
}

// TestReplicasTwoAdminsOneRound: two admins run match for the same program
// at the same moment, each on a different replica: one round is matched.
func TestReplicasTwoAdminsOneRound(t *testing.T) {
	t.Parallel()
	a, _, url := replicated(t, 2, nineHumans())
	conns := a.fake.Connections()
	var wg sync.WaitGroup
	replies := make([]string, 2)
	for i, who := range []string{admin, wsAdmin} {
		wg.Go(func() {
			// The fake spreads envelopes round-robin: two at once land on
			// the two connections.
			replies[i] = a.reply(who, general, "match <#C0LEARN001|learning>")
		})
	}
	wg.Wait()
	rounds, err := openStore(t, url).RoundCount(context.Background(), program)
	if err != nil {
		t.Fatal(err)
	}
	if rounds != 1 {
		t.Errorf("%d rounds matched, want 1; replies:\n%s\n---\n%s", rounds, replies[0], replies[1])
	}
	busy := 0
	for _, r := range replies {
		if strings.Contains(r, "is being matched right now") {
			busy++
		}
	}
	matched := 0
	for _, r := range replies {
		if strings.Contains(r, "groups matched") {
			matched++
		}
	}
	if matched != 1 || busy != 1 {
		t.Errorf("want one round reply and one busy reply, got:\n%s\n---\n%s", replies[0], replies[1])
	}
	byConn := map[int]bool{}
	for _, d := range a.fake.Deliveries() {
		byConn[d.ConnID] = true
	}
	if len(conns) != 2 || len(byConn) != 2 {
		t.Errorf("the two commands did not reach both replicas: %v", byConn)
	}
}

// manyHumans is a program channel of n people, for a round of n/2 groups.
func manyHumans(n int) options {
	var o options
	for i := range n {
		u := fakeslack.User{ID: fmt.Sprintf("U0MANY%04d", i), Name: fmt.Sprintf("many%d", i), TZ: "Europe/Berlin"}
		o.people = append(o.people, u)
		o.members = append(o.members, u.ID)
	}
	return o
}

// TestReplicasLeaderKilledWhileSending: a round of 40 groups; the leader is
// killed with SIGKILL in the middle of sending the intros. The other
// replica takes over: every intro arrives, at most one twice, and the
// summary reaches the admin.
func TestReplicasLeaderKilledWhileSending(t *testing.T) {
	t.Parallel()
	opts := manyHumans(80)
	opts.introsPerMinute = 600 // 0.1 s per intro: about 4 s of sending
	a, rs, _ := replicated(t, 2, opts)
	l := leader(t, a, rs)
	mustContain(t, a.reply(admin, general, "match <#C0LEARN001|learning>"), "40 groups matched")
	a.waitFor("10 intros", func() bool { return introCount(a) >= 10 })
	l.kill()
	var other *replica
	for _, r := range rs {
		if r != l {
			other = r
		}
	}
	start := time.Now()
	a.waitForLong("the other replica to lead", 20*time.Second, other.leads)
	took := time.Since(start)
	a.waitForLong("every intro", 30*time.Second, func() bool { return len(groupDMs(a)) >= 40 })
	a.waitForLong("the summary", 15*time.Second, func() bool { return len(a.fake.Messages(a.fake.DMChannel(admin))) > 0 })
	if n := introCount(a); n > 41 {
		t.Errorf("%d intros for 40 groups: more than one sent twice", n)
	}
	if took > 15*time.Second {
		t.Errorf("takeover took %s", took)
	}
	t.Logf("killed after %d intros; takeover in %s; %d intros for 40 groups", 10, took.Round(time.Millisecond), introCount(a))
}

// TestReplicasScheduledRoundWhileTheLeaderIsDead: the leader dies moments
// before a scheduled round's minute; the other replica, leading only after
// that minute (a new leader pauses before it works), runs the missed round
// exactly once, and every firing has exactly one round.
func TestReplicasScheduledRoundWhileTheLeaderIsDead(t *testing.T) {
	t.Parallel()
	const every = 10 * time.Second
	a, rs, url := replicated(t, 2, manyHumans(6))
	l := leader(t, a, rs)
	mustContain(t, a.reply(admin, general, `program set <#C0LEARN001|learning> match="@every 10s"`), "takes effect now")
	db := openStore(t, url)
	ctx := context.Background()
	rounds := func() int {
		n, err := db.RoundCount(ctx, program)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	a.waitForLong("a first scheduled round", 30*time.Second, func() bool { return rounds() >= 1 })

	// Kill the leader 0.7 s before the next firing.
	f := time.Now().Truncate(every).Add(every)
	if time.Until(f) < 2*time.Second {
		f = f.Add(every)
	}
	time.Sleep(time.Until(f) - 700*time.Millisecond)
	l.kill()
	var other *replica
	for _, r := range rs {
		if r != l {
			other = r
		}
	}
	a.waitForLong("the other replica to lead", 20*time.Second, other.leads)
	// A new leader works only store.TakeoverPause after it takes the lock.
	if works := time.Now().Add(store.TakeoverPause); !works.After(f) {
		t.Fatalf("the other replica worked from %s, before the firing at %s: the firing did not fall while no one led", works, f)
	}
	key := string(program) + "/match"
	ran := func() (bool, int) {
		fs, err := db.Firings(ctx, key, 100)
		if err != nil {
			t.Fatal(err)
		}
		got, n := false, 0
		for _, x := range fs {
			if x.Status == "ran" {
				n++
				got = got || x.At.Equal(f)
			}
		}
		return got, n
	}
	a.waitForLong("the missed firing to run", 20*time.Second, func() bool { got, _ := ran(); return got })
	// Every firing has its round, once: compare when no firing is running.
	a.waitForLong("the rounds to match the firings", 20*time.Second, func() bool {
		_, n := ran()
		return n == rounds()
	})
}

// TestReplicasCutOffFromPostgresStopLeadingAndRecover: for ten seconds the
// leader's database connections are ended as fast as it makes them (as a
// network partition would). It stops leading, the other replica takes over,
// every command is answered (with a plain apology where the database was
// unreachable, never a database error), and once the database is back both
// replicas answer normally.
func TestReplicasCutOffFromPostgresStopLeadingAndRecover(t *testing.T) {
	t.Parallel()
	a, rs, url := replicated(t, 2, options{})
	l := leader(t, a, rs)
	var other *replica
	for _, r := range rs {
		if r != l {
			other = r
		}
	}
	raw, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	name := fmt.Sprintf("tandem pid %d", l.cmd.Process.Pid)
	cut := make(chan struct{})
	go func() {
		defer close(cut)
		for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
			raw.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, name)
		}
	}()
	sorry := 0
	for i := range 6 {
		got := a.reply(ana, program, fmt.Sprintf("teach skill%d", i))
		if strings.Contains(got, "Something went wrong on our side") {
			sorry++
		}
		if strings.Contains(got, "SQLSTATE") || strings.Contains(got, "terminating connection") {
			t.Errorf("a command shows a database error:\n%s", got)
		}
		if !strings.Contains(got, "You can teach") && !strings.Contains(got, "Something went wrong on our side") {
			t.Errorf("a command during the cut was answered %q", got)
		}
	}
	a.waitForLong("the cut-off leader to stop leading", 15*time.Second, func() bool { return !l.leads() })
	a.waitForLong("the other replica to lead", 20*time.Second, other.leads)
	t.Logf("during the cut, %d of 6 commands were answered with the apology", sorry)
	<-cut
	time.Sleep(2 * time.Second) // the pool reconnects on its next use
	for i := range 6 {
		mustContain(t, a.reply(ana, program, fmt.Sprintf("teach again%d", i)), "You can teach")
	}
	if !other.leads() || l.leads() {
		t.Errorf("after the cut: the other replica leads %v, the cut one %v; want one leader, the other", other.leads(), l.leads())
	}
}
