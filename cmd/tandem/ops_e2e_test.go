package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/internal/scrape"
)

// The operator's endpoint of a running tandem, end to end: the real
// `tandem run` against the fake Slack, probed over HTTP as Kubernetes or
// Prometheus would.

// readyz fetches /readyz and returns its status and what it says is down.
func (a *testApp) readyz(base string) (int, map[string]string) {
	a.t.Helper()
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct{ Down map[string]string }
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &body); err != nil {
		a.t.Fatalf("/readyz body %q: %v", b, err)
	}
	return resp.StatusCode, body.Down
}

// waitReadyz polls /readyz every 50 ms until it answers status, and fails
// the test if that takes longer than within.
func (a *testApp) waitReadyz(base string, status int, within time.Duration) map[string]string {
	a.t.Helper()
	deadline := time.Now().Add(within)
	for {
		code, down := a.readyz(base)
		if code == status {
			return down
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("/readyz still %d (down: %v) after %v, want %d", code, down, within, status)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (a *testApp) metrics(base string) scrape.Families {
	a.t.Helper()
	f, err := scrape.Get(base + "/metrics")
	if err != nil {
		a.t.Fatal(err)
	}
	return f
}

func TestReadyzFollowsTheDatabaseFile(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	base := a.opsURL()
	a.waitReadyz(base, 200, 5*time.Second)
	if code, _ := a.readyz(base); code != 200 {
		t.Fatalf("/readyz = %d on a healthy start", code)
	}
	db := filepath.Join(a.dir, "tandem.db")
	if err := os.Rename(db, db+".away"); err != nil {
		t.Fatal(err)
	}
	down := a.waitReadyz(base, 503, 5*time.Second)
	if down["database"] == "" || len(down) != 1 {
		t.Errorf("down = %v, want the database alone", down)
	}
	if resp, err := http.Get(base + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Errorf("/healthz while not ready: %v %v, want 200", resp, err)
	}
	if err := os.Rename(db+".away", db); err != nil {
		t.Fatal(err)
	}
	a.waitReadyz(base, 200, 5*time.Second)
	mustContain(t, a.logs.String(), "not ready", "ready again")
}

func TestRateLimitedCallCountedForItsMethod(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	base := a.opsURL()
	a.skills(anaAndBob)
	a.fake.RateLimit("conversations.open", 1, time.Second)
	a.round(1)
	f := a.metrics(base)
	const calls = "tandem_slack_api_calls_total"
	if got := f.Value(calls, "method", "conversations.open", "result", "rate_limited"); got != 1 {
		t.Errorf("rate-limited conversations.open = %v, want 1", got)
	}
	if got := f.Value(calls, "method", "conversations.open", "result", "ok"); got < 1 {
		t.Errorf("conversations.open ok = %v, want the retry that succeeded", got)
	}
	if got := f.Value(calls, "result", "rate_limited"); got != 1 {
		t.Errorf("%v rate-limited calls in all, want 1", got)
	}
	if got := f.Value(calls, "method", "auth.test", "result", "ok"); got != 1 {
		t.Errorf("auth.test ok = %v, want 1 (at start)", got)
	}
	if got := f.Value("tandem_leader"); got != 1 {
		t.Errorf("tandem_leader = %v, want 1", got)
	}
	if f.Value("tandem_db_write_duration_seconds") < 4 {
		t.Errorf("%v database writes observed, want at least the 4 skills and the round", f.Value("tandem_db_write_duration_seconds"))
	}
}

func TestEndpointOff(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{httpListen: "off"})
	a.reply(ana, program, "help")
	if strings.Contains(a.logs.String(), "serving /healthz") {
		t.Errorf("http.listen is empty, but tandem serves the endpoint:\n%s", a.logs)
	}
}

func TestReadyzFollowsTheSocketModeConnection(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	base := a.opsURL()
	a.waitReadyz(base, 200, 5*time.Second)
	// Slack's edge refuses the next reconnects for a while (backing off
	// 0.1, 0.2, 0.4, 0.8, 1.6 s): long enough to be seen, short enough to wait.
	a.fake.FailNext("apps.connections.open", 5, "internal_error")
	dropped := time.Now()
	if err := a.fake.DropConnection(); err != nil {
		t.Fatal(err)
	}
	down := a.waitReadyz(base, 503, 5*time.Second)
	t.Logf("503 after %v", time.Since(dropped).Round(time.Millisecond))
	if down["socket"] == "" || len(down) != 1 {
		t.Errorf("down = %v, want the socket alone", down)
	}
	a.waitReadyz(base, 200, 15*time.Second)
	if got := a.reply(ana, program, "help"); got == "" {
		t.Error("no answer after the reconnect")
	}
}

func TestMetricsAfterARoundAndCommands(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	base := a.opsURL()
	a.skills(anaAndBob)                               // 4 commands
	a.reply(chen, program, "avoid <@U0ANA00001|ana>") // chen can be placed with nobody
	a.reply(chen, program, "avoid <@U0BOB00001|bob>")
	a.round(1) // the 7th command
	a.waitFor("the left-out DM and the summary", func() bool {
		return len(a.fake.Messages(a.fake.DMChannel(chen))) > 0 && len(a.fake.Messages(a.fake.DMChannel(admin))) > 0
	})
	var f scrape.Families
	// A message is counted sent once Slack took it and the outbox says so;
	// the scrape may come between the two.
	a.waitFor("the sends counted and the outbox empty", func() bool {
		f = a.metrics(base)
		return f.Value("tandem_messages_sent_total") >= 3 && f.Value("tandem_outbox_pending") == 0
	})
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"tandem_envelopes_received_total", []string{"type", "slash_commands"}, 7},
		{"tandem_envelopes_received_total", nil, 7},
		{"tandem_ack_duration_seconds", []string{"type", "slash_commands"}, 7},
		{"tandem_rounds_total", nil, 1},
		{"tandem_round_people_left_out_total", nil, 1},
		{"tandem_messages_sent_total", []string{"kind", "intro"}, 1},
		{"tandem_messages_sent_total", []string{"kind", "left_out"}, 1},
		{"tandem_messages_sent_total", []string{"kind", "summary"}, 1},
		{"tandem_outbox_pending", nil, 0},
		{"tandem_outbox_oldest_pending_age_seconds", nil, 0},
		{"tandem_slack_api_calls_total", []string{"method", "conversations.open", "result", "ok"}, 3},
		{"tandem_slack_api_calls_total", []string{"method", "chat.postMessage", "result", "ok"}, 3},
		{"tandem_leader", nil, 1},
	} {
		if got := f.Value(c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	for _, name := range []string{"go_goroutines", "process_cpu_seconds_total", "tandem_db_write_duration_seconds"} {
		if !f.Has(name) {
			t.Errorf("%s missing", name)
		}
	}
	for _, lv := range f.LabelValues() {
		if slackID.MatchString(lv) {
			t.Errorf("a label holds a Slack ID: %s", lv)
		}
	}
}

// slackID matches user, channel, team and DM IDs as Slack and the fake
// make them.
var slackID = regexp.MustCompile(`[UWCGDT][A-Z0-9]{7,}`)

func TestJSONLogsAreOneObjectPerLine(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{logFormat: "json"})
	a.skills(anaAndBob)
	a.round(1)
	a.reply(ana, program, "note we paired on generics today")
	for dm, humans := range groupDMs(a) {
		if slices.Contains(humans, ana) {
			a.press(ana, introIn(t, a, dm), "tandem_met", "") // handled after its ack; stop waits for it
		}
	}
	if code := a.stop(); code != 0 {
		t.Fatalf("tandem exited %d", code)
	}
	lines := strings.Split(strings.TrimSuffix(a.logs.String(), "\n"), "\n")
	if len(lines) < 10 {
		t.Fatalf("only %d log lines:\n%s", len(lines), a.logs)
	}
	envelopeLines := 0
	for i, line := range lines {
		var obj map[string]any
		if err := json.Unmarshal([]byte(line), &obj); err != nil {
			t.Fatalf("line %d is not a JSON object: %v\n%s", i+1, err, line)
		}
		if key := duplicateKey(line); key != "" {
			t.Errorf("line %d has %q twice: %s", i+1, key, line)
		}
		for _, key := range []string{"time", "level", "msg"} {
			if _, ok := obj[key]; !ok {
				t.Errorf("line %d has no %q: %s", i+1, key, line)
			}
		}
		if _, ok := obj["envelope"]; ok {
			envelopeLines++
			if typ, _ := obj["kind"].(string); typ == "" {
				t.Errorf("line %d names an envelope but not its type: %s", i+1, line)
			}
		}
	}
	if envelopeLines < 3*7 { // received, acked and handled, for each of the 6 commands and the click
		t.Errorf("%d lines name an envelope, want at least 21 at debug level", envelopeLines)
	}
	mustContain(t, a.logs.String(), `"msg":"partnership settled"`)
	t.Logf("%d lines, %d about an envelope", len(lines), envelopeLines)
}

// An error while handling an envelope names the envelope, so that an
// operator can follow it from "envelope received" to the failure.
func TestHandlerErrorNamesItsEnvelope(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	a.fake.FailNext("views.publish", 1, "internal_error")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ack, err := a.fake.AppHomeOpened(ctx, bob)
	if err != nil {
		t.Fatal(err)
	}
	a.handled(ack.EnvelopeID)
	var failed string
	for _, line := range strings.Split(a.logs.String(), "\n") {
		if strings.Contains(line, `msg="publishing the home tab"`) {
			failed = line
		}
	}
	if failed == "" {
		t.Fatalf("no error line for the failed views.publish:\n%s", a.logs)
	}
	mustContain(t, failed, "envelope="+ack.EnvelopeID+" ", "kind=events_api", "level=ERROR")
}

// duplicateKey returns a key that a JSON object's top level holds twice,
// or "".
func duplicateKey(line string) string {
	dec := json.NewDecoder(strings.NewReader(line))
	seen := map[string]bool{}
	depth := 0
	expectKey := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				depth++
			} else {
				depth--
			}
			expectKey = depth == 1 && v != '['
			continue
		case string:
			if depth == 1 && expectKey {
				if seen[v] {
					return v
				}
				seen[v] = true
				expectKey = false
				continue
			}
		}
		expectKey = depth == 1
	}
}
