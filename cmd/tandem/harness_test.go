package main

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/internal/fakeslack"
	"github.com/tandem-dev/tandem/internal/logbuf"
)

// The end-to-end tests run the real `tandem run` (runMain, as main calls
// it) with a real SQLite file against the fake Slack, over real HTTP and
// WebSocket, driven by the real slack-go client inside tandem.

// Users and channels of the test workspace.
const (
	ana     = "U0ANA00001"
	bob     = "U0BOB00001"
	chen    = "U0CHEN0001"
	admin   = "U0ADMIN001" // listed under admins in the config
	wsAdmin = "U0WSADMIN1" // a Slack workspace admin, not in the config
	owner   = "U0OWNER001" // a Slack workspace owner
	program = "C0LEARN001"
	general = "C0GENERAL1"
)

// testApp is one running tandem against one fake workspace.
type testApp struct {
	t      testing.TB
	fake   *fakeslack.Server
	dir    string
	config string
	logs   *logbuf.Buffer
	cancel context.CancelFunc
	exit   chan int
	starts int // how many times start ran

	mu      sync.Mutex
	private []string // what users wrote that must never reach the logs
}

// options tune a test app.
type options struct {
	extraConfig string // appended to the config file
	// programSettings are extra YAML lines for the program C0LEARN001,
	// each indented by four spaces and ending in a newline.
	programSettings string
	introsPerMinute int // default 1000: no pacing to speak of
	people          []fakeslack.User
	members         []string // of the program channel; default: ana, bob, chen and the bot
	admins          []string // under admins in the config; default: admin
	// httpListen is http.listen: default 127.0.0.1:0 (a free port, see
	// opsURL); "off" turns the endpoint off.
	httpListen string
	logFormat  string // log.format; default text
	// databaseURL, if set, puts tandem on PostgreSQL instead of a file.
	databaseURL string
	// noStart writes the config without starting tandem in this process
	// (replicas run as processes of their own).
	noStart bool
}

// startApp starts tandem on a fresh database against a fresh fake Slack
// and waits until it is connected.
func startApp(t testing.TB, opts options) *testApp {
	t.Helper()
	fake := fakeslack.New(t, fakeslack.WithPingInterval(time.Second), fakeslack.WithAckTimeout(ackLimit))
	for _, u := range []fakeslack.User{
		{ID: ana, Name: "ana", RealName: "Ana Lima", TZ: "Europe/Berlin"},
		{ID: bob, Name: "bob", RealName: "Bob Meyer", TZ: "Europe/Berlin"},
		{ID: chen, Name: "chen", RealName: "Chen Wei", TZ: "Europe/Lisbon"},
		{ID: admin, Name: "hr", RealName: "Hanna Ruiz", TZ: "Europe/Berlin"},
		{ID: wsAdmin, Name: "wsadmin", RealName: "Wanda Admin", TZ: "UTC", IsAdmin: true},
		{ID: owner, Name: "owner", RealName: "Otto Owner", TZ: "UTC", IsOwner: true},
	} {
		fake.AddUser(u)
	}
	for _, u := range opts.people {
		fake.AddUser(u)
	}
	members := opts.members
	if members == nil {
		members = []string{ana, bob, chen}
	}
	fake.AddChannel(program, "learning", append(members, fake.BotUserID())...)
	fake.AddChannel(general, "general", ana, bob, chen, admin, wsAdmin, owner, fake.BotUserID())

	a := &testApp{t: t, fake: fake, dir: t.TempDir(), logs: &logbuf.Buffer{}}
	a.config = filepath.Join(a.dir, "tandem.yaml")
	database := "path: " + filepath.Join(a.dir, "tandem.db")
	if opts.databaseURL != "" {
		database = "url: " + opts.databaseURL
	}
	cfg := fmt.Sprintf(`slack:
  app_token: %s
  bot_token: %s
  api_url: %s
  intros_per_minute: %d
database:
  %s
admins: [%s]
programs:
  - channel: %s
    match: "0 9 * * MON"
%shttp:
  listen: %q
log:
  level: debug
  format: %s
%s`, fake.AppToken(), fake.BotToken(), strings.TrimSuffix(fake.APIURL(), "/"), cmp.Or(opts.introsPerMinute, 1000), database, cmp.Or(strings.Join(opts.admins, ", "), admin), program,
		opts.programSettings, httpListen(opts.httpListen), cmp.Or(opts.logFormat, "text"), opts.extraConfig)
	if err := os.WriteFile(a.config, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	a.keepOutOfLogs(fake.BotToken(), fake.AppToken())
	if opts.noStart {
		return a
	}
	a.start()
	t.Cleanup(func() {
		a.stop()
		a.checkLogsPrivate()
	})
	return a
}

func httpListen(opt string) string {
	switch opt {
	case "":
		return "127.0.0.1:0"
	case "off":
		return ""
	}
	return opt
}

// opsAddr finds, in the logs, where the latest start serves the operator's
// endpoint (text or JSON logs).
var opsAddr = regexp.MustCompile(`serving /healthz[^\n]*?addr"?[=:]"?([0-9.:\[\]]+)`)

// opsURL returns the base URL of the running tandem's operator endpoint.
func (a *testApp) opsURL() string {
	a.t.Helper()
	var url string
	a.waitFor("the operator endpoint", func() bool {
		m := opsAddr.FindAllStringSubmatch(a.logs.String(), -1)
		if len(m) < a.starts {
			return false
		}
		url = "http://" + m[len(m)-1][1]
		return true
	})
	return url
}

// privateVerbs are the commands whose text is private content: notes,
// quiz questions and answers, topics and problems.
var privateVerbs = []string{"note ", "quiz add ", "topic ", "ask "}

// keepOutOfLogs records strings the logs must never contain.
func (a *testApp) keepOutOfLogs(s ...string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.private = append(a.private, s...)
}

// checkLogsPrivate fails the test if the logs of this tandem (debug level)
// hold a token or anything a user wrote in a note, quiz, topic or problem.
func (a *testApp) checkLogsPrivate() {
	logs := a.logs.String()
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, p := range a.private {
		if strings.Contains(logs, p) {
			a.t.Errorf("the logs contain private text %q", p)
		}
	}
}

// start runs `tandem run` in the background and waits for it to connect.
func (a *testApp) start() {
	a.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	a.cancel = cancel
	a.starts++
	a.exit = make(chan int, 1)
	go func() { a.exit <- runMain(ctx, []string{"run", "-config", a.config}, nil, a.logs, a.logs) }()
	connected := a.fake.ConnectionsOpened() + 1
	deadline := time.Now().Add(10 * time.Second)
	for a.fake.ConnectionsOpened() < connected || a.fake.Connected() == 0 {
		select {
		case code := <-a.exit:
			a.t.Fatalf("tandem exited with %d before connecting:\n%s", code, a.logs)
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("tandem did not connect within 10 s:\n%s", a.logs)
		}
	}
}

// stop asks tandem to stop, as SIGTERM does, and returns its exit status.
func (a *testApp) stop() int {
	if a.cancel == nil {
		return -1
	}
	a.cancel()
	a.cancel = nil
	select {
	case code := <-a.exit:
		return code
	case <-time.After(10 * time.Second):
		a.t.Errorf("tandem did not stop within 10 s")
		return -1
	}
}

// restart stops tandem and starts it again on the same database.
func (a *testApp) restart() {
	a.t.Helper()
	if code := a.stop(); code != 0 {
		a.t.Fatalf("tandem exited with %d:\n%s", code, a.logs)
	}
	a.start()
}

// slash types `/tandem text` as user in channel and returns the ack.
func (a *testApp) slash(user, channel, text string) fakeslack.Ack {
	a.t.Helper()
	for _, v := range privateVerbs {
		if rest, ok := strings.CutPrefix(text, v); ok && len(strings.TrimSpace(rest)) >= 8 {
			a.keepOutOfLogs(strings.TrimSpace(strings.TrimPrefix(rest, "urgent ")))
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ack, err := a.fake.SlashCommand(ctx, fakeslack.SlashCommand{UserID: user, ChannelID: channel, Text: text})
	if err != nil {
		a.t.Fatalf("/tandem %s: %v", text, err)
	}
	return ack
}

// reply types a command and returns everything the ack shows the user.
func (a *testApp) reply(user, channel, text string) string {
	a.t.Helper()
	ack := a.slash(user, channel, text)
	return fakeslack.Message{Text: ack.Text, Blocks: ack.Blocks}.AllText()
}

// waitFor polls cond until it holds or 10 s pass.
func (a *testApp) waitFor(what string, cond func() bool) {
	a.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if err := a.fake.WaitFor(ctx, cond); err != nil {
		a.t.Fatalf("waiting for %s: %v", what, err)
	}
}

// slackTyped is text as Slack delivers what a person typed in a slash
// command: &, < and > escaped (mentions they picked, @channel and links
// arrive as Slack's own <…> tokens, which a test writes as such).
func slackTyped(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// handled waits until tandem has finished handling an envelope: a click
// is acknowledged at once and handled after its ack.
func (a *testApp) handled(envelopeID string) {
	a.t.Helper()
	// The line in text or JSON logs.
	text := `msg="envelope handled" envelope=` + envelopeID + " "
	js := `"msg":"envelope handled","envelope":"` + envelopeID + `",`
	deliveries := 0 // a redelivered envelope is handled once per delivery
	for _, ack := range a.fake.Acks() {
		if ack.EnvelopeID == envelopeID {
			deliveries++
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for logs := a.logs.String(); strings.Count(logs, text)+strings.Count(logs, js) < deliveries; logs = a.logs.String() {
		if time.Now().After(deadline) {
			a.t.Fatalf("envelope %s was not handled within 10 s", envelopeID)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// noViolations fails the test if tandem sent anything Slack would refuse.
func (a *testApp) noViolations() {
	a.t.Helper()
	for _, v := range a.fake.Violations() {
		a.t.Errorf("Slack would refuse what tandem sent: %s %s %s", v.Source, v.Code, v.Detail)
	}
}

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
}

// skills sets what each person teaches and learns: user -> {teach, learn}.
func (a *testApp) skills(m map[string][2]string) {
	a.t.Helper()
	for user, s := range m {
		a.reply(user, program, "teach "+s[0])
		a.reply(user, program, "learn "+s[1])
	}
}

// round has the admin match the program now and waits for its intros to
// reach n group DMs; it returns the admin's reply.
func (a *testApp) round(n int) string {
	a.t.Helper()
	got := a.reply(admin, general, "match <#C0LEARN001|learning>")
	a.waitFor(fmt.Sprintf("%d intros", n), func() bool { return introCount(a) >= n })
	return got
}

// anaAndBob gives ana and bob skills that make them a perfect tandem.
var anaAndBob = map[string][2]string{ana: {"go", "sql"}, bob: {"sql", "go"}}
